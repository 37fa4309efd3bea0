// `npm run screenshots`: regenerates the README's pictures in docs/screenshots/, i.e. what a learner
// sees in JupyterLab. It runs the notebooks below exactly as `npm run test:e2e` does (same server,
// browser and checks, including the reopen check) but at their full lesson sizes, then crops single
// cells out of the page. A notebook that fails its checks gets no pictures and the command fails.
//
//   npm run screenshots               full lesson sizes (notebook 03 trains for 1000 episodes)
//   npm run screenshots -- --quick    QUICK=1 sizes, for a fast look at the layout
//
// Like `npm run lab`, notebook 03 at full size writes its run's files (output/policy_gradient_metrics/,
// models/notebook03-seed0/, checkpoints/notebook03-seed0/).
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureSetup, ROOT, runMain, SetupError } from "./setup.mjs";
import { listNotebooks } from "../test/e2e/lab.mjs";
import { printSummary, runEndToEnd, secondsFromEnv } from "../test/e2e/run.mjs";

const DOCS_DIR = path.join(ROOT, "docs", "screenshots");

/**
 * The pictures: which notebook, which cell (found by its chart's title or its table's text), and
 * whether to crop the whole cell (code and outputs), the chart only, or show the JupyterLab window
 * (scrolled to that cell); a replay is played for `playSeconds` and paused first.
 */
const SHOTS = [
  { notebook: "01_objective.ipynb", file: "01_objective_jupyterlab.png", cellIndex: 0, crop: "window" },
  { notebook: "01_objective.ipynb", file: "01_objective_landscape.png", chart: /objective landscape/i, crop: "cell" },
  { notebook: "03_reinforce_cartpole.ipynb", file: "03_training_curves.png", chart: /^REINFORCE on CartPole/i, crop: "chart" },
  { notebook: "03_reinforce_cartpole.ipynb", file: "03_metrics_table.png", table: /fifth of training/, crop: "cell" },
  { notebook: "03_reinforce_cartpole.ipynb", file: "03_replay_before_after.png", chart: /^Before and after/i, crop: "chart", playSeconds: 1.6 },
];

// and the checker's feedback to a classic mistake typed into exercise 01.2 (test/e2e/exercise.mjs)
const EXERCISE_SHOT = "exercise_feedback.png";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function cellIndexOf(page, shot, saved, cellsSelector) {
  if (shot.cellIndex !== undefined) return shot.cellIndex;
  if (shot.chart) {
    const chart = saved.charts.find((c) => shot.chart.test(c.title));
    if (!chart) throw new Error(`${shot.notebook} has no chart titled ${shot.chart} (charts: ${saved.charts.map((c) => `"${c.title}"`).join(", ")})`);
    return chart.cell;
  }
  for (const table of saved.tables) {
    const text = await page.locator(cellsSelector).nth(table.cell).locator(".jp-OutputArea-child").nth(table.output).innerText();
    if (shot.table.test(text)) return table.cell;
  }
  throw new Error(`${shot.notebook} has no table matching ${shot.table}`);
}

async function takeShots(page, { name, saved, cellsSelector }) {
  for (const shot of SHOTS.filter((s) => s.notebook === name)) {
    const index = await cellIndexOf(page, shot, saved, cellsSelector);
    const cell = page.locator(cellsSelector).nth(index);
    const target = shot.crop === "chart" ? cell.locator(".jp-OutputArea-child", { has: page.locator(".jp-RenderedPlotly") }).first() : cell;
    const size = page.viewportSize();
    if (shot.crop === "window") {
      // The whole JupyterLab window, as on a laptop screen.
      await page.setViewportSize({ width: 1280, height: 800 });
      await sleep(1000);
    }
    await target.evaluate((element) => element.scrollIntoView({ block: "start" }));
    // The checks already drew every chart; hover its output so it is the interactive one, then move
    // the pointer away so no tooltip or mode bar shows.
    const png = cell.locator(".jp-RenderedPlotly img.plot-img");
    const box = (await png.count()) > 0 && (await png.first().isVisible()) ? await png.first().boundingBox() : null;
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 120), { steps: 4 });
    if (shot.chart) await cell.locator(".main-svg").first().waitFor({ timeout: 30_000 });
    await page.mouse.move(2, 2);
    if (shot.playSeconds) {
      // a replay: let it play for a moment and pause, so that the picture shows the agent mid-episode
      await target.locator("g.updatemenu-button", { hasText: "Play" }).first().click();
      await sleep(shot.playSeconds * 1000);
      await target.locator("g.updatemenu-button", { hasText: "Pause" }).first().click();
      await page.mouse.move(2, 2);
    }
    await sleep(1500);
    const file = path.join(DOCS_DIR, shot.file);
    if (shot.crop === "window") {
      await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
      await page.setViewportSize(size);
    } else {
      await target.screenshot({ path: file, animations: "disabled", caret: "hide" });
    }
    console.log(`[screenshots] ${path.relative(ROOT, file)}: cell ${index + 1} of ${name}, ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
  }
}

runMain(async () => {
  const startedAt = Date.now();
  const quick = process.argv.includes("--quick");
  ensureSetup();
  const wanted = [...new Set(SHOTS.map((s) => s.notebook))];
  const notebooks = listNotebooks().filter((name) => wanted.includes(name));
  const missing = wanted.filter((name) => !notebooks.includes(name));
  if (missing.length > 0) throw new SetupError(`The screenshots need ${missing.join(", ")} in notebooks/.`);
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  let results;
  try {
    results = await runEndToEnd({
      notebooks,
      quick,
      notebookTimeoutMs: secondsFromEnv("E2E_NOTEBOOK_TIMEOUT_S", 1200),
      totalTimeoutMs: secondsFromEnv("E2E_TIMEOUT_S", 2400),
      screenshotDir: path.join(ROOT, "output", "screenshots"),
      viewport: { width: 1280, height: 1400 },
      onChecked: takeShots,
      exerciseCheck: true,
      exerciseScreenshotFile: path.join(DOCS_DIR, EXERCISE_SHOT),
    });
  } catch (error) {
    if (error.code === "NO_CHROMIUM") throw new SetupError(error.message);
    throw error;
  }
  const passed = printSummary(results, { startedAt });
  if (passed) console.log(`[screenshots] ${SHOTS.length + 1} pictures in ${path.relative(ROOT, DOCS_DIR)}/ (${quick ? "QUICK=1 sizes" : "full lesson sizes"})`);
  process.exit(passed ? 0 : 1);
});
