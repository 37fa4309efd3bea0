// Experiments you can annotate, from a notebook: every training run is recorded under output/runs/
// (src/experiments/run_store.ts); these are the notebook's handles on them.
//
//   note(run, "collapsed after the lr change", { at: 600 })   attach a note (at an episode/update)
//   runs({ task: "cartpole", since: "2026-11-20" })            show the runs as a table
//   await compare([runA, runB])                                 overlay their curves, notes as stars
//
// A run may be named by its id, by a unique part of it, by "last", or by what training returned.
// (tslab cannot import a folder's index file, so this barrel is a file beside the folder.)
import { dataFrame, show, showTable } from "./display";
import { comparisonFigure, noteRows, type RunView } from "./experiments/comparison";
import { addNote, readNotes, type RunNote } from "./experiments/notes";
import { filterRuns, runRows, type RunFilter } from "./experiments/run_table";
import { resumeLines } from "./experiments/resume";
import { listRuns, loadHistory, loadRun, resolveRunId, RunStoreError, type RunRecord } from "./experiments/run_store";

export { comparisonFigure, noteRows, type RunView } from "./experiments/comparison";
export { addNote, readNotes, type RunNote } from "./experiments/notes";
export { filterRuns, headline, runRows, type RunFilter } from "./experiments/run_table";
export { resumeCommand, resumeHint, resumeLines } from "./experiments/resume";
export { deleteRun, listRuns, loadHistory, loadRun, reindex, resolveRunId, runDir, runsRoot, RunStoreError, type RunRecord } from "./experiments/run_store";

/** A run: its id (or a unique part of it, or "last"), its record, or a training result that carries `runId`. */
export type RunRef = string | { id: string } | { runId: string | null };

export function runIdOf(ref: RunRef): string {
  if (typeof ref === "string") return resolveRunId(ref);
  if ("runId" in ref) {
    if (!ref.runId) throw new RunStoreError("this training run was not recorded (output/runs could not be written when it started)");
    return ref.runId;
  }
  return ref.id;
}

/** Attaches a note to a run, optionally at an episode (CartPole) or update (language model). */
export function note(run: RunRef, text: string, options: { at?: number } = {}): RunNote {
  const id = runIdOf(run);
  const written = addNote(id, text, { at: options.at ?? null });
  console.log(`noted on run ${id}${written.at !== null ? ` at ${loadRun(id).stepKey} ${written.at}` : ""}: ${written.text}`);
  return written;
}

function reportProblems(problems: string[]): void {
  for (const problem of problems) console.log(`⚠ ${problem}`);
}

/** The recorded runs that pass the filter, oldest first (damaged ones are reported and skipped). */
export function findRuns(filter: RunFilter = {}): RunRecord[] {
  const { runs, problems } = listRuns();
  reportProblems(problems);
  return filterRuns(runs, filter);
}

/** Shows the recorded runs as a table: id, name, task, status, start, seed, tags, results, notes. */
export function runs(filter: RunFilter = {}): void {
  const found = findRuns(filter);
  if (found.length === 0) {
    console.log("no recorded runs match; runs are recorded when you train (npm run train, or the notebooks 03–05)");
    return;
  }
  const counts = Object.fromEntries(found.map((r) => [r.id, readNotes(r.id).notes.length]));
  showTable(dataFrame(runRows(found, counts)));
  for (const line of resumeLines(found)) console.log(line);
}

/** A run with its metric records and notes, for charts of your own. */
export function runView(ref: RunRef): RunView {
  const id = runIdOf(ref);
  const { notes, problems } = readNotes(id);
  reportProblems(problems);
  return { record: loadRun(id), history: loadHistory(id), notes };
}

/** Overlays the runs' curves (their default metric, or `metric`), with their notes; then lists the notes. */
export async function compare(refs: RunRef[], options: { metric?: string; title?: string } = {}): Promise<void> {
  const views = refs.map(runView);
  await show(comparisonFigure(views, options));
  const rows = noteRows(views);
  if (rows.length > 0) showTable(dataFrame(rows));
  for (const line of resumeLines(views.map((v) => v.record))) console.log(line);
}
