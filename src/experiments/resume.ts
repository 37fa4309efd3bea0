// How to go on with a run that stopped before its end (interrupted, or stopped unexpectedly): its
// newest checkpoint, and the command that continues from it. The training commands print the same
// command when Ctrl-C stops them.
import * as path from "path";
import type { RunRecord } from "./run_store";

/** What counts a task's progress, as the train command's flag that sets the total. */
const TOTAL_FLAGS: Record<string, { task: string; flag: string; configKey: string }> = {
  cartpole: { task: "--env cartpole", flag: "--episodes", configKey: "episodes" },
  lm: { task: "--task lm", flag: "--updates", configKey: "updates" },
};

const relative = (file: string) => path.relative(process.cwd(), file) || file;

/** `npm run train -- … --resume <checkpoint> …`: continues a run to `total` episodes or updates. */
export function resumeCommand(task: string, checkpoint: string, total: number, runName?: string): string {
  const known = TOTAL_FLAGS[task];
  if (!known) throw new Error(`no resume command for task "${task}"`);
  const name = runName ? ` --run-name ${runName}` : "";
  return `npm run train -- ${known.task} --resume ${relative(checkpoint)} ${known.flag} ${total}${name}`;
}

/** The newest checkpoint a run recorded, and the command that resumes it (null when there is none). */
export function resumeHint(run: RunRecord): { checkpoint: string | null; command: string | null } {
  const checkpoint = typeof run.artifacts.checkpoint === "string" ? run.artifacts.checkpoint : null;
  const known = TOTAL_FLAGS[run.task];
  const total = known ? Number(run.config[known.configKey]) : NaN;
  if (!checkpoint || !known || !Number.isInteger(total)) return { checkpoint, command: null };
  return { checkpoint, command: resumeCommand(run.task, checkpoint, total, run.name) };
}
