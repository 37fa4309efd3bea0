// Notebook 05's CartPole comparison: five methods on the same budget and the same seeds, run in
// parallel worker processes, then summarised (mean curve with a band across seeds, episodes to
// solve, final 100-episode mean, seconds); and the methods' gradient estimators compared at
// one common policy, where their noise can be compared fairly.
import { recordCartPoleTraining, type CartPoleRecordSpec } from "../runs/cartpole_records";
import { freshEpisodes, gradientNoiseOn, type GradientNoise } from "../lessons/gradient_noise";
import type { Policy } from "../rl/policy";
import { A2c, A2C_CONFIG, a2cAdvantages } from "../rl/a2c";
import { Ppo, PPO_CONFIG, ppoAdvantages, ppoUpdateLog, type PpoUpdateRow } from "../rl/ppo";
import type { EpisodicConfig, EpisodicTrainer } from "../rl/trainer";
import { solvedEpisode, type EpisodeRecord } from "../rl/episode_records";
import { Reinforce, reinforceAdvantages, SOURCE_LESSON_CONFIG } from "../rl/reinforce";
import type { Episode } from "../rl/rollout";
import type { ValueFunction } from "../rl/value_function";
import { trainLoop } from "../rl/train_loop";

export const METHODS = {
  "reinforce-none": "REINFORCE, no baseline (raw G_t)",
  "reinforce-standardise": "REINFORCE, standardised G_t (the source lesson)",
  "reinforce-value": "REINFORCE with a learned value baseline",
  a2c: "A2C (n-step advantages from a critic)",
  ppo: "PPO-clip (GAE, 4 epochs, ε = 0.2)",
} as const;

export type MethodName = keyof typeof METHODS;

/**
 * The scale of what each method multiplies ∇ log π by: returns (tens to hundreds here) or unit scale
 * (standardised or normalised). Gradient variances compare only within one scale.
 */
export const WEIGHT_SCALE: Record<MethodName, "returns" | "unit"> = {
  "reinforce-none": "returns",
  "reinforce-standardise": "unit",
  "reinforce-value": "returns",
  a2c: "returns",
  ppo: "unit",
};

export interface CartPoleJob {
  method: MethodName;
  seed: number;
  episodes: number;
  /** How to record the run in output/runs (`-<method>-seed<S>` is added to the name); not recorded without it. */
  record?: CartPoleRecordSpec;
}

export interface CartPoleJobProgress {
  episode: number;
  meanReturn100: number;
}

export interface CartPoleJobResult {
  method: MethodName;
  seed: number;
  returns: number[];
  means: number[];
  solvedEpisode: number | null;
  wallSeconds: number;
  envSteps: number;
  runId: string | null;
  /** PPO only: how far each update moved the policy (ratio range, approximate KL, clip fraction). */
  ppoUpdates?: PpoUpdateRow[];
}

/** Each method's trainer: its algorithm's defaults (REINFORCE: the source lesson's, with the method's baseline), the job's seed and budget. */
export function trainerFor(job: CartPoleJob): EpisodicTrainer<EpisodicConfig> {
  const common = { seed: job.seed, episodes: job.episodes };
  if (job.method === "ppo") return Ppo.create({ ...PPO_CONFIG, ...common });
  if (job.method === "a2c") return A2c.create({ ...A2C_CONFIG, ...common });
  const baseline = job.method === "reinforce-none" ? "none" : job.method === "reinforce-value" ? "value" : "standardise";
  return Reinforce.create({ ...SOURCE_LESSON_CONFIG, ...common, baseline });
}

/** Trains one method for one seed, reporting progress at most every half second. */
export async function runCartPoleJob(job: CartPoleJob, progress: (p: CartPoleJobProgress) => void): Promise<CartPoleJobResult> {
  const trainer = trainerFor(job);
  let lastReport = 0;
  const { status, error } = await trainLoop<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>(trainer, {
    onRecords: (records) => {
      const now = Date.now();
      if (now - lastReport < 500 && !trainer.finished) return;
      lastReport = now;
      const last = records[records.length - 1];
      progress({ episode: last.episode, meanReturn100: last.meanReturn100 });
    },
  });
  if (status !== "completed") throw error ?? new Error(`the run ended early (${status})`);
  const history = trainer.history;
  const runId = job.record ? recordCartPoleTraining(trainer, status, { ...job.record, name: `${job.record.name}-${job.method}-seed${job.seed}` }, { method: job.method }) : null;
  return {
    method: job.method,
    seed: job.seed,
    returns: history.map((r) => r.return),
    means: history.map((r) => r.meanReturn100),
    solvedEpisode: solvedEpisode(history),
    wallSeconds: trainer.wallSeconds,
    envSteps: trainer.envSteps,
    runId,
    ...(job.method === "ppo" ? { ppoUpdates: ppoUpdateLog(history, trainer.config.episodesPerUpdate) } : {}),
  };
}

export interface MethodSummary {
  method: MethodName;
  label: string;
  episodes: number[];
  /** Mean over seeds of the 100-episode mean return, per episode, and its spread (min, max). */
  mean: number[];
  low: number[];
  high: number[];
  solved: number;
  runs: number;
  solvedEpisodes: (number | null)[];
  finalMean: number;
  finalStd: number;
  wallSeconds: number;
  /** Training time per environment step, averaged over the runs: the cost of a method apart from how long its episodes last. */
  microsecondsPerStep: number;
}

export function summariseMethods(results: CartPoleJobResult[]): MethodSummary[] {
  const methods = [...new Set(results.map((r) => r.method))];
  return methods.map((method) => {
    const runs = results.filter((r) => r.method === method);
    const length = Math.min(...runs.map((r) => r.means.length));
    const at = (i: number) => runs.map((r) => r.means[i]);
    const finals = runs.map((r) => r.means[r.means.length - 1]);
    const finalMean = finals.reduce((a, b) => a + b, 0) / finals.length;
    return {
      method,
      label: METHODS[method],
      episodes: Array.from({ length }, (_, i) => i + 1),
      mean: Array.from({ length }, (_, i) => at(i).reduce((a, b) => a + b, 0) / runs.length),
      low: Array.from({ length }, (_, i) => Math.min(...at(i))),
      high: Array.from({ length }, (_, i) => Math.max(...at(i))),
      solved: runs.filter((r) => r.solvedEpisode !== null).length,
      runs: runs.length,
      solvedEpisodes: runs.map((r) => r.solvedEpisode),
      finalMean,
      finalStd: Math.sqrt(finals.reduce((a, b) => a + (b - finalMean) ** 2, 0) / Math.max(1, finals.length - 1)),
      wallSeconds: runs.reduce((a, r) => a + r.wallSeconds, 0) / runs.length,
      microsecondsPerStep: runs.reduce((a, r) => a + (1e6 * r.wallSeconds) / r.envSteps, 0) / runs.length,
    };
  });
}

/**
 * What each method multiplies ∇ log π(a_t|s_t) by, at a fixed policy with critic V: G_t; standardised
 * G_t; G_t − V(s_t); A2C's n-step advantages; PPO's batch-normalised GAE advantages (its first step,
 * where the ratio is 1).
 */
export function methodAdvantages(method: MethodName, critic: ValueFunction): (episodes: Episode[]) => Float64Array[] {
  const gamma = SOURCE_LESSON_CONFIG.gamma;
  switch (method) {
    case "reinforce-none":
      return (episodes) => episodes.map((e) => reinforceAdvantages(e.rewards, gamma, "none"));
    case "reinforce-standardise":
      return (episodes) => episodes.map((e) => reinforceAdvantages(e.rewards, gamma, "standardise"));
    case "reinforce-value":
      return (episodes) => episodes.map((e) => reinforceAdvantages(e.rewards, gamma, "value", critic.values(e.observations)));
    case "a2c":
      return (episodes) => a2cAdvantages(episodes, critic, A2C_CONFIG.gamma, A2C_CONFIG.nSteps).map((e) => e.advantages);
    case "ppo":
      return (episodes) => ppoAdvantages(episodes, critic, PPO_CONFIG.gamma, PPO_CONFIG.lambda);
  }
}

/** Every method's gradient noise at the same policy, on the same fresh episodes (played once, shared by all). */
export function compareEstimators(policy: Policy, critic: ValueFunction, options: { episodes: number; seed: number }): { method: MethodName; label: string; noise: GradientNoise }[] {
  const episodes = freshEpisodes(policy, options);
  return (Object.keys(METHODS) as MethodName[]).map((method) => ({ method, label: METHODS[method], noise: gradientNoiseOn(policy, episodes, methodAdvantages(method, critic)) }));
}
