// The course's exercises with the learner's progress on each, as a table: one notebook's, or all.
import { dataFrame, showTable } from "../display";
import { EXERCISES } from "./hints";
import { readProgress } from "./progress";

export interface ProgressRow {
  exercise: string;
  title: string;
  status: string;
  attempts: number;
}

export function progressRows(notebook?: string): ProgressRow[] {
  const progress = readProgress();
  return EXERCISES.filter((e) => notebook === undefined || e.id.startsWith(`${notebook}.`)).map((e) => {
    const recorded = progress[e.id];
    const p = recorded?.title === e.title ? recorded : undefined; // an exercise renumbered since: not this one
    return { exercise: e.id, title: e.title, status: p?.solved ? "solved ✓" : !p ? "not tried" : p.last === "not solved yet" ? "not solved yet" : `not yet (last try: ${p.last})`, attempts: p?.attempts ?? 0 };
  });
}

/**
 * Shows the table (in a notebook): kept in output/exercises/progress.json across restarts. Returns
 * nothing, so that the notebook shows the table only (progressRows gives the rows as data).
 */
export function exerciseProgress(notebook?: string): void {
  const rows = progressRows(notebook);
  const solved = rows.filter((r) => r.status.startsWith("solved")).length;
  console.log(`${notebook ? `Notebook ${notebook}` : "The course"}: ${solved} of ${rows.length} exercises solved.`);
  showTable(dataFrame(rows.map((r) => ({ "exercise": r.exercise, "what": r.title, "status": r.status, "attempts": r.attempts }))));
}
