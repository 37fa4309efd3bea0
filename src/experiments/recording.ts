// How training code records itself in the run store: a run is created when training starts, its
// records and headline numbers are refreshed as it goes, and its status is set when it ends.
// Recording never stops training: if the store cannot be written (a full disk, say), one warning
// is printed and the run goes on.
import { inKernel } from "../core/kernel";
import { runtimeVersions } from "../core/paths";
import { createRun, updateRun, type NewRun, type RunRecord, type RunRecordStatus } from "./run_store";

export interface RunRecorder {
  /** The run's id, or null when it could not be recorded. */
  readonly id: string | null;
  /** New records and headline numbers; `artifacts` adds or replaces file paths (the newest checkpoint). */
  progress(history: unknown[], results: Record<string, unknown>, artifacts?: Record<string, string | null>): void;
  finish(status: RunRecordStatus, history: unknown[], results: Record<string, unknown>, artifacts?: Record<string, string | null>): void;
}

/** Where a run was started from, when the caller does not say. */
export function defaultSource(): string {
  return inKernel() ? "notebook" : "command line";
}

function warn(what: string, error: unknown): void {
  console.log(`(the run could not be ${what} in output/runs: ${(error as Error).message}; training goes on)`);
}

export function startRecording(init: NewRun, options: { root?: string } = {}): RunRecorder {
  let record: RunRecord | null = null;
  try {
    record = createRun({ source: defaultSource(), versions: runtimeVersions(), ...init }, options.root);
  } catch (error) {
    warn("recorded", error);
  }
  const withArtifacts = (artifacts?: Record<string, string | null>) => (artifacts ? { artifacts: { ...record?.artifacts, ...artifacts } } : {});
  const update = (patch: Partial<RunRecord>, history: unknown[]) => {
    if (!record) return;
    try {
      record = updateRun(record.id, patch, history, options.root);
    } catch (error) {
      warn("updated", error);
      record = null;
    }
  };
  return {
    get id() {
      return record?.id ?? null;
    },
    progress: (history, results, artifacts) => update({ results, ...withArtifacts(artifacts) }, history),
    finish: (status, history, results, artifacts) => update({ status, results, finishedAt: new Date().toISOString(), ...withArtifacts(artifacts) }, history),
  };
}

/** Records a run that has already finished (one job of many, run in a worker process). */
export function recordFinishedRun(init: NewRun, status: RunRecordStatus, history: unknown[], results: Record<string, unknown>, options: { root?: string } = {}): string | null {
  const recorder = startRecording(init, options);
  recorder.finish(status, history, results);
  return recorder.id;
}
