// A whole training run on CartPole (REINFORCE, A2C or PPO), as the `train` command and notebook 03 both do it:
// start or resume, train with progress callbacks, checkpoint every K episodes, and write the
// source lesson's output files, the final model and a last checkpoint at the end (src/runs/training_run.ts).
import * as path from "path";
import { CARTPOLE_RECORD_KEYS } from "./cartpole_records";
import { loadCheckpoint, CheckpointError } from "./checkpoint";
import { decodeTrainerState, encodeTrainerState } from "./state_codec";
import { CARTPOLE } from "../envs/cartpole";
import { savePolicyModel } from "./model_io";
import { fromRoot } from "../core/paths";
import { algorithmNamed } from "../rl/algorithms";
import { cartPoleResults, type EpisodeRecord } from "../rl/episode_records";
import { EPISODIC_STATE_ARRAYS, validateWith, type EpisodicConfig, type EpisodicState, type EpisodicTrainer } from "../rl/trainer";
import { initBackend } from "../core/tf";
import { runTraining, type RunOptions, type TrainingRunResult } from "./training_run";
import { trainingCurvesFigure } from "./training_curves";

export const CARTPOLE_TASK = "cartpole";
export const DEFAULT_OUT_DIR = path.join("output", "policy_gradient_metrics");
/** Checkpoints written before there was a choice of algorithm are REINFORCE's. */
const DEFAULT_ALGORITHM = "reinforce";

/** A checkpoint read once: its file and the run it saved. */
export interface CartPoleCheckpoint {
  file: string;
  saved: SavedCartPoleRun;
}

/** The run's name defaults to cartpole-seed<S> (cartpole-<algorithm>-seed<S> for the others); with `resume`, `config.episodes` is the new total. */
export interface CartPoleRunOptions extends Omit<RunOptions<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>, "resume"> {
  /** A checkpoint file (or a folder: its newest), or one already read with readCartPoleCheckpoint (as the command does, to learn the algorithm first). */
  resume?: string | CartPoleCheckpoint;
  /** "reinforce" (the default), "a2c" or "ppo" (src/rl/algorithms.ts); a resumed run keeps its checkpoint's. */
  algorithm?: string;
  /** The algorithm's configuration (e.g. SOURCE_LESSON_CONFIG, A2C_CONFIG, PPO_CONFIG). */
  config: EpisodicConfig;
}

export type CartPoleRunResult = TrainingRunResult<EpisodicTrainer<EpisodicConfig>>;

/** A checkpoint's training state and the algorithm it belongs to. */
export interface SavedCartPoleRun {
  algorithm: string;
  state: EpisodicState<EpisodicConfig>;
}

/** The checkpoint payload for a trainer state (src/runs/state_codec.ts), marked with its algorithm. */
export function encodeState(algorithm: string, state: EpisodicState<EpisodicConfig>): Record<string, unknown> {
  return { algorithm, ...encodeTrainerState(state, EPISODIC_STATE_ARRAYS) };
}

export function decodeState(payload: unknown): SavedCartPoleRun {
  try {
    const { algorithm = DEFAULT_ALGORITHM, ...state } = decodeTrainerState<EpisodicState<EpisodicConfig> & { algorithm?: string }>(payload, EPISODIC_STATE_ARRAYS);
    return { algorithm, state: { ...state, config: validateWith(algorithmNamed(algorithm).schema, state.config) } };
  } catch (error) {
    throw new CheckpointError(`the checkpoint's training state is unusable: ${(error as Error).message}`);
  }
}

/** Reads a CartPole checkpoint (a file, or a folder: its newest) and decodes its run, checked. */
export function readCartPoleCheckpoint(target: string): CartPoleCheckpoint {
  const { file, payload } = loadCheckpoint(target, CARTPOLE_TASK);
  return { file, saved: decodeState(payload) };
}

export function runNameFor(config: { seed: number }, algorithm: string = DEFAULT_ALGORITHM): string {
  return algorithm === DEFAULT_ALGORITHM ? `cartpole-seed${config.seed}` : `cartpole-${algorithm}-seed${config.seed}`;
}

export async function runCartPole(options: CartPoleRunOptions): Promise<CartPoleRunResult> {
  const backend = await initBackend();
  let trainer: EpisodicTrainer<EpisodicConfig>;
  let resumedFrom: string | null = null;
  let name = options.algorithm ?? DEFAULT_ALGORITHM;
  if (options.resume) {
    const { file, saved } = typeof options.resume === "string" ? readCartPoleCheckpoint(options.resume) : options.resume;
    if (options.algorithm !== undefined && options.algorithm !== saved.algorithm) {
      throw new CheckpointError(`the algorithm of the checkpoint ${file} is ${saved.algorithm}, not ${options.algorithm}; resume it without choosing an algorithm, or with "${saved.algorithm}"`);
    }
    name = saved.algorithm;
    const algorithm = algorithmNamed(name);
    trainer = algorithm.fromState({ ...saved.state, config: validateWith(algorithm.schema, { ...saved.state.config, episodes: options.config.episodes }) });
    resumedFrom = file;
  } else {
    trainer = algorithmNamed(name).create(options.config);
  }
  const config = trainer.config;
  const runName = options.runName ?? runNameFor(config, name);
  const modelDir = options.modelDir ?? fromRoot("models", runName);
  return runTraining<EpisodeRecord, EpisodicTrainer<EpisodicConfig>>({
    task: CARTPOLE_TASK,
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
    notebookResume: (checkpoint) => `await runCartPole({ config, runName: "${runName}", resume: "${checkpoint}" })`,
    encodeState: () => encodeState(name, trainer.state()),
    summary: () => {
      const records = trainer.history;
      const wall = trainer.wallSeconds;
      return {
        env: "CartPole-v1",
        algorithm: name,
        config,
        episodes: trainer.episode,
        env_steps: trainer.envSteps,
        env_steps_per_second: wall > 0 ? Math.round(trainer.envSteps / wall) : null,
        ...cartPoleResults(records),
        reward_threshold: CARTPOLE.rewardThreshold,
      };
    },
    saveModel: () =>
      savePolicyModel(modelDir, trainer.policy, {
        env: "CartPole-v1",
        sizes: trainer.policy.shape.sizes,
        algorithm: name,
        config,
        episodes: trainer.episode,
        finalMeanReturn100: trainer.history[trainer.history.length - 1]?.meanReturn100 ?? null,
      }),
    curves: (history) => trainingCurvesFigure(history),
    writeCurves: options.curves,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    record: options.record === false ? false : { ...CARTPOLE_RECORD_KEYS, seed: config.seed, config: { algorithm: name, ...config }, tags: options.tags },
  });
}
