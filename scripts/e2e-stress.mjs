// `npm run test:e2e:stress`: hovers every chart of every notebook again and again, to measure how
// often the browser test's way of drawing a chart fails (a rare failure needs hundreds of tries).
//
// Like `npm run test:e2e` it runs each notebook once in JupyterLab (QUICK=1) and saves it; then, for
// each of --rounds rounds, it reloads the page (alternately with the notebook's signature forgotten,
// as the reopen check does, and still trusted) on the file as Run All left it, and draws every chart
// again exactly as the test does
// (test/e2e/notebook.mjs drawChart). Each chart that does not draw leaves its probe record and a
// picture in output/e2e-stress/ (see test/e2e/chart_probe.mjs); the summary counts hovers, failures
// and the time from the pointer's arrival to the SVG.
//
//   npm run test:e2e:stress                       every notebook, 6 rounds after the first pass
//   npm run test:e2e:stress -- --rounds 10 02     notebooks whose name contains 02, 10 rounds
//   npm run test:e2e:stress -- --shift-layout 01  the page moves each chart down as the pointer arrives
//
// --shift-layout reproduces, on every chart, what made the test fail now and then: the page's layout
// moving the PNG (by about 300 px) after the test chose its point and before the pointer got there,
// so that the pointer lands on other content and the renderer never hears it enter the image. The
// page adds a 320 px margin above each chart's picture once, at the pointer's first move towards it.
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureSetup, ROOT, runMain, SetupError } from "./setup.mjs";
import { launchBrowser, listNotebooks, startLab } from "../test/e2e/lab.mjs";
import { CELLS, domCells, drawChart, readSavedOutputs, runAllCells, saveNotebook, waitForKernelIdle, waitForNotebook } from "../test/e2e/notebook.mjs";
import { installChartProbe } from "../test/e2e/chart_probe.mjs";

const OUT = path.join(ROOT, "output", "e2e-stress");

function parseArgs(argv) {
  const options = { rounds: 6, filters: [], shiftLayout: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--rounds") {
      options.rounds = Number(argv[++i]);
      if (!Number.isInteger(options.rounds) || options.rounds < 0) throw new SetupError(`--rounds takes a whole number ≥ 0, got "${argv[i]}"`);
    } else if (argv[i] === "--shift-layout") options.shiftLayout = true;
    else if (argv[i].startsWith("--")) throw new SetupError(`unknown option ${argv[i]} (known: --rounds N, --shift-layout, then notebook name filters)`);
    else options.filters.push(argv[i]);
  }
  return options;
}

/**
 * For --shift-layout: when the pointer leaves for the window's corner (what drawChart does just
 * before it moves onto a chart), the next move pushes every picture in view that was not pushed yet
 * 320 px down, with a margin added above its output.
 */
async function installLayoutShifter(context) {
  await context.addInitScript(() => {
    let armed = false;
    window.addEventListener(
      "mousemove",
      (event) => {
        if (event.clientX <= 5 && event.clientY <= 5) {
          armed = true;
          return;
        }
        if (!armed) return;
        armed = false;
        for (const img of document.querySelectorAll("img.plot-img")) {
          const rect = img.getBoundingClientRect();
          if (img.dataset.stressShifted || rect.bottom < 0 || rect.top > innerHeight) continue;
          img.dataset.stressShifted = "1";
          // A margin on the image's own container: a change there suspends the browser's scroll
          // anchoring, which would otherwise scroll to keep the image in place (as it does when a
          // block is inserted above).
          const plot = img.closest(".jp-RenderedPlotly");
          if (plot) plot.style.marginTop = "320px";
        }
      },
      true,
    );
  });
}

/** Draws every chart in `charts` once; returns one row per hover. */
async function hoverAll(page, name, charts, round) {
  const rows = [];
  for (const chart of charts) {
    const started = Date.now();
    const base = `${name.replace(/\.ipynb$/, "")}-round${round}-cell${chart.cell + 1}-output${chart.output + 1}`;
    const misses = [];
    const problem = await drawChart(page, chart, {
      evidence: { file: path.join(OUT, base) },
      onMiss: (miss) => {
        misses.push(miss);
        console.log(`[stress] ${name} round ${round}: cell ${chart.cell + 1} output ${chart.output + 1} aimed again: ${miss}`);
      },
    });
    rows.push({ notebook: name, round, cell: chart.cell + 1, output: chart.output + 1, ok: problem === null, ms: Date.now() - started, misses, problem });
    if (problem) console.log(`[stress] ${name} round ${round}: cell ${chart.cell + 1} output ${chart.output + 1} FAILED: ${problem}`);
  }
  return rows;
}

runMain(async () => {
  const { rounds, filters, shiftLayout } = parseArgs(process.argv.slice(2));
  ensureSetup();
  const notebooks = listNotebooks(filters);
  if (notebooks.length === 0) throw new SetupError(`No notebook in notebooks/ matches ${filters.join(" or ")}.`);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const browser = await launchBrowser();
  const lab = await startLab({ notebooks, quick: true, workDir: path.join(ROOT, "output", "e2e-stress-lab") });
  const rows = [];
  try {
    for (const name of notebooks) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
      await installChartProbe(context);
      if (shiftLayout) await installLayoutShifter(context);
      const page = await context.newPage();
      page.on("dialog", (dialog) => dialog.accept().catch(() => undefined));
      page.setDefaultTimeout(30_000);
      try {
        const file = path.join(lab.rootDir, name);
        await page.goto(lab.url(name), { waitUntil: "domcontentloaded", timeout: 60_000 });
        await waitForNotebook(page, readSavedOutputs(file).cellCount);
        await waitForKernelIdle(lab, name);
        console.log(`[stress] ${name}: Run All`);
        await runAllCells(page, lab, name);
        const charts = [];
        (await domCells(page)).forEach((cell, index) => cell.outputs.forEach((output, position) => output.chart && charts.push({ cell: index, output: position })));
        // The file as the kernel's outputs left it, before any chart was drawn: each chart's PNG is
        // the course's own picture, not yet replaced by the renderer's (which has the drawn chart's
        // size). Every round starts from it, so that each round's first draw changes the page as the
        // test's first pass does.
        await saveNotebook(page, file);
        const pristine = fs.readFileSync(file);
        console.log(`[stress] ${name}: ${charts.length} charts; round 0 (right after Run All)`);
        rows.push(...(await hoverAll(page, name, charts, 0)));
        const saved = readSavedOutputs(file).charts.map(({ cell, output }) => ({ cell, output }));
        for (let round = 1; round <= rounds; round++) {
          const untrusted = round % 2 === 1;
          fs.writeFileSync(file, pristine);
          if (untrusted) lab.forgetSignatures();
          await page.reload({ waitUntil: "domcontentloaded", timeout: 60_000 });
          await waitForNotebook(page, readSavedOutputs(file).cellCount);
          await page.locator(CELLS).first().waitFor();
          rows.push(...(await hoverAll(page, name, saved, round)));
          const failed = rows.filter((r) => r.notebook === name && r.round === round && !r.ok).length;
          console.log(`[stress] ${name}: round ${round} (${untrusted ? "untrusted" : "trusted"}): ${saved.length - failed} of ${saved.length} drawn`);
        }
      } finally {
        await context.close().catch(() => undefined);
        await lab.closeSession(name);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await lab.stop();
  }
  const failures = rows.filter((r) => !r.ok);
  const drawMs = rows.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
  const quantile = (q) => drawMs[Math.min(drawMs.length - 1, Math.floor(q * drawMs.length))] ?? NaN;
  const reaimed = rows.filter((row) => row.misses.length > 0).length;
  const summary = { hovers: rows.length, failures: failures.length, reaimed, seconds: Math.round((Date.now() - started) / 1000), drawMs: { median: quantile(0.5), p95: quantile(0.95), max: drawMs.at(-1) ?? NaN }, rows };
  fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(`\n[stress] ${rows.length} hovers over ${notebooks.length} notebook(s) in ${summary.seconds} s: ${failures.length} failed to draw, ${reaimed} needed the pointer aimed again; time to draw median ${summary.drawMs.median} ms, 95th percentile ${summary.drawMs.p95} ms, max ${summary.drawMs.max} ms`);
  for (const failure of failures) console.log(`  ${failure.notebook} round ${failure.round} cell ${failure.cell} output ${failure.output}: ${failure.problem}`);
  console.log(`[stress] records in ${path.relative(ROOT, OUT)}/`);
  process.exit(failures.length === 0 ? 0 : 1);
});
