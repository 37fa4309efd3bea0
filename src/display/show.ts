// show(figure) and showTable(frame): rich output in a notebook, plain values elsewhere.
//
// In a tslab kernel they send one output and return nothing (so the cell shows no echo). Outside
// a kernel (tests, command line) they send nothing and return the MIME bundle instead.
import { describeFigure, toPlainJson, type Figure } from "./figure";
import { sendDisplay, type MimeBundle } from "../core/kernel";
import { findChromium, NO_CHROMIUM_NOTICE, renderPng } from "./render";
import { tableHtml, tableText, type FrameLike } from "./table";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let noticeShown = false;

function noticeOnce(message: string): void {
  if (noticeShown) return;
  noticeShown = true;
  console.log(message);
}

/**
 * The bundle for a chart: Plotly JSON (JupyterLab draws it, trusted or not), a PNG (nbconvert and
 * GitHub fall back to it) and a line of text. Never text/html: in JupyterLab it would outrank the
 * PNG and need a trusted notebook to run.
 */
export async function chartBundle(fig: Figure, options: { png?: boolean; text?: string } = {}): Promise<MimeBundle> {
  const plain = toPlainJson({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {}, ...(fig.frames ? { frames: fig.frames } : {}) });
  const bundle: MimeBundle = { [PLOTLY_MIME]: plain, "text/plain": options.text ?? describeFigure(fig) };
  if (options.png ?? true) {
    if (findChromium()) {
      const png = await renderPng(plain);
      if (png) bundle["image/png"] = png.toString("base64");
    } else {
      noticeOnce(NO_CHROMIUM_NOTICE);
    }
  }
  return bundle;
}

export function tableBundle(frame: FrameLike): MimeBundle {
  return { "text/html": tableHtml(frame), "text/plain": tableText(frame) };
}

/** Sends the bundle to the notebook; outside a kernel returns it instead. */
export function publish(bundle: MimeBundle): MimeBundle | undefined {
  return sendDisplay(bundle) ? undefined : bundle;
}

/** Draws a Plotly figure inline (interactive, with a static PNG inside the same output). */
export async function show(fig: Figure): Promise<MimeBundle | undefined> {
  return publish(await chartBundle(fig));
}

/** Shows a danfo DataFrame as an HTML table. */
export function showTable(frame: FrameLike): MimeBundle | undefined {
  return publish(tableBundle(frame));
}
