// Notebook 05's five CartPole methods for many seeds, on the worker processes (one per core), each
// run the notebook's configuration and budget: at most <steps> environment steps, stopping once solved.
// Prints one JSON line per method (its solve rate with a 95% Wilson interval, Fisher's exact test
// against the source lesson's standardised returns, steps to solve, time per step) and one per run.
// usage: node --import tsx bench/methods_once.ts <seeds> [steps] [method,method,…]  (steps: COMPARISON_BUDGET's by default)
import { fisherExactTest, wilsonInterval } from "../src/core/stats";
import { initBackend } from "../src/core/tf";
import { runJobs } from "../src/studies/parallel_jobs";
import { COMPARISON_BUDGET, comparisonJob, METHODS, summariseMethods, type CartPoleJob, type CartPoleJobProgress, type CartPoleJobResult, type MethodName } from "../src/studies/method_comparison";

/** The median steps to solve, an unsolved run counting as more than any solved one; null when half or more did not solve. */
function median(stepsToSolve: (number | null)[]): number | null {
  const sorted = stepsToSolve.map((s) => s ?? Infinity).sort((a, b) => a - b);
  const middle = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return Number.isFinite(middle) ? middle : null;
}

async function main() {
  const seedCount = Number(process.argv[2]);
  const steps = process.argv[3] ? Number(process.argv[3]) : COMPARISON_BUDGET.steps;
  const methods = (process.argv[4]?.split(",") ?? Object.keys(METHODS)) as MethodName[];
  const unknown = methods.filter((m) => !(m in METHODS));
  if (unknown.length) throw new Error(`unknown method ${unknown.join(", ")}; the methods are ${Object.keys(METHODS).join(", ")}`);
  const jobs: CartPoleJob[] = methods.flatMap((method) => Array.from({ length: seedCount }, (_, seed) => comparisonJob(method, seed, { steps, stopWhenSolved: COMPARISON_BUDGET.stopWhenSolved })));
  let finished = 0;
  const done = (i: number, result: CartPoleJobResult) =>
    console.error(`[bench] ${++finished}/${jobs.length}: ${jobs[i].method} seed ${jobs[i].seed} ${result.stepsToSolve === null ? `not solved in ${result.envSteps} steps` : `solved after ${result.stepsToSolve} steps`}`);
  const results = await runJobs<CartPoleJob, CartPoleJobProgress, CartPoleJobResult>("cartpole_job.ts", jobs, {
    onResult: done,
  });
  const backend = (await initBackend()).name; // the workers choose theirs the same way
  console.log(JSON.stringify({ kind: "budget", steps, stop_when_solved: COMPARISON_BUDGET.stopWhenSolved, backend }));
  const summaries = summariseMethods(results);
  const sourceLesson = summaries.find((m) => m.method === "reinforce-standardise");
  for (const m of summaries) {
    const stepsPlayed = results.filter((r) => r.method === m.method).reduce((a, r) => a + r.envSteps, 0);
    console.log(JSON.stringify({
      kind: "method",
      method: m.method,
      label: m.label,
      backend,
      runs: m.runs,
      solved: m.solved,
      solved_episodes: m.solvedEpisodes,
      steps_to_solve: m.stepsToSolve,
      median_steps_to_solve: median(m.stepsToSolve),
      wilson95: wilsonInterval(m.solved, m.runs),
      fisher_p_against_source_lesson: !sourceLesson || m === sourceLesson ? null : fisherExactTest(m.solved, m.runs, sourceLesson.solved, sourceLesson.runs),
      final_mean_100: m.finalMean,
      final_sd_100: m.finalStd,
      wall_seconds_per_run: m.wallSeconds,
      env_steps_per_run: stepsPlayed / m.runs,
      us_per_env_step: (1e6 * m.wallSeconds * m.runs) / stepsPlayed,
    }));
  }
  for (const r of results) {
    console.log(JSON.stringify({ kind: "run", method: r.method, seed: r.seed, solved_episode: r.solvedEpisode, steps_to_solve: r.stepsToSolve, final_mean_100: r.means[r.means.length - 1], wall_seconds: r.wallSeconds, env_steps: r.envSteps }));
  }
}

main().catch((error) => {
  console.error(String(error.message ?? error));
  process.exit(1);
});
