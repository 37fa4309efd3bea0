// How well a trained critic predicts what it was trained to predict: V(s_t) against the discounted
// return G_t = Σ_k γ^k r_{t+k} that followed s_t, on fresh episodes of the trainer's own policy. A
// critic that learned gives a mean V close to the mean G and an RMS error well below G's own spread.
import { Rng } from "../core/random";
import { mean, std } from "../core/stats";
import { discountedReturns } from "../rl/returns";
import { playEpisodes } from "../rl/rollout";
import type { EnvType } from "../envs/env";
import type { EpisodicConfig, EpisodicTrainer } from "../rl/trainer";

export interface CriticCheck {
  steps: number;
  meanReturn: number;
  returnStd: number;
  meanValue: number;
  /** √mean_t (G_t − V(s_t))². */
  rmsError: number;
}

/**
 * V against G on `episodes` sampled episodes in a fresh `env` of the trainer's kind (its own environment
 * draws from the trainer's generator, which must stay untouched); null for a trainer without a critic.
 */
export function checkCritic(trainer: EpisodicTrainer<EpisodicConfig>, options: { env: EnvType; episodes: number; seed: number }): CriticCheck | null {
  if (!trainer.critic) return null;
  const rng = new Rng(options.seed);
  const episodes = playEpisodes(options.env.make(rng), trainer.policy, rng, options.episodes);
  const returns: number[] = [];
  const values: number[] = [];
  for (const episode of episodes) {
    returns.push(...discountedReturns(episode.rewards, trainer.config.gamma));
    values.push(...trainer.critic.value.values(episode.observations));
  }
  const squared = returns.map((g, t) => (g - values[t]) ** 2);
  return { steps: returns.length, meanReturn: mean(returns), returnStd: std(returns), meanValue: mean(values), rmsError: Math.sqrt(mean(squared)) };
}
