// A whole REINFORCE training run on CartPole, as the `train` command and notebook 03 both do it:
// start or resume, train with progress callbacks, checkpoint every K episodes, and write the
// seed's output files, the final model and a last checkpoint at the end. Stopping early (Ctrl-C,
// a notebook interrupt) and a diverging loss both end the run with everything so far on disk.
import * as path from "path";
import { decodeFloat32, encodeFloat32, loadCheckpoint, saveCheckpoint, CheckpointError } from "./checkpoint";
import { NoChromiumError, saveHtml, savePng } from "./display/export";
import { METRIC_FILES, runtimeVersions, writeLogHistory, writeMetricsCsv, writeSummary } from "./metrics";
import { savePolicyModel } from "./model_io";
import { fromRoot } from "./paths";
import { Reinforce, solvedEpisode, validateConfig, type EpisodeRecord, type ReinforceConfig, type ReinforceState } from "./reinforce";
import { CARTPOLE } from "./envs/cartpole";
import { describeBackend, initBackend } from "./tf";
import { trainLoop, type RunStatus } from "./train_loop";
import { trainingCurvesFigure } from "./training_curves";

export const CARTPOLE_TASK = "cartpole";
export const DEFAULT_OUT_DIR = path.join("output", "policy_gradient_metrics");

export interface CartPoleRunOptions {
  config: ReinforceConfig;
  /** Folder for the seed's four output files (default output/policy_gradient_metrics). */
  outDir?: string;
  /** Names the checkpoint and model folders (default cartpole-seed<S>). */
  runName?: string;
  checkpointDir?: string;
  modelDir?: string;
  /** Checkpoint (and refresh the metric files) every this many episodes. */
  checkpointEvery?: number;
  /** A checkpoint file or folder to continue from; its configuration is used, with `config.episodes` as the new total. */
  resume?: string;
  onProgress?: (records: EpisodeRecord[], trainer: Reinforce) => void | Promise<void>;
  /** Polled after every update; true ends the run early (with a final checkpoint). Ctrl-C and Jupyter's interrupt do too. */
  shouldStop?: () => boolean;
  /** Write training_curves.png (or .html without Chromium). Default true. */
  curves?: boolean;
}

export interface CartPoleRunResult {
  status: RunStatus;
  trainer: Reinforce;
  summary: Record<string, unknown>;
  files: { csv: string; curves: string | null; summary: string; logHistory: string; model: string | null; checkpoint: string | null };
  /** Set when the loss diverged. */
  error?: Error;
  /** Set when the curves could not be drawn as a PNG (no Chromium); the HTML page was written instead. */
  notice?: string;
}

/** The checkpoint payload for a trainer state (arrays as base64 float32). */
export function encodeState(state: ReinforceState): Record<string, unknown> {
  return {
    config: state.config,
    episode: state.episode,
    envSteps: state.envSteps,
    elapsedSeconds: state.elapsedSeconds,
    rng: state.rng,
    history: state.history,
    params: encodeFloat32(state.params),
    adam: { step: state.adam.step, m: encodeFloat32(state.adam.m), v: encodeFloat32(state.adam.v) },
  };
}

export function decodeState(payload: unknown): ReinforceState {
  const p = payload as Record<string, any>;
  try {
    const config = validateConfig(p.config);
    const params = decodeFloat32(p.params);
    return {
      config,
      episode: p.episode,
      envSteps: p.envSteps,
      elapsedSeconds: p.elapsedSeconds,
      rng: p.rng,
      history: p.history,
      params,
      adam: { step: p.adam.step, m: decodeFloat32(p.adam.m, params.length), v: decodeFloat32(p.adam.v, params.length) },
    };
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
  const outDir = options.outDir ?? fromRoot(DEFAULT_OUT_DIR);
  const checkpointDir = options.checkpointDir ?? fromRoot("checkpoints", runName);
  const modelDir = options.modelDir ?? fromRoot("models", runName);
  const every = options.checkpointEvery ?? 100;

  let lastCheckpoint: string | null = resumedFrom;
  const checkpoint = () => {
    lastCheckpoint = saveCheckpoint(checkpointDir, CARTPOLE_TASK, trainer.episode, encodeState(trainer.state()));
  };
  const summarise = (status: RunStatus | "running"): Record<string, unknown> => {
    const records = trainer.history;
    const wall = trainer.wallSeconds();
    return {
      task: CARTPOLE_TASK,
      env: "CartPole-v1",
      status,
      config,
      backend: { name: backend.name, reason: backend.reason, description: describeBackend(backend) },
      versions: runtimeVersions(),
      episodes: trainer.episode,
      env_steps: trainer.envSteps,
      wall_seconds: Number(wall.toFixed(3)),
      env_steps_per_second: wall > 0 ? Math.round(trainer.envSteps / wall) : null,
      final_mean_return_100: records.length ? records[records.length - 1].meanReturn100 : null,
      best_mean_return_100: records.length ? Math.max(...records.map((r) => r.meanReturn100)) : null,
      reward_threshold: CARTPOLE.rewardThreshold,
      solved_episode: solvedEpisode(records),
      checkpoint: lastCheckpoint,
      model: null as string | null,
      resumed_from: resumedFrom,
      written_at: new Date().toISOString(),
    };
  };
  const writeMetrics = (summary: Record<string, unknown>) => ({
    csv: writeMetricsCsv(outDir, trainer.history as unknown as Record<string, unknown>[]),
    logHistory: writeLogHistory(outDir, trainer.history as unknown as Record<string, unknown>[]),
    summary: writeSummary(outDir, summary),
  });

  const { status, error } = await trainLoop(trainer, {
    shouldStop: options.shouldStop,
    onRecords: async (records) => {
      if (options.onProgress) await options.onProgress(records, trainer);
      if (records.some((r) => r.episode % every === 0) && !trainer.finished) {
        checkpoint();
        writeMetrics(summarise("running"));
      }
    },
  });

  // A diverged state is never checkpointed: the last good checkpoint stays the newest.
  let model: string | null = null;
  if (status !== "diverged") {
    checkpoint();
    model = await savePolicyModel(modelDir, trainer.policy, {
      env: "CartPole-v1",
      sizes: trainer.policy.shape.sizes,
      config,
      episodes: trainer.episode,
      finalMeanReturn100: trainer.history[trainer.history.length - 1]?.meanReturn100 ?? null,
    });
  }
  const summary = { ...summarise(status), model, ...(error ? { error: error.message } : {}) };
  const written = writeMetrics(summary);
  let curves: string | null = null;
  let notice: string | undefined;
  if ((options.curves ?? true) && trainer.history.length > 0) {
    const fig = trainingCurvesFigure(trainer.history);
    try {
      curves = await savePng(fig, path.join(outDir, METRIC_FILES.curves));
    } catch (caught) {
      if (!(caught instanceof NoChromiumError)) throw caught;
      notice = `${caught.message} Wrote ${METRIC_FILES.curvesHtml} (interactive, opens in any browser) instead of ${METRIC_FILES.curves}.`;
      curves = await saveHtml(fig, path.join(outDir, METRIC_FILES.curvesHtml));
    }
  }
  return { status, trainer, summary, files: { ...written, curves, model, checkpoint: lastCheckpoint }, error, notice };
}
