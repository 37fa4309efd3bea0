// Notebook 05 quotes the twenty-seed benchmark from the file the bench writes: what it reads, and how it
// says when a file does not match the notebook's budget or is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPARISON_BUDGET } from "../../src/studies/method_comparison";
import type { CartPoleJobResult } from "../../src/studies/method_comparison";
import { benchmarkRows, compareWithBenchmark, describeBenchmark, readMethodBenchmark, significantDifferences, type MethodBenchmark } from "../../src/studies/method_benchmark";

function benchmark(overrides: Partial<MethodBenchmark> = {}): MethodBenchmark {
  return {
    command: "npm run bench -- --task methods --seeds 20",
    measured_at: "2026-12-08T00:30:00.000Z",
    machine: { cpu: "Some CPU", cores: 2, memory_gib: 24, system: "Linux 6 x64", node: "v20.20.2" },
    backend: "wasm",
    budget: { steps: COMPARISON_BUDGET.steps, stop_when_solved: COMPARISON_BUDGET.stopWhenSolved },
    seeds: 20,
    rows: [
      { method: "reinforce-standardise", label: "source lesson", runs: 20, solved: 3, wilson95: [0.05, 0.36], fisher_p_against_source_lesson: null, median_steps_to_solve: null, final_mean_100: 300, us_per_env_step: 50 },
      { method: "ppo", label: "PPO", runs: 20, solved: 20, wilson95: [0.84, 1], fisher_p_against_source_lesson: 1.2e-7, median_steps_to_solve: 78_000.5, final_mean_100: 480, us_per_env_step: 200 },
      { method: "reinforce-none", label: "raw", runs: 20, solved: 6, wilson95: [0.15, 0.52], fisher_p_against_source_lesson: 0.45, median_steps_to_solve: null, final_mean_100: 350, us_per_env_step: 50 },
    ],
    runs: [
      { method: "ppo", seed: 0, steps_to_solve: 81_780 },
      { method: "ppo", seed: 1, steps_to_solve: 75_665 },
      { method: "reinforce-none", seed: 0, steps_to_solve: null },
    ],
    ...overrides,
  };
}

test("the kept file is read back; a missing or foreign file is refused with what to run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const file = path.join(dir, "methods.json");
  assert.throws(() => readMethodBenchmark(file), /missing: npm run bench -- --task methods writes it/);
  fs.writeFileSync(file, JSON.stringify({ rows: "no" }));
  assert.throws(() => readMethodBenchmark(file), /is not a result of npm run bench -- --task methods/);
  fs.writeFileSync(file, JSON.stringify(benchmark()));
  assert.deepEqual(readMethodBenchmark(file), benchmark());
});

test("the description names the command, date, machine and budget, and warns when the budget is not the notebook's", () => {
  const line = describeBenchmark(benchmark());
  for (const part of ["20 seeds", `${COMPARISON_BUDGET.steps} environment steps`, "2026-12-08", "`npm run bench -- --task methods --seeds 20`", "2 cores of Some CPU", "24 GiB", "wasm"]) assert.ok(line.includes(part), `${part} in: ${line}`);
  assert.ok(!line.includes("NOT"));
  assert.match(describeBenchmark(benchmark({ budget: { steps: 99_000, stop_when_solved: true } })), /NOT the budget this notebook uses now/);
});

test("rows: solve counts, intervals, p-values and medians as the table shows them; the significant ones named", () => {
  const rows = benchmarkRows(benchmark());
  assert.deepEqual(rows[1], {
    method: "PPO",
    [`solved within ${COMPARISON_BUDGET.steps} steps`]: "20/20",
    "95% interval": "84%–100%",
    "Fisher's p against the source lesson's": "1.2e-7",
    "median steps to solve": 78_001,
    "µs per step": 200,
  });
  assert.equal(rows[0]["Fisher's p against the source lesson's"], "—");
  assert.equal(rows[2]["median steps to solve"], "— (half or more unsolved)");
  assert.equal(significantDifferences(benchmark()), "Different from the source lesson's 3/20 at the 5% level: PPO (20/20, p = 1.2e-7). The others are not.");
  assert.equal(rows[2]["Fisher's p against the source lesson's"], "0.45");
  const none = benchmark();
  none.rows = none.rows.filter((r) => r.method !== "ppo");
  assert.equal(significantDifferences(none), "No method's solve count differs from the source lesson's 3/20 at the 5% level.");
});

test("this session's runs against the benchmark's runs of the same method and seed: same, different, or not comparable", () => {
  const run = (method: "ppo" | "reinforce-none", seed: number, stepsToSolve: number | null) => ({ method, seed, stepsToSolve }) as CartPoleJobResult;
  const budget = { steps: COMPARISON_BUDGET.steps, backend: "wasm" };
  assert.equal(compareWithBenchmark([run("ppo", 0, 81_780), run("ppo", 1, 75_665), run("reinforce-none", 0, null)], benchmark(), budget),
    "Each of these 3 runs took the same steps to solve (or did not solve) as the benchmark's run of the same method and seed.");
  assert.match(compareWithBenchmark([run("ppo", 0, 81_781), run("reinforce-none", 0, null)], benchmark(), { ...budget, backend: "cpu" }), /^1 of these 2 runs differ .* on cpu, the benchmark ran on wasm/);
  assert.match(compareWithBenchmark([run("ppo", 0, 1_000)], benchmark(), { ...budget, steps: 10_000 }), /budget of 10000 steps, the benchmark's 150000: not comparable/);
});
