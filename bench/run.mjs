// `npm run bench`: the source lesson's REINFORCE on CartPole, 1000 episodes per run, timed side by side in
// one go: this project on every TensorFlow.js backend that loads here, and the same algorithm in
// PyTorch + Gymnasium (bench/pytorch_reinforce.py, in its own venv .venv-bench).
// Runs go one after another so they do not compete for the two cores.
//
//   npm run bench -- [--seeds 5] [--episodes 1000] [--backends wasm,cpu] [--no-pytorch]
//   npm run bench -- --task lm [--seeds 3] [--updates 500]   RL fine-tuning of the language model
//   npm run bench -- --task methods [--seeds 20] [--steps 150000]   notebook 05's five CartPole methods, solve rates
//                                       (also written to data/benchmarks/methods.json, which notebook 05 quotes)
//   npm run bench -- --task notebooks   every notebook at full size, one after another: seconds per notebook
//                                       (--notebooks 06: only those whose file name contains 06)
//   npm run bench -- --task memory [--notebooks 03] [--passes 4]   one notebook run again and again in one kernel:
//                                       the kernel's memory after each pass
//   npm run bench -- --task profile [--episodes 1000]   where each CartPole method's time goes, µs per env step
//   npm run bench -- --task pendulum [--seeds 5] [--episodes 1000]   PPO, REINFORCE and A2C on Pendulum-v1 with the Gaussian policy
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ensureSetup, ensureVenv, ROOT, runMain, SetupError, venvPython } from "../scripts/setup.mjs";

const BENCH_VENV = path.join(ROOT, ".venv-bench");
const ALL_BACKENDS = ["tensorflow", "wasm", "cpu"];

function options() {
  try {
    const { values } = parseArgs({
      options: {
        task: { type: "string" },
        seeds: { type: "string" },
        episodes: { type: "string" },
        steps: { type: "string" },
        updates: { type: "string" },
        backends: { type: "string" },
        "no-pytorch": { type: "boolean" },
        notebooks: { type: "string" },
        passes: { type: "string" },
      },
      strict: true,
    });
    const task = values.task ?? "cartpole";
    if (!["cartpole", "lm", "methods", "notebooks", "memory", "profile", "pendulum"].includes(task)) throw new Error(`--task must be cartpole, lm, methods, notebooks, memory, profile or pendulum, got ${task}`);
    const seeds = Number(values.seeds ?? { cartpole: 5, lm: 3, methods: 20, notebooks: 1, memory: 1, profile: 1, pendulum: 5 }[task]);
    const updates = Number(values.updates ?? 500);
    if (!Number.isInteger(updates) || updates < 1) throw new Error(`--updates must be a positive whole number, got ${values.updates}`);
    const episodes = Number(values.episodes ?? 1000);
    const backends = values.backends ? values.backends.split(",").map((b) => b.trim()) : ALL_BACKENDS;
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 50) throw new Error(`--seeds must be a whole number from 1 to 50, got ${values.seeds}`);
    if (!Number.isInteger(episodes) || episodes < 1) throw new Error(`--episodes must be a positive whole number, got ${values.episodes}`);
    const unknown = backends.filter((b) => !ALL_BACKENDS.includes(b));
    if (unknown.length) throw new Error(`--backends takes ${ALL_BACKENDS.join(", ")}; unknown: ${unknown.join(", ")}`);
    if (values.notebooks !== undefined && !["notebooks", "memory"].includes(task)) throw new Error("--notebooks goes with --task notebooks or memory");
    if (values.passes !== undefined && task !== "memory") throw new Error("--passes goes with --task memory");
    const passes = Number(values.passes ?? 4);
    if (!Number.isInteger(passes) || passes < 2 || passes > 20) throw new Error(`--passes must be a whole number from 2 to 20, got ${values.passes}`);
    if (values.steps !== undefined && task !== "methods") throw new Error("--steps goes with --task methods");
    const steps = values.steps === undefined ? null : Number(values.steps);
    if (steps !== null && (!Number.isInteger(steps) || steps < 1000)) throw new Error(`--steps must be a whole number of at least 1000, got ${values.steps}`);
    return { task, seeds, episodes, steps, updates, passes, backends, pytorch: !values["no-pytorch"], only: values.notebooks ?? (task === "memory" ? "03" : "") };
  } catch (error) {
    throw new SetupError(`${error.message}. Usage: npm run bench -- [--task cartpole|lm|methods|notebooks|memory|profile|pendulum] [--seeds N] [--episodes 1000] [--steps 150000] [--updates 500] [--backends wasm,cpu] [--no-pytorch] [--notebooks 06] [--passes 4]`);
  }
}

const BENCH_DIR = path.join(ROOT, "output", "bench");

/** Prints a result table and keeps it, with the data behind it, as output/bench/<name>.md and <name>.json. */
function reportResults(name, data, table) {
  console.log(`\n${table}\n`);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  fs.writeFileSync(path.join(BENCH_DIR, `${name}.json`), JSON.stringify({ ...data, measured_at: new Date().toISOString() }, null, 2) + "\n");
  fs.writeFileSync(path.join(BENCH_DIR, `${name}.md`), table + "\n");
  console.log(`[bench] written to output/bench/${name}.json and output/bench/${name}.md`);
}

function jsonLines(text) {
  return text.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
}

function runTypeScript(backend, seed, episodes) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "cartpole_once.ts"), backend, String(seed), String(episodes)], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) return { error: (result.stderr || result.stdout).trim().split("\n").pop() };
  return jsonLines(result.stdout)[0];
}

function summarise(runs) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
  const walls = runs.map((r) => r.wall_seconds);
  const steps = runs.map((r) => r.env_steps);
  return {
    runs: runs.length,
    wall_mean: mean(walls),
    wall_sd: sd(walls),
    steps_mean: mean(steps),
    steps_per_second: steps.reduce((a, b) => a + b, 0) / walls.reduce((a, b) => a + b, 0),
    us_per_step: (1e6 * walls.reduce((a, b) => a + b, 0)) / steps.reduce((a, b) => a + b, 0),
    solved: runs.filter((r) => r.solved_episode !== null).length,
    solved_episodes: runs.map((r) => r.solved_episode),
    best_means: runs.map((r) => Math.round(r.best_mean_return_100)),
  };
}

/** SFT vs RL on the held-out prompts, and throughput, for seeds 0…n−1 (one run after another). */
function benchLanguageModel(seeds, updates) {
  console.log(`[bench] RL fine-tuning of the language model with the exact-match reward: ${updates} updates per run, seeds 0…${seeds - 1}`);
  const runs = [];
  for (let seed = 0; seed < seeds; seed++) {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "lm_once.ts"), String(seed), String(updates)], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (result.status !== 0) throw new Error(`the language-model run for seed ${seed} failed (exit ${result.status})`);
    const run = jsonLines(result.stdout)[0];
    runs.push(run);
    console.log(`[bench] lm seed ${seed}: held-out accuracy ${(100 * run.sft_heldout_accuracy).toFixed(1)}% → ${(100 * run.rl_heldout_accuracy).toFixed(1)}% in ${run.wall_seconds.toFixed(0)} s`);
  }
  const lines = [
    "| seed | supervised model, held-out accuracy | after RL | RL wall seconds | sampling tokens/s | update tokens/s |",
    "|---|---|---|---|---|---|",
    ...runs.map((r) => `| ${r.seed} | ${(100 * r.sft_heldout_accuracy).toFixed(1)}% | ${(100 * r.rl_heldout_accuracy).toFixed(1)}% | ${r.wall_seconds.toFixed(0)} | ${Math.round(r.sampling_tokens_per_second)} | ${Math.round(r.update_tokens_per_second)} |`),
  ];
  const table = `${lines.join("\n")}\n\nBackend: ${runs[0].backend}. Accuracy: exact match on all 1000 held-out prompts, one answer each sampled at temperature 1.`;
  reportResults("lm", { updates, runs }, table);
}

/** Notebook 05's methods for seeds 0…n−1 on its budget: solve rates with their uncertainty, steps to solve, time per environment step. */
function benchMethods(seeds, steps) {
  console.log(`[bench] notebook 05's five CartPole methods: up to ${steps ?? "notebook 05's"} environment steps per run, each stopping once solved, seeds 0…${seeds - 1}, on the worker processes (one per core)`);
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "methods_once.ts"), String(seeds), ...(steps === null ? [] : [String(steps)])], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`the method runs failed (exit ${result.status})`);
  const printed = jsonLines(result.stdout);
  const budget = printed.find((l) => l.kind === "budget");
  const rows = printed.filter((l) => l.kind === "method");
  const runs = printed.filter((l) => l.kind === "run");
  const percent = (x) => Math.round(100 * x);
  const lines = [
    `| method | runs | solved within ${budget.steps} steps (95% Wilson interval) | Fisher's exact p against the source lesson's | median steps to solve | final 100-episode mean (mean ± sd over seeds) | wall s per run | env steps per run | µs per env step |`,
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.label} | ${r.runs} | ${r.solved}/${r.runs} (${percent(r.wilson95[0])}–${percent(r.wilson95[1])}%) | ${r.fisher_p_against_source_lesson === null ? "—" : r.fisher_p_against_source_lesson.toPrecision(2)} | ${r.median_steps_to_solve === null ? "—" : Math.round(r.median_steps_to_solve)} | ${r.final_mean_100.toFixed(1)} ± ${r.final_sd_100.toFixed(1)} | ${r.wall_seconds_per_run.toFixed(1)} | ${Math.round(r.env_steps_per_run)} | ${r.us_per_env_step.toFixed(1)} |`),
  ];
  const table = `${lines.join("\n")}\n\nBackend: ${budget.backend}; runs go one per core at the same time, so the times are per run with every core busy.`;
  const data = { budget: { steps: budget.steps, stop_when_solved: budget.stop_when_solved }, seeds, backend: budget.backend, rows, runs };
  reportResults("methods", data, table);
  // kept with the course: notebook 05 quotes it, with when, where and how it was measured
  const kept = path.join(ROOT, "data", "benchmarks", "methods.json");
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  const command = `npm run bench -- --task methods --seeds ${seeds}${steps === null ? "" : ` --steps ${steps}`}`;
  fs.writeFileSync(`${kept}.tmp`, JSON.stringify({ command, measured_at: new Date().toISOString(), machine: machineFacts(), ...data }, null, 2) + "\n");
  fs.renameSync(`${kept}.tmp`, kept);
  console.log(`[bench] and to data/benchmarks/methods.json (notebook 05 reads it)`);
}

/** What the figures depend on: the processor, how many cores, the memory, the system and Node. */
function machineFacts() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memory_gib: Math.round(os.totalmem() / 2 ** 30), system: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version };
}

/**
 * PPO, REINFORCE and A2C on Pendulum-v1 (the Gaussian policy), seeds 0…n−1, two runs at a time (one per
 * core): the deterministic policy's mean return over 100 episodes against the −250 pass mark, beside the
 * published references.
 */
async function benchPendulum(seeds, episodes) {
  const algorithms = ["ppo", "reinforce", "a2c"];
  console.log(`[bench] Pendulum-v1: ${algorithms.join(", ")}, ${episodes} episodes (${episodes * 200} env steps) per run, seeds 0…${seeds - 1}, two runs at a time`);
  const jobs = algorithms.flatMap((algorithm) => Array.from({ length: seeds }, (_, seed) => [algorithm, String(seed), String(episodes)]));
  const runs = [];
  for (let i = 0; i < jobs.length; i += 2) {
    const pair = jobs.slice(i, i + 2).map((args) => spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "pendulum_once.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] }));
    const outputs = pair.map((child) => new Promise((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk) => (text += chunk));
      child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`a Pendulum run failed (exit ${code})`))));
    }));
    runs.push(...(await Promise.all(outputs)).flatMap((text) => jsonLines(text)));
    for (const r of runs.slice(-pair.length)) console.log(`[bench] ${r.algorithm} seed ${r.seed}: ${r.eval_mean.toFixed(1)} ± ${r.eval_std.toFixed(1)} (${r.train_seconds.toFixed(0)} s)`);
  }
  const lines = [
    "| algorithm | seed | deterministic policy, 100 episodes (mean ± sd) | ≥ −250 | last 100 training episodes | training seconds |",
    "|---|---|---|---|---|---|",
    ...runs.map((r) => `| ${r.algorithm} | ${r.seed} | ${r.eval_mean.toFixed(1)} ± ${r.eval_std.toFixed(1)} | ${r.passed ? "yes" : "no"} | ${r.last_100_training_mean.toFixed(1)} | ${r.train_seconds.toFixed(1)} |`),
  ];
  const passes = algorithms.map((a) => `${a} ${runs.filter((r) => r.algorithm === a && r.passed).length}/${seeds}`).join(", ");
  const table = `${lines.join("\n")}\n\nPassed (mean ≥ −250, Tianshou's mark): ${passes}. Backend: ${runs[0].backend}; two runs at a time, one per core. References: rl-baselines3-zoo's tuned PPO −172 ± 104 after 100k steps and its A2C −163 ± 103 after 1M (one run each).`;
  reportResults("pendulum", { episodes, seeds, runs }, table);
}

/** Where each CartPole method's time goes (seed 0, one run after another): µs per environment step, part by part. */
function benchProfile(episodes) {
  const methods = ["reinforce-standardise", "reinforce-none", "reinforce-value", "a2c", "ppo"];
  console.log(`[bench] where a CartPole run's time goes: each method for ${episodes} episodes, seed 0, one run after another`);
  const runs = [];
  for (const method of methods) {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "profile_once.ts"), method, String(episodes), "0"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (result.status !== 0) throw new Error(`the profile of ${method} failed (exit ${result.status})`);
    const run = jsonLines(result.stdout)[0];
    runs.push(run);
    console.log(`[bench] ${method}: ${run.wall_seconds.toFixed(1)} s, ${run.env_steps} steps, ${run.us_per_step.toFixed(1)} µs per step`);
  }
  const parts = Object.keys(runs[0].parts_us_per_step);
  const lines = [
    `| method | env steps | wall s | µs per env step | ${parts.join(" | ")} |`,
    `|---|---|---|---|${parts.map(() => "---").join("|")}|`,
    ...runs.map((r) => `| ${r.method} | ${r.env_steps} | ${r.wall_seconds.toFixed(1)} | ${r.us_per_step.toFixed(1)} | ${parts.map((p) => r.parts_us_per_step[p].toFixed(1)).join(" | ")} |`),
  ];
  const table = `${lines.join("\n")}\n\nBackend: ${runs[0].backend}. The parts are µs per environment step; each method with its notebook-05 settings, measured ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} cores.`;
  reportResults("profile", { episodes, runs }, table);
}

/** Seconds the goal allows each notebook at full size, and the whole course. */
const NOTEBOOK_TARGETS = { "04_llm_policy_gradient": 90, "05_beyond_reinforce": 150, "06_continuous_actions": 150 };
/** Notebooks 01–05 together; notebooks added after them are timed against their own goals only. */
const CORE_NOTEBOOKS = ["01", "02", "03", "04", "05"];
const CORE_TARGET = 330;

/** The notebooks whose file name holds `only` (all of them for ""), in course order. */
function notebooksMatching(only) {
  return fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb") && f.includes(only)).sort();
}

/** Every notebook at full size through its kernel, one after another; the kernel's own timestamps give each cell's time. */
function benchNotebooks(only) {
  const notebooks = notebooksMatching(only);
  if (notebooks.length === 0) throw new SetupError(`no notebook in notebooks/ matches --notebooks ${only}`);
  const outDir = path.join(BENCH_DIR, "notebooks");
  fs.mkdirSync(outDir, { recursive: true });
  console.log(`[bench] ${notebooks.length} notebooks at full size, one after another (the supervised language model is trained first if missing, outside the timing)`);
  const setup = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "sft_ready.ts")], { cwd: ROOT, stdio: "inherit" });
  if (setup.status !== 0) throw new Error("could not train or load the supervised language model");
  const rows = [];
  for (const name of notebooks) {
    const started = Date.now();
    const target = path.join(outDir, name);
    const result = spawnSync(venvPython(), [path.join(ROOT, "scripts", "execute_notebook.py"), path.join(ROOT, "notebooks", name), target, "--timeout", "3600"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, QUICK: "" } });
    const wall = (Date.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`${name} failed at full size (its outputs so far: ${path.relative(ROOT, target)})`);
    const cells = JSON.parse(fs.readFileSync(target, "utf8")).cells.filter((c) => c.cell_type === "code");
    const at = (cell, key) => Date.parse(cell.metadata?.execution?.[key]);
    // from the kernel reporting busy on the first cell to idle after the last (tslab sends no execute_input)
    const kernel = (at(cells[cells.length - 1], "iopub.status.idle") - at(cells[0], "iopub.status.busy")) / 1000;
    const stem = name.replace(/\.ipynb$/, "");
    rows.push({ notebook: stem, kernel_seconds: kernel, wall_seconds: wall, target_seconds: NOTEBOOK_TARGETS[stem] ?? null });
    console.log(`[bench] ${stem}: ${kernel.toFixed(1)} s in the kernel, ${wall.toFixed(1)} s with the kernel's start`);
  }
  const total = rows.reduce((a, r) => a + r.kernel_seconds, 0);
  const verdict = (seconds, limit) => (limit === null ? "" : seconds <= limit ? `≤ ${limit} s: met` : `≤ ${limit} s: not met`);
  const core = rows.filter((r) => CORE_NOTEBOOKS.some((n) => r.notebook.startsWith(`${n}_`)));
  const coreRow = core.length === CORE_NOTEBOOKS.length
    ? [`| notebooks 01–05 | ${core.reduce((a, r) => a + r.kernel_seconds, 0).toFixed(1)} | ${core.reduce((a, r) => a + r.wall_seconds, 0).toFixed(1)} | ${verdict(core.reduce((a, r) => a + r.kernel_seconds, 0), CORE_TARGET)} |`]
    : [];
  const lines = [
    "| notebook | seconds in the kernel (first cell to last) | seconds with the kernel's start | goal |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.notebook} | ${r.kernel_seconds.toFixed(1)} | ${r.wall_seconds.toFixed(1)} | ${verdict(r.kernel_seconds, r.target_seconds)} |`),
    ...coreRow,
    `| ${only ? "these notebooks" : "the whole course"} | ${total.toFixed(1)} | ${rows.reduce((a, r) => a + r.wall_seconds, 0).toFixed(1)} | |`,
  ];
  const table = `${lines.join("\n")}\n\nFull lesson sizes, ${os.availableParallelism()} cores, measured ${new Date().toISOString().slice(0, 10)}.`;
  reportResults(only ? `notebooks-${only}` : "notebooks", { rows }, table);
}

/** One notebook at full size, run `passes` times in one kernel: does its memory grow with every rerun? */
function benchMemory(only, passes) {
  const notebooks = notebooksMatching(only);
  if (notebooks.length !== 1) throw new SetupError(`--notebooks must name one notebook for --task memory; ${only} matches ${notebooks.length}`);
  console.log(`[bench] ${notebooks[0]} at full size, ${passes} times in one kernel; the kernel's memory after each pass (after a full garbage collection)`);
  const result = spawnSync(venvPython(), [path.join(ROOT, "bench", "notebook_memory.py"), path.join(ROOT, "notebooks", notebooks[0]), String(passes)], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, QUICK: "" } });
  if (result.status !== 0) throw new Error(`the runs of ${notebooks[0]} failed (exit ${result.status})`);
  const rows = jsonLines(result.stdout);
  const lines = [
    "| pass | seconds | resident MiB | JavaScript heap MiB (after GC) | outside the heap MiB | live tensors | cells that raised |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.pass === 0 ? "kernel started" : r.pass} | ${r.seconds ?? ""} | ${r.rss_mib} | ${r.heap_mib} | ${r.external_mib} | ${r.tensors} | ${r.cells_raised ?? ""} |`),
  ];
  const table = `${lines.join("\n")}\n\n${notebooks[0]}, full lesson sizes, ${os.availableParallelism()} cores, measured ${new Date().toISOString().slice(0, 10)}.`;
  reportResults(`memory-${only}`, { notebook: notebooks[0], rows }, table);
}

runMain(async () => {
  const { task, seeds, episodes, steps, updates, passes, backends, pytorch, only } = options();
  ensureSetup({ python: false, quiet: true });
  if (task === "lm") {
    benchLanguageModel(seeds, updates);
    return;
  }
  if (task === "methods") {
    benchMethods(seeds, steps);
    return;
  }
  if (task === "profile") {
    benchProfile(episodes);
    return;
  }
  if (task === "pendulum") {
    await benchPendulum(seeds, episodes);
    return;
  }
  if (task === "memory") {
    ensureSetup({ python: true, quiet: true });
    benchMemory(only, passes);
    return;
  }
  if (task === "notebooks") {
    ensureSetup({ python: true, quiet: true });
    benchNotebooks(only);
    return;
  }
  const seedList = Array.from({ length: seeds }, (_, i) => i);
  const rows = [];
  console.log(`[bench] the source lesson's REINFORCE on CartPole-v1: ${episodes} episodes per run, seeds ${seedList.join(", ")}`);

  for (const backend of backends) {
    const runs = [];
    for (const seed of seedList) {
      const run = runTypeScript(backend, seed, episodes);
      if (run.error) {
        console.log(`[bench] typescript/${backend}: not available here (${run.error.slice(0, 200)})`);
        break;
      }
      runs.push(run);
      console.log(`[bench] typescript/${backend} seed ${seed}: ${run.wall_seconds.toFixed(2)} s, ${run.env_steps} steps, solved at ${run.solved_episode ?? "—"}`);
    }
    if (runs.length) rows.push({ implementation: "TypeScript (this course)", backend, ...summarise(runs), details: runs });
  }

  if (pytorch) {
    ensureVenv(BENCH_VENV, "bench/requirements.txt", "PyTorch and Gymnasium (about 5 GB, once)");
    const result = spawnSync(venvPython(BENCH_VENV), [path.join(ROOT, "bench", "pytorch_reinforce.py"), "--episodes", String(episodes), "--seeds", ...seedList.map(String)], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (result.status !== 0) throw new Error(`the PyTorch reference failed (exit ${result.status})`);
    const runs = jsonLines(result.stdout);
    runs.forEach((run) => console.log(`[bench] pytorch seed ${run.seed}: ${run.wall_seconds.toFixed(2)} s, ${run.env_steps} steps, solved at ${run.solved_episode ?? "—"}`));
    rows.push({ implementation: "PyTorch + Gymnasium (the source lesson's code)", backend: runs[0].backend, ...summarise(runs), details: runs });
  }

  const header = "| implementation | backend | runs | wall s per run (mean ± sd) | env steps per run | env steps/s | µs per step | solved (mean of 100 ≥ 475 within the episodes) |";
  const lines = [header, "|---|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    lines.push(`| ${r.implementation} | ${r.backend} | ${r.runs} | ${r.wall_mean.toFixed(2)} ± ${r.wall_sd.toFixed(2)} | ${Math.round(r.steps_mean)} | ${Math.round(r.steps_per_second)} | ${r.us_per_step.toFixed(1)} | ${r.solved}/${r.runs} (${r.solved_episodes.map((e) => e ?? "—").join(", ")}) |`);
  }
  const ts = rows.find((r) => r.implementation.startsWith("TypeScript"));
  const torch = rows.find((r) => r.implementation.startsWith("PyTorch"));
  if (ts && torch) {
    lines.push("");
    lines.push(`PyTorch / TypeScript (${ts.backend}): wall time per run × ${(torch.wall_mean / ts.wall_mean).toFixed(2)}, time per environment step × ${(torch.us_per_step / ts.us_per_step).toFixed(2)}.`);
  }
  const table = lines.join("\n");
  reportResults("cartpole", { episodes, seeds: seedList, rows }, table);
});
