// Notebook 05's CartPole comparison as one call: every method × seed is a job on the worker processes,
// a live chart shows every run's 100-episode mean while they train, and the runs come back summarised
// per method. Also the chart of the summaries: each method's mean over seeds, with a band from its
// lowest to its highest seed.
import type { CartPoleRecordSpec } from "../runs/cartpole_records";
import { axis, bandTraces, figure, type Figure } from "../display/figure";
import { LiveDisplay } from "../display/live";
import { defaultWorkerCount, runJobs } from "./parallel_jobs";
import { METHOD_COLOURS, METHODS, summariseMethods, type CartPoleJob, type CartPoleJobProgress, type CartPoleJobResult, type MethodName, type MethodSummary } from "./method_comparison";

/** "#rrggbb" → "rgba(r,g,b,alpha)", for the translucent bands. */
function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

export interface MethodComparison {
  results: CartPoleJobResult[];
  summaries: MethodSummary[];
  seconds: number;
}

/** Trains every method of METHODS for every seed on `episodes` episodes, in parallel, with a live chart. */
export async function compareMethods(options: { seeds: number[]; episodes: number; record?: CartPoleRecordSpec; methods?: MethodName[] }): Promise<MethodComparison> {
  const methods = options.methods ?? (Object.keys(METHODS) as MethodName[]);
  const jobs: CartPoleJob[] = methods.flatMap((method) => options.seeds.map((seed) => ({ method, seed, episodes: options.episodes, record: options.record })));
  console.log(`${jobs.length} runs of ${options.episodes} episodes on ${Math.min(defaultWorkerCount(), jobs.length)} worker processes`);
  const curves = jobs.map(() => ({ x: [] as number[], y: [] as number[] }));
  const liveFigure = () =>
    figure(
      jobs.map((job, i) => ({ x: curves[i].x, y: curves[i].y, mode: "lines", line: { color: METHOD_COLOURS[job.method], width: 1 }, name: `${METHODS[job.method]}, seed ${job.seed}`, showlegend: false })),
      { title: { text: "Training: mean return of the last 100 episodes, every run" }, xaxis: axis("episode", { range: [0, options.episodes] }), yaxis: axis("mean return", { range: [0, 520] }) },
    );
  const live = new LiveDisplay(2000);
  const started = Date.now();
  const results = await runJobs<CartPoleJob, CartPoleJobProgress, CartPoleJobResult>("cartpole_job.ts", jobs, {
    onProgress: (i, p) => {
      curves[i].x.push(p.episode);
      curves[i].y.push(p.meanReturn100);
      const finished = curves.filter((c) => c.x[c.x.length - 1] === options.episodes).length;
      void live.update(liveFigure(), `${finished}/${jobs.length} runs finished`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  await live.finish(liveFigure(), `all ${jobs.length} runs finished in ${seconds.toFixed(0)} s`);
  return { results, summaries: summariseMethods(results), seconds };
}

/** Each method's mean over seeds of the 100-episode mean return, with a band from its lowest to its highest seed. */
export function methodComparisonFigure(summaries: MethodSummary[]): Figure {
  const seeds = Math.max(...summaries.map((s) => s.runs));
  return figure(
    summaries.flatMap((s) => [
      ...bandTraces(s.episodes, s.low, s.high, `${s.label}: range over seeds`, withAlpha(METHOD_COLOURS[s.method], 0.15)),
      { x: s.episodes, y: s.mean, mode: "lines", name: s.label, line: { color: METHOD_COLOURS[s.method], width: 2.5 } },
    ]),
    { title: { text: `Mean over ${seeds} seeds of the 100-episode mean return (band: lowest to highest seed)` }, xaxis: axis("episode"), yaxis: axis("mean return (last 100 episodes)", { range: [0, 520] }), height: 520 },
  );
}
