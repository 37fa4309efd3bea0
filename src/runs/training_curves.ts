// The training_curves chart: episode returns with their 100-episode moving average and, for an
// environment with a reward threshold, the "solved" line on top; the pseudo-loss below (a reminder that
// it does not track performance).
import { axis, figure, type Figure, type Trace } from "../display/figure";
import { CARTPOLE_SPEC } from "../envs/cartpole";
import type { EnvSpec } from "../envs/env";
import type { EpisodeRecord } from "../rl/episode_records";

export function trainingCurvesFigure(records: EpisodeRecord[], title = "REINFORCE on CartPole-v1", spec: EnvSpec = CARTPOLE_SPEC): Figure {
  const episodes = records.map((r) => r.episode);
  const first = episodes[0] ?? 0;
  const last = episodes[episodes.length - 1] ?? 1;
  const threshold = spec.rewardThreshold;
  const traces: Trace[] = [
    { x: episodes, y: records.map((r) => r.return), name: "episode return", mode: "lines", line: { width: 1, color: "rgba(31,119,180,0.35)" } },
    { x: episodes, y: records.map((r) => r.meanReturn100), name: "mean of last 100", mode: "lines", line: { width: 2.5, color: "rgb(31,119,180)" } },
    ...(threshold === null ? [] : [{ x: [first, last], y: [threshold, threshold], name: `solved (${threshold})`, mode: "lines", line: { dash: "dash", color: "rgb(44,160,44)" } } as Trace]),
    { x: episodes, y: records.map((r) => r.loss), name: "pseudo-loss", mode: "lines", line: { width: 1, color: "rgb(214,39,40)" }, xaxis: "x2", yaxis: "y2" },
  ];
  return figure(traces, {
    title: { text: title },
    height: 560,
    grid: { rows: 2, columns: 1, pattern: "independent", roworder: "top to bottom" },
    xaxis: { matches: "x2", showticklabels: false },
    yaxis: axis("return", { domain: [0.42, 1] }),
    xaxis2: axis("episode"),
    yaxis2: axis("loss", { domain: [0, 0.3] }),
    legend: { orientation: "h", y: -0.12 },
  });
}

const RUN_COLOURS = ["31,119,180", "255,127,14", "44,160,44", "148,103,189"];

/** Several runs' episode returns (faint) and their 100-episode means (bold) on one chart: methods side by side. */
export function returnCurvesFigure(runs: { label: string; records: EpisodeRecord[] }[], title: string, spec: EnvSpec = CARTPOLE_SPEC): Figure {
  const traces: Trace[] = runs.flatMap(({ label, records }, i) => {
    const colour = RUN_COLOURS[i % RUN_COLOURS.length];
    const episodes = records.map((r) => r.episode);
    return [
      { x: episodes, y: records.map((r) => r.return), name: `${label}: episode return`, mode: "lines", line: { width: 1, color: `rgba(${colour},0.25)` }, showlegend: false },
      { x: episodes, y: records.map((r) => r.meanReturn100), name: `${label}: mean of last 100`, mode: "lines", line: { width: 2.5, color: `rgb(${colour})` } },
    ];
  });
  const threshold = spec.rewardThreshold;
  if (threshold !== null) {
    const last = Math.max(1, ...runs.flatMap((r) => r.records.map((x) => x.episode)));
    traces.push({ x: [1, last], y: [threshold, threshold], name: `solved (${threshold})`, mode: "lines", line: { dash: "dash", color: "rgb(44,160,44)" } });
  }
  return figure(traces, { title: { text: title }, height: 440, xaxis: axis("episode"), yaxis: axis(`return per episode (${spec.id})`), legend: { orientation: "h", y: -0.2 } });
}
