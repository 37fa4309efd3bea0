// Playing a trained policy without learning: mean ± std of the return over many episodes, either
// sampling actions as in training or always taking the most likely one (greedy).
import { CartPole } from "../envs/cartpole";
import type { CategoricalPolicy } from "../rl/policy";
import { Rng } from "../core/random";
import { playEpisode } from "../rl/rollout";
import { mean, std } from "../core/stats";

export interface EvaluationResult {
  episodes: number;
  greedy: boolean;
  returns: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
}

export function evaluatePolicy(policy: CategoricalPolicy, options: { episodes: number; greedy?: boolean; seed?: number }): EvaluationResult {
  const rng = new Rng(options.seed ?? 12345);
  const env = new CartPole(rng);
  const returns = Array.from({ length: options.episodes }, () => playEpisode(env, policy, rng, { greedy: options.greedy }).length);
  return {
    episodes: options.episodes,
    greedy: Boolean(options.greedy),
    returns,
    mean: mean(returns),
    std: returns.length > 1 ? std(returns) : 0,
    min: Math.min(...returns),
    max: Math.max(...returns),
  };
}
