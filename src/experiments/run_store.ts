// Every training run, recorded: a folder output/runs/<id>/ with run.json (what ran: task, config,
// seed, backend, versions, artifact paths, timestamps, results), log_history.json (its metric
// records) and notes.jsonl (what the learner wrote about it). The index of all runs, kept under a
// lock, is src/experiments/run_index.ts; this file re-exports what callers need of it.
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { writeJsonAtomic } from "../core/files";
import { currentOwner, ownerState, type RunOwner } from "./run_owner";
import { changeIndex, readIndex, readIndexOrEmpty, RUN_FILE, RunStoreError, runDir, runsRoot, withIndexLock, writeIndex, type IndexEntry, type RunRecordStatus } from "./run_index";

export { readIndex, resolveRunId, RUN_FILE, RunStoreError, runDir, runsRoot, type IndexEntry, type RunRecordStatus } from "./run_index";

/**
 * "stopped unexpectedly" is never written: it is how a "running" record reads once the process that
 * ran it is gone without writing its final status (see run_owner.ts).
 */
export interface RunRecord {
  id: string;
  /** "cartpole" or "lm". */
  task: string;
  /** A readable name (cartpole-seed0, notebook05-ppo-seed3, …); several runs may share it. */
  name: string;
  tags: string[];
  /** What started it: "command line", "notebook", or a notebook's worker. */
  source: string;
  status: RunRecordStatus;
  /** The process that created the run and writes its status (null in records made before this was kept). */
  owner: RunOwner | null;
  seed: number | null;
  config: Record<string, unknown>;
  backend: string | null;
  versions: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The key of a metric record that counts progress ("episode" or "step"), and the metric curves show by default. */
  stepKey: string;
  metric: string;
  /** Headline numbers (final and best moving average, accuracy, …). */
  results: Record<string, unknown>;
  /** Where the run's other files went (metric files, model, checkpoints folder, newest checkpoint). */
  artifacts: Record<string, string | null>;
  resumedFrom: string | null;
}

export type NewRun = Pick<RunRecord, "task" | "name" | "stepKey" | "metric"> & Partial<Pick<RunRecord, "tags" | "source" | "seed" | "config" | "backend" | "versions" | "artifacts" | "resumedFrom">>;

export const HISTORY_FILE = "log_history.json";
export const NOTES_FILE = "notes.jsonl";

function entryOf(record: RunRecord): IndexEntry {
  const { id, task, name, tags, status, createdAt, finishedAt } = record;
  return { id, task, name, tags, status, createdAt, finishedAt };
}

function slug(text: string): string {
  return text.replace(/[^\w.-]+/g, "_").slice(0, 60) || "run";
}

/** 20261123-103105-cartpole-seed0-a3f9: sortable by time, readable, unique (random suffix, exclusive mkdir). */
function newRunId(name: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${slug(name)}-${randomBytes(2).toString("hex")}`;
}

/** Creates the run's folder and run.json, and adds it to the index. */
export function createRun(init: NewRun, root?: string): RunRecord {
  const base = runsRoot(root);
  fs.mkdirSync(base, { recursive: true });
  const now = new Date();
  let id = newRunId(init.name, now);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.mkdirSync(path.join(base, id));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 20) throw error;
      id = newRunId(init.name, now);
    }
  }
  const stamp = now.toISOString();
  const record: RunRecord = {
    id,
    task: init.task,
    name: init.name,
    tags: [...new Set(init.tags ?? [])],
    source: init.source ?? "command line",
    status: "running",
    owner: currentOwner(),
    seed: init.seed ?? null,
    config: init.config ?? {},
    backend: init.backend ?? null,
    versions: init.versions ?? {},
    createdAt: stamp,
    updatedAt: stamp,
    finishedAt: null,
    stepKey: init.stepKey,
    metric: init.metric,
    results: {},
    artifacts: init.artifacts ?? {},
    resumedFrom: init.resumedFrom ?? null,
  };
  writeJsonAtomic(path.join(base, id, RUN_FILE), record);
  changeIndex(base, (entries) => [...entries.filter((e) => e.id !== id), entryOf(record)]);
  return record;
}

/** The record as a reader should see it: a "running" run whose process is gone stopped unexpectedly. */
function withLiveness(record: RunRecord): RunRecord {
  if (record.status === "running" && ownerState(record.owner) === "gone") return { ...record, status: "stopped unexpectedly" };
  return record;
}

export function loadRun(id: string, root?: string): RunRecord {
  return withLiveness(readRunFile(id, root));
}

/** run.json as stored (the status its owner last wrote). */
function readRunFile(id: string, root?: string): RunRecord {
  const file = path.join(runDir(id, root), RUN_FILE);
  if (!fs.existsSync(file)) throw new RunStoreError(`there is no run "${id}" (no ${file}); \`npm run runs\` lists the runs`);
  let record: RunRecord;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new RunStoreError(`the run folder ${path.dirname(file)} is damaged: ${RUN_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const missing = ["id", "task", "name", "status", "createdAt", "stepKey", "metric"].filter((key) => typeof (record as unknown as Record<string, unknown>)[key] !== "string");
  if (missing.length > 0 || record.id !== id) {
    throw new RunStoreError(`the run folder ${path.dirname(file)} is damaged: ${RUN_FILE} ${missing.length ? `lacks ${missing.join(", ")}` : `names another run (${record.id})`}`);
  }
  return { ...record, owner: record.owner ?? null, tags: Array.isArray(record.tags) ? record.tags : [], results: record.results ?? {}, artifacts: record.artifacts ?? {}, config: record.config ?? {} };
}

/**
 * Updates run.json (and log_history.json when `history` is given). The index changes only when
 * something it lists changed (the status, at the end of a run), so checkpoints cost no lock.
 */
export function updateRun(id: string, patch: Partial<Omit<RunRecord, "id" | "createdAt" | "owner">>, history?: unknown[], root?: string): RunRecord {
  const base = runsRoot(root);
  const before = readRunFile(id, base);
  const record: RunRecord = { ...before, ...patch, id, createdAt: before.createdAt, updatedAt: new Date().toISOString() };
  if (history) writeJsonAtomic(path.join(base, id, HISTORY_FILE), history);
  writeJsonAtomic(path.join(base, id, RUN_FILE), record);
  const listed = entryOf(record);
  if (JSON.stringify(listed) !== JSON.stringify(entryOf(before))) {
    changeIndex(base, (entries) => [...entries.filter((e) => e.id !== id), listed]);
  }
  return record;
}

/** The run's metric records (empty before its first checkpoint). */
export function loadHistory(id: string, root?: string): Record<string, unknown>[] {
  const file = path.join(runDir(id, root), HISTORY_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!Array.isArray(parsed)) throw new Error("not a list of records");
    return parsed;
  } catch (error) {
    throw new RunStoreError(`the run folder ${path.dirname(file)} is damaged: ${HISTORY_FILE} is unreadable (${(error as Error).message})`);
  }
}

export interface RunListing {
  runs: RunRecord[];
  /** One line per damaged, missing or unlisted run folder: reported, never fatal. */
  problems: string[];
}

/** Folders under the runs root that look like runs (hidden folders are deletions in progress). */
function runFolders(base: string): string[] {
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name);
}

/** Every run in the index, oldest first, with the damaged ones skipped and reported. */
export function listRuns(root?: string): RunListing {
  const base = runsRoot(root);
  const problems: string[] = [];
  let entries: IndexEntry[];
  try {
    entries = readIndex(base);
  } catch (error) {
    return { runs: [], problems: [(error as Error).message] };
  }
  const runs: RunRecord[] = [];
  for (const entry of entries) {
    if (!fs.existsSync(runDir(entry.id, base))) {
      problems.push(`run ${entry.id} is in the index but its folder is gone; \`npm run runs -- reindex\` drops it`);
      continue;
    }
    try {
      runs.push(loadRun(entry.id, base));
    } catch (error) {
      problems.push(`skipped: ${(error as Error).message}`);
    }
  }
  const listed = new Set(entries.map((e) => e.id));
  for (const folder of runFolders(base)) {
    if (!listed.has(folder) && fs.existsSync(path.join(base, folder, RUN_FILE))) {
      problems.push(`run folder ${folder} is not in the index; \`npm run runs -- reindex\` adds it`);
    }
  }
  return { runs, problems };
}

/** Every run id in the index or among the run folders, damaged ones included (short ids must not clash with them). */
export function knownRunIds(root?: string): string[] {
  const base = runsRoot(root);
  return [...new Set([...readIndexOrEmpty(base).map((e) => e.id), ...runFolders(base)])];
}

/** Deletes a run: out of the index first, then its folder (renamed aside, so no half-deleted run is ever listed). */
export function deleteRun(id: string, root?: string): void {
  const base = runsRoot(root);
  const folder = runDir(id, base);
  let found = false;
  const aside = path.join(base, `.deleting-${id}-${randomBytes(2).toString("hex")}`);
  withIndexLock(base, () => {
    const entries = readIndexOrEmpty(base);
    found = entries.some((e) => e.id === id);
    if (fs.existsSync(folder)) {
      fs.renameSync(folder, aside);
      found = true;
    }
    if (!found) throw new RunStoreError(`there is no run "${id}"; \`npm run runs\` lists the runs`);
    writeIndex(base, entries.filter((e) => e.id !== id));
  });
  fs.rmSync(aside, { recursive: true, force: true });
}

/** Rebuilds the index from the run folders: adds unlisted runs, drops missing ones, skips damaged ones. */
export function reindex(root?: string): { runs: number; skipped: string[] } {
  const base = runsRoot(root);
  const skipped: string[] = [];
  let count = 0;
  fs.mkdirSync(base, { recursive: true });
  withIndexLock(base, () => {
    const entries: IndexEntry[] = [];
    for (const folder of runFolders(base)) {
      try {
        entries.push(entryOf(readRunFile(folder, base)));
      } catch (error) {
        skipped.push((error as Error).message);
      }
    }
    count = entries.length;
    writeIndex(base, entries);
  });
  return { runs: count, skipped };
}

