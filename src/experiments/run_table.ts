// Runs as rows: filtered by task, tag, name or date, each summed up in one line of results, for the
// notebook's table (runs()) and the terminal's list (npm run runs).
import type { RunRecord } from "./run_store";
import { UserError } from "../core/user_error";

export interface RunFilter {
  task?: string;
  /** Runs carrying this tag. */
  tag?: string;
  /** Runs whose name contains this text. */
  name?: string;
  /** Runs started on or after this moment (a Date, or text such as "2026-11-20" or "2026-11-20T14:00"). */
  since?: Date | string;
  /** Runs started before this moment; a bare date means the end of that day. */
  until?: Date | string;
  /** Only the newest N runs that pass the other filters. */
  last?: number;
}

export class RunFilterError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "RunFilterError";
  }
}

function toDate(value: Date | string, label: string, endOfDay: boolean): Date {
  if (value instanceof Date) return value;
  const text = String(value).trim();
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(bareDate ? `${text}T00:00:00` : text);
  if (Number.isNaN(date.getTime())) throw new RunFilterError(`${label} must be a date such as 2026-11-20 or 2026-11-20T14:00, got "${value}"`);
  if (bareDate && endOfDay) date.setDate(date.getDate() + 1);
  return date;
}

export function filterRuns(runs: RunRecord[], filter: RunFilter = {}): RunRecord[] {
  const since = filter.since !== undefined ? toDate(filter.since, "since", false).getTime() : -Infinity;
  const until = filter.until !== undefined ? toDate(filter.until, "until", true).getTime() : Infinity;
  const kept = runs.filter((run) => {
    const created = new Date(run.createdAt).getTime();
    return (
      (filter.task === undefined || run.task === filter.task) &&
      (filter.tag === undefined || run.tags.includes(filter.tag)) &&
      (filter.name === undefined || run.name.includes(filter.name)) &&
      created >= since &&
      created < until
    );
  });
  if (filter.last !== undefined) {
    if (!(Number.isInteger(filter.last) && filter.last > 0)) throw new RunFilterError(`last must be a whole number ≥ 1, got ${filter.last}`);
    return kept.slice(-filter.last);
  }
  return kept;
}

const numberOf = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** The run's outcome in a few words, from the headline numbers its task records. */
export function headline(run: RunRecord): string {
  const r = run.results;
  const parts: string[] = [];
  const meanReturn = numberOf(r.final_mean_return_100);
  if (meanReturn !== null) parts.push(`mean of last 100 ${meanReturn.toFixed(1)}`);
  if (r.solved_episode !== undefined) parts.push(r.solved_episode === null ? "not solved" : `solved at episode ${r.solved_episode}`);
  const accuracy = numberOf(r.final_heldout_accuracy);
  if (accuracy !== null) {
    const before = numberOf(r.sft_heldout_accuracy);
    parts.push(`held-out accuracy ${before !== null ? `${(100 * before).toFixed(1)}% → ` : ""}${(100 * accuracy).toFixed(1)}%`);
  }
  const kl = numberOf(r.final_kl);
  if (kl !== null) parts.push(`KL ${kl.toFixed(3)}`);
  return parts.join(", ");
}

/** Local date and time to the minute: what a learner recognises days later. */
export function shortTime(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function runRows(runs: RunRecord[], noteCounts: Record<string, number> = {}): Record<string, unknown>[] {
  return runs.map((run) => ({
    id: run.id,
    name: run.name,
    task: run.task,
    status: run.status,
    started: shortTime(run.createdAt),
    seed: run.seed ?? "",
    tags: run.tags.join(", "),
    results: headline(run),
    notes: noteCounts[run.id] ?? 0,
  }));
}

/** Each id's shortest ending (at least `min` characters) that no other id ends with: what `npm run runs` shows. */
export function shortIds(ids: string[], min = 4): Map<string, string> {
  const short = new Map<string, string>();
  for (const id of ids) {
    let length = Math.min(min, id.length);
    while (length < id.length && ids.some((other) => other !== id && other.endsWith(id.slice(-length)))) length++;
    short.set(id, id.slice(-length));
  }
  return short;
}

const clip = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);

/**
 * The runs as a left-aligned text table no wider than `width` (a terminal's 120 columns): short id,
 * name, task, status, start, results, notes. Names and results are shortened (…) to fit.
 */
export function runListText(runs: RunRecord[], noteCounts: Record<string, number>, allIds: string[], width = 120): string {
  const ids = shortIds(allIds);
  const header = ["id", "name", "task", "status", "started", "results", "notes"];
  const rows = runs.map((run) => [ids.get(run.id) ?? run.id, clip(run.name, 28), run.task, run.status, shortTime(run.createdAt), headline(run) || "—", String(noteCounts[run.id] ?? 0)]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col].length)));
  const resultsCol = 5;
  const others = widths.reduce((sum, w, col) => sum + (col === resultsCol ? 0 : w), 0) + 2 * (header.length - 1);
  widths[resultsCol] = Math.max("results".length, Math.min(widths[resultsCol], width - others));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === header.length - 1 ? cell.padStart(widths[col]) : clip(cell, widths[col]).padEnd(widths[col])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
