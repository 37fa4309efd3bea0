// The twenty-seed figures notebook 05 quotes: `npm run bench -- --task methods` trains every method on
// the notebook's budget for seeds 0…19 and writes data/benchmarks/methods.json, which the course keeps
// (with when, on what machine and by which command it was measured). The notebook reads them from
// there, never from figures typed into its prose.
import * as fs from "fs";
import { fromRoot } from "../core/paths";
import { COMPARISON_BUDGET, type CartPoleJobResult, type MethodName } from "./method_comparison";

export interface MethodBenchmarkRow {
  method: MethodName;
  label: string;
  runs: number;
  solved: number;
  wilson95: [number, number];
  fisher_p_against_source_lesson: number | null;
  median_steps_to_solve: number | null;
  final_mean_100: number;
  us_per_env_step: number;
}

export interface MethodBenchmarkRun {
  method: MethodName;
  seed: number;
  steps_to_solve: number | null;
}

export interface MethodBenchmark {
  command: string;
  measured_at: string;
  machine: { cpu: string; cores: number; memory_gib: number; system: string; node: string };
  backend: string;
  budget: { steps: number; stop_when_solved: boolean };
  seeds: number;
  rows: MethodBenchmarkRow[];
  runs: MethodBenchmarkRun[];
}

/** A p-value as the table and the sentence under it both print it: two significant figures, small ones as powers of ten. */
function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toPrecision(2);
}

/** The kept result, or an error that says how to make it. */
export function readMethodBenchmark(file = fromRoot("data", "benchmarks", "methods.json")): MethodBenchmark {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: npm run bench -- --task methods writes it (about five minutes on two cores).`);
  const benchmark = JSON.parse(fs.readFileSync(file, "utf8")) as MethodBenchmark;
  if (!Array.isArray(benchmark.rows) || !benchmark.budget || !benchmark.machine) throw new Error(`${file} is not a result of npm run bench -- --task methods; run it again to rewrite the file.`);
  return benchmark;
}

/** Whether the kept result was measured on the budget the notebook uses now. */
export function benchmarkMatchesBudget(benchmark: MethodBenchmark): boolean {
  return benchmark.budget.steps === COMPARISON_BUDGET.steps && benchmark.budget.stop_when_solved === COMPARISON_BUDGET.stopWhenSolved;
}

/** One line: when, by what command, on what machine and backend, on what budget. */
export function describeBenchmark(benchmark: MethodBenchmark): string {
  const m = benchmark.machine;
  const budget = `${benchmark.budget.steps} environment steps per run${benchmark.budget.stop_when_solved ? ", each stopping once solved" : ""}`;
  const stale = benchmarkMatchesBudget(benchmark) ? "" : ` (NOT the budget this notebook uses now, ${COMPARISON_BUDGET.steps} steps: run the command again)`;
  return `${benchmark.seeds} seeds per method, ${budget}${stale}; measured ${benchmark.measured_at.slice(0, 10)} by \`${benchmark.command}\` on ${m.cores} cores of ${m.cpu}, ${m.memory_gib} GiB, ${m.system}, Node ${m.node}, TensorFlow.js on ${benchmark.backend}`;
}

/** The methods whose solve rate differs from the source lesson's at the 5% level (Fisher's exact test), as a sentence. */
export function significantDifferences(benchmark: MethodBenchmark): string {
  const different = benchmark.rows.filter((r) => r.fisher_p_against_source_lesson !== null && r.fisher_p_against_source_lesson < 0.05);
  const source = benchmark.rows.find((r) => r.fisher_p_against_source_lesson === null);
  const against = source ? `the source lesson's ${source.solved}/${source.runs}` : "the source lesson's";
  if (different.length === 0) return `No method's solve count differs from ${against} at the 5% level.`;
  return `Different from ${against} at the 5% level: ${different.map((r) => `${r.label} (${r.solved}/${r.runs}, p = ${formatP(r.fisher_p_against_source_lesson!)})`).join("; ")}. The others are not.`;
}

/**
 * Whether this session's runs took the same steps to solve as the benchmark's runs of the same method
 * and seed: they should when the budget and the TensorFlow.js backend are the same (every run is seeded).
 */
export function compareWithBenchmark(results: CartPoleJobResult[], benchmark: MethodBenchmark, budget: { steps: number; backend: string }): string {
  if (budget.steps !== benchmark.budget.steps) return `These runs had a budget of ${budget.steps} steps, the benchmark's ${benchmark.budget.steps}: not comparable run for run.`;
  const pairs = results.flatMap((r) => {
    const kept = benchmark.runs.find((b) => b.method === r.method && b.seed === r.seed);
    return kept ? [{ here: r.stepsToSolve, there: kept.steps_to_solve }] : [];
  });
  const differing = pairs.filter((p) => p.here !== p.there).length;
  if (differing === 0) return `Each of these ${pairs.length} runs took the same steps to solve (or did not solve) as the benchmark's run of the same method and seed.`;
  return `${differing} of these ${pairs.length} runs differ from the benchmark's run of the same method and seed (this kernel runs on ${budget.backend}, the benchmark ran on ${benchmark.backend}; other arithmetic, other runs).`;
}

/** The table's rows: solve rate with its 95% interval, Fisher's test against the source lesson's, median steps to solve. */
export function benchmarkRows(benchmark: MethodBenchmark): Record<string, string | number>[] {
  const percent = (x: number) => `${Math.round(100 * x)}%`;
  return benchmark.rows.map((r) => ({
    method: r.label,
    [`solved within ${benchmark.budget.steps} steps`]: `${r.solved}/${r.runs}`,
    "95% interval": `${percent(r.wilson95[0])}–${percent(r.wilson95[1])}`,
    "Fisher's p against the source lesson's": r.fisher_p_against_source_lesson === null ? "—" : formatP(r.fisher_p_against_source_lesson),
    "median steps to solve": r.median_steps_to_solve === null ? "— (half or more unsolved)" : Math.round(r.median_steps_to_solve),
    "µs per step": Number(r.us_per_env_step.toFixed(0)),
  }));
}
