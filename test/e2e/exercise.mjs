// An exercise solved the way a learner solves it: in JupyterLab, the exercise cell of notebook 01 (as
// committed) gets a classic mistake typed into it and is run (Ctrl+Enter), and its feedback must name
// that mistake; then the right line is typed in its place, and the cell must report "solved" and the
// progress file must keep it. A screenshot of the feedback to the mistake is what the README shows.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../scripts/setup.mjs";
import { CELLS, domCells, waitForKernelIdle, waitForNotebook } from "./notebook.mjs";

export const EXERCISE_NOTEBOOK = "exercise_typed.ipynb";
const SOURCE_NOTEBOOK = "01_objective.ipynb";
const EXERCISE_CHECK = "check(exercises01.monteCarloObjective";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the learner types in place of `return yourCodeHere(); // ← your code` of exercise 01.2.
const MISTAKE = "return trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);";
const MISTAKE_NAME = "the sum of the returns, not their average";
const SOLUTION = "return trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0) / trajectories.length;";

/** Notebook 01's exercise cell and the prose before it, as committed, in a notebook of their own. */
function exerciseNotebook() {
  const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", SOURCE_NOTEBOOK), "utf8"));
  const index = notebook.cells.findIndex((c) => c.cell_type === "code" && [].concat(c.source).join("").includes(EXERCISE_CHECK));
  if (index < 1) throw new Error(`${SOURCE_NOTEBOOK} has no cell that calls ${EXERCISE_CHECK}, …)`);
  return { ...notebook, cells: notebook.cells.slice(index - 1, index + 1) };
}

/** Replaces the text of the editor line that matches `pattern` (after its indentation) by `text`, typed key by key. */
async function typeOverLine(page, cell, pattern, text) {
  const line = cell.locator(".cm-line").filter({ hasText: pattern }).last();
  if ((await line.count()) === 0) throw new Error(`the exercise cell has no line matching ${pattern}`);
  await line.click();
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Home"); // selects back to the end of the indentation
  await page.keyboard.type(text, { delay: 5 });
}

/** Runs the cell (Ctrl+Enter keeps the focus in it) and returns its output text once it has run. */
async function runCell(page, lab, cellIndex, previousPrompt) {
  await page.keyboard.press("Control+Enter");
  for (const deadline = Date.now() + 120_000; ; await sleep(250)) {
    const cell = (await domCells(page))[cellIndex];
    const session = await lab.session(EXERCISE_NOTEBOOK).catch(() => null);
    if (/\[\d+\]/.test(cell.prompt) && cell.prompt !== previousPrompt && session?.kernel?.execution_state === "idle") {
      return { prompt: cell.prompt, text: cell.outputs.map((o) => o.text).join("\n"), mimes: cell.outputs.map((o) => o.mime) };
    }
    if (Date.now() > deadline) throw new Error(`the exercise cell did not finish within 120 s (prompt ${cell.prompt})`);
  }
}

/** Returns {name, failures, charts, tables, runSeconds, seconds}, like checkNotebook; never throws. */
export async function checkTypedExercise({ browser, lab, screenshotFile, log = console.log }) {
  const started = Date.now();
  const failures = [];
  const result = { name: `${EXERCISE_NOTEBOOK} (exercise 01.2 typed in)`, failures, charts: 0, tables: 0, runSeconds: 0, seconds: 0 };
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    const notebook = exerciseNotebook();
    fs.writeFileSync(path.join(lab.rootDir, EXERCISE_NOTEBOOK), JSON.stringify(notebook, null, 1));
    const progressFile = path.join(process.env.EXERCISES_DIR || path.join(lab.workDir, "exercises"), "progress.json");
    const attemptsBefore = () => (fs.existsSync(progressFile) ? JSON.parse(fs.readFileSync(progressFile, "utf8"))["01.2"]?.attempts ?? 0 : 0);
    const before = attemptsBefore();
    await page.goto(lab.url(EXERCISE_NOTEBOOK), { waitUntil: "domcontentloaded", timeout: 60_000 });
    await waitForNotebook(page, notebook.cells.length);
    await waitForKernelIdle(lab, EXERCISE_NOTEBOOK);
    const cell = page.locator(CELLS).nth(1);
    const runStarted = Date.now();

    log(`[e2e] ${EXERCISE_NOTEBOOK}: typing a classic mistake into exercise 01.2`);
    await typeOverLine(page, cell, /return yourCodeHere\(\)/, MISTAKE);
    const wrong = await runCell(page, lab, 1, "");
    const problems = (run) => run.mimes.filter((m) => m === "application/vnd.jupyter.stderr" || m === "application/vnd.jupyter.error");
    if (problems(wrong).length > 0) failures.push(`the cell with the mistake shows an error: ${wrong.text.slice(0, 300)}`);
    if (!/· Exercise 01\.1 .*: not solved yet/.test(wrong.text)) failures.push(`exercise 01.1, still blank, does not say "not solved yet": ${wrong.text.slice(0, 300)}`);
    if (!wrong.text.includes(`✗ Exercise 01.2 (the Monte Carlo estimate of J(θ)): not yet. This looks like a known mistake, ${MISTAKE_NAME}:`)) {
      failures.push(`the feedback to the mistake does not name it ("${MISTAKE_NAME}"): ${wrong.text.slice(0, 500)}`);
    }
    if (screenshotFile) {
      fs.mkdirSync(path.dirname(screenshotFile), { recursive: true });
      // the prose and the cell with its feedback, not the empty page below them
      const boxes = await Promise.all([0, 1].map((i) => page.locator(CELLS).nth(i).boundingBox()));
      const top = Math.max(0, boxes[0].y - 8);
      const panel = await page.locator(".jp-NotebookPanel").first().boundingBox();
      const clip = { x: panel.x, y: top, width: panel.width, height: boxes[1].y + boxes[1].height + 8 - top };
      await page.screenshot({ path: screenshotFile, clip, animations: "disabled", caret: "hide" });
    }

    log(`[e2e] ${EXERCISE_NOTEBOOK}: typing the right line`);
    await typeOverLine(page, cell, /return trajectories\.map/, SOLUTION);
    const right = await runCell(page, lab, 1, wrong.prompt);
    result.runSeconds = (Date.now() - runStarted) / 1000;
    if (problems(right).length > 0) failures.push(`the cell with the solution shows an error: ${right.text.slice(0, 300)}`);
    if (!/✓ Exercise 01\.2 \(the Monte Carlo estimate of J\(θ\)\): solved ✓/.test(right.text)) failures.push(`the typed solution is not reported solved: ${right.text.slice(0, 500)}`);
    const saved = fs.existsSync(progressFile) ? JSON.parse(fs.readFileSync(progressFile, "utf8"))["01.2"] : undefined;
    if (!saved?.solved || saved.attempts !== before + 2) failures.push(`the progress file does not keep 01.2 as solved after 2 more attempts: ${JSON.stringify(saved)}`);
  } catch (error) {
    failures.push(error.message.split("\n")[0]);
  } finally {
    await lab.closeSession(EXERCISE_NOTEBOOK);
    await context.close().catch(() => undefined);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
