// An exercise solved the way a learner solves it: in JupyterLab, the exercise cells of notebook 01 (as
// committed, with the prose before them) get a classic mistake typed into exercise 01.2 and the notebook
// is run (Run All Cells): its feedback must name that mistake while 01.1, still blank, says "not solved
// yet". Then a typo that TypeScript refuses is typed into 01.1 and Run All runs again: 01.1's cell must show
// TypeScript's message, and 01.2's cell below it must still run (exercise cells are tagged
// "raises-exception", and the course kernel lets such a cell fail alone). Last, the right line is typed into
// 01.2 and its cell is run (Ctrl+Enter): it must report "solved", and the progress file must keep it. A
// screenshot of the feedback to the mistake is what the README shows.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../scripts/setup.mjs";
import { CELLS, clickMenu, domCells, waitForKernelIdle, waitForNotebook } from "./notebook.mjs";

export const EXERCISE_NOTEBOOK = "exercise_typed.ipynb";
const SOURCE_NOTEBOOK = "01_objective.ipynb";
const FIRST_EXERCISE = "check(exercises01.sampleAction";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the learner types in place of `return yourCodeHere(); // ← your code` of exercise 01.2.
const MISTAKE = "return trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);";
const MISTAKE_NAME = "the sum of the returns, not their average";
const SOLUTION = "return trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0) / trajectories.length;";
// What the learner types into exercise 01.1: a method numbers do not have (TypeScript refuses the cell).
const TYPO = "return probabilities.sum();";
const TYPO_MESSAGE = "Property 'sum' does not exist on type 'number[]'";

/** Notebook 01's exercise cells (the import, 01.1, 01.2) and the prose before them, as committed, in a notebook of their own. */
function exerciseNotebook() {
  const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", SOURCE_NOTEBOOK), "utf8"));
  const index = notebook.cells.findIndex((c) => c.cell_type === "code" && [].concat(c.source).join("").includes(FIRST_EXERCISE));
  if (index < 2) throw new Error(`${SOURCE_NOTEBOOK} has no cell that calls ${FIRST_EXERCISE}, …)`);
  const cells = notebook.cells.slice(index - 2, index + 2);
  if (cells[0].cell_type !== "markdown" || !cells.slice(2).every((c) => (c.metadata.tags ?? []).includes("raises-exception"))) {
    throw new Error(`${SOURCE_NOTEBOOK}: expected the prose, the import, and exercise cells 01.1 and 01.2 tagged "raises-exception"`);
  }
  return { ...notebook, cells };
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

/**
 * Runs the notebook (Run All Cells) or one cell (Ctrl+Enter keeps the focus in it), and returns the
 * outputs of the cells once `cellIndex` has run again and the kernel is idle.
 */
async function run(page, lab, how, cellIndex, previousPrompt) {
  if (how === "all") await clickMenu(page, /^Run$/, /^Run All Cells$/);
  else await page.keyboard.press("Control+Enter");
  for (const deadline = Date.now() + 120_000; ; await sleep(250)) {
    const cells = await domCells(page);
    const session = await lab.session(EXERCISE_NOTEBOOK).catch(() => null);
    if (/\[\d+\]/.test(cells[cellIndex].prompt) && cells[cellIndex].prompt !== previousPrompt && session?.kernel?.execution_state === "idle") {
      return cells.map((cell) => ({ prompt: cell.prompt, text: cell.outputs.map((o) => o.text).join("\n"), mimes: cell.outputs.map((o) => o.mime) }));
    }
    if (Date.now() > deadline) throw new Error(`cell ${cellIndex} did not run within 120 s (prompt ${cells[cellIndex].prompt})`);
  }
}

/** Returns {name, failures, charts, tables, runSeconds, seconds}, like checkNotebook; never throws. */
export async function checkTypedExercise({ browser, lab, screenshotFile, log = console.log }) {
  const started = Date.now();
  const failures = [];
  const result = { name: `${EXERCISE_NOTEBOOK} (exercises 01.1 and 01.2 typed in)`, failures, charts: 0, tables: 0, runSeconds: 0, seconds: 0 };
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
    const [first, second] = [2, 3].map((i) => page.locator(CELLS).nth(i)); // exercises 01.1 and 01.2
    const runStarted = Date.now();
    const problems = (cell) => cell.mimes.filter((m) => m === "application/vnd.jupyter.stderr" || m === "application/vnd.jupyter.error");

    log(`[e2e] ${EXERCISE_NOTEBOOK}: typing a classic mistake into exercise 01.2, then Run All`);
    await typeOverLine(page, second, /return yourCodeHere\(\)/, MISTAKE);
    const wrong = await run(page, lab, "all", 3, "");
    if (problems(wrong[2]).length + problems(wrong[3]).length > 0) failures.push(`an exercise cell shows an error: ${wrong[2].text.slice(0, 200)} ${wrong[3].text.slice(0, 200)}`);
    if (!/· Exercise 01\.1 .*: not solved yet/.test(wrong[2].text)) failures.push(`exercise 01.1, still blank, does not say "not solved yet": ${wrong[2].text.slice(0, 300)}`);
    if (!wrong[3].text.includes(`✗ Exercise 01.2 (the Monte Carlo estimate of J(θ)): not yet. This looks like a known mistake, ${MISTAKE_NAME}:`)) {
      failures.push(`the feedback to the mistake does not name it ("${MISTAKE_NAME}"): ${wrong[3].text.slice(0, 500)}`);
    }
    if (screenshotFile) {
      fs.mkdirSync(path.dirname(screenshotFile), { recursive: true });
      // the prose and the cells with their feedback, not the empty page below them
      const boxes = await Promise.all([0, 3].map((i) => page.locator(CELLS).nth(i).boundingBox()));
      const top = Math.max(0, boxes[0].y - 8);
      const panel = await page.locator(".jp-NotebookPanel").first().boundingBox();
      const clip = { x: panel.x, y: top, width: panel.width, height: boxes[1].y + boxes[1].height + 8 - top };
      await page.screenshot({ path: screenshotFile, clip, animations: "disabled", caret: "hide" });
    }

    log(`[e2e] ${EXERCISE_NOTEBOOK}: typing a typo that TypeScript refuses into exercise 01.1, then Run All`);
    await typeOverLine(page, first, /return yourCodeHere\(\)/, TYPO);
    const typo = await run(page, lab, "all", 3, wrong[3].prompt);
    if (!typo[2].text.includes(TYPO_MESSAGE)) failures.push(`exercise 01.1's cell does not show TypeScript's message ("${TYPO_MESSAGE}"): ${typo[2].text.slice(0, 300)}`);
    if (!typo[3].text.includes(`known mistake, ${MISTAKE_NAME}:`)) failures.push(`exercise 01.2's cell, below the typo, did not run again: ${typo[3].prompt} ${typo[3].text.slice(0, 300)}`);

    log(`[e2e] ${EXERCISE_NOTEBOOK}: typing the right line into exercise 01.2`);
    await typeOverLine(page, second, /return trajectories\.map/, SOLUTION);
    const right = await run(page, lab, "cell", 3, typo[3].prompt);
    result.runSeconds = (Date.now() - runStarted) / 1000;
    if (problems(right[3]).length > 0) failures.push(`the cell with the solution shows an error: ${right[3].text.slice(0, 300)}`);
    if (!/✓ Exercise 01\.2 \(the Monte Carlo estimate of J\(θ\)\): solved ✓/.test(right[3].text)) failures.push(`the typed solution is not reported solved: ${right[3].text.slice(0, 500)}`);
    const saved = fs.existsSync(progressFile) ? JSON.parse(fs.readFileSync(progressFile, "utf8"))["01.2"] : undefined;
    if (!saved?.solved || saved.attempts !== before + 3) failures.push(`the progress file does not keep 01.2 as solved after 3 more attempts: ${JSON.stringify(saved)}`);
  } catch (error) {
    failures.push(error.message.split("\n")[0]);
  } finally {
    await lab.closeSession(EXERCISE_NOTEBOOK);
    await context.close().catch(() => undefined);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
