// The interrupt button during a training cell, as a learner presses it in JupyterLab: a small
// notebook trains CartPole for far more episodes than it will get, the test presses ■ (Interrupt the
// kernel) once a checkpoint exists, and then checks what the page shows: the training cell ends with
// one message (the episode reached, the checkpoint, how to resume) and no error or stack trace, its
// live chart is drawn with the final state, and the next cell runs with the run as it stopped.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../scripts/setup.mjs";
import { CELLS, clickMenu, domCells, drawChart, readSavedOutputs, saveNotebook, waitForKernelIdle, waitForNotebook } from "./notebook.mjs";

export const INTERRUPT_NOTEBOOK = "interrupt_training.ipynb";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function notebookJson(workDir) {
  const dirs = Object.fromEntries(["out", "ckpt", "model"].map((d) => [d, path.join(workDir, "interrupt", d)]));
  const code = (source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
  const cells = [
    code(`import { runCartPole } from "./src/runs/episodic_run";
import { SOURCE_LESSON_CONFIG } from "./src/rl/reinforce";
import { LiveDisplay } from "./src/display";
import { trainingCurvesFigure } from "./src/runs/training_curves";`),
    code(`const config = { ...SOURCE_LESSON_CONFIG, episodes: 100000, hidden: [16] };
const live = new LiveDisplay(250);
const run = await runCartPole({
  config, runName: "e2e-interrupt", outDir: ${JSON.stringify(dirs.out)}, checkpointDir: ${JSON.stringify(dirs.ckpt)},
  modelDir: ${JSON.stringify(dirs.model)}, checkpointEvery: 25, curves: false,
  onProgress: (_, t) => live.update(trainingCurvesFigure(t.history), \`episode \${t.episode}\`),
});
await live.finish(trainingCurvesFigure(run.trainer.history), \`stopped at episode \${run.trainer.episode}\`);`),
    code("console.log(`next cell: ${run.status} at episode ${run.trainer.episode}`);"),
  ];
  return {
    notebook: { cells, metadata: { kernelspec: { name: "policy-gradient-ts", display_name: "TypeScript (policy gradients)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 },
    checkpointDir: dirs.ckpt,
  };
}

/** Returns {name, failures, charts, tables, runSeconds, seconds}, like checkNotebook; never throws. */
export async function checkInterrupt({ browser, lab, timeoutMs, screenshotFile, log = console.log }) {
  const name = INTERRUPT_NOTEBOOK;
  const started = Date.now();
  const failures = [];
  const result = { name, failures, charts: 0, tables: 0, runSeconds: 0, seconds: 0 };
  const { notebook, checkpointDir } = notebookJson(lab.workDir);
  fs.rmSync(path.dirname(checkpointDir), { recursive: true, force: true });
  const file = path.join(lab.rootDir, name);
  fs.writeFileSync(file, JSON.stringify(notebook, null, 1));
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  let timer;
  const flow = async () => {
    await page.goto(lab.url(name), { waitUntil: "domcontentloaded", timeout: 60_000 });
    await waitForNotebook(page, notebook.cells.length);
    await waitForKernelIdle(lab, name);
    log(`[e2e] ${name}: Run All, then ■ once the first checkpoint is written`);
    const runStarted = Date.now();
    await clickMenu(page, /^Run$/, /^Run All Cells$/);
    const firstCheckpoint = path.join(checkpointDir, "step-000025.json");
    for (const deadline = Date.now() + 120_000; !fs.existsSync(firstCheckpoint); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`training wrote no checkpoint (${path.relative(ROOT, firstCheckpoint)}) within 120 s`);
    }
    await page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]').first().click();
    for (const deadline = Date.now() + 120_000; ; await sleep(500)) {
      const prompts = (await domCells(page)).map((cell) => cell.prompt);
      const session = await lab.session(name).catch(() => null);
      if (prompts.every((p) => /\[\d+\]/.test(p)) && session?.kernel?.execution_state === "idle") break;
      if (Date.now() > deadline) throw new Error(`the cells did not finish within 120 s of the interrupt (prompts: ${prompts.join(" ")})`);
    }
    result.runSeconds = (Date.now() - runStarted) / 1000;

    const cells = await domCells(page);
    const training = cells[1];
    const texts = training.outputs.map((o) => o.text).join("\n");
    for (const [index, cell] of cells.entries()) {
      for (const output of cell.outputs) {
        if (output.mime === "application/vnd.jupyter.stderr" || output.mime === "application/vnd.jupyter.error") failures.push(`cell ${index + 1} shows an error or stderr output: ${output.text.slice(0, 300)}`);
      }
    }
    if (/Interrupted asynchronously|\n\s+at /.test(texts)) failures.push("the training cell shows tslab's interrupt error or a stack trace");
    const stopped = /Interrupted: training stopped after episode (\d+) of 100000\./.exec(texts);
    if (!stopped) failures.push(`the training cell does not say where training stopped (it shows: ${texts.slice(0, 300)})`);
    const episode = stopped ? Number(stopped[1]) : NaN;
    const checkpoint = path.join(checkpointDir, `step-${String(episode).padStart(6, "0")}.json`);
    if (stopped && !fs.existsSync(checkpoint)) failures.push(`the message names episode ${episode}, but ${checkpoint} does not exist`);
    if (stopped && !texts.includes(`--resume ${path.relative(ROOT, checkpoint)} --episodes 100000 --run-name e2e-interrupt`)) failures.push("the message gives no resume command for that checkpoint");
    if (stopped && !texts.includes(`await runCartPole({ config, runName: "e2e-interrupt", resume: "${path.relative(ROOT, checkpoint)}" })`)) failures.push("the message gives no notebook call that resumes");
    const chart = training.outputs.findIndex((o) => o.chart);
    if (chart < 0) failures.push("the training cell shows no chart");
    else {
      const problem = await drawChart(page, { cell: 1, output: chart });
      if (problem) failures.push(`the training chart: ${problem}`);
      // what Plotly drew: the episodes of its first trace (the returns)
      const drawnEpisodes = await page
        .locator(CELLS).nth(1).locator(".jp-OutputArea-child").nth(chart).locator(".js-plotly-plot").first()
        .evaluate((plot) => plot.data?.[0]?.x?.length ?? null).catch(() => null);
      if (drawnEpisodes !== episode) failures.push(`the drawn chart shows ${drawnEpisodes} episodes, not the ${episode} trained (it is not the final state)`);
    }
    const next = cells[2].outputs.map((o) => o.text).join("\n");
    if (!next.includes(`next cell: interrupted at episode ${episode}`)) failures.push(`the next cell did not run with the interrupted run (it shows: ${next.slice(0, 200) || "nothing"})`);

    await saveNotebook(page, file);
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    const finalText = (saved.cells[1].outputs ?? []).filter((o) => o.output_type === "display_data").map((o) => [].concat(o.data?.["text/plain"] ?? []).join("")).at(-1);
    if (finalText !== `stopped at episode ${episode}`) failures.push(`the live chart does not show the final state (its last text is "${finalText}", expected "stopped at episode ${episode}")`);
    result.charts = readSavedOutputs(file).charts.length;
    if (screenshotFile) {
      await page.locator(CELLS).nth(1).evaluate((cell) => cell.scrollIntoView({ block: "start" })).catch(() => undefined);
      await sleep(500);
      await page.screenshot({ path: screenshotFile });
    }
  };
  try {
    await Promise.race([flow(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs)))]);
  } catch (error) {
    failures.push(`stopped: ${error.message.split("\n")[0]}`);
  } finally {
    clearTimeout(timer);
    await Promise.race([context.close().catch(() => undefined), sleep(10_000)]);
    await lab.closeSession(name);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
