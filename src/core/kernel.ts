// The one module that reaches into tslab's internals.
//
// tslab's public API (tslab.display.raw) sends one MIME type per output and throws "Not ready"
// outside a kernel. A chart needs several types in ONE output (Plotly JSON for JupyterLab, a PNG
// for nbconvert and GitHub, plain text for terminals), so we call the writer that tslab's
// jupyter.js keeps for the running cell: lastWriteDisplayData({data, metadata, transient}, update).
// Checked against tslab 1.0.22, which package.json pins exactly; test/unit/kernel.test.ts covers it.
import { randomBytes } from "crypto";

export type MimeBundle = Record<string, unknown>;

export interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

interface TslabJupyterModule {
  lastWriteDisplayData: DisplayWriter | null;
}

function tslabJupyter(): TslabJupyterModule | null {
  try {
    return require("tslab/dist/jupyter") as TslabJupyterModule;
  } catch {
    return null;
  }
}

/** The running cell's output writer, or null outside a tslab kernel (tests, command line). */
function currentWriter(): DisplayWriter | null {
  const writer = tslabJupyter()?.lastWriteDisplayData;
  return typeof writer === "function" ? writer : null;
}

export function inKernel(): boolean {
  return currentWriter() !== null;
}

export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Sends one output holding every MIME type in `data`. With a display id, `update: true` replaces
 * that earlier output in place. Returns false (and sends nothing) outside a kernel.
 */
export function sendDisplay(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const writer = currentWriter();
  if (!writer) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  writer({ data, metadata: {}, transient }, Boolean(options.update && options.displayId));
  return true;
}
