// A whole training run of an episodic algorithm (REINFORCE, A2C or PPO) on one of the training
// environments (src/rl/environments.ts: CartPole, Pendulum), as the `train` command and the notebooks do
// it: start or resume, train with progress callbacks, checkpoint every K episodes, and write the source
// lesson's output files, the final model and a last checkpoint at the end (src/runs/training_run.ts).
// An environment with a pass mark (Pendulum) has its deterministic policy evaluated at the end too.
import * as path from "path";
import { CARTPOLE_RECORD_KEYS } from "./cartpole_records";
import { loadCheckpoint, CheckpointError } from "./checkpoint";
import { decodeTrainerState, encodeTrainerState } from "./state_codec";
import { evaluatePolicy } from "./evaluation";
import { savePolicyModel } from "./model_io";
import { fromRoot } from "../core/paths";
import { algorithmNamed } from "../rl/algorithms";
import { environmentNamed } from "../rl/environments";
import { episodicResults, type EpisodeRecord } from "../rl/episode_records";
import { EPISODIC_STATE_ARRAYS, validateWith, type EpisodicConfig, type EpisodicState, type EpisodicTrainer } from "../rl/trainer";
import type { Policy } from "../rl/policy";
import { initBackend } from "../core/tf";
import { runTraining, type RunOptions, type TrainingRunResult } from "./training_run";
import { trainingCurvesFigure } from "./training_curves";

export const CARTPOLE_TASK = "cartpole";
export const DEFAULT_OUT_DIR = path.join("output", "policy_gradient_metrics");
/** Checkpoints written before there was a choice of algorithm are REINFORCE's (and CartPole's). */
const DEFAULT_ALGORITHM = "reinforce";
/** The seed of the evaluation after training is this plus the run's seed: episodes it never trained on. */
const EVALUATION_SEED_OFFSET = 10_000;

/** A checkpoint read once: its file and the run it saved. */
export interface EpisodicCheckpoint {
  file: string;
  saved: SavedEpisodicRun;
}

/** The run's name defaults to <env>-seed<S> for the environment's default algorithm, <env>-<algorithm>-seed<S> for the others; with `resume`, `config.episodes` is the new total. */
export interface EpisodicRunOptions extends Omit<RunOptions<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>, "resume"> {
  /** The environment's name in src/rl/environments.ts: "cartpole" (the default) or "pendulum". */
  env?: string;
  /** A checkpoint file (or a folder: its newest), or one already read with readEpisodicCheckpoint (as the command does, to learn the algorithm first). */
  resume?: string | EpisodicCheckpoint;
  /** "reinforce", "a2c" or "ppo" (src/rl/algorithms.ts; default: the environment's); a resumed run keeps its checkpoint's. */
  algorithm?: string;
  /** The algorithm's configuration (e.g. SOURCE_LESSON_CONFIG, PPO_CONFIG, PENDULUM_PPO_CONFIG). */
  config: EpisodicConfig;
}

export type EpisodicRunResult = TrainingRunResult<EpisodicTrainer<EpisodicConfig>>;

/** A checkpoint's training state and the algorithm it belongs to. */
export interface SavedEpisodicRun {
  algorithm: string;
  state: EpisodicState<EpisodicConfig>;
}

/** The checkpoint payload for a trainer state (src/runs/state_codec.ts), marked with its algorithm. */
export function encodeState(algorithm: string, state: EpisodicState<EpisodicConfig>): Record<string, unknown> {
  return { algorithm, ...encodeTrainerState(state, EPISODIC_STATE_ARRAYS) };
}

export function decodeState(payload: unknown): SavedEpisodicRun {
  try {
    const { algorithm = DEFAULT_ALGORITHM, ...state } = decodeTrainerState<EpisodicState<EpisodicConfig> & { algorithm?: string }>(payload, EPISODIC_STATE_ARRAYS);
    return { algorithm, state: { ...state, config: validateWith(algorithmNamed(algorithm).schema, state.config) } };
  } catch (error) {
    throw new CheckpointError(`the checkpoint's training state is unusable: ${(error as Error).message}`);
  }
}

/** Reads a checkpoint of a run on `env` (a file, or a folder: its newest) and decodes its run, checked. */
export function readEpisodicCheckpoint(target: string, env: string = CARTPOLE_TASK): EpisodicCheckpoint {
  const { file, payload } = loadCheckpoint(target, environmentNamed(env).name);
  return { file, saved: decodeState(payload) };
}

export function runNameFor(config: { seed: number }, algorithm: string = DEFAULT_ALGORITHM, env: string = CARTPOLE_TASK): string {
  return algorithm === environmentNamed(env).defaultAlgorithm ? `${env}-seed${config.seed}` : `${env}-${algorithm}-seed${config.seed}`;
}

/** How a run's deterministic policy did against its environment's pass mark (summary.json's lines). */
export interface PassMarkJudgement {
  evaluation: { episodes: number; greedy: true; seed: number; mean_return: number; std_return: number };
  pass_mark: { mean_return: number; source: string };
  passed: boolean;
}

/**
 * The deterministic policy (the mode: argmax, or the Gaussian's mean) over the pass mark's episodes of `env`,
 * on seeds training never saw (10 000 + the run's seed); null for an environment without a pass mark.
 */
export function judgeByPassMark(env: string, policy: Policy, seed: number): PassMarkJudgement | null {
  const environment = environmentNamed(env);
  const mark = environment.passMark;
  if (!mark) return null;
  const evaluationSeed = EVALUATION_SEED_OFFSET + seed;
  const result = evaluatePolicy(policy, { episodes: mark.episodes, greedy: true, seed: evaluationSeed, env: environment.env });
  return {
    evaluation: { episodes: mark.episodes, greedy: true, seed: evaluationSeed, mean_return: result.mean, std_return: result.std },
    pass_mark: { mean_return: mark.mean, source: mark.source },
    passed: result.mean >= mark.mean,
  };
}

/** The judgement a finished run wrote into its summary; null when there is none (no pass mark, or the loss diverged). */
export function judgementOf(run: EpisodicRunResult): PassMarkJudgement | null {
  const { evaluation, pass_mark, passed } = run.summary as Partial<PassMarkJudgement>;
  return evaluation && pass_mark && passed !== undefined ? { evaluation, pass_mark, passed } : null;
}

export async function runEpisodic(options: EpisodicRunOptions): Promise<EpisodicRunResult> {
  const environment = environmentNamed(options.env ?? CARTPOLE_TASK);
  const envType = environment.env;
  const backend = await initBackend();
  let trainer: EpisodicTrainer<EpisodicConfig>;
  let resumedFrom: string | null = null;
  let name = options.algorithm ?? environment.defaultAlgorithm;
  if (options.resume) {
    const { file, saved } = typeof options.resume === "string" ? readEpisodicCheckpoint(options.resume, environment.name) : options.resume;
    if (options.algorithm !== undefined && options.algorithm !== saved.algorithm) {
      throw new CheckpointError(`the algorithm of the checkpoint ${file} is ${saved.algorithm}, not ${options.algorithm}; resume it without choosing an algorithm, or with "${saved.algorithm}"`);
    }
    name = saved.algorithm;
    const algorithm = algorithmNamed(name);
    trainer = algorithm.fromState({ ...saved.state, config: validateWith(algorithm.schema, { ...saved.state.config, episodes: options.config.episodes }) }, envType);
    resumedFrom = file;
  } else {
    trainer = algorithmNamed(name).create(options.config, envType);
  }
  const config = trainer.config;
  const spec = envType.spec;
  const runName = options.runName ?? runNameFor(config, name, environment.name);
  const modelDir = options.modelDir ?? fromRoot("models", runName);
  const notebookCall = environment.name === CARTPOLE_TASK ? "runCartPole({ config" : `runEpisodic({ env: "${environment.name}", config`;
  return runTraining<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>({
    task: environment.name,
    trainer,
    backend,
    outDir: options.outDir ?? fromRoot(DEFAULT_OUT_DIR),
    checkpointDir: options.checkpointDir,
    checkpointEvery: options.checkpointEvery ?? 100,
    resumedFrom,
    stepOf: (record) => record.episode,
    progress: () => trainer.episode,
    total: config.episodes,
    stepName: "episode",
    runName,
    notebookResume: (checkpoint) => `await ${notebookCall}, runName: "${runName}", resume: "${checkpoint}" })`,
    encodeState: () => encodeState(name, trainer.state()),
    summary: () => {
      const records = trainer.history;
      const wall = trainer.wallSeconds;
      return {
        env: spec.id,
        algorithm: name,
        config,
        episodes: trainer.episode,
        env_steps: trainer.envSteps,
        env_steps_per_second: wall > 0 ? Math.round(trainer.envSteps / wall) : null,
        ...episodicResults(records, spec.rewardThreshold),
        reward_threshold: spec.rewardThreshold,
      };
    },
    judge: () => ({ ...judgeByPassMark(environment.name, trainer.policy, config.seed) }), // {} without a pass mark
    saveModel: (judged) =>
      savePolicyModel(modelDir, trainer.policy, {
        env: spec.id,
        sizes: trainer.policy.shape.sizes,
        algorithm: name,
        config,
        episodes: trainer.episode,
        finalMeanReturn100: trainer.history[trainer.history.length - 1]?.meanReturn100 ?? null,
        ...judged,
      }),
    curves: (history) => trainingCurvesFigure(history, `${name.toUpperCase()} on ${spec.id}`, spec),
    writeCurves: options.curves,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    record: options.record === false ? false : { ...CARTPOLE_RECORD_KEYS, seed: config.seed, config: { algorithm: name, ...config }, tags: options.tags },
  });
}

/** `runEpisodic` on CartPole-v1: the source lesson's task. */
export function runCartPole(options: Omit<EpisodicRunOptions, "env">): Promise<EpisodicRunResult> {
  return runEpisodic({ ...options, env: CARTPOLE_TASK });
}
