// Charts as files: a PNG (static render) or a standalone interactive HTML page that carries
// plotly.js inline from the local npm package, so it opens offline and anywhere.
import * as fs from "fs";
import { writeFileAtomic } from "../core/files";
import { describeFigure, toPlainJson, type Figure } from "./figure";
import { NO_CHROMIUM_NOTICE, renderPng } from "./render";

export class NoChromiumError extends Error {
  constructor() {
    super(NO_CHROMIUM_NOTICE);
    this.name = "NoChromiumError";
  }
}

/** Writes the figure as a PNG; throws NoChromiumError when there is no browser to draw it. */
export async function savePng(fig: Figure, file: string, size: { width?: number; height?: number; scale?: number } = {}): Promise<string> {
  const png = await renderPng(fig, size);
  if (!png) throw new NoChromiumError();
  writeFileAtomic(file, png);
  return file;
}

/** JSON safe to embed in a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function standaloneHtml(fig: Figure): string {
  const plotly = fs.readFileSync(require.resolve("plotly.js-dist-min"), "utf8").replace(/<\/script/gi, "<\\/script");
  const plain = toPlainJson(fig);
  const title = describeFigure(fig).replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return [
    "<!doctype html>",
    '<html><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    `<script>${plotly}</script>`,
    "</head><body style=\"margin:0\">",
    // a chart fills the window; an animation (a replay) keeps the height its panels were laid out for
    `<div id="chart" style="width:100vw;height:${plain.frames ? `${plain.layout.height}px` : "95vh"}"></div>`,
    `<script>Plotly.newPlot("chart", ${scriptJson({ data: plain.data, layout: { ...plain.layout, height: plain.frames ? plain.layout.height : undefined, autosize: true }, config: { responsive: true, ...plain.config }, frames: plain.frames ?? [] })});</script>`,
    "</body></html>",
    "",
  ].join("\n");
}

export async function saveHtml(fig: Figure, file: string): Promise<string> {
  writeFileAtomic(file, standaloneHtml(fig));
  return file;
}
