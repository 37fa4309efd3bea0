// How far each PPO update moved the policy, per seed of notebook 05's comparison: the range of the
// probability ratios π_θ/π_old over the batch after the update (with the clip range 1 ± ε marked), the
// approximate KL(π_old ‖ π_θ), and the clip fraction. The measures are defined in src/rl/ppo.ts.
import { axis, figure, type Figure, type Trace } from "../display/figure";
import type { PpoUpdateRow } from "../rl/ppo";

const SEED_COLOURS = ["#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

export interface PpoRun {
  seed: number;
  updates: PpoUpdateRow[];
}

/** Three panels over the episodes of the runs: ratio range, approximate KL (log scale), clip fraction. */
export function ppoUpdateFigure(runs: PpoRun[], clip: number): Figure {
  const traces: Trace[] = runs.flatMap(({ seed, updates }, i) => {
    const colour = SEED_COLOURS[i % SEED_COLOURS.length];
    const x = updates.map((u) => u.episode);
    const common = { mode: "lines", legendgroup: `seed ${seed}`, line: { color: colour, width: 1 } };
    return [
      { ...common, x, y: updates.map((u) => u.ratioMax), name: `seed ${seed}`, yaxis: "y" },
      { ...common, x, y: updates.map((u) => u.ratioMin), name: `seed ${seed}: smallest ratio`, yaxis: "y", showlegend: false },
      { ...common, x, y: updates.map((u) => u.approxKl), name: `seed ${seed}: approximate KL`, yaxis: "y2", showlegend: false },
      { ...common, x, y: updates.map((u) => u.clipFraction), name: `seed ${seed}: clip fraction`, yaxis: "y3", showlegend: false },
    ];
  });
  const episodes = runs.flatMap((r) => r.updates.map((u) => u.episode));
  const span = [Math.min(...episodes), Math.max(...episodes)];
  for (const bound of [1 - clip, 1 + clip]) {
    traces.push({ x: span, y: [bound, bound], mode: "lines", line: { color: "black", dash: "dash", width: 1 }, name: `clip range 1 ± ${clip}`, legendgroup: "clip", showlegend: bound > 1, yaxis: "y", hoverinfo: "skip" });
  }
  return figure(traces, {
    title: { text: "How far each PPO update moved the policy, per seed" },
    height: 720,
    xaxis: axis("episode (the last of each update's batch)", { anchor: "y3" }),
    yaxis: axis("ratio π_θ / π_old", { domain: [0.68, 1] }),
    yaxis2: axis("approximate KL", { domain: [0.36, 0.62], type: "log" }),
    yaxis3: axis("clip fraction", { domain: [0, 0.3], rangemode: "tozero" }),
    legend: { orientation: "h", y: -0.1 },
  });
}
