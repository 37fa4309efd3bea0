// `npm run test:e2e`: every notebook in real JupyterLab, in a real (headless) browser.
//
// Starts JupyterLab from the project venv on 127.0.0.1 (free port, random token, QUICK=1) on copies
// of notebooks/*.ipynb in output/e2e/, opens each notebook in headless Chromium (Debian's, driven by
// playwright-core), runs Run ▸ Run All Cells, waits for the kernel, and fails on any error or stderr
// output, on any chart Plotly did not draw in the page and on any table that did not render. Then it
// saves, reloads the page with the notebook untrusted and checks the charts again (the reopen check).
// One screenshot per notebook goes to output/screenshots/ (and <name>-FAILED.png when it fails).
//
//   npm run test:e2e                  every notebook
//   npm run test:e2e -- 01 03         notebooks whose file name contains 01 or 03 (or NOTEBOOKS=01)
//   npm run test:e2e -- interrupt     only the interrupt check (run with every notebook by default)
//   npm run test:e2e -- replay        only the recorded replay (npm run evaluate -- --record, opened in the browser)
//   npm run test:e2e -- exercise      only the exercise typed into a cell (a mistake, then the solution)
//   E2E_NOTEBOOK_TIMEOUT_S=600 E2E_TIMEOUT_S=1800   the time limits (these are the defaults)
import * as path from "node:path";
import { ensureSetup, ROOT, runMain, SetupError } from "./setup.mjs";
import { INTERRUPT_NOTEBOOK } from "../test/e2e/interrupt.mjs";
import { listNotebooks } from "../test/e2e/lab.mjs";
import { printSummary, runEndToEnd, secondsFromEnv } from "../test/e2e/run.mjs";

runMain(async () => {
  const startedAt = Date.now();
  const filters = [...process.argv.slice(2), ...(process.env.NOTEBOOKS ? [process.env.NOTEBOOKS] : [])];
  ensureSetup();
  const notebooks = listNotebooks(filters);
  const interruptCheck = filters.length === 0 || filters.some((filter) => INTERRUPT_NOTEBOOK.includes(filter));
  const replayCheck = filters.length === 0 || filters.some((filter) => "replay".includes(filter));
  const exerciseCheck = filters.length === 0 || filters.some((filter) => "exercise".includes(filter));
  if (notebooks.length === 0 && !interruptCheck && !replayCheck && !exerciseCheck) throw new SetupError(`No notebook in notebooks/ matches ${filters.map((f) => `"${f}"`).join(" or ")}.`);
  const notebookTimeoutMs = secondsFromEnv("E2E_NOTEBOOK_TIMEOUT_S", 600);
  const totalTimeoutMs = secondsFromEnv("E2E_TIMEOUT_S", 1800);
  const checks = [notebooks.length > 0 && `${notebooks.length} notebook(s): ${notebooks.join(", ")}`, interruptCheck && "the interrupt check", replayCheck && "the recorded replay", exerciseCheck && "an exercise typed in"].filter(Boolean);
  console.log(`\n[e2e] ${checks.join(", then ")}; at most ${notebookTimeoutMs / 1000} s each, ${totalTimeoutMs / 1000} s in all`);

  let results;
  try {
    results = await runEndToEnd({ notebooks, interruptCheck, replayCheck, exerciseCheck, quick: true, notebookTimeoutMs, totalTimeoutMs, screenshotDir: path.join(ROOT, "output", "screenshots") });
  } catch (error) {
    if (error.code === "NO_CHROMIUM") throw new SetupError(error.message);
    throw error;
  }
  const passed = printSummary(results, { startedAt });
  console.log("[e2e] screenshots in output/screenshots/, the notebooks as the browser saved them in output/e2e/notebooks/");
  // Exit now: idle keep-alive sockets would otherwise hold the process for a few more seconds.
  process.exit(passed ? 0 : 1);
});
