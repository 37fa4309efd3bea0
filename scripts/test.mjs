// `npm test`: set up what is missing, type-check src/ with TypeScript 5.0 (what tslab compiles
// with), then run the unit tests and execute every notebook through the real kernel (QUICK=1).
// Arguments select test files: npm test -- test/unit/random.test.ts
//
// `npm run test:unit [files]`: the fast path while working on src/: only the npm packages are
// checked (no Python venv, no kernel), nothing is type-checked, and only the unit tests run
// (all of test/unit/, or the files named).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureSetup, ROOT, runMain } from "./setup.mjs";

function step(title, command, args, env = {}) {
  console.log(`\n[test] ${title}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`[test] ${title}: failed`);
    process.exit(result.status ?? 1);
  }
}

// The longest test files, started first so that the two at a time finish close together.
const LONGEST_FIRST = ["test/notebooks_lm.test.ts", "test/notebooks.test.ts", "test/kernel_run_all.test.ts"];

function testFiles(requested, dirs) {
  if (requested.length > 0) return requested;
  const files = [];
  for (const dir of dirs) {
    for (const name of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      if (name.endsWith(".test.ts")) files.push(path.join(dir, name));
    }
  }
  const rank = (file) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);
  return files.sort((a, b) => rank(a) - rank(b));
}

runMain(async () => {
  const args = process.argv.slice(2);
  const unitOnly = args[0] === "--unit";
  const requested = unitOnly ? args.slice(1) : args;
  const node = process.execPath;
  if (unitOnly) {
    ensureSetup({ python: false, quiet: true });
  } else {
    ensureSetup();
    const showBackend = "const t = require('./src/core/tf'); t.initBackend().then((i) => console.log(t.describeBackend(i)))";
    step("TensorFlow.js backend for this run", node, ["--import", "tsx", "-e", showBackend]);
    step("type-check (tsc --noEmit, TypeScript 5.0)", node, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", ROOT]);
    step("type-check the notebooks as the kernel compiles them", node, [path.join(ROOT, "scripts", "check_notebooks.mjs")]);
  }
  // Training runs the tests start are recorded apart from a learner's own (output/runs), and so are
  // the exercises the notebooks check (output/exercises holds a learner's own progress): in folders of
  // this test run's own, so that two test commands started side by side do not empty each other's.
  const ownDir = (name) => path.join(ROOT, "output", name, `pid-${process.pid}`);
  const runsDir = process.env.RUNS_DIR || ownDir("test-runs");
  const exercisesDir = process.env.EXERCISES_DIR || ownDir("test-exercises");
  // (a folder given in the environment is the caller's: left alone)
  const removeOwnDirs = () => [[runsDir, process.env.RUNS_DIR], [exercisesDir, process.env.EXERCISES_DIR]].forEach(([dir, fromEnv]) => fromEnv || fs.rmSync(dir, { recursive: true, force: true }));
  removeOwnDirs(); // each test run starts with none
  const files = testFiles(requested, unitOnly ? ["test/unit"] : ["test/unit", "test"]);
  // Two test files at a time (each in its own process): the notebook tests, one long file, run beside the
  // unit and kernel tests. Every test keeps its files apart (its own temporary folders; the notebooks'
  // names differ), so none sees another's.
  step(unitOnly ? "unit tests" : "unit and notebook tests", node, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files], { RUNS_DIR: runsDir, EXERCISES_DIR: exercisesDir });
  removeOwnDirs(); // passed: nothing to inspect (a failed run keeps its folders, and exits above)
  console.log("\n[test] all passed");
});
