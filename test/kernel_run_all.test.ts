// Run All with a learner's slip in an exercise, in the real course kernel, sent as JupyterLab sends it
// (every cell at once; an exercise cell, tagged "raises-exception", with stop_on_error false):
// - a typo that TypeScript refuses stops that exercise's cell only: the exercise below it and the rest of
//   the notebook run (and without the tag, tslab drops every cell below it, which is why the tag is there);
//   nbclient, as the notebook tests run notebooks, goes on past it too;
// - a loop or an await that never ends in an exercise is stopped by interrupt (■): the cells queued behind
//   it do not run, as after any interrupt, and the kernel keeps what the notebook defined.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeCell, courseNotebook, runAll, sourceOf, textOf, type Cell } from "./support/run_all";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");

test("a typo TypeScript refuses in exercise 01.1 stops that cell only: 01.2 and the rest of notebook 01 run", { timeout: 15 * 60_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "run-all-"));
  const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", "01_objective.ipynb"), "utf8")) as { cells: Cell[] };
  const code = notebook.cells.filter((c) => c.cell_type === "code");
  const typoAt = code.findIndex((c) => sourceOf(c).includes("check(exercises01.sampleAction"));
  assert.ok(typoAt > 0 && (code[typoAt].metadata.tags ?? []).includes("raises-exception"), "exercise 01.1 has a cell of its own, tagged raises-exception");
  code[typoAt].source = sourceOf(code[typoAt]).replace("return yourCodeHere(); // ← your code", "return probabilities.sum();");

  const tagged = runAll(notebook, work);
  assert.equal(tagged.cells.length, code.length);
  assert.equal(tagged.cells[typoAt].status, "error");
  // (the message the notebook and the README show: line 3, column 24 of the cell)
  assert.match(textOf(tagged.cells[typoAt]), /^3:24 - Property 'sum' does not exist on type 'number\[\]'\.$/m);
  tagged.cells.forEach((cell, i) => i !== typoAt && assert.equal(cell.status, "ok", `cell ${i}: ${textOf(cell).slice(0, 300)}`));
  assert.match(textOf(tagged.cells[typoAt + 1]), /· Exercise 01\.2 .*: not solved yet/);
  assert.match(textOf(tagged.cells[code.length - 1]), /Notebook 01: 0 of 2 exercises solved\./);

  // the control: the same cell untagged is sent with stop_on_error true, and every cell below it is dropped
  delete code[typoAt].metadata.tags;
  const untagged = runAll(notebook, work);
  assert.equal(untagged.cells[typoAt].status, "error");
  untagged.cells.slice(typoAt + 1).forEach((cell, i) => assert.equal(cell.status, "abort", `cell ${typoAt + 1 + i}`));

  // nbclient (the notebook tests, execute_notebook.py) runs one cell at a time and goes on past a tagged cell's error
  code[typoAt].metadata.tags = ["raises-exception"];
  const source = path.join(work, "typo.ipynb");
  const target = path.join(work, "typo.executed.ipynb");
  fs.writeFileSync(source, JSON.stringify(notebook));
  const nbclient = spawnSync(PYTHON, [path.join(ROOT, "scripts", "execute_notebook.py"), source, target], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, QUICK: "1", EXERCISES_DIR: path.join(work, "exercises"), RUNS_DIR: path.join(work, "runs") },
  });
  assert.equal(nbclient.status, 0, nbclient.stderr);
  const executed = (JSON.parse(fs.readFileSync(target, "utf8")) as { cells: Cell[] }).cells.filter((c) => c.cell_type === "code");
  const printed = (cell: Cell) => (cell.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");
  assert.match(printed(executed[typoAt]), /Property 'sum' does not exist/);
  assert.match(printed(executed[executed.length - 1]), /Notebook 01: 0 of 2 exercises solved\./);
});

// A loop that never ends, as a learner writes it: synchronous (tslab's vm stops it on SIGINT) or waiting
// on a promise that never settles (tslab's own SIGINT handler rejects it).
const NEVER_ENDING = [
  {
    kind: "a loop",
    message: /Script execution was interrupted by `SIGINT`/,
    // a reward-to-go whose loop counts the wrong way (t++ where t-- belongs)
    body: `  const result = new Array<number>(rewards.length);
  let G = 0;
  for (let t = rewards.length - 1; t >= 0; t++) {
    G = rewards[t % rewards.length] + gamma * G;
    result[t % rewards.length] = G;
  }
  return result;`,
    check: "check(exercises03.rewardToGo, myRewardToGo);",
  },
  {
    kind: "an await",
    message: /Interrupted asynchronously/,
    body: "  return rewards;",
    check: "await new Promise<void>(() => undefined); // waits for ever\ncheck(exercises03.rewardToGo, myRewardToGo);",
  },
];

for (const { kind, message, body, check } of NEVER_ENDING) {
  test(`${kind} that never ends in an exercise: interrupt stops it, the cells queued behind it do not run, and the kernel keeps its state`, { timeout: 5 * 60_000 }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "endless-"));
    const started = path.join(work, "started");
    const exercise = `import * as fs from "fs";
function myRewardToGo(rewards: number[], gamma: number): number[] {
${body}
}
fs.writeFileSync(${JSON.stringify(started)}, "");
${check}`;
    const notebook = courseNotebook([codeCell('import { check, exercises03 } from "./src/exercises";'), codeCell(exercise, ["raises-exception"]), codeCell('console.log("the cell after it ran");')]);
    const thenFile = path.join(work, "then.json");
    fs.writeFileSync(thenFile, JSON.stringify(["console.log(typeof check, typeof exercises03.rewardToGo.reference);"]));
    const result = runAll(notebook, work, ["--interrupt-when-exists", started, "--then", thenFile]);
    assert.ok(result.interrupted, "the cell started and interrupt was pressed");
    assert.deepEqual(result.cells.map((c) => c.status), ["ok", "error", "abort"]);
    assert.match(textOf(result.cells[1]), message);
    assert.equal(result.then[0].status, "ok");
    assert.equal(textOf(result.then[0]), "function function\n");
    assert.ok(result.kernel_alive_after);
  });
}
