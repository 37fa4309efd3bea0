// What every CartPole-style trainer logs: one record per finished episode (its return, length and
// entropy, the update's loss and gradient norm, the 100-episode moving average), and the headline
// numbers of a run read from those records.
import { CARTPOLE_ENV } from "../envs/cartpole";
import { mean } from "../core/stats";
import { totalReturn } from "./returns";
import type { Episode } from "./rollout";

/** How far one PPO update moved the policy on its batch (src/rl/ppo.ts computes them; the records keep them). */
export interface PpoUpdateStats {
  ratioMin: number;
  ratioMax: number;
  approxKl: number;
  clipFraction: number;
}

export interface EpisodeRecord {
  episode: number;
  return: number;
  length: number;
  /** The pseudo-loss of the update this episode fed (not a performance measure). */
  loss: number;
  /** Mean return of the last 100 episodes (fewer at the start). */
  meanReturn100: number;
  /** Mean entropy of π(·|s) over the episode, in nats (differential entropy for a Gaussian: may be negative). */
  entropy: number;
  /** L2 norm of the update's gradient. */
  gradNorm: number;
  /** Training seconds since the run began, including time before a resume. */
  wallSeconds: number;
  /** PPO only: the update's ratio range, approximate KL and clip fraction (src/rl/ppo.ts). */
  ratioMin?: number;
  ratioMax?: number;
  approxKl?: number;
  clipFraction?: number;
}

/** Appends one record per episode to `history` and returns the new records. */
export function appendEpisodeRecords(history: EpisodeRecord[], episodes: Episode[], update: { firstEpisode: number; loss: number; gradNorm: number; wallSeconds: number; ppo?: PpoUpdateStats }): EpisodeRecord[] {
  return episodes.map((e, i) => {
    const episodeReturn = totalReturn(e.rewards);
    // the mean of the last 100 returns, this one included (fewer at the start)
    const recent = history.slice(-99).map((r) => r.return);
    recent.push(episodeReturn);
    const record: EpisodeRecord = {
      episode: update.firstEpisode + i,
      return: episodeReturn,
      length: e.length,
      loss: update.loss,
      meanReturn100: mean(recent),
      entropy: e.meanEntropy,
      gradNorm: update.gradNorm,
      wallSeconds: update.wallSeconds,
      ...update.ppo,
    };
    history.push(record);
    return record;
  });
}

/** First episode at which the 100-episode mean reached the environment's threshold (needs 100 episodes), or null. */
export function solvedEpisode(records: EpisodeRecord[], threshold: number | null = CARTPOLE_ENV.spec.rewardThreshold): number | null {
  if (threshold === null) return null;
  const hit = records.find((r) => r.episode >= 100 && r.meanReturn100 >= threshold);
  return hit ? hit.episode : null;
}

/** What summary.json and a run's record say of how it went. */
export interface EpisodicResults {
  final_mean_return_100: number | null;
  best_mean_return_100: number | null;
  /** The first episode at which the 100-episode mean reached the environment's threshold; null if never, or if it has none. */
  solved_episode: number | null;
}

/** A run's headline numbers, judged by `threshold` (the environment's reward threshold; null when it has none). */
export function episodicResults(records: EpisodeRecord[], threshold: number | null): EpisodicResults {
  return {
    final_mean_return_100: records.length ? records[records.length - 1].meanReturn100 : null,
    best_mean_return_100: records.length ? Math.max(...records.map((r) => r.meanReturn100)) : null,
    solved_episode: solvedEpisode(records, threshold),
  };
}

/** A CartPole run's headline numbers (solved at a 100-episode mean of 475). */
export function cartPoleResults(records: EpisodeRecord[]): EpisodicResults {
  return episodicResults(records, CARTPOLE_ENV.spec.rewardThreshold);
}
