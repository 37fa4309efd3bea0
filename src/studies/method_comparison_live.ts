// Notebook 05's CartPole comparison as one call: every method × seed is a job on the worker processes,
// each on the same budget of environment steps and stopping once solved; a live chart shows every
// run's 100-episode mean against the steps it has played, and the runs come back summarised per
// method. Also the chart of the finished runs.
import type { CartPoleRecordSpec } from "../runs/cartpole_records";
import { CARTPOLE_ENV } from "../envs/cartpole";
import { axis, figure, type Figure, type Trace } from "../display/figure";
import { LiveDisplay } from "../display/live";
import { defaultWorkerCount, runJobs } from "./parallel_jobs";
import { comparisonJob, METHOD_COLOURS, METHODS, summariseMethods, type CartPoleJob, type CartPoleJobProgress, type CartPoleJobResult, type MethodName, type MethodSummary } from "./method_comparison";

export interface MethodComparison {
  results: CartPoleJobResult[];
  summaries: MethodSummary[];
  seconds: number;
}

export interface RunCurve {
  method: MethodName;
  seed: number;
  steps: number[];
  means: number[];
}

/** Every run's 100-episode mean against environment steps, one colour per method (its seeds share it). */
export function methodRunsFigure(curves: RunCurve[], budget: number, title = "Mean return of the last 100 episodes, every run, against environment steps"): Figure {
  const legendShown = new Set<MethodName>();
  const traces: Trace[] = curves.map((c) => {
    const first = !legendShown.has(c.method);
    legendShown.add(c.method);
    return { x: c.steps, y: c.means, mode: "lines", line: { color: METHOD_COLOURS[c.method], width: 1.5 }, name: METHODS[c.method], legendgroup: c.method, showlegend: first, hovertext: `${METHODS[c.method]}, seed ${c.seed}` };
  });
  const solved = CARTPOLE_ENV.spec.rewardThreshold ?? 475;
  traces.push({ x: [0, budget], y: [solved, solved], mode: "lines", line: { color: "#444", dash: "dot", width: 1 }, name: `solved: mean of 100 ≥ ${solved}` });
  return figure(traces, { title: { text: title }, xaxis: axis("environment steps played", { range: [0, budget] }), yaxis: axis("mean return (last 100 episodes)", { range: [0, 520] }), height: 520 });
}

/** The finished runs' curves. */
export function runCurves(results: CartPoleJobResult[]): RunCurve[] {
  return results.map((r) => ({ method: r.method, seed: r.seed, steps: r.stepsAt, means: r.means }));
}

/**
 * Trains every method of METHODS for every seed, in parallel, each for at most `steps` environment
 * steps and, with `stopWhenSolved`, only until solved; with a live chart.
 */
export async function compareMethods(options: { seeds: number[]; steps: number; stopWhenSolved: boolean; record?: CartPoleRecordSpec; methods?: MethodName[] }): Promise<MethodComparison> {
  const methods = options.methods ?? (Object.keys(METHODS) as MethodName[]);
  const jobs = methods.flatMap((method) => options.seeds.map((seed) => comparisonJob(method, seed, options)));
  console.log(`${jobs.length} runs of up to ${options.steps} environment steps on ${Math.min(defaultWorkerCount(), jobs.length)} worker processes${options.stopWhenSolved ? ", each stopping once solved" : ""}`);
  const curves: RunCurve[] = jobs.map((job) => ({ method: job.method, seed: job.seed, steps: [], means: [] }));
  const live = new LiveDisplay(2000);
  let finished = 0;
  const started = Date.now();
  const results = await runJobs<CartPoleJob, CartPoleJobProgress, CartPoleJobResult>("cartpole_job.ts", jobs, {
    onProgress: (i, p) => {
      curves[i].steps.push(p.steps);
      curves[i].means.push(p.meanReturn100);
      void live.update(methodRunsFigure(curves, options.steps), `${finished}/${jobs.length} runs finished`);
    },
    onResult: () => {
      finished++;
    },
  });
  const seconds = (Date.now() - started) / 1000;
  await live.finish(methodRunsFigure(runCurves(results), options.steps), `all ${jobs.length} runs finished in ${seconds.toFixed(0)} s`);
  return { results, summaries: summariseMethods(results), seconds };
}
