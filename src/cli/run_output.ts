// What the training commands share: output folders checked before anything runs, Ctrl-C that stops
// cleanly, and the closing report of files and exit status.
import * as path from "path";
import { fromRoot } from "../core/paths";
import type { TrainingRunResult } from "../runs/training_run";
import { ensureWritableDir, integerFlag, tagsFlag, UsageError, type FlagSpec } from "./args";
import { EXIT } from "./main";
import { displayPath } from "../core/paths";

/** The flags every training command takes besides its configuration: folders, resume, backend, checkpoints, tags. */
export const RUN_FLAGS: FlagSpec = {
  out: { type: "string" },
  resume: { type: "string" },
  backend: { type: "string" },
  "checkpoint-every": { type: "string" },
  "run-name": { type: "string" },
  tag: { type: "string" },
  "checkpoint-dir": { type: "string" },
  "model-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
};

export interface RunFolders {
  runName: string;
  outDir: string;
  checkpointDir: string;
  modelDir: string;
}

/** --run-name, --out, --checkpoint-dir, --model-dir: resolved, and checked to be writable. */
export function runFolders(values: Record<string, unknown>, defaultRunName: string, defaultOut: string): RunFolders {
  const runName = values["run-name"] !== undefined ? String(values["run-name"]) : defaultRunName;
  if (!/^[\w.-]+$/.test(runName)) throw new UsageError(`--run-name may hold letters, digits, ".", "-" and "_" only, got "${runName}".`);
  const given = (flag: string, fallback: string) => (values[flag] !== undefined ? String(values[flag]) : fallback);
  return {
    runName,
    outDir: ensureWritableDir(given("out", fromRoot(defaultOut)), "--out"),
    checkpointDir: ensureWritableDir(given("checkpoint-dir", fromRoot("checkpoints", runName)), "--checkpoint-dir"),
    modelDir: ensureWritableDir(given("model-dir", fromRoot("models", runName)), "--model-dir"),
  };
}

/** What the shared flags say about a run, in the names runCartPole and runLm take; checked before anything runs. */
export interface RunFlagValues extends RunFolders {
  tags: string[];
  checkpointEvery: number;
  /** The checkpoint file or folder to continue from. */
  resume: string | undefined;
}

export function runFlagValues(values: Record<string, unknown>, defaults: { runName: string; outDir: string; checkpointEvery: number }): RunFlagValues {
  return {
    ...runFolders(values, defaults.runName, defaults.outDir),
    tags: tagsFlag(values),
    checkpointEvery: integerFlag(values, "checkpoint-every", defaults.checkpointEvery, 1, 1_000_000),
    resume: values.resume !== undefined ? String(values.resume) : undefined,
  };
}

/** The first Ctrl-C asks the run to stop after the current update; a second one quits at once. */
export function stopOnCtrlC(): () => boolean {
  let requested = false;
  process.on("SIGINT", () => {
    if (requested) process.exit(EXIT.interrupted);
    requested = true;
    process.stderr.write("\nStopping after this update and saving a checkpoint (Ctrl-C again to quit at once) …\n");
  });
  return () => requested;
}


/** Prints where everything went and returns the exit status (resume hint when interrupted). */
export function reportRun<T>(result: TrainingRunResult<T>, outDir: string, resumeCommand: (checkpoint: string) => string): number {
  const { files } = result;
  if (result.notice) console.log(result.notice);
  const written = [files.csv, files.curves, files.summary, files.logHistory].filter((f): f is string => Boolean(f)).map((f) => path.basename(f));
  console.log(`Metrics: ${displayPath(outDir)}/ (${written.join(", ")})`);
  if (files.model) console.log(`Model:   ${displayPath(files.model)}`);
  if (files.checkpoint) console.log(`Checkpoint: ${displayPath(files.checkpoint)}`);
  if (result.runId) console.log(`Run:     ${result.runId} (npm run runs -- show ${result.runId}; add a note with npm run runs -- note ${result.runId} "…")`);
  if (result.status === "diverged") {
    console.error(
      `\nerror: ${result.error?.message}. Training stopped. The metrics so far are written; the newest checkpoint ` +
        `(${files.checkpoint ? displayPath(files.checkpoint) : "none yet"}) is from before the problem. Try a smaller --lr.`,
    );
    return EXIT.diverged;
  }
  if (result.status === "interrupted") {
    console.log(`Resume with: ${resumeCommand(displayPath(files.checkpoint!))}`);
    return EXIT.interrupted;
  }
  return EXIT.ok;
}

/** When resuming, flags that would change the saved configuration are refused. */
export function refuseConfigChanges(values: Record<string, unknown>, flags: string[]): void {
  const given = flags.filter((flag) => values[flag] !== undefined);
  if (given.length > 0) {
    throw new UsageError(`${given.map((f) => `--${f}`).join(", ")} cannot change when resuming: the checkpoint's configuration is used so the run continues exactly. Start a new run to change it.`);
  }
}
