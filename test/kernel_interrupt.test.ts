// The interrupt button during a training cell, in the real course kernel (tslab): training stops
// after the current update, the checkpoint is written, the cell ends with one clear message (where
// it stopped, what was saved, how to resume) instead of tslab's stack trace, its live chart shows
// the final state, and the next cell works with the run as it stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");

interface CellResult {
  status: string;
  outputs: { type: string; text: string }[];
  interrupted_after_s: number | null;
}

test("interrupting a training cell: one clear message, a checkpoint, the final chart, and a next cell that works", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "interrupt-"));
  const dirs = { out: path.join(work, "out"), ckpt: path.join(work, "ckpt"), model: path.join(work, "model") };
  const setup = `import { runCartPole } from "./src/runs/episodic_run";
import { SOURCE_LESSON_CONFIG } from "./src/rl/reinforce";
import { LiveDisplay } from "./src/display";
import { trainingCurvesFigure } from "./src/runs/training_curves";`;
  const training = `const config = { ...SOURCE_LESSON_CONFIG, episodes: 100000, hidden: [16] };
const live = new LiveDisplay(200);
const run = await runCartPole({
  config, runName: "interrupt-test", outDir: ${JSON.stringify(dirs.out)}, checkpointDir: ${JSON.stringify(dirs.ckpt)},
  modelDir: ${JSON.stringify(dirs.model)}, checkpointEvery: 25, curves: false,
  onProgress: (_, t) => live.update(trainingCurvesFigure(t.history), \`episode \${t.episode}\`),
});
await live.finish(trainingCurvesFigure(run.trainer.history), \`stopped at episode \${run.trainer.episode}\`);
console.log(\`\${run.status} at episode \${run.trainer.episode}\`);`;
  const next = "console.log(`next cell: ${run.status} ${run.trainer.episode}`);";
  const cellsFile = path.join(work, "cells.json");
  fs.writeFileSync(cellsFile, JSON.stringify([{ code: setup }, { code: training, interrupt_when_exists: path.join(dirs.ckpt, "step-000050.json") }, { code: next }]));

  const result = spawnSync(PYTHON, [path.join(ROOT, "test", "kernel", "interrupt_cell.py"), cellsFile], {
    cwd: ROOT,
    encoding: "utf8",
    // (with Chromium when the machine has it: the live chart's pictures, and a renderer that must outlive the interrupt)
    env: { ...process.env, RUNS_DIR: path.join(work, "runs") },
    timeout: 300_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const { cells, kernel_alive_after } = JSON.parse(result.stdout) as { cells: CellResult[]; kernel_alive_after: boolean };
  const [, trained, after] = cells;
  const text = (cell: CellResult, type: string) => cell.outputs.filter((o) => o.type === type).map((o) => o.text).join("");

  assert.ok(trained.interrupted_after_s !== null, "the interrupt was sent");
  assert.equal(trained.status, "ok", JSON.stringify(trained.outputs));
  assert.equal(text(trained, "stderr") + text(trained, "error"), "", "no error and no stack trace in the cell");
  const stdout = text(trained, "stdout");
  const stopped = /Interrupted: training stopped after episode (\d+) of 100000\./.exec(stdout);
  assert.ok(stopped, stdout);
  const episode = Number(stopped[1]);
  assert.ok(episode >= 50 && episode < 100000);
  const checkpoint = path.join(dirs.ckpt, `step-${String(episode).padStart(6, "0")}.json`);
  assert.ok(fs.existsSync(checkpoint), `the final checkpoint ${checkpoint} exists`);
  assert.ok(stdout.includes(`await runCartPole({ config, runName: "interrupt-test", resume: "${path.relative(ROOT, checkpoint)}" })`), stdout);
  assert.ok(stdout.includes(`npm run train -- --env cartpole --resume ${path.relative(ROOT, checkpoint)} --episodes 100000 --run-name interrupt-test`), stdout);
  assert.match(stdout, new RegExp(`interrupted at episode ${episode}\\n`), "the rest of the cell ran");
  const charts = trained.outputs.filter((o) => o.type.endsWith("display_data"));
  assert.equal(charts.at(-1)?.text, `stopped at episode ${episode}`, "the live chart shows the final state");
  assert.equal(JSON.parse(fs.readFileSync(path.join(dirs.out, "summary.json"), "utf8")).status, "interrupted");

  assert.equal(after.status, "ok");
  assert.equal(text(after, "stdout"), `next cell: interrupted ${episode}\n`);
  assert.ok(kernel_alive_after);
});
