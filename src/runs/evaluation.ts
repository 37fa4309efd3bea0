// Playing a trained policy without learning: mean ± std of the return over many episodes, either
// sampling actions as in training or always taking the most likely one (greedy).
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { EnvType } from "../envs/env";
import type { Policy } from "../rl/policy";
import { Rng } from "../core/random";
import { totalReturn } from "../rl/returns";
import { playEpisode, type Episode } from "../rl/rollout";
import { mean, std } from "../core/stats";

export interface EvaluationResult {
  episodes: number;
  /** The first episode played, whole (for a replay). */
  first: Episode;
  greedy: boolean;
  returns: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** Plays `episodes` episodes in a fresh environment (CartPole unless `env` says otherwise). */
export function evaluatePolicy(policy: Policy, options: { episodes: number; greedy?: boolean; seed?: number; env?: EnvType }): EvaluationResult {
  const rng = new Rng(options.seed ?? 12345);
  const env = (options.env ?? CARTPOLE_ENV).make(rng);
  // only the first episode is kept whole (for a replay): 100 000 Pendulum episodes would not fit in memory
  const first = playEpisode(env, policy, rng, { greedy: options.greedy });
  const returns = [totalReturn(first.rewards)];
  for (let i = 1; i < options.episodes; i++) returns.push(totalReturn(playEpisode(env, policy, rng, { greedy: options.greedy }).rewards));
  return {
    episodes: options.episodes,
    first,
    greedy: Boolean(options.greedy),
    returns,
    mean: mean(returns),
    std: returns.length > 1 ? std(returns) : 0,
    min: Math.min(...returns),
    max: Math.max(...returns),
  };
}
