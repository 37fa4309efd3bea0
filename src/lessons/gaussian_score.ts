// Notebook 06's maths: the score of a Gaussian policy, and what its σ does to exploration and to the
// variance of the policy gradient estimate.
//
// For a = μ + σε, ε ~ N(0, 1), log N(a; μ, σ) = −(a − μ)²/(2σ²) − log σ − ½ log 2π, so
//   ∂/∂μ log N = (a − μ)/σ² = ε/σ,        ∂/∂log σ log N = (a − μ)²/σ² − 1 = ε² − 1.
// The first is the REINFORCE direction for the mean: it points from μ towards the sampled action, scaled
// by 1/σ²; the second widens σ when the sample fell further than σ from μ and narrows it otherwise.
//
// The σ study is a one-step problem: reward R(a) = −(a − a*)², policy N(μ, σ²) with μ = 0. Its objective
// J(μ, σ) = E[R] = −(μ − a*)² − σ² has the exact gradient ∂J/∂μ = 2(a* − μ), whatever σ is; one sampled
// estimate ĝ = (a − μ)/σ² · R(a) is unbiased for it at every σ, but its spread depends on σ. With
// d = a* − μ and a = μ + σε, ĝ = −σε³ + 2dε² − d²ε/σ, and the moments of ε (E ε² = 1, E ε⁴ = 3, E ε⁶ = 15,
// odd ones 0) give
//   Var ĝ = 15σ² + 14d² + d⁴/σ²,
// smallest at σ⁴ = d⁴/15. The d⁴/σ² term is the reward's level at the mean, −d², times the score ε/σ:
// subtracting the baseline b = R(μ) = −d² leaves ĝ_b = −σε³ + 2dε² and Var ĝ_b = 15σ² + 8d².
import { Rng } from "../core/random";
import { mean, std } from "../core/stats";
import { tf } from "../core/tf";
import { gaussianLogDensity } from "../rl/gaussian_policy";

/** The score by the formulas above. */
export function gaussianScore(action: number, mu: number, logStd: number): { dMean: number; dLogStd: number } {
  const variance = Math.exp(2 * logStd);
  return { dMean: (action - mu) / variance, dLogStd: (action - mu) ** 2 / variance - 1 };
}

/** The score by TensorFlow.js's automatic differentiation of the log-density written as tensors. */
export function autodiffScore(action: number, mu: number, logStd: number): { dMean: number; dLogStd: number } {
  const logDensity = (m: tf.Tensor, s: tf.Tensor) => tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(action, m), tf.exp(s)))), s), 0.5 * Math.log(2 * Math.PI));
  const [dMean, dLogStd] = tf.tidy(() => tf.grads((m: tf.Tensor, s: tf.Tensor) => logDensity(m, s))([tf.scalar(mu), tf.scalar(logStd)]).map((g) => g.dataSync()[0]));
  return { dMean, dLogStd };
}

export interface ScoreComparison {
  action: number;
  mean: number;
  std: number;
  logDensity: number;
  formula: { dMean: number; dLogStd: number };
  autodiff: { dMean: number; dLogStd: number };
}

/** `count` random (μ, σ, a) with a drawn from N(μ, σ²); each score by formula and by autodiff. */
export function compareScores(count: number, seed: number): ScoreComparison[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const mu = 2 * rng.normal();
    const logStd = -1.5 + 2.5 * rng.next();
    const action = mu + Math.exp(logStd) * rng.normal();
    return { action, mean: mu, std: Math.exp(logStd), logDensity: gaussianLogDensity([action], [mu], [logStd]), formula: gaussianScore(action, mu, logStd), autodiff: autodiffScore(action, mu, logStd) };
  });
}

export interface SigmaRow {
  sigma: number;
  /** Share of sampled actions within `near` of the best action a*: how often the policy tries it. */
  nearBest: number;
  /** Mean of the one-sample estimates of ∂J/∂μ, and its standard error. */
  meanEstimate: number;
  standardError: number;
  /** Spread of one estimate. */
  estimateStd: number;
}

/** The one-step problem's exact ∂J/∂μ at μ: 2(a* − μ), the same for every σ. */
export function exactMeanGradient(mu: number, best: number): number {
  return 2 * (best - mu);
}

/** The exact spread of one estimate: √(15σ² + 14d² + d⁴/σ²), d = a* − μ (the header derives it). */
export function exactEstimateStd(sigma: number, mu: number, best: number): number {
  const d = best - mu;
  return Math.sqrt(15 * sigma ** 2 + 14 * d ** 2 + d ** 4 / sigma ** 2);
}

/** For each σ: `samples` actions from N(mu, σ²), the share near a*, and the score-function estimates of ∂J/∂μ. */
export function sigmaStudy(sigmas: number[], options: { samples: number; mu: number; best: number; near: number; seed: number }): SigmaRow[] {
  const rng = new Rng(options.seed);
  return sigmas.map((sigma) => {
    const estimates: number[] = [];
    let near = 0;
    for (let i = 0; i < options.samples; i++) {
      const action = options.mu + sigma * rng.normal();
      if (Math.abs(action - options.best) <= options.near) near++;
      const reward = -((action - options.best) ** 2);
      estimates.push(gaussianScore(action, options.mu, Math.log(sigma)).dMean * reward);
    }
    const spread = std(estimates);
    return { sigma, nearBest: near / options.samples, meanEstimate: mean(estimates), standardError: spread / Math.sqrt(options.samples), estimateStd: spread };
  });
}
