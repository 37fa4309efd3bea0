// danfo.js DataFrames as HTML tables. danfo has no HTML output of its own (its toString is a
// box-drawing text table), so the table is built here, with every cell escaped.

/** What a danfo DataFrame exposes and the table needs. */
export interface FrameLike {
  columns: string[];
  values: unknown[] | unknown[][];
  index: (string | number)[];
  toString?: () => string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Numbers to at most six significant digits; everything else as text. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(3);
    return String(Number(value.toPrecision(6)));
  }
  return String(value);
}

function rowsOf(frame: FrameLike): unknown[][] {
  return frame.values.map((row) => (Array.isArray(row) ? row : [row]));
}

export function tableHtml(frame: FrameLike): string {
  const head = ["<th></th>", ...frame.columns.map((c) => `<th>${escapeHtml(String(c))}</th>`)].join("");
  const body = rowsOf(frame)
    .map((row, i) => `<tr><th>${escapeHtml(String(frame.index[i]))}</th>${row.map((cell) => `<td>${escapeHtml(formatCell(cell))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table class="dataframe">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Aligned plain-text version, for terminals and the text/plain fallback. */
export function tableText(frame: FrameLike): string {
  const cells = [["", ...frame.columns.map(String)], ...rowsOf(frame).map((row, i) => [String(frame.index[i]), ...row.map(formatCell)])];
  const widths = cells[0].map((_, col) => Math.max(...cells.map((row) => row[col].length)));
  return cells.map((row) => row.map((cell, col) => cell.padStart(widths[col])).join("  ")).join("\n");
}

/** A list of records as plain text, one row each, numbered from 1 (for the terminal). */
export function recordsText(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0]);
  return tableText({ columns, values: rows.map((row) => columns.map((c) => row[c])), index: rows.map((_, i) => i + 1) });
}

/** A danfo DataFrame from a list of records (danfo is loaded on first use: it is slow to import). */
export function dataFrame(records: Record<string, unknown>[]): import("danfojs-node").DataFrame {
  const danfo: typeof import("danfojs-node") = require("danfojs-node");
  return new danfo.DataFrame(records);
}
