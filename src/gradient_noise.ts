// How noisy is a method's gradient estimate? Freeze the policy, play fresh episodes, compute one
// gradient estimate per episode with the method's own weights (G_t, standardised G_t, G_t − V(s_t),
// PPO's advantages), and compare their spread with their mean:
//   noise-to-signal = Σ_i Var[g_i] / ‖E[g]‖²
// (trace of the covariance over the squared length of the mean). It does not depend on the scale of
// the weights, so methods that scale differently can be compared; lower means fewer episodes are
// needed for the same accuracy.
import { CartPole } from "./envs/cartpole";
import type { CategoricalPolicy } from "./policy";
import { Rng } from "./random";
import { playEpisode, type Episode } from "./rollout";

export interface GradientNoise {
  episodes: number;
  /** Σ_i Var[g_i] over the parameters, for one episode's estimate. */
  traceVariance: number;
  /** ‖mean g‖². */
  meanNormSquared: number;
  noiseToSignal: number;
}

/** Noise of per-episode gradient estimates, each weighted by `weightsOf` (which sees the whole batch). */
export function measureGradientNoise(
  policy: CategoricalPolicy,
  weightsOf: (episodes: Episode[]) => Float64Array[],
  options: { episodes: number; seed: number },
): GradientNoise {
  const rng = new Rng(options.seed);
  const env = new CartPole(rng);
  const episodes = Array.from({ length: options.episodes }, () => playEpisode(env, policy, rng));
  const weights = weightsOf(episodes);
  const n = policy.params.length;
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  episodes.forEach((e, i) => {
    const { gradient } = policy.lossAndGradient(e.observations, e.actions, Float32Array.from(weights[i]));
    for (let k = 0; k < n; k++) {
      sum[k] += gradient[k];
      sumSquares[k] += gradient[k] * gradient[k];
    }
  });
  const count = episodes.length;
  let traceVariance = 0;
  let meanNormSquared = 0;
  for (let k = 0; k < n; k++) {
    const mean = sum[k] / count;
    traceVariance += (sumSquares[k] - count * mean * mean) / (count - 1);
    meanNormSquared += mean * mean;
  }
  return { episodes: count, traceVariance, meanNormSquared, noiseToSignal: traceVariance / meanNormSquared };
}
