// Notebook 05's five CartPole methods for many seeds, on the worker processes (one per core), each
// run the notebook's configuration and budget. Prints one JSON line per method (its solve rate with a
// 95% Wilson interval, Fisher's exact test against the source lesson's standardised returns, time per step) and
// one per run.
// usage: node --import tsx bench/methods_once.ts <seeds> <episodes> [method,method,…]
import { fisherExactTest, wilsonInterval } from "../src/core/stats";
import { initBackend } from "../src/core/tf";
import { runJobs } from "../src/studies/parallel_jobs";
import { METHODS, summariseMethods, type CartPoleJob, type CartPoleJobProgress, type CartPoleJobResult, type MethodName } from "../src/studies/method_comparison";

async function main() {
  const [seedCount, episodes] = process.argv.slice(2, 4).map(Number);
  const methods = (process.argv[4]?.split(",") ?? Object.keys(METHODS)) as MethodName[];
  const unknown = methods.filter((m) => !(m in METHODS));
  if (unknown.length) throw new Error(`unknown method ${unknown.join(", ")}; the methods are ${Object.keys(METHODS).join(", ")}`);
  const jobs: CartPoleJob[] = methods.flatMap((method) => Array.from({ length: seedCount }, (_, seed) => ({ method, seed, episodes })));
  let finished = 0;
  const results = await runJobs<CartPoleJob, CartPoleJobProgress, CartPoleJobResult>("cartpole_job.ts", jobs, {
    onProgress: (i, p) => {
      if (p.episode !== episodes) return;
      finished++;
      console.error(`[bench] ${finished}/${jobs.length}: ${jobs[i].method} seed ${jobs[i].seed} finished, mean of the last 100 ${p.meanReturn100.toFixed(1)}`);
    },
  });
  const backend = (await initBackend()).name; // the workers choose theirs the same way
  const summaries = summariseMethods(results);
  const sourceLesson = summaries.find((m) => m.method === "reinforce-standardise");
  for (const m of summaries) {
    const steps = results.filter((r) => r.method === m.method).reduce((a, r) => a + r.envSteps, 0);
    console.log(JSON.stringify({
      kind: "method",
      method: m.method,
      label: m.label,
      backend,
      runs: m.runs,
      solved: m.solved,
      solved_episodes: m.solvedEpisodes,
      wilson95: wilsonInterval(m.solved, m.runs),
      fisher_p_against_source_lesson: !sourceLesson || m === sourceLesson ? null : fisherExactTest(m.solved, m.runs, sourceLesson.solved, sourceLesson.runs),
      final_mean_100: m.finalMean,
      final_sd_100: m.finalStd,
      wall_seconds_per_run: m.wallSeconds,
      env_steps_per_run: steps / m.runs,
      us_per_env_step: (1e6 * m.wallSeconds * m.runs) / steps,
    }));
  }
  for (const r of results) {
    console.log(JSON.stringify({ kind: "run", method: r.method, seed: r.seed, solved_episode: r.solvedEpisode, final_mean_100: r.means[r.means.length - 1], wall_seconds: r.wallSeconds, env_steps: r.envSteps }));
  }
}

main().catch((error) => {
  console.error(String(error.message ?? error));
  process.exit(1);
});
