// The life cycle shared by `npm run test:e2e` and `npm run screenshots`: one headless Chromium and
// one JupyterLab server for the whole run, each notebook checked in its own browser context with a
// fresh kernel, and both processes stopped whatever happens: normal end, failed check, exception,
// Ctrl-C / SIGTERM, or the run's overall time limit.
import * as fs from "node:fs";
import * as path from "node:path";
import { launchBrowser, startLab } from "./lab.mjs";
import { checkInterrupt, INTERRUPT_NOTEBOOK } from "./interrupt.mjs";
import { checkRecordedReplay } from "./replay.mjs";
import { checkTypedExercise, EXERCISE_NOTEBOOK } from "./exercise.mjs";
import { checkNotebook } from "./notebook.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks `notebooks` (file names in notebooks/) one after another. Returns one result per notebook
 * ({name, failures, charts, tables, runSeconds, seconds}); throws only when the browser or the server
 * cannot start.
 */
export async function runEndToEnd({
  notebooks,
  interruptCheck = false,
  replayCheck = false,
  exerciseCheck = false,
  exerciseScreenshotFile,
  quick = true,
  notebookTimeoutMs,
  totalTimeoutMs,
  screenshotDir,
  onChecked,
  viewport,
  workDir,
  log = console.log,
}) {
  let browser = null;
  let lab = null;
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (browser) await Promise.race([browser.close().catch(() => undefined), sleep(10_000)]);
      if (lab) await lab.stop();
    })());
  const handlers = {
    SIGINT: () => stopOnSignal("SIGINT", 130),
    SIGTERM: () => stopOnSignal("SIGTERM", 143),
    SIGHUP: () => stopOnSignal("SIGHUP", 129),
  };
  function stopOnSignal(signal, code) {
    console.error(`\n[e2e] ${signal}: stopping the browser and JupyterLab …`);
    cleanup().finally(() => process.exit(code));
  }
  // Last resort if the process exits some other way: kill the server's process group and kernels
  // (playwright kills its browser on exit by itself).
  const onExit = () => lab?.killNow();
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
  process.on("exit", onExit);
  const overall = setTimeout(() => {
    console.error(`\n[e2e] the whole run took longer than ${totalTimeoutMs / 1000} s (E2E_TIMEOUT_S): stopping the browser and JupyterLab and failing.`);
    cleanup().finally(() => process.exit(1));
  }, totalTimeoutMs);

  try {
    browser = await launchBrowser(); // first, so a machine without Chromium fails before anything starts
    lab = await startLab({ notebooks, quick, log, ...(workDir ? { workDir } : {}) });
    const results = [];
    for (const name of notebooks) {
      const base = name.replace(/\.ipynb$/, "");
      const failureScreenshotFile = path.join(screenshotDir, `${base}-FAILED.png`);
      fs.rmSync(failureScreenshotFile, { force: true });
      // and the evidence of charts that did not draw in an earlier run (<base>-FAILED-chart-…)
      if (fs.existsSync(screenshotDir)) for (const file of fs.readdirSync(screenshotDir)) if (file.startsWith(`${base}-FAILED-chart-`)) fs.rmSync(path.join(screenshotDir, file), { force: true });
      results.push(
        await checkNotebook({
          browser,
          lab,
          name,
          timeoutMs: notebookTimeoutMs,
          screenshotFile: path.join(screenshotDir, `${base}.png`),
          failureScreenshotFile,
          onChecked,
          viewport,
          log,
        }),
      );
    }
    if (interruptCheck) {
      results.push(await checkInterrupt({ browser, lab, timeoutMs: notebookTimeoutMs, screenshotFile: path.join(screenshotDir, INTERRUPT_NOTEBOOK.replace(/\.ipynb$/, ".png")), log }));
    }
    if (replayCheck) results.push(await checkRecordedReplay({ browser, workDir: lab.workDir, log }));
    if (exerciseCheck) {
      results.push(await checkTypedExercise({ browser, lab, screenshotFile: exerciseScreenshotFile ?? path.join(screenshotDir, EXERCISE_NOTEBOOK.replace(/\.ipynb$/, ".png")), log }));
    }
    return results;
  } finally {
    clearTimeout(overall);
    await cleanup();
    for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
    process.off("exit", onExit);
  }
}

/** Seconds from an environment variable, or the default. */
export function secondsFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value * 1000;
}

export function printSummary(results, { startedAt, log = console.log }) {
  log("\n[e2e] summary");
  for (const r of results) {
    const status = r.failures.length === 0 ? "ok  " : "FAIL";
    log(`  ${status} ${r.name}: ${r.charts} charts, ${r.tables} tables, Run All ${r.runSeconds.toFixed(1)} s, ${r.seconds.toFixed(1)} s in all`);
  }
  const failed = results.filter((r) => r.failures.length > 0);
  for (const r of failed) {
    console.error(`\n[e2e] ${r.name} failed:`);
    for (const failure of r.failures) console.error(`  - ${r.name}: ${failure}`);
  }
  log(`\n[e2e] ${results.length - failed.length} of ${results.length} notebooks passed in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  return failed.length === 0;
}
