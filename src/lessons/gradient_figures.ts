// Notebook 02's charts: gradient estimates against the exact gradient, clouds of batch estimates,
// and training runs drawn as return above pseudo-loss. The notebook computes; these only draw.
import { axis, figure, type Figure } from "../display/figure";
import { movingAverage } from "../core/stats";
import type { GradientEstimate } from "./gradient_estimates";
import type { TrainingRecord } from "./pseudo_loss";

/** Each component's estimate ± 1.96·SE against the number of trajectories, with the exact value dashed. */
export function estimatesFigure(sampleSizes: number[], estimates: GradientEstimate[], exact: ArrayLike<number>): Figure {
  const traces = Array.from(exact, (exactValue, i) => [
    {
      x: sampleSizes,
      y: estimates.map((e) => e.mean[i]),
      mode: "markers",
      name: `estimate of dJ/dθ${i + 1} ± 1.96·SE`,
      error_y: { type: "data", array: estimates.map((e) => 1.96 * e.standardError[i]), visible: true },
    },
    { x: [sampleSizes[0], sampleSizes[sampleSizes.length - 1]], y: [exactValue, exactValue], mode: "lines", name: `exact dJ/dθ${i + 1}`, line: { dash: "dash" } },
  ]).flat();
  return figure(traces, {
    title: { text: "Score-function estimates of the gradient close in on the exact values" },
    xaxis: axis("trajectories sampled N", { type: "log" }),
    yaxis: axis("gradient component"),
  });
}

/** Two-parameter gradient estimates as clouds of points, one per estimator, and the exact gradient as a cross. */
export function cloudsFigure(clouds: { name: string; points: Float64Array[] }[], exact: ArrayLike<number>, title: string): Figure {
  return figure(
    [
      ...clouds.map(({ name, points }) => ({ x: points.map((g) => g[0]), y: points.map((g) => g[1]), mode: "markers", name, marker: { size: 5, opacity: 0.5 } })),
      { x: [exact[0]], y: [exact[1]], mode: "markers", name: "exact gradient", marker: { symbol: "x", size: 14, color: "black" } },
    ],
    { title: { text: title }, xaxis: axis("estimate of dJ/dθ1"), yaxis: axis("estimate of dJ/dθ2", { scaleanchor: "x" }), height: 560 },
  );
}

/** Training runs: the exact J(θ) on top, the pseudo-loss a loop would print (a moving average) below. */
export function returnAndLossFigure(runs: { name: string; color: string; records: TrainingRecord[] }[], lossWindow: number): Figure {
  return figure(
    runs.flatMap(({ name, color, records }) => {
      const updates = records.map((r) => r.iteration);
      return [
        { x: updates, y: records.map((r) => r.objective), mode: "lines", name: `${name}: J(θ)`, line: { color } },
        { x: updates, y: movingAverage(records.map((r) => r.pseudoLoss), lossWindow), mode: "lines", name: `${name}: pseudo-loss`, line: { color, dash: "dot" }, xaxis: "x2", yaxis: "y2" },
      ];
    }),
    {
      title: { text: "Training runs: the return J (top) and the printed pseudo-loss (bottom)" },
      height: 600,
      grid: { rows: 2, columns: 1, pattern: "independent" },
      xaxis: axis("update"),
      yaxis: axis("J(θ), exact"),
      xaxis2: axis("update"),
      yaxis2: axis(`pseudo-loss, ${lossWindow}-update average`),
    },
  );
}

/** The measured mean squared error of N-sample estimates against N, beside the exact σ²/N line (log–log). */
export function squaredErrorFigure(spread: { samples: number; meanSquaredError: number }[], singleVariance: number, repeats: number): Figure {
  const sizes = spread.map((s) => s.samples);
  return figure(
    [
      { x: sizes, y: spread.map((s) => s.meanSquaredError), mode: "markers+lines", name: `measured over ${repeats} repeats per N` },
      { x: sizes, y: sizes.map((n) => singleVariance / n), mode: "lines", name: "exact variance / N", line: { dash: "dash" } },
    ],
    {
      title: { text: "The squared error of the gradient estimate falls like 1/N" },
      xaxis: axis("trajectories per estimate N", { type: "log" }),
      yaxis: axis("mean squared error ||ĝ − ∇J||²", { type: "log" }),
    },
  );
}

/** Bars of Var[g_t] per parameter (one per step), one group per estimator. */
export function perStepVarianceFigure(estimators: { label: string; variance: ArrayLike<number> }[]): Figure {
  return figure(
    estimators.map(({ label, variance }) => ({ type: "bar", name: label, x: Array.from(variance, (_, d) => `step ${d + 1}`), y: Array.from(variance) })),
    {
      title: { text: "Variance of each gradient component: reward-to-go helps the later steps most" },
      barmode: "group",
      xaxis: axis("parameter θ_t of step t"),
      yaxis: axis("Var[g_t] of one trajectory's estimate"),
    },
  );
}
