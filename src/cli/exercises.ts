// npm run exercises [-- NOTEBOOK]: the course's exercises and where you are with each (what
// exerciseProgress() shows in a notebook), read from output/exercises/progress.json.
import { recordsText } from "../display/table";
import { EXERCISES } from "../exercises/hints";
import { progressFile } from "../exercises/progress";
import { progressRows, solvedSummary } from "../exercises/progress_table";
import { displayPath } from "../core/paths";
import { parseArguments, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";

const SPEC: FlagSpec = { help: { type: "boolean", short: "h" } };

const USAGE = `The course's exercises and your progress on each (kept in output/exercises/progress.json).

  npm run exercises          every notebook's exercises
  npm run exercises -- 03    notebook 03's only

An exercise is solved in its notebook: fill in the function of its cell and run the cell.`;

runCommand(async () => {
  const { values, positionals } = parseArguments(process.argv.slice(2), SPEC, "exercises", true);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`\`npm run exercises\` takes at most one notebook number; got ${positionals.join(" ")}.`);
  const notebook = positionals[0];
  const rows = progressRows(notebook === undefined ? undefined : notebook.padStart(2, "0"));
  if (rows.length === 0) {
    const notebooks = [...new Set(EXERCISES.map((e) => e.id.slice(0, 2)))];
    throw new UsageError(`notebook "${notebook}" has no exercises: the notebooks with exercises are ${notebooks.join(", ")}.`);
  }
  console.log(recordsText(rows.map((r) => ({ exercise: r.exercise, what: r.title, status: r.status, attempts: r.attempts }))));
  console.log(`\n${solvedSummary(rows, notebook ? ` in notebook ${notebook.padStart(2, "0")}` : "")} (${displayPath(progressFile())}).`);
  return EXIT.ok;
});
