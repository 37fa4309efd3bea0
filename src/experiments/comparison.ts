// Runs side by side: one curve per run (a metric against episodes or updates), with the notes that
// are tied to a step drawn as numbered markers on that run's curve (hover shows the text).
import { axis, figure, type Figure, type Trace } from "../display/figure";
import type { RunNote } from "./notes";
import { RunStoreError, type RunRecord } from "./run_store";
import { shortTime } from "./run_table";

export interface RunView {
  record: RunRecord;
  history: Record<string, unknown>[];
  notes: RunNote[];
}

// Plotly's default colours, given explicitly so that a run's markers match its line.
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Readable names of the metrics runs are usually compared on (others show as their key). */
const METRIC_LABELS: Record<string, string> = {
  meanReturn100: "mean return of the last 100 episodes",
  return: "episode return",
  rewardMean: "mean reward of the samples",
  accuracy: "accuracy of the samples",
  heldoutAccuracy: "held-out accuracy",
  heldoutReward: "held-out reward",
  kl: "KL to the supervised model (nats)",
};

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric;
}

/** The points (step, value) of one metric; records where it is missing (not evaluated that step) are left out. */
export function metricCurve(view: RunView, metric: string): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const record of view.history) {
    const step = record[view.record.stepKey];
    const value = record[metric];
    if (typeof step === "number" && typeof value === "number" && Number.isFinite(value)) {
      x.push(step);
      y.push(value);
    }
  }
  return { x, y };
}

/** The curve's value at `step`: the last point at or before it (the first point if it comes before them all). */
export function valueAt(curve: { x: number[]; y: number[] }, step: number): number | null {
  if (curve.x.length === 0) return null;
  let index = 0;
  for (let i = 0; i < curve.x.length && curve.x[i] <= step; i++) index = i;
  return curve.y[index];
}

/** The metric every run is compared on: the one asked for, or the runs' common default. */
export function comparisonMetric(views: RunView[], metric?: string): string {
  if (metric) {
    const without = views.filter((v) => v.history.length > 0 && !v.history.some((r) => typeof r[metric] === "number"));
    if (without.length > 0) {
      const available = Object.keys(without[0].history[0] ?? {}).filter((k) => typeof without[0].history[0][k] === "number");
      throw new RunStoreError(`run ${without[0].record.id} has no metric "${metric}"; it has ${available.join(", ")}`);
    }
    return metric;
  }
  const defaults = [...new Set(views.map((v) => v.record.metric))];
  if (defaults.length > 1) throw new RunStoreError(`these runs measure different things (${defaults.join(", ")}); name the metric to compare, e.g. { metric: "${defaults[0]}" }`);
  return defaults[0];
}

export function comparisonFigure(views: RunView[], options: { metric?: string; title?: string } = {}): Figure {
  if (views.length === 0) throw new RunStoreError("nothing to compare: give at least one run");
  const metric = comparisonMetric(views, options.metric);
  const steps = [...new Set(views.map((v) => v.record.stepKey))];
  const traces: Trace[] = [];
  views.forEach((view, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const curve = metricCurve(view, metric);
    const unfinished = view.record.status === "stopped unexpectedly" || view.record.status === "running" ? ` (${view.record.status})` : "";
    const label = `${view.record.name} · ${view.record.id.slice(-4)}${unfinished}`;
    traces.push({ x: curve.x, y: curve.y, mode: "lines", name: label, line: { color: colour, width: 2 } });
    const placed = view.notes.map((note, n) => ({ note, n: n + 1 })).filter(({ note }) => note.at !== null);
    if (placed.length > 0) {
      traces.push({
        x: placed.map(({ note }) => note.at),
        y: placed.map(({ note }) => valueAt(curve, note.at as number)),
        mode: "markers+text",
        name: `${label}: notes`,
        text: placed.map(({ n }) => String(n)),
        textposition: "top center",
        hovertext: placed.map(({ note, n }) => `note ${n} at ${view.record.stepKey} ${note.at}: ${note.text}`),
        hoverinfo: "text",
        marker: { symbol: "star", size: 14, color: colour, line: { color: "white", width: 1 } },
        showlegend: false,
      });
    }
  });
  return figure(traces, {
    title: { text: options.title ?? `${metricLabel(metric)}, ${views.length} run${views.length === 1 ? "" : "s"} (stars: notes, hover to read)` },
    xaxis: axis(steps.join(" / ")),
    yaxis: axis(metricLabel(metric)),
    legend: { orientation: "h", y: -0.2 },
  });
}

/** Every note of the compared runs, numbered as on the chart. */
export function noteRows(views: RunView[]): Record<string, unknown>[] {
  return views.flatMap((view) =>
    view.notes.map((note, n) => ({
      run: `${view.record.name} · ${view.record.id.slice(-4)}`,
      "#": n + 1,
      at: note.at === null ? "(whole run)" : `${view.record.stepKey} ${note.at}`,
      note: note.text,
      written: shortTime(note.time),
    })),
  );
}
