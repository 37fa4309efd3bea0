// Executing notebooks top to bottom through the real tslab kernel (nbclient, QUICK=1), twice: as
// committed, with every exercise blank (no cell may fail, each exercise says "not solved yet", and the
// notebook draws at least one Plotly chart and one table), and with the solutions of solutions/ typed
// into the exercise cells (every exercise solved). test/notebooks.test.ts and test/notebooks_lm.test.ts
// run them, two files so that two notebooks can run at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { findChromium } from "../../src/display/render";
import { EXERCISES_BY_NOTEBOOK, type Exercise } from "../../src/exercises";
import { fillInSolutions } from "./solved_notebook";

const ROOT = path.resolve(__dirname, "..", "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

const joined = (text: string | string[] | undefined) => (Array.isArray(text) ? text.join("") : text ?? "");


/** "03" for 03_reinforce_cartpole.ipynb. */
const notebookNumber = (name: string) => name.slice(0, 2);

function exercisesOf(name: string): Exercise<any, any>[] {
  return Object.values(EXERCISES_BY_NOTEBOOK[notebookNumber(name)] ?? {});
}

const joinedStreams = (outputs: Output[]) => outputs.filter((o) => o.output_type === "stream").map((o) => joined(o.text)).join("");

/**
 * Runs `source` through the kernel (QUICK=1) into `target` and returns every output. No cell may
 * fail or write to stderr.
 */
function execute(source: string, target: string, env: Record<string, string> = {}): Output[] {
  const name = path.basename(source);
  const started = Date.now();
  const run = spawnSync(PYTHON, [path.join(ROOT, "scripts", "execute_notebook.py"), source, target], {
    cwd: ROOT,
    env: { ...process.env, QUICK: "1", ...env },
    encoding: "utf8",
  });
  const executed = JSON.parse(fs.readFileSync(target, "utf8"));
  const outputs: Output[] = executed.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []);
  const problems = outputs
    .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
    .map((o) => (o.output_type === "error" ? `${o.ename}: ${o.evalue}` : joined(o.text)).slice(0, 2000));
  assert.equal(run.status, 0, `${name} failed after ${((Date.now() - started) / 1000).toFixed(0)} s:\n${problems.join("\n") || run.stderr}`);
  assert.deepEqual(problems, [], `${name} wrote errors`);
  console.log(`${name}: ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return outputs;
}

/**
 * Notebooks 04 and 05 start from the supervised language model in models/lm-sft (the first to run trains it
 * on a fresh clone): their tests live in one file, one after the other, so that it is trained once. A new
 * notebook that uses it belongs in this list.
 */
export const LANGUAGE_MODEL_NOTEBOOKS = ["04", "05"];

/**
 * The tests of the notebooks `select` accepts by number; NOTEBOOKS=02 (a substring of the file name) runs
 * only the matching ones.
 */
export function notebookTests(select: (number: string) => boolean): void {
  const only = process.env.NOTEBOOKS ?? "";
  const notebooks = fs
    .readdirSync(path.join(ROOT, "notebooks"))
    .filter((name) => name.endsWith(".ipynb") && name.includes(only) && select(notebookNumber(name)))
    .sort();

  test("the venv the notebooks run in is there", () => {
    assert.ok(fs.existsSync(PYTHON), "the project venv is missing: run `npm test` (it sets it up) rather than node --test directly");
  });

  for (const name of notebooks) {
    test(`notebook ${name} runs top to bottom and shows charts and tables`, { timeout: 20 * 60_000 }, () => {
      const source = path.join(ROOT, "notebooks", name);
      // The committed version must be clean; a learner's working copy may well hold outputs.
      const fromGit = spawnSync("git", ["show", `HEAD:notebooks/${name}`], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
      const committed = JSON.parse(fromGit.status === 0 ? fromGit.stdout : fs.readFileSync(source, "utf8"));
      assert.equal(committed.metadata.kernelspec.name, "policy-gradient-ts", "notebooks use the course kernel");
      const withOutputs = committed.cells.filter((c: { cell_type: string; outputs?: unknown[] }) => c.cell_type === "code" && (c.outputs ?? []).length > 0);
      assert.equal(withOutputs.length, 0, "notebooks are committed without outputs");

      const outputs = execute(source, path.join(ROOT, "output", "executed", name));
      const exercises = exercisesOf(name);
      const printed = joinedStreams(outputs);
      for (const exercise of exercises) assert.match(printed, new RegExp(`· Exercise ${exercise.id.replace(".", "\\.")} \\(.*\\): not solved yet\\. Hint: `), `exercise ${exercise.id} reports "not solved yet" while blank`);
      if (exercises.length > 0) assert.match(printed, new RegExp(`Notebook ${notebookNumber(name)}: 0 of ${exercises.length} exercises solved\\.`));

      const charts = outputs.filter((o) => o.data && PLOTLY_MIME in o.data);
      assert.ok(charts.length >= 1, `${name} drew no Plotly chart`);
      for (const chart of charts) {
        const data = chart.data!;
        assert.ok(!("text/html" in data), "chart outputs carry no HTML (it would need a trusted notebook)");
        const figure = data[PLOTLY_MIME] as { data?: unknown[]; layout?: object };
        assert.ok(Array.isArray(figure.data) && figure.data.length > 0 && figure.layout, "a chart has data and a layout");
        if (findChromium()) {
          const png = Buffer.from(String(data["image/png"] ?? ""), "base64");
          assert.ok(png.length > 1000 && png[0] === 0x89, "with Chromium present every chart carries a PNG");
        }
      }
      const tables = outputs.filter((o) => o.data && /<table/.test(String(o.data["text/html"] ?? "")));
      assert.ok(tables.length >= 1, `${name} showed no table`);
      console.log(`${name}: ${charts.length} charts, ${tables.length} tables`);
    });

    test(`notebook ${name} with the exercises' solutions typed in: runs, and every exercise is solved`, { timeout: 20 * 60_000 }, () => {
      const exercises = exercisesOf(name);
      const { notebook, filled } = fillInSolutions(JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", name), "utf8")), ROOT);
      assert.deepEqual(filled, exercises.map((e) => e.id), "every exercise of the notebook has a cell that checks it, in order");
      const source = path.join(ROOT, "output", "executed", name.replace(".ipynb", ".solutions-in.ipynb"));
      fs.mkdirSync(path.dirname(source), { recursive: true });
      fs.writeFileSync(source, JSON.stringify(notebook));
      // its own progress file, so that the blank run's verdicts do not mix in
      const exercisesDir = fs.mkdtempSync(path.join(os.tmpdir(), "solved-exercises-"));
      const printed = joinedStreams(execute(source, path.join(ROOT, "output", "executed", name.replace(".ipynb", ".solved.ipynb")), { EXERCISES_DIR: exercisesDir }));
      for (const exercise of exercises) assert.match(printed, new RegExp(`✓ Exercise ${exercise.id.replace(".", "\\.")} \\(.*\\): solved ✓`), `exercise ${exercise.id} is solved by its solution`);
      assert.match(printed, new RegExp(`Notebook ${notebookNumber(name)}: ${exercises.length} of ${exercises.length} exercises solved\\.`));
    });
  }
}
