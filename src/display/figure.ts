// Plotly figures as plain data: {data, layout, config}. Notebooks build traces the Plotly way; these
// helpers only fill in defaults and make the figure safe to send as JSON.

export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout: Layout;
  config?: Record<string, unknown>;
  /** Animation frames (Plotly.addFrames), for replays. */
  frames?: Record<string, unknown>[];
}

export const DEFAULT_SIZE = { width: 900, height: 450 };

/** A figure with a layout always present (JupyterLab's Plotly renderer needs one). */
export function figure(data: Trace[], layout: Layout = {}, config: Record<string, unknown> = {}): Figure {
  return {
    data,
    layout: { height: DEFAULT_SIZE.height, margin: { t: 60, r: 30, b: 60, l: 70 }, ...layout },
    config: { responsive: true, displaylogo: false, ...config },
  };
}

/** Axis title in the form Plotly 2+ expects. */
export function axis(title: string, extra: Layout = {}): Layout {
  return { title: { text: title }, ...extra };
}

/** A shaded band between `low` and `high` (two traces: the lower edge, then the upper one filled to it). */
export function bandTraces(x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, name: string, color = "rgba(31,119,180,0.2)"): Trace[] {
  return [
    { x: Array.from(x), y: Array.from(low), mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false, name: `${name} (low)` },
    { x: Array.from(x), y: Array.from(high), mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: color, name },
  ];
}

/** A deep copy that JSON can carry: typed arrays become arrays, non-finite numbers become null. */
export function toPlainJson<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === "number" && !Number.isFinite(v)) return null;
      return v;
    }),
  );
}

/** One line naming the chart, for terminals and the text/plain fallback. */
export function describeFigure(fig: Figure): string {
  const title = fig.layout.title;
  const text = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  const traces = fig.data.length;
  return `Plotly chart${text ? `: ${text}` : ""} (${traces} trace${traces === 1 ? "" : "s"})`;
}
