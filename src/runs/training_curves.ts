// The training_curves chart: episode returns with their 100-episode moving average and the
// "solved" line on top, the pseudo-loss below (a reminder that it does not track performance).
import { axis, figure, type Figure, type Trace } from "../display/figure";
import { CARTPOLE } from "../envs/cartpole";
import type { EpisodeRecord } from "../rl/episode_records";

export function trainingCurvesFigure(records: EpisodeRecord[], title = "REINFORCE on CartPole-v1"): Figure {
  const episodes = records.map((r) => r.episode);
  const first = episodes[0] ?? 0;
  const last = episodes[episodes.length - 1] ?? 1;
  const traces: Trace[] = [
    { x: episodes, y: records.map((r) => r.return), name: "episode return", mode: "lines", line: { width: 1, color: "rgba(31,119,180,0.35)" } },
    { x: episodes, y: records.map((r) => r.meanReturn100), name: "mean of last 100", mode: "lines", line: { width: 2.5, color: "rgb(31,119,180)" } },
    { x: [first, last], y: [CARTPOLE.rewardThreshold, CARTPOLE.rewardThreshold], name: `solved (${CARTPOLE.rewardThreshold})`, mode: "lines", line: { dash: "dash", color: "rgb(44,160,44)" } },
    { x: episodes, y: records.map((r) => r.loss), name: "pseudo-loss", mode: "lines", line: { width: 1, color: "rgb(214,39,40)" }, xaxis: "x2", yaxis: "y2" },
  ];
  return figure(traces, {
    title: { text: title },
    height: 560,
    grid: { rows: 2, columns: 1, pattern: "independent", roworder: "top to bottom" },
    xaxis: { matches: "x2", showticklabels: false },
    yaxis: axis("return", { domain: [0.42, 1], range: [0, CARTPOLE.maxEpisodeSteps * 1.05] }),
    xaxis2: axis("episode"),
    yaxis2: axis("loss", { domain: [0, 0.3] }),
    legend: { orientation: "h", y: -0.12 },
  });
}
