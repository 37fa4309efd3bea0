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
    const p = progress[e.id];
    return { exercise: e.id, title: e.title, status: p?.solved ? "solved ✓" : !p ? "not tried" : p.last === "not solved yet" ? "not solved yet" : `not yet (last try: ${p.last})`, attempts: p?.attempts ?? 0 };
  });
}

/** Shows the table (in a notebook) and returns its rows; kept in output/exercises/progress.json across restarts. */
export function exerciseProgress(notebook?: string): ProgressRow[] {
  const rows = progressRows(notebook);
  const solved = rows.filter((r) => r.status.startsWith("solved")).length;
  console.log(`${notebook ? `Notebook ${notebook}` : "The course"}: ${solved} of ${rows.length} exercises solved.`);
  showTable(dataFrame(rows.map((r) => ({ "exercise": r.exercise, "what": r.title, "status": r.status, "attempts": r.attempts }))));
  return rows;
}
