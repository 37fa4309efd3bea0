// The course's exercises with the learner's progress on each, as a table: one notebook's, or all.
import { dataFrame, showTable } from "../display";
import { EXERCISES } from "./hints";
import { readProgress, type ExerciseProgress } from "./progress";

export interface ProgressRow {
  exercise: string;
  title: string;
  status: string;
  attempts: number;
  solved: boolean;
  /** Solved once, and the last try since was not: the code in the notebook is no longer the solution. */
  failedSinceSolved: boolean;
}

export function progressRows(notebook?: string): ProgressRow[] {
  const progress = readProgress();
  return EXERCISES.filter((e) => notebook === undefined || e.id.startsWith(`${notebook}.`)).map((e) => {
    const recorded = progress[e.id];
    const p = recorded?.title === e.title ? recorded : undefined; // an exercise renumbered since: not this one
    const solved = Boolean(p?.solved);
    return { exercise: e.id, title: e.title, status: statusOf(p), attempts: p?.attempts ?? 0, solved, failedSinceSolved: solved && p?.last !== "solved" };
  });
}

/** A solved exercise whose last check was not solved says both: the code now in the notebook is not the solution. */
function statusOf(p: ExerciseProgress | undefined): string {
  if (!p) return "not tried";
  if (p.solved) return p.last === "solved" ? "solved ✓" : `solved ✓ before; last try: ${p.last} ✗`;
  return p.last === "not solved yet" ? "not solved yet" : `not yet (last try: ${p.last})`;
}

/** "3 of 11 exercises solved", and how many of those failed their last try since. */
export function solvedSummary(rows: ProgressRow[], where = ""): string {
  const solved = rows.filter((r) => r.solved).length;
  const failedSince = rows.filter((r) => r.failedSinceSolved).length;
  const since = failedSince > 0 ? ` (${failedSince} of them failed the last try: the code in the notebook is no longer the solution)` : "";
  return `${solved} of ${rows.length} exercises solved${where}${since}`;
}

/**
 * Shows the table (in a notebook): kept in output/exercises/progress.json across restarts. Returns
 * nothing, so that the notebook shows the table only (progressRows gives the rows as data).
 */
export function exerciseProgress(notebook?: string): void {
  const rows = progressRows(notebook);
  console.log(`${notebook ? `Notebook ${notebook}` : "The course"}: ${solvedSummary(rows)}.`);
  showTable(dataFrame(rows.map((r) => ({ "exercise": r.exercise, "what": r.title, "status": r.status, "attempts": r.attempts }))));
}
