// A display that updates in place, for training progress: in a notebook one output is replaced
// again and again (same display id); in a terminal one line is rewritten.
import { describeFigure, toPlainJson, type Figure } from "./figure";
import { inKernel, newDisplayId, sendDisplay, type MimeBundle } from "../core/kernel";
import { findChromium, renderPng } from "./render";
import { chartBundle } from "./show";

export type LiveContent = Figure | string;

const LOG_INTERVAL_MS = 10_000;

function isFigure(content: LiveContent): content is Figure {
  return typeof content !== "string";
}

/**
 * A chart while it is still changing: a picture of it and a line of text, without the Plotly JSON.
 * JupyterLab's Plotly renderer draws a figure once and then ignores new data sent to the same output,
 * so a live chart sent as Plotly JSON would stay frozen at its first state. JupyterLab's image
 * renderer shows every new picture; the final update then carries the Plotly JSON, and because its
 * kind of output changes, JupyterLab builds a fresh interactive chart of the final state. Without
 * Chromium (no picture) the progress is the line of text alone. Outside a kernel only the text is used.
 */
async function progressBundle(fig: Figure, text: string): Promise<MimeBundle> {
  if (!inKernel() || !findChromium()) return { "text/plain": text };
  const png = await renderPng(toPlainJson({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} }));
  return png ? { "image/png": png.toString("base64"), "text/plain": text } : { "text/plain": text };
}

export class LiveDisplay {
  private readonly displayId = newDisplayId();
  private sent = false;
  private lastSentAt = 0;
  private lastLineLength = 0;
  private lastPrintedAt = 0;
  /** A progress picture is being drawn: updates meanwhile are dropped, not queued behind it. */
  private drawing = false;
  /** Counts the updates begun: one whose picture is finished after a later one began is stale. */
  private begun = 0;
  /** Every bundle this display sent or, outside a kernel, would have sent (the last one is current). */
  readonly history: MimeBundle[] = [];

  /** Updates closer together than `minIntervalMs` are dropped (the final one never is). */
  constructor(private readonly minIntervalMs = 250) {}

  /**
   * Replaces the content, unless the previous update was less than minIntervalMs ago or its picture is
   * still being drawn (training goes on meanwhile; the next update shows a newer state).
   */
  async update(content: LiveContent, text?: string): Promise<void> {
    const now = Date.now();
    if (this.drawing || (this.sent && now - this.lastSentAt < this.minIntervalMs)) return;
    await this.send(content, text, false);
  }

  /** The last update: always sent, and a chart gets its static PNG here. */
  async finish(content: LiveContent, text?: string): Promise<void> {
    await this.send(content, text, true);
    if (!inKernel() && this.lastLineLength > 0 && process.stderr.isTTY) process.stderr.write("\n");
  }

  private async send(content: LiveContent, text: string | undefined, final: boolean): Promise<void> {
    const order = ++this.begun;
    let bundle: MimeBundle;
    if (!isFigure(content)) bundle = { "text/plain": content };
    else if (final) bundle = await chartBundle(content, { png: true, text: text ?? describeFigure(content) });
    else {
      this.drawing = true;
      try {
        bundle = await progressBundle(content, text ?? describeFigure(content));
      } finally {
        this.drawing = false;
      }
    }
    // finish() began while this progress picture was drawn: sent now, it would replace the final state
    if (order !== this.begun) return;
    this.history.push(bundle);
    this.lastSentAt = Date.now();
    if (sendDisplay(bundle, { displayId: this.displayId, update: this.sent })) {
      this.sent = true;
      return;
    }
    this.sent = true;
    this.writeLine(String(bundle["text/plain"]), final);
  }

  /** Terminal fallback: rewrite one line on a TTY; in logs (CI), print a line every 10 s at most. */
  private writeLine(line: string, final: boolean): void {
    if (process.stderr.isTTY) {
      const padding = " ".repeat(Math.max(0, this.lastLineLength - line.length));
      process.stderr.write(`\r${line}${padding}`);
      this.lastLineLength = line.length;
      return;
    }
    const now = Date.now();
    if (final || this.history.length === 1 || now - this.lastPrintedAt >= LOG_INTERVAL_MS) {
      process.stderr.write(`${line}\n`);
      this.lastPrintedAt = now;
    }
  }
}
