// Notebook 05's CartPole comparison: five methods on the same budget of environment steps and the
// same seeds, run in parallel worker processes, each run stopping once it has solved CartPole (the
// mean return of its last 100 training episodes at 475, Gymnasium's reward threshold for CartPole-v1),
// then summarised (steps to solve, final 100-episode mean, seconds); and the methods' gradient
// estimators compared at one common policy, where their noise can be compared fairly.
import { recordCartPoleTraining, type CartPoleRecordSpec } from "../runs/cartpole_records";
import { freshEpisodes, gradientNoiseOn, type GradientNoise } from "../lessons/gradient_noise";
import type { Policy } from "../rl/policy";
import { A2C_CONFIG, a2cAdvantages } from "../rl/a2c";
import { algorithmNamed } from "../rl/algorithms";
import { ENVIRONMENTS } from "../rl/environments";
import { PPO_CONFIG, ppoAdvantages, ppoUpdateLog, type PpoUpdateRow } from "../rl/ppo";
import type { EpisodicConfig, EpisodicTrainer } from "../rl/trainer";
import { solvedEpisode, type EpisodeRecord } from "../rl/episode_records";
import { reinforceAdvantages, SOURCE_LESSON_CONFIG, type Baseline } from "../rl/reinforce";
import type { Episode } from "../rl/rollout";
import type { ValueFunction } from "../rl/value_function";
import { trainLoop } from "../rl/train_loop";

function cumulativeSum(values: number[]): number[] {
  let total = 0;
  return values.map((v) => (total += v));
}

/** REINFORCE's weights with `baseline`, at a fixed critic (used only by the value baseline). */
function reinforceWeights(baseline: Baseline) {
  return (critic: ValueFunction) => (episodes: Episode[]) =>
    episodes.map((e) => reinforceAdvantages(e.rewards, SOURCE_LESSON_CONFIG.gamma, baseline, baseline === "value" ? critic.values(e.observations) : undefined));
}

/**
 * One row per method: its label and colour (the same in every chart), the scale of what it multiplies ∇ log π by (returns, tens to hundreds here, or
 * unit scale when standardised or normalised: gradient variances compare only within one scale), the algorithm
 * that trains it (src/rl/algorithms.ts) with its settings beyond that algorithm's CartPole defaults, and its
 * advantages at a fixed policy with critic V. A method is added here once, and notebook 05 shows it.
 */
const METHOD_TABLE = {
  "reinforce-none": {
    label: "REINFORCE, no baseline (raw G_t)",
    colour: "#7f7f7f",
    weightScale: "returns",
    algorithm: "reinforce",
    settings: { baseline: "none" },
    advantages: reinforceWeights("none"),
  },
  "reinforce-standardise": {
    label: "REINFORCE, standardised G_t (the source lesson)",
    colour: "#1f77b4",
    weightScale: "unit",
    algorithm: "reinforce",
    settings: { baseline: "standardise" },
    advantages: reinforceWeights("standardise"),
  },
  "reinforce-value": {
    label: "REINFORCE with a learned value baseline",
    colour: "#2ca02c",
    weightScale: "returns",
    algorithm: "reinforce",
    settings: { baseline: "value" },
    advantages: reinforceWeights("value"),
  },
  a2c: {
    label: "A2C (n-step advantages from a critic)",
    colour: "#ff7f0e",
    weightScale: "returns",
    algorithm: "a2c",
    settings: {},
    advantages: (critic: ValueFunction) => (episodes: Episode[]) => a2cAdvantages(episodes, critic, A2C_CONFIG.gamma, A2C_CONFIG.nSteps).map((e) => e.advantages),
  },
  ppo: {
    label: "PPO-clip (GAE, 4 epochs, ε = 0.2)",
    colour: "#d62728",
    weightScale: "unit",
    algorithm: "ppo",
    settings: {},
    // its first step, where the ratio is 1: the batch-normalised GAE advantages
    advantages: (critic: ValueFunction) => (episodes: Episode[]) => ppoAdvantages(episodes, critic, PPO_CONFIG.gamma, PPO_CONFIG.lambda),
  },
} as const;

export type MethodName = keyof typeof METHOD_TABLE;

/**
 * The comparison's budget, in notebook 05 and in `npm run bench -- --task methods`: environment steps
 * (the usual unit of RL comparisons: under a budget of episodes a method that already balances for 500
 * steps pays for every long episode), and each run stops once solved.
 */
export const COMPARISON_BUDGET = { steps: 150_000, stopWhenSolved: true } as const;

const METHOD_NAMES = Object.keys(METHOD_TABLE) as MethodName[];

/** Each method's label. */
export const METHODS = Object.fromEntries(METHOD_NAMES.map((name) => [name, METHOD_TABLE[name].label])) as { [M in MethodName]: (typeof METHOD_TABLE)[M]["label"] };

/** One colour per method, the same in every chart. */
export const METHOD_COLOURS = Object.fromEntries(METHOD_NAMES.map((name) => [name, METHOD_TABLE[name].colour])) as Record<MethodName, string>;

/** The scale of what each method multiplies ∇ log π by: "returns" or "unit" (gradient variances compare only within one scale). */
export const WEIGHT_SCALE = Object.fromEntries(METHOD_NAMES.map((name) => [name, METHOD_TABLE[name].weightScale])) as Record<MethodName, "returns" | "unit">;

export interface CartPoleJob {
  method: MethodName;
  seed: number;
  /** The most episodes the run may play. */
  episodes: number;
  /** The most environment steps it may take: it stops after the update that reaches them. */
  steps?: number;
  /** Stop once solved: the mean of the last 100 episodes has reached CartPole's 475 (checked after each update). */
  stopWhenSolved?: boolean;
  /** How to record the run in output/runs (`-<method>-seed<S>` is added to the name); not recorded without it. */
  record?: CartPoleRecordSpec;
}

export interface CartPoleJobProgress {
  episode: number;
  /** Environment steps played so far. */
  steps: number;
  meanReturn100: number;
}

export interface CartPoleJobResult {
  method: MethodName;
  seed: number;
  returns: number[];
  means: number[];
  /** Environment steps played by the end of each episode. */
  stepsAt: number[];
  solvedEpisode: number | null;
  /** Environment steps played by the episode at which it was solved (within the step budget; null otherwise). */
  stepsToSolve: number | null;
  /** Why it stopped: solved (with stopWhenSolved), out of steps, or out of episodes. */
  stoppedBy: "solved" | "steps" | "episodes";
  wallSeconds: number;
  envSteps: number;
  runId: string | null;
  /** PPO only: how far each update moved the policy (ratio range, approximate KL, clip fraction). */
  ppoUpdates?: PpoUpdateRow[];
}

/** One run of the comparison: at most `steps` environment steps (the episode limit never binds: every episode takes a step). */
export function comparisonJob(method: MethodName, seed: number, budget: { steps: number; stopWhenSolved: boolean; record?: CartPoleRecordSpec }): CartPoleJob {
  return { method, seed, episodes: budget.steps, steps: budget.steps, stopWhenSolved: budget.stopWhenSolved, record: budget.record };
}

/** Each method's trainer: its algorithm's CartPole defaults with the method's settings, the job's seed and budget. */
export function trainerFor(job: CartPoleJob): EpisodicTrainer<EpisodicConfig> {
  const method = METHOD_TABLE[job.method];
  return algorithmNamed(method.algorithm).create({ ...ENVIRONMENTS.cartpole.configs[method.algorithm], ...method.settings, seed: job.seed, episodes: job.episodes });
}

/** Trains one method for one seed, reporting progress at most every half second (and at the end). */
export async function runCartPoleJob(job: CartPoleJob, progress: (p: CartPoleJobProgress) => void): Promise<CartPoleJobResult> {
  const trainer = trainerFor(job);
  const outOfSteps = () => job.steps !== undefined && trainer.envSteps >= job.steps;
  const solved = () => job.stopWhenSolved === true && solvedEpisode(trainer.history.slice(-1)) !== null;
  const report = () => {
    const last = trainer.history[trainer.history.length - 1];
    progress({ episode: last.episode, steps: trainer.envSteps, meanReturn100: last.meanReturn100 });
  };
  let lastReport = 0;
  const { status, error, stoppedBy } = await trainLoop<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>(trainer, {
    onRecords: () => {
      const now = Date.now();
      if (now - lastReport < 500 && !trainer.finished && !outOfSteps() && !solved()) return;
      lastReport = now;
      report();
    },
    shouldStop: () => outOfSteps() || solved(),
  });
  if (status !== "completed" && stoppedBy !== "request") throw error ?? new Error(`the run ended early (${status})`);
  const history = trainer.history;
  const runId = job.record ? recordCartPoleTraining(trainer, "completed", { ...job.record, name: `${job.record.name}-${job.method}-seed${job.seed}` }, { method: job.method }) : null;
  const stepsAt = cumulativeSum(history.map((r) => r.length));
  // solved within the budget: the update that crosses it may play past it
  const firstSolved = solvedEpisode(history);
  const solvedAt = firstSolved !== null && (job.steps === undefined || stepsAt[firstSolved - 1] <= job.steps) ? firstSolved : null;
  return {
    method: job.method,
    seed: job.seed,
    returns: history.map((r) => r.return),
    means: history.map((r) => r.meanReturn100),
    stepsAt,
    solvedEpisode: solvedAt,
    stepsToSolve: solvedAt === null ? null : stepsAt[solvedAt - 1],
    stoppedBy: solvedAt !== null && solved() ? "solved" : outOfSteps() ? "steps" : "episodes",
    wallSeconds: trainer.wallSeconds,
    envSteps: trainer.envSteps,
    runId,
    ...(METHOD_TABLE[job.method].algorithm === "ppo" ? { ppoUpdates: ppoUpdateLog(history, trainer.config.episodesPerUpdate) } : {}),
  };
}

export interface MethodSummary {
  method: MethodName;
  label: string;
  runs: number;
  solved: number;
  /** Per seed, in the order of the runs: the episode at which it was solved, and the environment steps played by then (null: not solved). */
  solvedEpisodes: (number | null)[];
  stepsToSolve: (number | null)[];
  /** Mean over seeds of the 100-episode mean return after the first 100 episodes, and at the end. */
  firstHundredMean: number;
  finalMean: number;
  finalStd: number;
  wallSeconds: number;
  envSteps: number;
  /** Training time per environment step, averaged over the runs: the cost of a method apart from how long its episodes last. */
  microsecondsPerStep: number;
}

export function summariseMethods(results: CartPoleJobResult[]): MethodSummary[] {
  const methods = [...new Set(results.map((r) => r.method))];
  const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return methods.map((method) => {
    const runs = results.filter((r) => r.method === method);
    const finals = runs.map((r) => r.means[r.means.length - 1]);
    const finalMean = average(finals);
    return {
      method,
      label: METHODS[method],
      runs: runs.length,
      solved: runs.filter((r) => r.solvedEpisode !== null).length,
      solvedEpisodes: runs.map((r) => r.solvedEpisode),
      stepsToSolve: runs.map((r) => r.stepsToSolve),
      firstHundredMean: average(runs.map((r) => r.means[Math.min(100, r.means.length) - 1])),
      finalMean,
      finalStd: Math.sqrt(finals.reduce((a, b) => a + (b - finalMean) ** 2, 0) / Math.max(1, finals.length - 1)),
      wallSeconds: average(runs.map((r) => r.wallSeconds)),
      envSteps: average(runs.map((r) => r.envSteps)),
      microsecondsPerStep: average(runs.map((r) => (1e6 * r.wallSeconds) / r.envSteps)),
    };
  });
}

/** What a method multiplies ∇ log π(a_t|s_t) by, at a fixed policy with critic V (the table above says how). */
export function methodAdvantages(method: MethodName, critic: ValueFunction): (episodes: Episode[]) => Float64Array[] {
  return METHOD_TABLE[method].advantages(critic);
}

/** Every method's gradient noise at the same policy, on the same fresh episodes (played once, shared by all). */
export function compareEstimators(policy: Policy, critic: ValueFunction, options: { episodes: number; seed: number }): { method: MethodName; label: string; noise: GradientNoise }[] {
  const episodes = freshEpisodes(policy, options);
  return METHOD_NAMES.map((method) => ({ method, label: METHODS[method], noise: gradientNoiseOn(policy, episodes, methodAdvantages(method, critic)) }));
}
