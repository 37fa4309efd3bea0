// The index of all runs, output/runs/index.json: one line per run (id, task, name, tags, status,
// times), enough to list, filter and resolve ids without opening every run folder. It is changed
// only under a lock file, so runs started at the same moment in two terminals (or in parallel worker
// processes) all land in it. The run folders themselves are src/experiments/run_store.ts.
import * as fs from "fs";
import * as path from "path";
import { withFileLock } from "../core/file_lock";
import { writeJsonAtomic } from "../core/files";
import { fromRoot } from "../core/paths";
import { UserError } from "../core/user_error";

export type RunRecordStatus = "running" | "completed" | "interrupted" | "diverged" | "failed" | "stopped unexpectedly";

export class RunStoreError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "RunStoreError";
  }
}

export const RUN_FILE = "run.json";
const INDEX_FILE = "index.json";
const LOCK_FILE = "index.lock";

/** What the index keeps of each run: enough to list and filter without opening every folder. */
export interface IndexEntry {
  id: string;
  task: string;
  name: string;
  tags: string[];
  status: RunRecordStatus;
  createdAt: string;
  finishedAt: string | null;
}

/** output/runs, or RUNS_DIR when set (the tests keep their runs apart from a learner's). */
export function runsRoot(root?: string): string {
  return root ?? (process.env.RUNS_DIR ? path.resolve(process.env.RUNS_DIR) : fromRoot("output", "runs"));
}

export function runDir(id: string, root?: string): string {
  return path.join(runsRoot(root), id);
}

/** The index as stored; a missing index is empty, a damaged one is an error (reindex rebuilds it). */
export function readIndex(root?: string): IndexEntry[] {
  const file = path.join(runsRoot(root), INDEX_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!Array.isArray(parsed.runs)) throw new Error("no list of runs");
    return parsed.runs as IndexEntry[];
  } catch (error) {
    throw new RunStoreError(`the index of runs ${file} is damaged (${(error as Error).message}); \`npm run runs -- reindex\` rebuilds it from the run folders`);
  }
}

export function writeIndex(root: string, entries: IndexEntry[]): void {
  entries.sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
  writeJsonAtomic(path.join(root, INDEX_FILE), { version: 1, runs: entries });
}

/** Changes the index under the lock: read, change, write (temporary file, then rename). */
export function changeIndex(root: string, change: (entries: IndexEntry[]) => IndexEntry[]): void {
  withFileLock(path.join(root, LOCK_FILE), () => writeIndex(root, change(readIndex(root))));
}

/** Runs `work` while holding the index's lock. */
export function withIndexLock(root: string, work: () => void): void {
  withFileLock(path.join(root, LOCK_FILE), work);
}

export function readIndexOrEmpty(base: string): IndexEntry[] {
  try {
    return readIndex(base);
  } catch {
    return [];
  }
}

/**
 * A run id from what a person typed: the id itself, a unique part of one (its random suffix, say),
 * or "last" for the newest run.
 */
export function resolveRunId(text: string, root?: string): string {
  const entries = readIndexOrEmpty(runsRoot(root));
  const wanted = text.trim();
  if (wanted === "last" || wanted === "latest") {
    if (entries.length === 0) throw new RunStoreError("there are no runs yet: train something first (`npm run train`)");
    return entries[entries.length - 1].id;
  }
  if (entries.some((e) => e.id === wanted) || fs.existsSync(path.join(runDir(wanted, root), RUN_FILE))) return wanted;
  const matches = entries.filter((e) => e.id.includes(wanted));
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) {
    throw new RunStoreError(`"${wanted}" matches ${matches.length} runs (${matches.slice(0, 5).map((e) => e.id).join(", ")}${matches.length > 5 ? ", …" : ""}); give more of the id`);
  }
  throw new RunStoreError(`there is no run "${wanted}"; \`npm run runs\` lists the runs`);
}
