// How noisy is a method's gradient estimate? Freeze the policy, play fresh episodes, compute one
// gradient estimate per episode with the method's own weights (G_t, standardised G_t, G_t − V(s_t),
// PPO's advantages), and compare their spread with their mean:
//   noise-to-signal = Σ_i Var[g_i] / ‖E[g]‖²
// (trace of the covariance over the squared length of the mean). It does not depend on the scale of
// the weights, so methods that scale differently can be compared; lower means fewer episodes are
// needed for the same accuracy. ‖E[g]‖² is estimated without bias as ‖ḡ‖² − Σ_i Var[g_i]/N: the
// squared length of the sample mean ḡ also holds the mean's own noise, which for a noisy estimator
// can be most of it.
import { CartPole } from "../envs/cartpole";
import type { Policy } from "../rl/policy";
import { Rng } from "../core/random";
import { playEpisode, type Episode } from "../rl/rollout";

export interface GradientNoise {
  episodes: number;
  /** Σ_i Var[g_i] over the parameters, for one episode's estimate. */
  traceVariance: number;
  /** ‖ḡ‖², the squared length of the sample mean. */
  meanNormSquared: number;
  /** ‖E[g]‖² estimated without bias: ‖ḡ‖² − traceVariance / episodes. */
  signalSquared: number;
  /** traceVariance / signalSquared; null when the signal is not resolved (signalSquared ≤ 0: too few episodes). */
  noiseToSignal: number | null;
}

/** Running sums of gradient estimates g_1 … g_N, and the noise statistics they give. */
export class GradientMoments {
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;
  private count = 0;

  constructor(readonly size: number) {
    this.sum = new Float64Array(size);
    this.sumSquares = new Float64Array(size);
  }

  add(gradient: ArrayLike<number>): void {
    for (let k = 0; k < this.size; k++) {
      this.sum[k] += gradient[k];
      this.sumSquares[k] += gradient[k] * gradient[k];
    }
    this.count++;
  }

  noise(): GradientNoise {
    const n = this.count;
    if (n < 2) throw new Error(`gradient noise needs at least 2 estimates, got ${n}`);
    let traceVariance = 0;
    let meanNormSquared = 0;
    for (let k = 0; k < this.size; k++) {
      const mean = this.sum[k] / n;
      traceVariance += (this.sumSquares[k] - n * mean * mean) / (n - 1);
      meanNormSquared += mean * mean;
    }
    const signalSquared = meanNormSquared - traceVariance / n;
    return { episodes: n, traceVariance, meanNormSquared, signalSquared, noiseToSignal: signalSquared > 0 ? traceVariance / signalSquared : null };
  }
}

/** `options.episodes` fresh CartPole episodes played by `policy`, from their own seed. */
export function freshEpisodes(policy: Policy, options: { episodes: number; seed: number }): Episode[] {
  const rng = new Rng(options.seed);
  const env = new CartPole(rng);
  return Array.from({ length: options.episodes }, () => playEpisode(env, policy, rng));
}

/** Noise of the per-episode gradient estimates on `episodes`, each weighted by `weightsOf` (which sees the whole batch). */
export function gradientNoiseOn(policy: Policy, episodes: Episode[], weightsOf: (episodes: Episode[]) => Float64Array[]): GradientNoise {
  const weights = weightsOf(episodes);
  const moments = new GradientMoments(policy.params.length);
  episodes.forEach((e, i) => moments.add(policy.lossAndGradient(e.observations, e.actions, Float32Array.from(weights[i])).gradient));
  return moments.noise();
}

/** Noise of per-episode gradient estimates on fresh episodes, each weighted by `weightsOf` (which sees the whole batch). */
export function measureGradientNoise(
  policy: Policy,
  weightsOf: (episodes: Episode[]) => Float64Array[],
  options: { episodes: number; seed: number },
): GradientNoise {
  return gradientNoiseOn(policy, freshEpisodes(policy, options), weightsOf);
}
