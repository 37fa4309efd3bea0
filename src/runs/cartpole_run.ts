// A whole REINFORCE training run on CartPole, as the `train` command and notebook 03 both do it:
// start or resume, train with progress callbacks, checkpoint every K episodes, and write the
// seed's output files, the final model and a last checkpoint at the end (src/runs/training_run.ts).
import * as path from "path";
import { CARTPOLE_RECORD_KEYS } from "./cartpole_records";
import { loadCheckpoint, CheckpointError } from "./checkpoint";
import { decodeTrainerState, encodeTrainerState } from "./state_codec";
import { CARTPOLE } from "../envs/cartpole";
import { savePolicyModel } from "./model_io";
import { fromRoot } from "../core/paths";
import { cartPoleResults, Reinforce, REINFORCE_STATE_ARRAYS, validateConfig, type EpisodeRecord, type ReinforceConfig, type ReinforceState } from "../rl/reinforce";
import { initBackend } from "../core/tf";
import { runTraining, type RunOptions, type TrainingRunResult } from "./training_run";
import { trainingCurvesFigure } from "./training_curves";

export const CARTPOLE_TASK = "cartpole";
export const DEFAULT_OUT_DIR = path.join("output", "policy_gradient_metrics");

/** The run's name defaults to cartpole-seed<S>; with `resume`, `config.episodes` is the new total. */
export interface CartPoleRunOptions extends RunOptions<EpisodeRecord, Reinforce> {
  config: ReinforceConfig;
}

export type CartPoleRunResult = TrainingRunResult<Reinforce>;

/** The checkpoint payload for a trainer state (src/runs/state_codec.ts). */
export function encodeState(state: ReinforceState): Record<string, unknown> {
  return encodeTrainerState(state, REINFORCE_STATE_ARRAYS);
}

export function decodeState(payload: unknown): ReinforceState {
  try {
    const state = decodeTrainerState<ReinforceState>(payload, REINFORCE_STATE_ARRAYS);
    return { ...state, config: validateConfig(state.config) };
  } catch (error) {
    throw new CheckpointError(`the checkpoint's training state is unusable: ${(error as Error).message}`);
  }
}

export function runNameFor(config: ReinforceConfig): string {
  return `cartpole-seed${config.seed}`;
}

export async function runCartPole(options: CartPoleRunOptions): Promise<CartPoleRunResult> {
  const backend = await initBackend();
  let trainer: Reinforce;
  let resumedFrom: string | null = null;
  if (options.resume) {
    const { file, payload } = loadCheckpoint(options.resume, CARTPOLE_TASK);
    const state = decodeState(payload);
    state.config = validateConfig({ ...state.config, episodes: options.config.episodes });
    trainer = Reinforce.fromState(state);
    resumedFrom = file;
  } else {
    trainer = Reinforce.create(options.config);
  }
  const config = trainer.config;
  const runName = options.runName ?? runNameFor(config);
  const modelDir = options.modelDir ?? fromRoot("models", runName);
  return runTraining<EpisodeRecord, Reinforce>({
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
    encodeState: () => encodeState(trainer.state()),
    summary: () => {
      const records = trainer.history;
      const wall = trainer.wallSeconds();
      return {
        env: "CartPole-v1",
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
        config,
        episodes: trainer.episode,
        finalMeanReturn100: trainer.history[trainer.history.length - 1]?.meanReturn100 ?? null,
      }),
    curves: (history) => trainingCurvesFigure(history),
    writeCurves: options.curves,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    record: options.record === false ? false : { ...CARTPOLE_RECORD_KEYS, seed: config.seed, config: { ...config }, tags: options.tags },
  });
}
