// One notebook, the way a learner uses it: open it in JupyterLab, Run ▸ Run All Cells, wait for the
// kernel, look at every output; then save, reload the page and look again (the reopen check).
//
// What "looks right" means here:
//   - every code cell ran ([n] in its prompt) and none wrote an error or to stderr (tslab reports a
//     failing cell as stderr text, so stderr counts as failure, as in test/notebooks.test.ts);
//   - every chart output was drawn by Plotly in the page: the jupyterlab-plotly renderer first shows
//     the output's PNG and draws the interactive chart when the pointer enters it, so each chart is
//     scrolled into view and hovered, and must then hold a `.main-svg` of real size with drawn marks;
//   - every animated chart (a CartPole replay) plays: after a click on Play its slider advances;
//   - every table output is an HTML table with rows;
//   - the saved file agrees with the page: each chart and table the file holds is one the page showed
//     at the same cell and output, and there is at least one of each (as in the nbclient test);
//   - after saving and reloading, with the notebook NOT trusted (the status bar says so), every chart
//     is drawn again (and every replay plays again) and every table shows. Charts that depend on trust (text/html with a script) would
//     fail here; the course's Plotly MIME bundle must not.
import * as fs from "node:fs";
import * as path from "node:path";
import { KERNEL_NAME } from "../../scripts/setup.mjs";
import { checkReplayPlays } from "./replay.mjs";
import { chartIds, chartRecord, installChartProbe, summariseRecord } from "./chart_probe.mjs";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const STDERR_MIME = "application/vnd.jupyter.stderr";
export const CELLS = ".jp-NotebookPanel .jp-Cell";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const joined = (text) => (Array.isArray(text) ? text.join("") : text ?? "");
const oneLine = (text, max = 400) => {
  const flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** What the saved notebook file holds: its charts, tables and error outputs, by cell and output. */
export function readSavedOutputs(file) {
  const notebook = JSON.parse(fs.readFileSync(file, "utf8"));
  const charts = [];
  const tables = [];
  const problems = [];
  notebook.cells.forEach((cell, index) => {
    (cell.outputs ?? []).forEach((output, position) => {
      const where = { cell: index, output: position };
      if (output.output_type === "error") {
        problems.push({ ...where, text: `${output.ename}: ${output.evalue}` });
        return;
      }
      if (output.output_type === "stream") {
        if (output.name === "stderr") problems.push({ ...where, text: joined(output.text) });
        return;
      }
      const data = output.data ?? {};
      const html = joined(data["text/html"]);
      if (PLOTLY_MIME in data) {
        const title = data[PLOTLY_MIME]?.layout?.title;
        const frames = data[PLOTLY_MIME]?.frames;
        charts.push({ ...where, via: "Plotly MIME", title: typeof title === "string" ? title : title?.text ?? "", animated: Array.isArray(frames) && frames.length > 0 });
      } else if (/plotly/i.test(html) && /<script/i.test(html)) {
        charts.push({ ...where, via: "text/html with a script", title: "" });
      } else if (/<table/i.test(html)) {
        tables.push(where);
      }
    });
  });
  return { cellCount: notebook.cells.length, codeCells: notebook.cells.filter((c) => c.cell_type === "code").length, charts, tables, problems };
}

const label = (where) => `cell ${where.cell + 1}${where.output === undefined ? "" : `, output ${where.output + 1}`}`;
const chartLabel = (chart) => `chart ${chart.title ? `"${oneLine(chart.title, 80)}" ` : ""}(${label(chart)})`;

/** The page's view of the notebook: per cell, its prompt and its outputs. */
export function domCells(page) {
  return page.evaluate((selector) => {
    return [...document.querySelectorAll(selector)].map((cell) => ({
      code: cell.classList.contains("jp-CodeCell"),
      prompt: (cell.querySelector(".jp-InputArea-prompt")?.textContent ?? "").trim(),
      outputs: [...cell.querySelectorAll(".jp-OutputArea-child")].map((child) => {
        const output = child.querySelector(".jp-OutputArea-output");
        return {
          mime: output?.getAttribute("data-mime-type") ?? null,
          chart: Boolean(child.querySelector(".jp-RenderedPlotly, .js-plotly-plot")),
          tables: child.querySelectorAll("table").length,
          text: (output?.textContent ?? "").trim().slice(0, 1500),
        };
      }),
    }));
  }, CELLS);
}

function outputLocator(page, where) {
  return page.locator(CELLS).nth(where.cell).locator(".jp-OutputArea-child").nth(where.output);
}

async function openDialogText(page) {
  const dialogs = page.locator(".jp-Dialog");
  if ((await dialogs.count()) === 0) return null;
  return oneLine(await dialogs.first().innerText().catch(() => "(unreadable dialog)"));
}

/** Waits until JupyterLab shows the notebook with all `cellCount` cells attached. */
export async function waitForNotebook(page, cellCount, timeout = 90_000) {
  await page.locator(".jp-NotebookPanel").first().waitFor({ timeout });
  // JupyterLab's default windowing ("contentVisibility") attaches cells in batches after opening;
  // wait until every cell of the file is in the page, as it is for a learner a moment later.
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector).length === n, [CELLS, cellCount], { timeout }).catch(async () => {
    const have = await page.locator(CELLS).count();
    throw new Error(`the page shows ${have} of the notebook's ${cellCount} cells after ${timeout / 1000} s`);
  });
}

export async function waitForKernelIdle(lab, name, timeout = 120_000) {
  const deadline = Date.now() + timeout;
  let session;
  while (Date.now() < deadline) {
    session = await lab.session(name).catch(() => undefined);
    if (session?.kernel?.execution_state === "idle") return session;
    await sleep(500);
  }
  throw new Error(`the kernel did not become idle within ${timeout / 1000} s (state: ${session?.kernel?.execution_state ?? "no session"})`);
}

export async function clickMenu(page, menu, item) {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: menu }).first().click();
  await page.locator(".lm-Menu-itemLabel", { hasText: item }).first().click();
}

/**
 * Scrolls the chart output at `where` into view, points at it (the renderer draws on pointer
 * entry), and waits for Plotly's SVG. Returns null when drawn, else what is wrong; then, with
 * `evidence` ({file}: a path without extension), it also saves the probe's record of that chart
 * (<file>.json) and a picture of the output (<file>.png), and the message summarises the record.
 */
export async function drawChart(page, where, { timeout = 30_000, evidence = null, onMiss = () => undefined } = {}) {
  const output = outputLocator(page, where);
  if ((await output.count()) === 0) return "the page has no output there";
  const seenIds = await chartIds(output);
  await output.scrollIntoViewIfNeeded({ timeout: 10_000 });
  const plotly = output.locator(".jp-RenderedPlotly, .js-plotly-plot").first();
  if ((await plotly.count()) === 0) return `no chart in the page there (it shows: ${oneLine(await output.innerText().catch(() => ""), 200) || "nothing"})`;
  // The PNG first (a renderer given one shows it until the pointer enters it), unless the chart is
  // already drawn; without a PNG in the output the renderer draws at once, unprompted.
  const outputHandle = await output.elementHandle();
  const state = await page
    .waitForFunction(
      (element) => {
        if (element.querySelector(".js-plotly-plot .main-svg")) return "drawn";
        const img = element.querySelector("img.plot-img");
        if (!img) return "no png";
        const shown = getComputedStyle(img).display !== "none" && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 0;
        return shown ? "png" : false;
      },
      outputHandle,
      { timeout: 10_000 },
    )
    .then((result) => result.jsonValue(), () => "neither");
  await outputHandle.dispose();
  let aimed = null;
  let aimedPoint = null;
  const misses = [];
  if (state === "png") {
    // The renderer listens for "mouseenter" on the PNG itself (<img class="plot-img">), not on the
    // output: the pointer must arrive on the image. The page may still be settling (JupyterLab's
    // windowing lays out cells as they come into view, and a cell above can grow), so the point is
    // chosen in the page, checked every animation frame until the image is on screen, has not moved
    // since the previous frame, and is the topmost element there; then the pointer leaves and comes
    // back onto it. Even so the image can move as the pointer arrives: the pointer lands on whatever
    // took its place, and an image that slides under a resting pointer gets no "mouseenter", so the
    // PNG would stay forever (what a learner sees too, until they move the mouse). So the page notes
    // every "mouseenter" on a chart's image (a capturing listener on the window, which runs before
    // any other), and a pointer that did not enter is aimed again, a few times at most.
    // (Playwright's hover() aims the same way, but checks again after the move, finds the image
    // replaced by the chart, and waits out its timeout.)
    await page.evaluate(() => {
      if (window.__e2eEnterWatch) return;
      window.__e2eEnterWatch = true;
      window.addEventListener("mouseenter", (event) => event.target?.classList?.contains("plot-img") && (event.target.dataset.e2eEntered = "1"), true);
    });
    for (let attempt = 1; attempt <= 5 && !aimed; attempt++) {
      const imageHandle = await output.locator("img.plot-img").first().elementHandle();
      if (!imageHandle) break; // replaced by the chart meanwhile
      const point = await page
        .waitForFunction(
          (img) => {
            if (!img.isConnected) return { gone: true };
            const rect = img.getBoundingClientRect();
            if (getComputedStyle(img).display === "none" || rect.width < 10 || rect.height < 10) return false;
            const x = rect.left + rect.width / 2;
            const y = rect.top + Math.min(rect.height / 2, 200);
            // Inside the notebook's scrolling area, not just the window: near the window's bottom edge
            // the point would fall on JupyterLab's status bar, which covers the notebook there.
            const area = img.closest(".jp-WindowedPanel-outer, .jp-Notebook")?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight, left: 0, right: innerWidth };
            if (y < area.top + 10 || y > area.bottom - 10 || x < area.left || x > area.right) {
              img.scrollIntoView({ block: "center" });
              return false;
            }
            const where = [rect.left, rect.top, rect.width, rect.height].join(",");
            const moved = img.dataset.e2eRect !== where;
            img.dataset.e2eRect = where;
            if (moved || document.elementFromPoint(x, y) !== img) return false;
            delete img.dataset.e2eEntered;
            const probe = window.__chartProbe; // test/e2e/chart_probe.mjs, for the record of a failure
            const plot = img.closest(".jp-RenderedPlotly");
            if (probe && plot?.dataset.probeId) probe.events.push({ t: Math.round(performance.now() - probe.start), id: Number(plot.dataset.probeId), kind: "aim", x, y, top: Math.round(rect.top) });
            return { x, y };
          },
          imageHandle,
          { polling: "raf", timeout: 15_000 },
        )
        .then((result) => result.jsonValue())
        .catch(async () => {
          // say what is in the way, for the failure message
          aimed = await imageHandle
            .evaluate((img) => {
              const rect = img.getBoundingClientRect();
              const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 200));
              return `after 15 s the PNG (${Math.round(rect.width)}×${Math.round(rect.height)} px at y ${Math.round(rect.top)}) is still not the topmost element at its centre: ${hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}">` : "nothing"} is`;
            })
            .catch((error) => error.message);
          return null;
        });
      if (!point || point.gone) {
        await imageHandle.dispose();
        break;
      }
      aimedPoint = point;
      await page.mouse.move(2, 2);
      await page.mouse.move(point.x, point.y, { steps: 4 });
      // Did the pointer enter the image? (Or has the chart been drawn, or the image gone, meanwhile?)
      const outputNow = await output.elementHandle();
      const outcome = await page
        .waitForFunction(
          ([img, element]) => {
            if (img.dataset.e2eEntered) return "entered";
            if (!img.isConnected || element.querySelector(".js-plotly-plot .main-svg")) return "done";
            return false;
          },
          [imageHandle, outputNow],
          { timeout: 2_000 },
        )
        .then((result) => result.jsonValue(), () => null);
      await outputNow.dispose();
      if (outcome) {
        await imageHandle.dispose();
        break;
      }
      const miss = await imageHandle
        .evaluate((img, [x, y]) => {
          const hit = document.elementFromPoint(x, y);
          const rect = img.getBoundingClientRect();
          return `aimed at (${Math.round(x)}, ${Math.round(y)}), the pointer did not enter the PNG: its top moved to y ${Math.round(rect.top)}, and ${hit === img ? "it slid under the resting pointer" : `${hit ? `<${hit.tagName.toLowerCase()}>` : "nothing"} is at that point now`}`;
        }, [point.x, point.y])
        .catch((error) => error.message);
      await imageHandle.dispose();
      misses.push(`attempt ${attempt}: ${miss}`);
      onMiss(miss);
      if (attempt === 5) aimed = `the PNG kept moving while the pointer was put on it, five times (${misses.join("; ")})`;
    }
  }
  const handle = await output.elementHandle();
  const drawn = await page
    .waitForFunction(
      (element) => {
        const svg = element.querySelector(".js-plotly-plot .main-svg");
        if (!svg) return false;
        const rect = svg.getBoundingClientRect();
        const marks = [...svg.querySelectorAll("g.trace path, g.trace image, g.contour path, g.hm image")].filter(
          (mark) => mark.tagName !== "path" || (mark.getAttribute("d") ?? "").length > 4,
        ).length;
        if (rect.width < 50 || rect.height < 50 || marks === 0) return false;
        return { width: Math.round(rect.width), height: Math.round(rect.height), traces: svg.querySelectorAll("g.trace, g.contour").length, marks, title: svg.parentElement?.parentElement?.querySelector(".gtitle")?.textContent ?? "" };
      },
      handle,
      { timeout },
    )
    .then((result) => result.jsonValue())
    .catch(() => null);
  await handle.dispose();
  if (drawn) {
    await page.mouse.move(2, 2);
    return null;
  }
  // Read the record before the pointer moves away (which would change what it shows).
  const record = evidence ? await chartRecord(page, output, { seenIds, point: aimedPoint }) : null;
  await page.mouse.move(2, 2);
  const svgs = await output.locator(".main-svg").count();
  const title = await output.locator(".gtitle").evaluateAll((titles) => titles[0]?.textContent ?? "");
  let message;
  if (svgs === 0 && aimed) message = `the pointer could not be put on the chart's PNG, so Plotly drew nothing (${oneLine(aimed, 600)})`;
  else if (svgs === 0) message = `Plotly drew no SVG within ${timeout / 1000} s (${state === "png" ? `the pointer entered the PNG${misses.length ? ` (after ${misses.length} miss${misses.length > 1 ? "es" : ""}: ${misses.join("; ")})` : ""}, but the page still shows only the PNG` : state === "neither" ? "the page showed neither the chart nor its PNG" : "the output has no PNG"})`;
  else message = `Plotly's SVG${title ? ` (titled "${oneLine(title, 80)}")` : ""} is empty (no drawn trace, or no size) after ${timeout / 1000} s`;
  if (record) {
    fs.mkdirSync(path.dirname(evidence.file), { recursive: true });
    fs.writeFileSync(`${evidence.file}.json`, JSON.stringify({ where, message, state, ...record }, null, 2) + "\n");
    await output.screenshot({ path: `${evidence.file}.png`, timeout: 10_000 }).catch(() => undefined);
    message += `. What the page recorded: ${summariseRecord(record)} (all of it in ${path.relative(process.cwd(), evidence.file)}.json and .png)`;
  }
  return message;
}

/**
 * For an animated chart (a replay, with Play and a slider): null when Play advances it, else what is
 * wrong; null for other charts. A chart counts as animated when the page shows a Play button or,
 * after saving, when the saved output has frames (so a replay that lost its button fails too).
 */
async function playIfAnimated(page, where) {
  const output = outputLocator(page, where);
  const hasPlay = (await output.locator("g.updatemenu-button", { hasText: "Play" }).count()) > 0;
  if (!hasPlay && !where.animated) return null;
  const problem = await checkReplayPlays(page, output);
  return problem ? `the replay does not play: ${problem}` : null;
}

/** null when the table output at `where` shows an HTML table with rows, else what is wrong. */
async function checkTable(page, where) {
  const output = outputLocator(page, where);
  if ((await output.count()) === 0) return "the page has no output there";
  const table = output.locator("table").first();
  if ((await table.count()) === 0) return `no table in the page there (it shows: ${oneLine(await output.innerText().catch(() => ""), 200) || "nothing"})`;
  await table.scrollIntoViewIfNeeded({ timeout: 10_000 });
  const info = await table.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { rows: element.querySelectorAll("tr").length, cells: element.querySelectorAll("td").length, width: rect.width, height: rect.height };
  });
  if (info.rows < 2 || info.cells < 1) return `the table has ${info.rows} rows and ${info.cells} data cells`;
  if (info.width < 20 || info.height < 20) return `the table is not visible (${Math.round(info.width)}×${Math.round(info.height)} px)`;
  return null;
}

/** Error and stderr outputs in the page: [{cell, output, message}]. */
function problemsIn(cells) {
  const problems = [];
  cells.forEach((cell, index) =>
    cell.outputs.forEach((output, position) => {
      if (output.mime === STDERR_MIME || output.mime === "application/vnd.jupyter.error") {
        const where = { cell: index, output: position };
        problems.push({ ...where, message: `${label(where)} ${cell.prompt} wrote an error / to stderr: ${oneLine(output.text, 1200)}` });
      }
    }),
  );
  return problems;
}

/**
 * Run ▸ Run All Cells, then waits until no cell is queued or running and the kernel has been idle
 * for a moment. Throws when a dialog opens or the kernel dies.
 */
export async function runAllCells(page, lab, name, { log = console.log } = {}) {
  await clickMenu(page, /^Run$/, /^Run All Cells$/);
  let quiet = 0;
  let lastLog = Date.now();
  for (;;) {
    await sleep(500);
    const prompts = await page.evaluate((selector) => [...document.querySelectorAll(`${selector}.jp-CodeCell .jp-InputArea-prompt`)].map((p) => (p.textContent ?? "").trim()), CELLS);
    const running = prompts.filter((p) => p.includes("*")).length;
    const done = prompts.filter((p) => /\[\d+\]/.test(p)).length;
    // null: the server did not answer this time (try again); undefined: the session is gone.
    const session = await lab.session(name).catch(() => null);
    const kernel = session === null ? "unknown" : session?.kernel?.execution_state;
    if (running === 0 && done > 0 && kernel === "idle") {
      if (++quiet >= 3) return;
    } else quiet = 0;
    const dialog = await openDialogText(page);
    if (dialog) throw new Error(`JupyterLab shows a dialog while running: ${dialog}`);
    if (kernel === "dead" || kernel === undefined) throw new Error(`the kernel ${kernel === "dead" ? "died" : "went away"} while running (${done} of ${prompts.length} cells done)`);
    if (Date.now() - lastLog > 15_000) {
      log(`[e2e] ${name}: ${done}/${prompts.length} cells done, ${running} queued or running, kernel ${kernel}`);
      lastLog = Date.now();
    }
  }
}

const isClean = async (page) => (await page.locator(".lm-TabBar-tab.jp-mod-dirty").count()) === 0;

/** File ▸ Save Notebook, until the tab shows no unsaved changes and the file on disk changed. */
export async function saveNotebook(page, file, timeout = 60_000) {
  const before = fs.statSync(file).mtimeMs;
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    await clickMenu(page, /^File$/, /^Save( Notebook)?$/);
    const attemptEnd = Math.min(deadline, Date.now() + 15_000);
    while (Date.now() < attemptEnd) {
      await sleep(500);
      if ((await isClean(page)) && fs.statSync(file).mtimeMs > before) {
        // A chart drawn a moment ago may still put its new PNG into the model: then save again.
        await sleep(1000);
        if (await isClean(page)) return;
        break;
      }
    }
  }
  throw new Error(`the notebook was not saved within ${timeout / 1000} s (the tab still shows unsaved changes, or the file did not change)`);
}

/**
 * Runs one notebook in the page and checks it; returns {name, failures, seconds, charts, tables}.
 * Never throws: every problem becomes a failure naming the notebook's cell and what went wrong.
 */
export async function checkNotebook({ browser, lab, name, timeoutMs, screenshotFile, failureScreenshotFile, viewport = { width: 1280, height: 1000 }, onChecked, log = console.log }) {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const failures = [];
  const result = { name, failures, charts: 0, tables: 0, runSeconds: 0, seconds: 0 };
  const state = { stage: "opening the notebook", focus: null }; // focus: the first failing cell, for the -FAILED screenshot
  const file = path.join(lab.rootDir, name);
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await installChartProbe(context);
  const page = await context.newPage();
  // A chart that does not draw leaves its probe record and picture beside the failure screenshot.
  const evidenceFor = (chart, pass) =>
    failureScreenshotFile ? { file: path.join(path.dirname(failureScreenshotFile), `${name.replace(/\.ipynb$/, "")}-FAILED-chart-cell${chart.cell + 1}-output${chart.output + 1}-${pass}`) } : null;
  if (process.env.E2E_BREAK_CHARTS === "1") {
    // To see that the test fails when charts do not render: the renderer never hears the pointer
    // enter a chart's PNG, so it never replaces the PNG with the chart (what a learner would see if
    // the renderer failed). A capturing listener on the document runs before the image's own.
    await page.addInitScript(() => {
      document.addEventListener("mouseenter", (event) => event.target?.classList?.contains("plot-img") && event.stopImmediatePropagation(), true);
    });
  }
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(oneLine(error.message, 300)));
  page.on("dialog", (dialog) => dialog.accept().catch(() => undefined)); // "leave page with unsaved changes?"
  page.setDefaultTimeout(30_000);

  const failAt = (where, message) => {
    failures.push(message);
    state.focus ??= where;
  };
  const stage = (text) => {
    state.stage = text;
    log(`[e2e] ${name}: ${text} (${seconds()} s)`);
  };

  const flow = async () => {
    const original = readSavedOutputs(file);
    await page.goto(lab.url(name), { waitUntil: "domcontentloaded", timeout: 60_000 });
    await waitForNotebook(page, original.cellCount);

    stage("waiting for the course kernel");
    const session = await waitForKernelIdle(lab, name).catch(async (error) => {
      const dialog = await openDialogText(page);
      throw new Error(`${error.message}${dialog ? `; JupyterLab shows a dialog: ${dialog}` : ""}`);
    });
    if (session.kernel.name !== KERNEL_NAME) failures.push(`the notebook started kernel "${session.kernel.name}", not the course kernel "${KERNEL_NAME}"`);

    stage("Run ▸ Run All Cells");
    const runStarted = Date.now();
    await runAllCells(page, lab, name, { log: (line) => log(`${line} (${seconds()} s)`) });
    result.runSeconds = (Date.now() - runStarted) / 1000;

    stage(`all cells ran in ${result.runSeconds.toFixed(1)} s; checking the outputs`);
    const cells = await domCells(page);
    const notRun = cells.map((cell, index) => (cell.code && !/\[\d+\]/.test(cell.prompt) ? index + 1 : null)).filter((n) => n !== null);
    const problems = problemsIn(cells);
    for (const problem of problems) failAt(problem, problem.message);
    if (notRun.length > 0) failAt({ cell: notRun[0] - 1 }, `cells ${notRun.join(", ")} did not run (Run All stops at the first failing cell)`);

    const domCharts = [];
    const domTables = [];
    cells.forEach((cell, index) =>
      cell.outputs.forEach((output, position) => {
        if (output.chart) domCharts.push({ cell: index, output: position, title: "" });
        else if (output.tables > 0) domTables.push({ cell: index, output: position });
      }),
    );
    stage(`drawing ${domCharts.length} charts`);
    const drawnHere = new Set();
    for (const chart of domCharts) {
      const problem = (await drawChart(page, chart, { evidence: evidenceFor(chart, "first"), onMiss: (miss) => log(`[e2e] ${name}: ${chartLabel(chart)}: aimed again: ${miss}`) })) ?? (await playIfAnimated(page, chart));
      if (problem) failAt(chart, `${chartLabel(chart)}: ${problem}`);
      else drawnHere.add(`${chart.cell}:${chart.output}`);
    }
    const tablesHere = new Set();
    for (const table of domTables) {
      const problem = await checkTable(page, table);
      if (problem) failAt(table, `table (${label(table)}): ${problem}`);
      else tablesHere.add(`${table.cell}:${table.output}`);
    }

    stage("saving (File ▸ Save Notebook)");
    await saveNotebook(page, file);
    const saved = readSavedOutputs(file);
    result.charts = saved.charts.length;
    result.tables = saved.tables.length;
    if (saved.charts.length === 0) failures.push("the saved notebook holds no chart at all");
    if (saved.tables.length === 0) failures.push("the saved notebook holds no table at all");
    if (notRun.length === 0 && problems.length === 0) {
      for (const problem of saved.problems) failures.push(`${label(problem)}: the saved file has an error output: ${oneLine(problem.text, 600)}`);
    }
    for (const chart of saved.charts) {
      if (!drawnHere.has(`${chart.cell}:${chart.output}`) && !domCharts.some((c) => c.cell === chart.cell && c.output === chart.output)) {
        failAt(chart, `${chartLabel(chart)}: the saved file holds a chart (${chart.via}) that the page did not show`);
      }
    }
    for (const table of saved.tables) {
      if (!tablesHere.has(`${table.cell}:${table.output}`) && !domTables.some((t) => t.cell === table.cell && t.output === table.output)) {
        failAt(table, `table (${label(table)}): the saved file holds a table that the page did not show`);
      }
    }
    if (domCharts.length !== saved.charts.length) failures.push(`the page showed ${domCharts.length} charts, the saved file holds ${saved.charts.length}`);
    if (domTables.length !== saved.tables.length) failures.push(`the page showed ${domTables.length} tables, the saved file holds ${saved.tables.length}`);

    const forgotten = lab.forgetSignatures();
    stage(`reopen check: forgot ${forgotten} notebook signature(s), reloading the page`);
    await page.reload({ waitUntil: "domcontentloaded", timeout: 60_000 });
    await waitForNotebook(page, saved.cellCount);
    const trust = page.locator(".jp-StatusItem-trust");
    await page.waitForFunction(() => (document.querySelector(".jp-StatusItem-trust")?.getAttribute("title") ?? "").length > 0, null, { timeout: 30_000 }).catch(() => undefined);
    const trustTitle = (await trust.count()) > 0 ? await trust.first().getAttribute("title") : null;
    if (!trustTitle) failures.push("after reopening: the status bar shows no trust state, so the reopen check cannot tell that the notebook is untrusted");
    else if (!/^Notebook not trusted/.test(trustTitle)) failures.push(`after reopening: the notebook is trusted ("${trustTitle}"), so this run did not check the untrusted case`);
    const reopened = await domCells(page);
    if (problems.length === 0) for (const problem of problemsIn(reopened)) failAt(problem, `after reopening: ${problem.message}`);
    stage(`reopen check: drawing ${saved.charts.length} charts (${trustTitle ?? "trust state unknown"})`);
    for (const chart of saved.charts) {
      const problem = (await drawChart(page, chart, { evidence: evidenceFor(chart, "reopened"), onMiss: (miss) => log(`[e2e] ${name}: ${chartLabel(chart)}: aimed again: ${miss}`) })) ?? (await playIfAnimated(page, chart));
      if (problem) failAt(chart, `after reopening without "Trust": ${chartLabel(chart)}: ${problem}`);
    }
    for (const table of saved.tables) {
      const problem = await checkTable(page, table);
      if (problem) failAt(table, `after reopening: table (${label(table)}): ${problem}`);
    }

    if (screenshotFile) {
      const first = saved.charts[0];
      if (first) {
        await page
          .locator(CELLS)
          .nth(first.cell)
          .evaluate((cell) => cell.scrollIntoView({ block: "start" }))
          .catch(() => undefined);
        await sleep(800);
      }
      fs.mkdirSync(path.dirname(screenshotFile), { recursive: true });
      await page.screenshot({ path: screenshotFile, animations: "disabled", caret: "hide" });
    }
    if (onChecked && failures.length === 0) {
      stage("extra screenshots");
      await onChecked(page, { name, saved, cellsSelector: CELLS });
    }
  };

  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s while ${state.stage}`)), timeoutMs);
  });
  try {
    log(`[e2e] ${name}: opening in JupyterLab`);
    await Promise.race([flow(), timedOut]);
  } catch (error) {
    const message = error.message.split("\n")[0];
    failures.push(message.startsWith("timed out") ? message : `stopped while ${state.stage}: ${message}`);
  } finally {
    clearTimeout(timer);
    if (failures.length > 0 && failureScreenshotFile) {
      fs.mkdirSync(path.dirname(failureScreenshotFile), { recursive: true });
      const shoot = async () => {
        if (state.focus) {
          await page
            .locator(CELLS)
            .nth(state.focus.cell)
            .evaluate((cell) => cell.scrollIntoView({ block: "start" }), null, { timeout: 5000 })
            .catch(() => undefined);
          await sleep(500);
        }
        await page.screenshot({ path: failureScreenshotFile }).catch(() => undefined);
      };
      await Promise.race([shoot(), sleep(15_000)]);
      if (pageErrors.length > 0) failures.push(`(for diagnosis) errors in the page: ${pageErrors.slice(0, 5).join(" | ")}`);
    }
    await Promise.race([context.close().catch(() => undefined), sleep(10_000)]);
    await lab.closeSession(name);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
