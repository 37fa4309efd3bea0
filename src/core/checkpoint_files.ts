// How checkpoint files are named and found: step-NNNNNN.json in a run's checkpoint folder, the step
// being the episode or update it was written at. Writing and reading their contents is
// src/runs/checkpoint.ts; the run records (src/experiments/) find a stopped run's newest one here.
import * as fs from "fs";
import * as path from "path";

const FILE_PATTERN = /^step-(\d+)\.json$/;

/** The episode or update a checkpoint file was written at (step-000400.json → 400), or null. */
export function checkpointStep(file: string): number | null {
  const match = FILE_PATTERN.exec(path.basename(file));
  return match ? Number(match[1]) : null;
}

/** `dir/step-000123.json` for step 123. */
export function checkpointPath(dir: string, step: number): string {
  return path.join(dir, `step-${String(step).padStart(6, "0")}.json`);
}

/** Checkpoint files in a folder, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => FILE_PATTERN.test(name))
    .sort((a, b) => Number(FILE_PATTERN.exec(a)![1]) - Number(FILE_PATTERN.exec(b)![1]))
    .map((name) => path.join(dir, name));
}
