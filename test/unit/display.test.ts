import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { figure, toPlainJson, describeFigure } from "../../src/display/figure";
import { escapeHtml, formatCell, tableHtml, tableText } from "../../src/display/table";
import { saveHtml, savePng, standaloneHtml } from "../../src/display/export";
import { closeRenderer, findChromium, launchChromium } from "../../src/display/render";
import { chartBundle, PLOTLY_MIME } from "../../src/display/show";

after(closeRenderer);

const chromium = findChromium();
const demo = figure([{ x: [1, 2, 3], y: [2, 1, 3], mode: "lines", name: "</script><b>x</b>" }], { title: { text: "demo chart" } });

test("cells are escaped and numbers shortened", () => {
  assert.equal(escapeHtml(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  assert.equal(formatCell(3), "3");
  assert.equal(formatCell(1 / 3), "0.333333");
  assert.equal(formatCell(1.5e-7), "1.500e-7");
  assert.equal(formatCell(null), "");
  const frame = { columns: ["a", "<b>"], values: [[1, "<i>"], [2.5, "y"]], index: [0, 1] };
  const html = tableHtml(frame);
  assert.match(html, /<th>&lt;b&gt;<\/th>/);
  assert.match(html, /<td>&lt;i&gt;<\/td>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
  assert.equal(tableText(frame).split("\n").length, 3);
});

test("figures become plain JSON and a one-line description", () => {
  const plain = toPlainJson({ y: new Float32Array([1, 2]), z: [Infinity, 1] });
  assert.deepEqual(plain, { y: [1, 2], z: [null, 1] });
  assert.equal(describeFigure(demo), "Plotly chart: demo chart (1 trace)");
  assert.ok(demo.layout.height, "figure() always fills in a layout");
});

test("chartBundle without a PNG holds exactly Plotly JSON and text", async () => {
  const bundle = await chartBundle(demo, { png: false });
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/plain"]);
});

test("the standalone HTML page carries plotly.js inline and loads nothing from the network", () => {
  const html = standaloneHtml(demo);
  assert.doesNotMatch(html, /<script[^>]+src=/i);
  assert.doesNotMatch(html, /<link[^>]+href=/i);
  assert.ok(html.includes(JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")).version));
  assert.ok(!html.includes("</script><b>"), "trace names cannot close the script element");
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
});

test("saveHtml writes a page that draws the chart in a browser", { skip: !chromium && "no Chromium here" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chart-")), "chart.html");
  await saveHtml(demo, file);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    await page.waitForSelector(".main-svg", { timeout: 15_000 });
    assert.ok((await page.locator(".scatterlayer .trace").count()) >= 1);
    assert.deepEqual(requests.filter((url) => !url.startsWith("file://") && !url.startsWith("data:")), []);
  } finally {
    await browser.close();
  }
});

test("savePng writes a PNG of the requested size", { skip: !chromium && "no Chromium here" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chart-")), "nested", "chart.png");
  await savePng(demo, file, { width: 640, height: 360 });
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 640);
  assert.equal(png.readUInt32BE(20), 360);
});

test("savePng without Chromium fails with a message saying how to get it", async () => {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = "/nonexistent/chromium";
  try {
    await assert.rejects(savePng(demo, path.join(os.tmpdir(), "never.png")), /No Chromium found.*apt-get install chromium/);
  } finally {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  }
});
