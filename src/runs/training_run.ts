// What every training run does around its trainer, whatever it trains (CartPole or a language
// model): checkpoint every K steps, keep the source lesson's output files up to date (training_metrics.csv,
// log_history.json, summary.json, training_curves.png), save the final model and a last checkpoint,
// and end cleanly when interrupted or when the loss diverges.
import * as path from "path";
import { saveCheckpoint } from "./checkpoint";
import type { Figure } from "../display/figure";
import { NoChromiumError, saveHtml, savePng } from "../display/export";
import { METRIC_FILES, writeLogHistory, writeMetricsCsv, writeSummary } from "./metrics";
import { runtimeVersions } from "../core/paths";
import { startRecording, type RunRecorder } from "../experiments/recording";
import { inKernel } from "../core/kernel";
import { fromRoot } from "../core/paths";
import { resumeCommand } from "../experiments/resume";
import { describeBackend, type BackendInfo } from "../core/tf";
import { trainLoop, type RunStatus, type Trainable } from "../rl/train_loop";
import { displayPath } from "../core/paths";

export interface RunTrainer<R> extends Trainable<R> {
  readonly history: R[];
  readonly wallSeconds: number;
}

export interface TrainingRunSpec<R, T extends RunTrainer<R>> {
  task: string;
  trainer: T;
  backend: BackendInfo;
  outDir: string;
  /** Where the snapshots go (default checkpoints/<runName>). */
  checkpointDir?: string;
  /** Checkpoint and refresh the metric files whenever a record's step is a multiple of this. */
  checkpointEvery: number;
  /** The checkpoint the run continued from, if any. */
  resumedFrom: string | null;
  /** The episode or update number a record belongs to. */
  stepOf: (record: R) => number;
  /** How far the trainer is (names its checkpoint files). */
  progress: () => number;
  /** The episodes or updates the run trains to, and what one of them is called ("episode", "update"). */
  total: number;
  stepName: string;
  /** The notebook call that continues from `checkpoint` (shown when an interrupt stops the run in a notebook). */
  notebookResume: (checkpoint: string) => string;
  /** The run's name: names its checkpoint and model folders and its record in output/runs. */
  runName: string;
  /** The checkpoint payload for the trainer's current state. */
  encodeState: () => unknown;
  /** Task-specific lines of summary.json. */
  summary: () => Record<string, unknown>;
  /**
   * How the final weights do by a measure of their own (e.g. a greedy evaluation against a pass mark), measured
   * once after training unless the loss diverged; the lines join summary.json and the model's metadata.
   */
  judge?: () => Record<string, unknown>;
  /** Saves the final model (not called when the loss diverged) with the judge's lines; returns its file. */
  saveModel: (judged: Record<string, unknown>) => Promise<string>;
  curves: (history: R[]) => Figure;
  /** Write training_curves (default true). */
  writeCurves?: boolean;
  onProgress?: (records: R[], trainer: T) => void | Promise<void>;
  shouldStop?: () => boolean;
  /** How the run is recorded in output/runs (src/experiments), or false for not at all. */
  record: RunRecordSpec | false;
}

export interface RunRecordSpec {
  seed: number;
  config: Record<string, unknown>;
  /** The record key that counts progress ("episode", "step") and the metric curves show by default. */
  stepKey: string;
  metric: string;
  tags?: string[];
  source?: string;
}

/** What callers of a whole run (CartPole, language model) may say about its record. */
export interface RecordOptions {
  /** Tags to find the run by later (runs({ tag })). */
  tags?: string[];
  /** Record the run in output/runs (default true). */
  record?: boolean;
}

/** What a caller of a whole run (runCartPole, runLm) may choose besides the configuration. */
export interface RunOptions<R, T> extends RecordOptions {
  /** Folder for the source lesson's four output files (default output/policy_gradient_metrics). */
  outDir?: string;
  /** Names the checkpoint and model folders (default from the task and seed). */
  runName?: string;
  checkpointDir?: string;
  modelDir?: string;
  /** Checkpoint (and refresh the metric files) every this many episodes or updates. */
  checkpointEvery?: number;
  /** A checkpoint file or folder to continue from; its configuration is used, with the config's total as the new total. */
  resume?: string;
  onProgress?: (records: R[], trainer: T) => void | Promise<void>;
  /** Polled after every update; true ends the run early (with a final checkpoint). Ctrl-C and Jupyter's interrupt do too. */
  shouldStop?: () => boolean;
  /** Write training_curves.png (or .html without Chromium). Default true. */
  curves?: boolean;
}

/** What summary.json holds minus what run.json keeps elsewhere: the run's headline numbers. */
function resultsOf(summary: Record<string, unknown>): Record<string, unknown> {
  const { config: _config, backend: _backend, versions: _versions, task: _task, status: _status, written_at: _written, ...results } = summary;
  return results;
}

export interface TrainingRunResult<T> {
  status: RunStatus;
  trainer: T;
  /** The run's id in output/runs (null when not recorded). */
  runId: string | null;
  summary: Record<string, unknown>;
  files: { csv: string; curves: string | null; summary: string; logHistory: string; model: string | null; checkpoint: string | null };
  /** Set when the loss diverged. */
  error?: Error;
  /** Set when the curves could not be drawn as a PNG (no Chromium); the HTML page was written instead. */
  notice?: string;
}

/** Writes a chart as PNG, or as a standalone HTML page when there is no Chromium (with a notice). */
export async function saveChart(fig: Figure, dir: string): Promise<{ file: string; notice?: string }> {
  try {
    return { file: await savePng(fig, path.join(dir, METRIC_FILES.curves)) };
  } catch (caught) {
    if (!(caught instanceof NoChromiumError)) throw caught;
    const notice = `${caught.message} Wrote ${METRIC_FILES.curvesHtml} (interactive, opens in any browser) instead of ${METRIC_FILES.curves}.`;
    return { file: await saveHtml(fig, path.join(dir, METRIC_FILES.curvesHtml)), notice };
  }
}

export async function runTraining<R, T extends RunTrainer<R>>(spec: TrainingRunSpec<R, T>): Promise<TrainingRunResult<T>> {
  const { trainer, backend, outDir } = spec;
  const checkpointDir = spec.checkpointDir ?? fromRoot("checkpoints", spec.runName);
  let lastCheckpoint: string | null = spec.resumedFrom;
  const checkpoint = () => {
    lastCheckpoint = saveCheckpoint(checkpointDir, spec.task, spec.progress(), spec.encodeState());
  };
  const summarise = (status: RunStatus | "running", extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    task: spec.task,
    status,
    ...spec.summary(),
    backend: { name: backend.name, reason: backend.reason, description: describeBackend(backend) },
    versions: runtimeVersions(),
    wall_seconds: Number(trainer.wallSeconds.toFixed(3)),
    checkpoint: lastCheckpoint,
    model: null,
    resumed_from: spec.resumedFrom,
    written_at: new Date().toISOString(),
    ...extra,
  });
  const writeMetrics = (summary: Record<string, unknown>) => {
    const records = trainer.history as unknown as Record<string, unknown>[];
    return { csv: writeMetricsCsv(outDir, records), logHistory: writeLogHistory(outDir, records), summary: writeSummary(outDir, summary) };
  };

  const recorder: RunRecorder | null =
    spec.record === false
      ? null
      : startRecording({
          task: spec.task,
          name: spec.runName,
          ...spec.record,
          backend: backend.name,
          resumedFrom: spec.resumedFrom,
          artifacts: { metrics: outDir, checkpoints: checkpointDir },
        });

  let loop: Awaited<ReturnType<typeof trainLoop>>;
  try {
    loop = await trainLoop<R, T>(trainer, {
      shouldStop: spec.shouldStop,
      onRecords: async (records) => {
        if (spec.onProgress) await spec.onProgress(records, trainer);
        if (records.some((r) => spec.stepOf(r) % spec.checkpointEvery === 0) && !trainer.finished) {
          checkpoint();
          const summary = summarise("running");
          writeMetrics(summary);
          recorder?.progress(trainer.history, resultsOf(summary), { checkpoint: lastCheckpoint });
        }
      },
    });
  } catch (caught) {
    recorder?.finish("failed", trainer.history, { ...resultsOf(summarise("running")), error: (caught as Error).message });
    throw caught;
  }
  const { status, error, stoppedBy } = loop;

  // A diverged state is never checkpointed: the last good checkpoint stays the newest.
  let model: string | null = null;
  let judged: Record<string, unknown> = {};
  if (status !== "diverged") {
    checkpoint();
    judged = spec.judge?.() ?? {};
    model = await spec.saveModel(judged);
  }
  const summary = summarise(status, { ...judged, model, ...(error ? { error: error.message } : {}) });
  const written = writeMetrics(summary);
  let curves: string | null = null;
  let notice: string | undefined;
  if ((spec.writeCurves ?? true) && trainer.history.length > 0) {
    ({ file: curves, notice } = await saveChart(spec.curves(trainer.history), outDir));
  }
  const files = { ...written, curves, model, checkpoint: lastCheckpoint };
  recorder?.finish(status, trainer.history, resultsOf(summary), { ...files });
  // In a notebook, the interrupt button ends the cell's training here: say where and how to go on.
  if (stoppedBy === "interrupt" && inKernel() && lastCheckpoint) console.log(interruptedMessage(spec, lastCheckpoint, outDir, model));
  return { status, trainer, runId: recorder?.id ?? null, summary, files, error, notice };
}


/** What a learner sees when the interrupt button stopped training in a notebook cell. */
export function interruptedMessage<R, T extends RunTrainer<R>>(spec: TrainingRunSpec<R, T>, checkpoint: string, outDir: string, model: string | null): string {
  const at = spec.progress();
  return [
    `Interrupted: training stopped after ${spec.stepName} ${at} of ${spec.total}.`,
    `Saved: the checkpoint ${displayPath(checkpoint)}, the metrics so far in ${displayPath(outDir)}/${model ? `, the model so far in ${displayPath(model)}` : ""}.`,
    `The variables of this cell hold the run as it stopped; the cells below work with it.`,
    `To go on from ${spec.stepName} ${at}, in this notebook:`,
    `  ${spec.notebookResume(displayPath(checkpoint))}`,
    `or from a terminal:`,
    `  ${resumeCommand(spec.task, checkpoint, spec.total, spec.runName)}`,
  ].join("\n");
}
