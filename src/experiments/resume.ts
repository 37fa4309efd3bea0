// How to go on with a run that stopped before its end (interrupted, or stopped unexpectedly): its
// newest checkpoint, and the command that continues from it. The training commands print the same
// command when Ctrl-C stops them.
import * as fs from "fs";
import { checkpointStep, listCheckpoints } from "../core/checkpoint_files";
import { ENVIRONMENT_NAMES } from "../rl/environments";
import { shortIds } from "./run_table";
import type { RunRecord } from "./run_store";
import { displayPath } from "../core/paths";

/** What counts a task's progress, as the train command's flag that sets the total. */
const TOTAL_FLAGS: Record<string, { task: string; flag: string; configKey: string }> = {
  ...Object.fromEntries(ENVIRONMENT_NAMES.map((name) => [name, { task: `--env ${name}`, flag: "--episodes", configKey: "episodes" }])),
  lm: { task: "--task lm", flag: "--updates", configKey: "updates" },
};

/** `npm run train -- … --resume <checkpoint> …`: continues a run to `total` episodes or updates. */
export function resumeCommand(task: string, checkpoint: string, total: number, runName?: string): string {
  const known = TOTAL_FLAGS[task];
  if (!known) throw new Error(`no resume command for task "${task}"`);
  const name = runName ? ` --run-name ${runName}` : "";
  return `npm run train -- ${known.task} --resume ${displayPath(checkpoint)} ${known.flag} ${total}${name}`;
}

/**
 * The run's newest checkpoint: the highest step-NNNNNN.json in its checkpoint folder written since
 * the run began (a process killed hard may have written one more checkpoint than its record names,
 * and may leave a half-written temporary file, which is not a checkpoint), else the one it recorded.
 */
export function newestCheckpoint(run: RunRecord): string | null {
  const recorded = typeof run.artifacts.checkpoint === "string" ? run.artifacts.checkpoint : null;
  const folder = typeof run.artifacts.checkpoints === "string" ? run.artifacts.checkpoints : null;
  if (!folder || !fs.existsSync(folder)) return recorded;
  const since = new Date(run.createdAt).getTime();
  const candidates = listCheckpoints(folder).filter((file) => fs.statSync(file).mtimeMs >= since);
  return candidates.length > 0 ? candidates[candidates.length - 1] : recorded;
}

/** The newest checkpoint of a run, and the command that resumes it (null when there is none). */
export function resumeHint(run: RunRecord): { checkpoint: string | null; command: string | null } {
  const checkpoint = newestCheckpoint(run);
  const known = TOTAL_FLAGS[run.task];
  const total = known ? Number(run.config[known.configKey]) : NaN;
  if (!checkpoint || !known || !Number.isInteger(total)) return { checkpoint, command: null };
  return { checkpoint, command: resumeCommand(run.task, checkpoint, total, run.name) };
}

/**
 * For each run that ended before its end (stopped unexpectedly, or interrupted): one line naming
 * it, its newest checkpoint and the command that resumes it.
 */
export function resumeLines(runs: RunRecord[], allIds: string[] = runs.map((r) => r.id)): string[] {
  const ids = shortIds(allIds);
  return runs
    .filter((run) => run.status === "stopped unexpectedly" || run.status === "interrupted")
    .map((run) => {
      const { checkpoint, command } = resumeHint(run);
      const who = `run ${ids.get(run.id) ?? run.id} (${run.name}) ${run.status}`;
      if (!checkpoint) return `${who}; it wrote no checkpoint, so it can only be started again`;
      const step = checkpointStep(checkpoint);
      const at = step !== null ? ` (${run.stepKey} ${step})` : "";
      return `${who}; newest checkpoint ${displayPath(checkpoint)}${at}${command ? `; resume: ${command}` : ""}`;
    });
}
