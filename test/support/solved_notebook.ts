// A notebook with its exercises solved: every function a cell hands to `check(exercisesNN.name, myFunction)`
// is replaced by the solution of the same name in solutions/ (renamed to myFunction), as a learner who
// typed the solution in would have it. The tests execute each notebook this way as well as blank.
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";
import { EXERCISES_BY_NOTEBOOK, SOLUTION_FILES } from "../../src/exercises";

interface Cell {
  cell_type: string;
  source: string | string[];
}

const CHECK_CALL = /check\(exercises(\d\d)\.(\w+), (\w+)\)/g;

/** The text of `function name(…) {…}` in `source` (without `export` and comments), or undefined. */
function functionText(source: string, name: string): { start: number; end: number; text: string } | undefined {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2020, true);
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) {
      const start = statement.getStart(file, false);
      const text = source.slice(start, statement.end).replace(/^export\s+/, "");
      return { start, end: statement.end, text };
    }
  }
  return undefined;
}

/** The notebook (parsed .ipynb) with every exercise's blank replaced by its solution; also the ids filled in. */
export function fillInSolutions(notebook: { cells: Cell[] }, root: string): { notebook: { cells: Cell[] }; filled: string[] } {
  const filled: string[] = [];
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    let source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    for (const [, notebookId, name, learnerFunction] of Array.from(source.matchAll(CHECK_CALL))) {
      const exercise = EXERCISES_BY_NOTEBOOK[notebookId]?.[name];
      if (!exercise) throw new Error(`check(exercises${notebookId}.${name}, …): there is no such exercise`);
      const solutionFile = path.join(root, SOLUTION_FILES[notebookId]);
      const solution = functionText(fs.readFileSync(solutionFile, "utf8"), name);
      if (!solution) throw new Error(`${SOLUTION_FILES[notebookId]} has no function ${name}`);
      const blank = functionText(source, learnerFunction);
      if (!blank) throw new Error(`the cell that checks exercise ${exercise.id} does not declare function ${learnerFunction}`);
      const renamed = solution.text.replace(new RegExp(`^function ${name}\\b`), `function ${learnerFunction}`);
      source = source.slice(0, blank.start) + renamed + source.slice(blank.end);
      filled.push(exercise.id);
    }
    return { ...cell, source };
  });
  return { notebook: { ...notebook, cells }, filled };
}
