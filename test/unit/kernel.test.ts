// The multi-MIME output path goes through tslab internals (src/core/kernel.ts). These tests use
// the real tslab module: if a tslab upgrade moves lastWriteDisplayData, they fail.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import { inKernel, sendDisplay, type DisplayContent } from "../../src/core/kernel";
import { figure } from "../../src/display/figure";
import { LiveDisplay } from "../../src/display/live";
import { PLOTLY_MIME, show, showTable } from "../../src/display/show";
import { closeRenderer, findChromium } from "../../src/display/render";
import { dataFrame } from "../../src/display/table";

const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: ((c: DisplayContent, u: boolean) => void) | null };

function record(): { content: DisplayContent; update: boolean }[] {
  const calls: { content: DisplayContent; update: boolean }[] = [];
  jupyter.lastWriteDisplayData = (content, update) => calls.push({ content, update });
  return calls;
}

afterEach(async () => {
  jupyter.lastWriteDisplayData = null;
  await closeRenderer();
});

test("tslab is the pinned version whose internals the display module relies on", () => {
  const pinned = JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies.tslab;
  assert.equal(pinned, "1.0.22");
  assert.equal(JSON.parse(fs.readFileSync(require.resolve("tslab/package.json"), "utf8")).version, pinned);
  assert.ok("lastWriteDisplayData" in jupyter, "tslab/dist/jupyter no longer exports lastWriteDisplayData");
});

test("outside a kernel nothing is sent and the helpers return their bundle", async () => {
  assert.equal(inKernel(), false);
  assert.equal(sendDisplay({ "text/plain": "x" }), false);
  const bundle = await show(figure([{ x: [1], y: [2] }], { title: { text: "t" } }));
  assert.ok(bundle && PLOTLY_MIME in bundle);
  const table = showTable(dataFrame([{ a: 1 }]));
  assert.ok(table && "text/html" in table);
});

test("show sends ONE output with Plotly JSON, a PNG when Chromium exists, and text, never HTML", async () => {
  const calls = record();
  assert.equal(inKernel(), true);
  const result = await show(figure([{ x: new Float64Array([1, 2]), y: [3, Number.NaN] }], { title: { text: "demo" } }));
  assert.equal(result, undefined, "in a kernel show returns nothing, so the cell does not echo it");
  assert.equal(calls.length, 1);
  const { content, update } = calls[0];
  assert.equal(update, false);
  const mimes = Object.keys(content.data).sort();
  assert.deepEqual(mimes, findChromium() ? ["application/vnd.plotly.v1+json", "image/png", "text/plain"] : ["application/vnd.plotly.v1+json", "text/plain"]);
  const plotly = content.data[PLOTLY_MIME] as { data: { x: number[]; y: (number | null)[] }[]; layout: object; config: object };
  assert.deepEqual(plotly.data[0].x, [1, 2], "typed arrays become JSON arrays");
  assert.deepEqual(plotly.data[0].y, [3, null], "NaN becomes null");
  assert.ok(plotly.layout && plotly.config);
  assert.equal(content.data["text/plain"], "Plotly chart: demo (1 trace)");
  if (findChromium()) {
    const png = Buffer.from(content.data["image/png"] as string, "base64");
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(png.length > 5000);
  }
});

test("showTable sends an escaped HTML table with a text version", () => {
  const calls = record();
  showTable(dataFrame([{ name: "<script>alert(1)</script>", value: 0.5 }]));
  assert.equal(calls.length, 1);
  const html = calls[0].content.data["text/html"] as string;
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>/);
  assert.match(calls[0].content.data["text/plain"] as string, /name/);
});

test("a live display sends once, then updates the same output in place", async () => {
  const calls = record();
  const live = new LiveDisplay(0);
  await live.update("step 1");
  await live.update(figure([{ x: [1], y: [1] }]), "step 2");
  await live.finish("done");
  assert.deepEqual(calls.map((c) => c.update), [false, true, true]);
  const ids = new Set(calls.map((c) => c.content.transient.display_id));
  assert.equal(ids.size, 1);
  assert.ok([...ids][0]);
  assert.deepEqual(calls.map((c) => c.content.data["text/plain"]), ["step 1", "step 2", "done"]);
  // JupyterLab's Plotly renderer ignores new data sent to an output it has drawn, so a chart that is
  // still changing goes as a picture; only the final update carries the Plotly JSON.
  assert.ok(!(PLOTLY_MIME in calls[1].content.data), "a progress update of a chart holds no Plotly JSON");
  assert.equal("image/png" in calls[1].content.data, Boolean(findChromium()), "…but its picture when Chromium can draw one");
});

test("a live chart's last update is the whole chart: Plotly JSON, PNG and text", async () => {
  const calls = record();
  const live = new LiveDisplay(0);
  await live.update(figure([{ x: [1], y: [1] }]), "episode 1");
  await live.finish(figure([{ x: [1, 2], y: [1, 3] }]), "stopped at episode 2");
  const last = calls[calls.length - 1].content.data;
  assert.deepEqual((last[PLOTLY_MIME] as { data: { x: number[] }[] }).data[0].x, [1, 2]);
  assert.equal(last["text/plain"], "stopped at episode 2");
  assert.equal("image/png" in last, Boolean(findChromium()));
});

test("a live display drops updates that come faster than its interval, but never the last", async () => {
  const calls = record();
  const live = new LiveDisplay(60_000);
  for (let i = 0; i < 10; i++) await live.update(`step ${i}`);
  await live.finish("final");
  assert.deepEqual(calls.map((c) => c.content.data["text/plain"]), ["step 0", "final"]);
});

test("a live display drops an update that comes while a progress picture is drawn, rather than queueing it", async () => {
  const calls = record();
  const live = new LiveDisplay(0);
  const first = live.update(figure([{ x: [1], y: [1] }]), "episode 1");
  const second = live.update(figure([{ x: [1, 2], y: [1, 2] }]), "episode 2");
  await Promise.all([first, second]);
  assert.deepEqual(calls.map((c) => c.content.data["text/plain"]), ["episode 1"]);
});

test("a progress picture finished after the last update is not sent: the final state stays on screen", async () => {
  const calls = record();
  const live = new LiveDisplay(0);
  const progress = live.update(figure([{ x: [1], y: [1] }]), "episode 1"); // not awaited, as a training callback may do
  await live.finish("done");
  await progress;
  assert.deepEqual(calls.map((c) => c.content.data["text/plain"]), ["done"]);
  assert.deepEqual(live.history.map((b) => b["text/plain"]), ["done"]);
});
