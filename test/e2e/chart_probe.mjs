// A flight recorder for the charts in a JupyterLab page, so that a chart that does not draw can say why.
//
// The jupyterlab-plotly renderer (plotly 7.1.0's extension) shows an output's PNG in an
// <img class="plot-img"> and builds the live chart in its "mouseenter" listener on that image. When
// no SVG comes, the question is which link broke: did the pointer's events reach the image, did the
// renderer's listener run, did Plotly start drawing, was the output replaced by a new element, was the
// image swapped while the pointer moved, was the cell out of view? The init script below records
// exactly those facts in the page, per chart element (each `.jp-RenderedPlotly` gets a probe id):
//
//   listener   the renderer's own mouseenter listener ran (it is wrapped when the renderer adds it)
//   enter      a mouseenter reached an image (seen by a capturing listener, before the renderer's)
//   added / removed   the chart element was put into, or taken out of, the page
//   src        the image's picture was replaced
//   plotting / drawn  Plotly marked the element as its graph div / its SVG appeared
//   rejection  an unhandled promise rejection in the page (createGraph's promise is not awaited)
//
// plus the last point where the page saw the pointer, where the test aimed (`aim`, noted by the test
// itself), and every layout shift: what moved, from where to where. Cells are numbered from 1, as the
// test's messages number them. `chartRecord` reads it back for one output of the page.
// Recording costs a few object pushes per event: the test installs it on every page.

/** Installs the recorder in every document the context opens (before the page's own scripts). */
export async function installChartProbe(context) {
  await context.addInitScript(() => {
    const probe = { start: performance.now(), nextId: 1, events: [], lastPointer: null, rejections: [], shifts: [] };
    window.__chartProbe = probe;
    const now = () => Math.round(performance.now() - probe.start);
    const idOf = (element) => {
      const plot = element?.closest?.(".jp-RenderedPlotly");
      if (!plot) return null;
      if (!plot.dataset.probeId) plot.dataset.probeId = String(probe.nextId++);
      return Number(plot.dataset.probeId);
    };
    const note = (id, kind, extra = {}) => {
      if (id === null) return;
      probe.events.push({ t: now(), id, kind, ...extra });
      if (probe.events.length > 20000) probe.events.splice(0, 5000);
    };
    const describe = (element) => (element ? `<${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? ` class="${element.className.slice(0, 60)}"` : ""}>` : "nothing");

    // The renderer's own listener: wrap it when the renderer adds it to its image, to see it run.
    const addEventListener = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, listener, options) {
      if (type === "mouseenter" && typeof listener === "function" && this instanceof HTMLImageElement && this.classList.contains("plot-img")) {
        const image = this;
        const wrapped = function (event) {
          note(idOf(image), "listener", { connected: image.isConnected });
          return listener.call(this, event);
        };
        return addEventListener.call(this, type, wrapped, options);
      }
      return addEventListener.call(this, type, listener, options);
    };

    addEventListener.call(
      document,
      "mouseenter",
      (event) => {
        const target = event.target;
        if (target instanceof HTMLImageElement && target.classList.contains("plot-img")) {
          note(idOf(target), "enter", { x: event.clientX, y: event.clientY, shown: getComputedStyle(target).display !== "none" });
        }
      },
      true,
    );
    addEventListener.call(
      document,
      "mousemove",
      (event) => {
        probe.lastPointer = { t: now(), x: event.clientX, y: event.clientY, target: describe(event.target), chart: idOf(event.target) };
      },
      true,
    );
    addEventListener.call(window, "unhandledrejection", (event) => {
      probe.rejections.push({ t: now(), reason: String(event.reason?.stack ?? event.reason).slice(0, 500) });
    });

    // Layout shifts (the Layout Instability API): what moved, from where to where, and when.
    const cellIndex = (node) => {
      const cell = (node instanceof Element ? node : node?.parentElement)?.closest?.(".jp-Cell");
      return cell ? [...document.querySelectorAll(".jp-NotebookPanel .jp-Cell")].indexOf(cell) + 1 : null;
    };
    const box = (r) => ({ y: Math.round(r.y), height: Math.round(r.height) });
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          probe.shifts.push({
            t: Math.round(entry.startTime - probe.start),
            sources: (entry.sources ?? []).map((source) => ({ node: describe(source.node instanceof Element ? source.node : source.node?.parentElement), cell: cellIndex(source.node), from: box(source.previousRect), to: box(source.currentRect) })),
          });
          if (probe.shifts.length > 2000) probe.shifts.splice(0, 500);
        }
      }).observe({ type: "layout-shift", buffered: true });
    } catch {
      // no Layout Instability API in this browser: the record has no shifts
    }

    const watch = () => {
      new MutationObserver((mutations) => {
        for (const mutation of mutations) {
          if (mutation.type === "attributes") {
            const target = mutation.target;
            if (mutation.attributeName === "src" && target.classList?.contains("plot-img")) note(idOf(target), "src", { length: (target.getAttribute("src") ?? "").length });
            else if (mutation.attributeName === "class" && target.classList?.contains("jp-RenderedPlotly") && target.classList.contains("js-plotly-plot") && !target.dataset.probePlotting) {
              target.dataset.probePlotting = "1";
              note(idOf(target), "plotting");
            }
            continue;
          }
          for (const node of mutation.addedNodes) {
            if (!(node instanceof Element)) continue;
            for (const plot of [node, ...node.querySelectorAll(".jp-RenderedPlotly")].filter((n) => n.classList?.contains("jp-RenderedPlotly"))) {
              note(idOf(plot), "added", { cell: cellIndex(plot) });
            }
            if (node.classList.contains("main-svg") || node.querySelector?.(".main-svg")) note(idOf(node), "drawn");
          }
          for (const node of mutation.removedNodes) {
            if (!(node instanceof Element)) continue;
            const plots = [node, ...node.querySelectorAll(".jp-RenderedPlotly")].filter((n) => n.classList?.contains("jp-RenderedPlotly"));
            for (const plot of plots) note(Number(plot.dataset.probeId) || idOf(plot), "removed", { via: describe(node) });
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["src", "class"] });
    };
    if (document.readyState === "loading") addEventListener.call(document, "DOMContentLoaded", watch);
    else watch();
  });
}

/**
 * What the probe saw of the chart output `output` (a Playwright locator): its element now, the
 * elements it had before (`seenIds`), their events, where the pointer was, what lies at `point`.
 */
export async function chartRecord(page, output, { seenIds = [], point = null } = {}) {
  const handle = await output.elementHandle().catch(() => null);
  const record = await page
    .evaluate(
      ([element, seen, aimed]) => {
        const probe = window.__chartProbe;
        if (!probe) return { installed: false };
        const plot = element?.querySelector(".jp-RenderedPlotly");
        const id = plot ? Number(plot.dataset.probeId) || null : null;
        const ids = [...new Set([...seen, id].filter((x) => x !== null))];
        const image = plot?.querySelector("img.plot-img");
        const cell = element?.closest(".jp-Cell");
        const rect = (node) => {
          if (!node) return null;
          const r = node.getBoundingClientRect();
          return { x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
        };
        const describe = (node) => (node ? `<${node.tagName.toLowerCase()}${node.className && typeof node.className === "string" ? ` class="${node.className.slice(0, 60)}"` : ""}>` : "nothing");
        const atPoint = aimed ? document.elementFromPoint(aimed.x, aimed.y) : null;
        const cells = [...document.querySelectorAll(".jp-NotebookPanel .jp-Cell")];
        const aim = probe.events.filter((event) => event.id === id && event.kind === "aim").at(-1);
        return {
          installed: true,
          now: Math.round(performance.now() - probe.start),
          chartId: id,
          ids,
          connected: Boolean(element?.isConnected),
          cellConnected: Boolean(cell?.isConnected),
          cellStyle: cell ? { contentVisibility: getComputedStyle(cell).contentVisibility, display: getComputedStyle(cell).display } : null,
          image: image ? { shown: getComputedStyle(image).display !== "none", complete: image.complete, naturalWidth: image.naturalWidth, rect: rect(image) } : null,
          plotContainer: Boolean(plot?.querySelector(".plot-container")),
          svg: Boolean(plot?.querySelector(".main-svg")),
          lastPointer: probe.lastPointer,
          aimed,
          atAimedPoint: aimed ? `${describe(atPoint)}${atPoint && image && atPoint === image ? " (the chart's PNG)" : atPoint?.closest(".jp-Cell") ? ` in cell ${cells.indexOf(atPoint.closest(".jp-Cell")) + 1}` : ""}` : null,
          cell: cell ? cells.indexOf(cell) + 1 : null,
          // the shifts from just before the aim to 2 s after it
          shiftsAroundAim: aim ? probe.shifts.filter((shift) => shift.t >= aim.t - 200 && shift.t <= aim.t + 2000) : [],
          events: probe.events.filter((event) => ids.includes(event.id)),
          rejections: probe.rejections,
        };
      },
      [handle, seenIds, point],
    )
    .catch((error) => ({ installed: "unreadable", error: error.message }));
  await handle?.dispose().catch(() => undefined);
  return record;
}

/** The probe ids of the chart elements inside `output` now (to find them again if they are replaced). */
export async function chartIds(output) {
  return output
    .locator(".jp-RenderedPlotly")
    .evaluateAll((plots) => plots.map((plot) => Number(plot.dataset.probeId) || null).filter((id) => id !== null))
    .catch(() => []);
}

/** One line for a failure message: the facts that tell the causes apart. */
export function summariseRecord(record) {
  if (!record?.installed) return `(no probe record: ${record?.error ?? "the recorder was not installed"})`;
  const kinds = (kind) => record.events.filter((e) => e.kind === kind);
  const aim = record.events.filter((e) => e.kind === "aim").at(-1);
  const moves = record.shiftsAroundAim.flatMap((shift) => shift.sources.map((source) => `${shift.t} ms ${source.node}${source.cell ? ` of cell ${source.cell}` : ""} y ${source.from.y}→${source.to.y}${source.from.height !== source.to.height ? ` (height ${source.from.height}→${source.to.height})` : ""}`));
  const shifts = moves.length === 0 ? "none" : `${moves.slice(0, 6).join(", ")}${moves.length > 6 ? ` and ${moves.length - 6} more` : ""}`;
  const when = (events) => (events.length === 0 ? "never" : events.map((e) => `${e.t} ms${e.id !== record.chartId ? ` (element #${e.id})` : ""}`).join(", "));
  const parts = [
    `element #${record.chartId ?? "?"}${record.ids.length > 1 ? ` (replaced: elements ${record.ids.join(", ")} held this output)` : ""}, now ${record.now} ms`,
    `pointer entered its PNG: ${when(kinds("enter"))}`,
    `renderer's listener ran: ${when(kinds("listener"))}`,
    `Plotly started: ${when(kinds("plotting"))}`,
    `SVG appeared: ${when(kinds("drawn"))}`,
    `PNG replaced: ${when(kinds("src").slice(1))}`,
    `element removed: ${when(kinds("removed"))}`,
    `image ${record.image ? `${record.image.shown ? "shown" : "hidden"} at ${JSON.stringify(record.image.rect)}` : "absent"}`,
    `aimed at ${record.aimed ? `(${Math.round(record.aimed.x)}, ${Math.round(record.aimed.y)})${aim ? ` at ${aim.t} ms, when the image's top was at y ${aim.top}` : ""}, where the page now has ${record.atAimedPoint}` : "nothing"}`,
    `layout shifts from 200 ms before the aim to 2 s after: ${shifts}`,
    `last pointer move ${record.lastPointer ? `at (${Math.round(record.lastPointer.x)}, ${Math.round(record.lastPointer.y)}) on ${record.lastPointer.target}${record.lastPointer.chart ? ` of chart #${record.lastPointer.chart}` : ""}, ${record.lastPointer.t} ms` : "none"}`,
    `cell ${record.cellConnected ? "attached" : "detached"}${record.cellStyle ? ` (content-visibility ${record.cellStyle.contentVisibility})` : ""}`,
  ];
  if (record.rejections.length > 0) parts.push(`unhandled rejections in the page: ${record.rejections.map((r) => r.reason.split("\n")[0]).join(" | ")}`);
  return parts.join("; ");
}
