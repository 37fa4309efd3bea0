// The run store: runs recorded with their config and results, concurrent runs all in the index,
// damaged folders reported and skipped, notes at a step drawn on the comparison chart, deletion,
// the lock, and the `runs` command's output and bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCartPole } from "../../src/runs/episodic_run";
import { comparisonFigure, metricCurve, noteRows, valueAt, type RunView } from "../../src/experiments/comparison";
import { addNote, readNotes } from "../../src/experiments/notes";
import { createRun, deleteRun, listRuns, loadHistory, loadRun, readIndex, reindex, resolveRunId, updateRun, type NewRun } from "../../src/experiments/run_store";
import { filterRuns, headline, shortIds } from "../../src/experiments/run_table";
import { newestCheckpoint } from "../../src/experiments/resume";
import { LockTimeoutError, withFileLock } from "../../src/core/file_lock";
import { SOURCE_LESSON_CONFIG } from "../../src/rl/reinforce";
import { trainSeeds } from "../../src/studies/seed_study";

const ROOT = path.resolve(__dirname, "..", "..");
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

const CARTPOLE_RUN: NewRun = { task: "cartpole", name: "cartpole-seed0", stepKey: "episode", metric: "meanReturn100", seed: 0 };

/** A finished run with a made-up history: meanReturn100 = 10 × episode. */
function finishedRun(root: string, init: Partial<NewRun> = {}, episodes = 5): string {
  const run = createRun({ ...CARTPOLE_RUN, ...init }, root);
  const history = Array.from({ length: episodes }, (_, i) => ({ episode: i + 1, return: 20 * (i + 1), meanReturn100: 10 * (i + 1) }));
  updateRun(run.id, { status: "completed", finishedAt: new Date().toISOString(), results: { final_mean_return_100: 10 * episodes, solved_episode: null } }, history, root);
  return run.id;
}

function runsCommand(args: string[], root: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "runs.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, RUNS_DIR: root } });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

test("a run is recorded with its config, then its status, results and records; the index lists it", () => {
  const root = tempDir("runs-");
  const run = createRun({ ...CARTPOLE_RUN, tags: ["lr-sweep"], config: { learningRate: 0.003 }, backend: "wasm" }, root);
  assert.match(run.id, /^\d{8}-\d{6}-cartpole-seed0-[0-9a-f]{4}$/);
  assert.equal(loadRun(run.id, root).status, "running");
  assert.deepEqual(readIndex(root).map((e) => [e.id, e.status]), [[run.id, "running"]]);

  updateRun(run.id, { status: "completed", results: { final_mean_return_100: 480.5, solved_episode: 612 } }, [{ episode: 1, meanReturn100: 10 }], root);
  const saved = loadRun(run.id, root);
  assert.equal(saved.config.learningRate, 0.003);
  assert.equal(saved.backend, "wasm");
  assert.deepEqual(saved.tags, ["lr-sweep"]);
  assert.equal(readIndex(root)[0].status, "completed", "the index follows the status");
  assert.deepEqual(loadHistory(run.id, root), [{ episode: 1, meanReturn100: 10 }]);
  assert.equal(headline(saved), "mean of last 100 480.5, solved at episode 612");
});

test("filters: task, tag, name, dates and the newest N", () => {
  const root = tempDir("runs-");
  const a = finishedRun(root, { tags: ["baseline"] });
  const b = finishedRun(root, { task: "lm", name: "lm-exact-match-seed0", stepKey: "step", metric: "rewardMean" });
  const c = finishedRun(root, { name: "cartpole-seed1", tags: ["baseline", "lr"] });
  const { runs } = listRuns(root);
  const ids = (filter: Parameters<typeof filterRuns>[1]) => filterRuns(runs, filter).map((r) => r.id);
  assert.deepEqual(ids({ task: "cartpole" }), [a, c]);
  assert.deepEqual(ids({ tag: "baseline" }), [a, c]);
  assert.deepEqual(ids({ tag: "lr" }), [c]);
  assert.deepEqual(ids({ name: "seed1" }), [c]);
  assert.deepEqual(ids({ last: 2 }), [b, c]);
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  assert.equal(ids({ since: "2000-01-01", until: "2100-01-01" }).length, 3);
  assert.deepEqual(ids({ until: "2000-01-01" }), []);
  assert.deepEqual(ids({ since: new Date(Date.now() + 60_000) }), []);
  assert.equal(ids({ since: today, until: today }).length, 3, "a bare date runs from local midnight to the end of that day");
  assert.throws(() => ids({ since: "last tuesday" }), /since must be a date such as 2026-11-20/);
});

test("runs created at the same moment by several processes all land in the index", async () => {
  const root = tempDir("runs-");
  const processes = 6;
  const perProcess = 8;
  const script = `const { createRun } = require(${JSON.stringify(path.join(ROOT, "src", "experiments", "run_store.ts"))});
    for (let i = 0; i < ${perProcess}; i++) createRun({ task: "cartpole", name: "parallel", stepKey: "episode", metric: "meanReturn100" }, process.argv[1]);`;
  // Start them all, then wait: they overlap in time.
  const codes = await Promise.all(
    Array.from({ length: processes }, () => new Promise<number | null>((resolve) => spawn(process.execPath, ["--import", "tsx", "-e", script, root], { cwd: ROOT, stdio: "inherit" }).on("exit", resolve))),
  );
  assert.deepEqual(codes, Array(processes).fill(0));
  const indexed = readIndex(root).map((e) => e.id);
  const folders = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "run.json")));
  assert.equal(folders.length, processes * perProcess);
  assert.equal(new Set(indexed).size, indexed.length, "no run listed twice");
  assert.deepEqual([...indexed].sort(), [...folders].sort(), "every run folder is in the index");
  assert.ok(!fs.existsSync(path.join(root, "index.lock")), "the lock is released");
});

test("two `npm run train` commands started together both land in the index", async () => {
  const root = tempDir("runs-");
  const work = tempDir("train-");
  const train = (seed: number) =>
    new Promise<number | null>((resolve) => {
      const flags = ["--episodes", "4", "--hidden", "16", "--seed", String(seed), "--out", path.join(work, `out${seed}`), "--checkpoint-dir", path.join(work, `ckpt${seed}`), "--model-dir", path.join(work, `model${seed}`)];
      spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "train.ts"), ...flags], {
        cwd: ROOT,
        stdio: "ignore",
        env: { ...process.env, RUNS_DIR: root, CHROMIUM_PATH: "/nonexistent" },
      }).on("exit", resolve);
    });
  assert.deepEqual(await Promise.all([train(1), train(2)]), [0, 0]);
  const { runs, problems } = listRuns(root);
  assert.deepEqual(problems, []);
  assert.deepEqual(runs.map((r) => r.seed).sort(), [1, 2]);
  for (const run of runs) {
    assert.equal(run.status, "completed");
    assert.equal(loadHistory(run.id, root).length, 4);
    assert.equal(run.source, "command line");
    assert.ok(run.versions["@tensorflow/tfjs"] && run.backend);
  }
});

test("a damaged run folder is reported and skipped, never fatal", () => {
  const root = tempDir("runs-");
  const good = finishedRun(root);
  const bad = finishedRun(root, { name: "broken" });
  fs.writeFileSync(path.join(root, bad, "run.json"), "{ not json");
  const { runs, problems } = listRuns(root);
  assert.deepEqual(runs.map((r) => r.id), [good]);
  assert.equal(problems.length, 1);
  assert.match(problems[0], new RegExp(`${bad}.*damaged.*run\\.json is not valid JSON`));

  const listed = runsCommand([], root);
  assert.equal(listed.status, 0, listed.err);
  assert.match(listed.out, new RegExp(`^${good.slice(-4)} +cartpole-seed0 `, "m"));
  assert.match(listed.err, /warning: skipped: .*damaged/);
  const shown = runsCommand(["show", bad], root);
  assert.equal(shown.status, 2);
  assert.match(shown.err, /error: the run folder .* is damaged/);

  // A run folder that lost its run.json entirely, and one missing from the index.
  fs.rmSync(path.join(root, good), { recursive: true });
  assert.match(listRuns(root).problems.join("\n"), /in the index but its folder is gone/);
  const rebuilt = reindex(root);
  assert.equal(rebuilt.runs, 0);
  assert.equal(rebuilt.skipped.length, 1);
  assert.deepEqual(readIndex(root), []);
});

test("notes are plain lines in the run's folder, tied to a step or to the whole run", () => {
  const root = tempDir("runs-");
  const id = finishedRun(root);
  addNote(id, "rose quickly", { at: 2, root });
  addNote(id, "  overall: lr too high?  ", { root });
  const file = path.join(root, id, "notes.jsonl");
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  assert.equal(lines.length, 2);
  assert.deepEqual({ ...JSON.parse(lines[0]), time: "" }, { time: "", at: 2, text: "rose quickly" });
  fs.appendFileSync(file, "a line edited by hand\n");
  const { notes, problems } = readNotes(id, root);
  assert.deepEqual(notes.map((n) => [n.at, n.text]), [[2, "rose quickly"], [null, "overall: lr too high?"]]);
  assert.match(problems[0], /line 3: not a note/);
  assert.throws(() => addNote(id, "   ", { root }), /needs some text/);
  assert.throws(() => addNote(id, "x", { at: -1, root }), /step must be a number ≥ 0/);
  assert.throws(() => addNote("no-such-run", "x", { root }), /there is no run "no-such-run"/);
});

test("the comparison overlays one curve per run and draws step notes as stars on their run's curve", () => {
  const root = tempDir("runs-");
  const a = finishedRun(root, {}, 6);
  const b = finishedRun(root, { name: "cartpole-seed1" }, 4);
  addNote(a, "plateau", { at: 3, root });
  addNote(a, "about the whole run", { root });
  addNote(a, "between records", { at: 4.5, root });
  const view = (id: string): RunView => ({ record: loadRun(id, root), history: loadHistory(id, root), notes: readNotes(id, root).notes });
  const views = [view(a), view(b)];
  const fig = comparisonFigure(views);
  const lines = fig.data.filter((t) => t.mode === "lines");
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[0].y, [10, 20, 30, 40, 50, 60]);
  assert.deepEqual(lines[1].x, [1, 2, 3, 4]);
  const stars = fig.data.filter((t) => t.mode === "markers+text");
  assert.equal(stars.length, 1, "only run a has notes at a step");
  assert.deepEqual(stars[0].x, [3, 4.5]);
  assert.deepEqual(stars[0].y, [30, 40], "each star sits on its run's curve (the last point at or before its step)");
  assert.deepEqual(stars[0].text, ["1", "3"], "numbered as in the notes table");
  assert.match(String((stars[0].hovertext as string[])[0]), /note 1 at episode 3: plateau/);
  assert.equal((stars[0].marker as { color: string }).color, (lines[0].line as { color: string }).color);
  assert.deepEqual(noteRows(views).map((r) => [r["#"], r.at, r.note]), [[1, "episode 3", "plateau"], [2, "(whole run)", "about the whole run"], [3, "episode 4.5", "between records"]]);

  assert.equal(valueAt(metricCurve(views[0], "meanReturn100"), 0), 10, "before the first record: the first value");
  assert.deepEqual(comparisonFigure(views, { metric: "return" }).data[0].y, [20, 40, 60, 80, 100, 120]);
  assert.throws(() => comparisonFigure(views, { metric: "accuracy" }), /has no metric "accuracy"; it has episode, return, meanReturn100/);
  const lm = finishedRun(root, { task: "lm", name: "lm", stepKey: "step", metric: "rewardMean" });
  assert.throws(() => comparisonFigure([...views, view(lm)]), /measure different things \(meanReturn100, rewardMean\)/);
  assert.throws(() => comparisonFigure([]), /nothing to compare/);
});

test("deleting a run removes its folder and its index line; ids resolve from a unique part or 'last'", () => {
  const root = tempDir("runs-");
  const a = finishedRun(root);
  const b = finishedRun(root);
  assert.equal(resolveRunId("last", root), b);
  if (a.slice(-5) !== b.slice(-5)) assert.equal(resolveRunId(a.slice(-5), root), a, "the random suffix names a run");
  assert.throws(() => resolveRunId("cartpole-seed0", root), /matches 2 runs/);
  assert.throws(() => resolveRunId("zzzz-none", root), /there is no run/);

  const deleted = runsCommand(["delete", a], root);
  assert.equal(deleted.status, 0, deleted.err);
  assert.ok(!fs.existsSync(path.join(root, a)));
  assert.deepEqual(readIndex(root).map((e) => e.id), [b]);
  assert.deepEqual(listRuns(root).problems, []);
  assert.deepEqual(fs.readdirSync(root).filter((n) => n.startsWith(".")), [], "nothing left aside");
  assert.throws(() => deleteRun(a, root), /there is no run/);
});

test("the runs command: list, show with notes, note at a step, and clear errors for bad input", () => {
  const root = tempDir("runs-");
  const empty = runsCommand([], root);
  assert.equal(empty.status, 0);
  assert.match(empty.out, /No runs recorded yet/);
  const id = finishedRun(root, { tags: ["first"] });

  const noted = runsCommand(["note", id.slice(-4), "collapsed here", "--at", "4"], root);
  assert.equal(noted.status, 0, noted.err);
  const shown = runsCommand(["show", "last"], root);
  assert.equal(shown.status, 0, shown.err);
  assert.match(shown.out, new RegExp(`run ${id}`));
  assert.match(shown.out, /results +mean of last 100 50\.0, not solved/);
  assert.match(shown.out, /records +5 \(episode 1 … 5\); last meanReturn100 = 50\.000/);
  assert.match(shown.out, /1\. .* · episode 4 — collapsed here/);
  const listed = runsCommand(["--tag", "first"], root);
  assert.match(listed.out, new RegExp(`${id.slice(-4)} +cartpole-seed0 +cartpole +completed .* mean of last 100 50\\.0, not solved +1\\n`));

  for (const [args, message] of [
    [["show", "nope"], /there is no run "nope"/],
    [["frobnicate"], /Unknown command "frobnicate"/],
    [["note", id], /The note's text is missing/],
    [["note", id, "two", "words"], /takes 2 arguments.*Quote a note's text/],
    [["note", id, "x", "--at", "ten"], /--at must be a whole number/],
    [["--since", "yesterday-ish"], /since must be a date/],
    [["--colour"], /Unknown option '--colour'/],
  ] as [string[], RegExp][]) {
    const result = runsCommand(args, root);
    assert.equal(result.status, 2, `${args.join(" ")}: ${result.out}${result.err}`);
    assert.match(result.err, message);
  }
});

test("a lock left by a crashed process is broken; a live one is waited for, then reported", () => {
  const dir = tempDir("lock-");
  const file = path.join(dir, "index.lock");
  fs.writeFileSync(file, "999999999 2020-01-01\n"); // no such process
  assert.equal(withFileLock(file, () => 42), 42);
  assert.ok(!fs.existsSync(file));
  fs.writeFileSync(file, `${process.pid} now\n`); // held by a live process (this one)
  assert.throws(() => withFileLock(file, () => 0, { timeoutMs: 200 }), LockTimeoutError);
  assert.ok(fs.existsSync(file), "a live lock is left alone");
});

test("training records itself: runCartPole and a seed study land in the run store", async () => {
  const root = tempDir("runs-");
  const work = tempDir("train-");
  const previous = process.env.RUNS_DIR;
  process.env.RUNS_DIR = root;
  try {
    const config = { ...SOURCE_LESSON_CONFIG, episodes: 6, hidden: [16], seed: 3 };
    const result = await runCartPole({ config, outDir: work, checkpointDir: path.join(work, "ckpt"), modelDir: path.join(work, "model"), curves: false, tags: ["test"] });
    assert.ok(result.runId);
    const run = loadRun(result.runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.tags, ["test"]);
    assert.equal(run.config.seed, 3);
    assert.equal(run.results.final_mean_return_100, result.summary.final_mean_return_100);
    assert.equal(run.artifacts.model, result.files.model);
    assert.deepEqual(loadHistory(run.id).map((r) => r.episode), [1, 2, 3, 4, 5, 6]);

    let stop = false;
    const stopped = await runCartPole({ config: { ...config, seed: 4 }, outDir: work, checkpointDir: path.join(work, "ckpt4"), modelDir: path.join(work, "model4"), curves: false, shouldStop: () => (stop = !stop) });
    assert.equal(loadRun(stopped.runId!).status, "interrupted");

    const seedRuns = await trainSeeds({ ...config, episodes: 3 }, [7, 8], undefined, { name: "study", tags: ["seeds"] });
    const recorded = seedRuns.map((r) => loadRun(r.runId!));
    assert.deepEqual(recorded.map((r) => [r.name, r.seed, r.status]), [["study-seed7", 7, "completed"], ["study-seed8", 8, "completed"]]);
    assert.equal(listRuns().runs.length, 4);

    const unrecorded = await runCartPole({ config: { ...config, seed: 5 }, outDir: work, checkpointDir: path.join(work, "ckpt5"), modelDir: path.join(work, "model5"), curves: false, record: false });
    assert.equal(unrecorded.runId, null);
    assert.equal(listRuns().runs.length, 4);
  } finally {
    if (previous === undefined) delete process.env.RUNS_DIR;
    else process.env.RUNS_DIR = previous;
  }
});

test("the runs list fits a 120-column terminal with short unique ids; --wide and --json give the rest", () => {
  const root = tempDir("runs-");
  const long = "a-rather-long-run-name-for-a-learning-rate-sweep-over-five-values";
  const ids = [finishedRun(root, { name: long, tags: ["sweep"] }), finishedRun(root, { name: long, tags: ["sweep"] }), finishedRun(root, { task: "lm", name: "lm-exact-match-seed0", stepKey: "step", metric: "rewardMean" })];
  updateRun(ids[2], { results: { final_heldout_accuracy: 0.821, sft_heldout_accuracy: 0.7, final_kl: 0.2134 } }, undefined, root);
  const listed = runsCommand([], root);
  assert.equal(listed.status, 0, listed.err);
  const lines = listed.out.split("\n");
  for (const line of lines) assert.ok(line.length <= 120, `${line.length} columns: ${line}`);
  const short = shortIds(ids);
  for (const id of ids) assert.match(listed.out, new RegExp(`^${short.get(id)} `, "m"), "each run's short id starts its row");
  assert.equal(new Set(short.values()).size, 3);
  assert.match(listed.out, /^id +name +task +status +started +results +notes$/m);
  assert.match(listed.out, /held-out accuracy 70\.0% → 82\.1%/);
  assert.match(listed.out, /a-rather-long-run-name-for-…/, "a long name is shortened");
  // a short id names the run in the other commands
  assert.equal(runsCommand(["show", short.get(ids[0])!], root).status, 0);

  const wide = runsCommand(["--wide"], root);
  assert.match(wide.out, new RegExp(`${ids[0]} .*${long}.* sweep `));
  const json = JSON.parse(runsCommand(["--json"], root).out);
  assert.deepEqual(json.map((r: { id: string }) => r.id), ids);
  assert.equal(json[2].results.final_kl, 0.2134);
});

test("shortIds: the shortest unique ending, at least four characters", () => {
  const ids = shortIds(["20261123-103105-cartpole-seed0-a3f9", "20261123-103106-cartpole-seed0-b3f9", "20261123-103107-lm-seed0-c0de"]);
  assert.deepEqual([...ids.values()], ["a3f9", "b3f9", "c0de"]);
  const clash = shortIds(["x-1234", "y-1234", "z-0234"]);
  assert.deepEqual([...clash.values()], ["x-1234", "y-1234", "0234"]);
});

/** Waits until `check` returns a value (polling), or fails after `seconds`. */
async function waitFor<T>(what: string, check: () => T | null | undefined, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("a `npm run train` killed with SIGKILL shows as stopped unexpectedly, with its newest checkpoint and a resume command that works", async () => {
  const root = tempDir("runs-");
  const work = tempDir("train-");
  const folders = ["--out", path.join(work, "out"), "--checkpoint-dir", path.join(work, "ckpt"), "--model-dir", path.join(work, "model")];
  const env = { ...process.env, RUNS_DIR: root, CHROMIUM_PATH: "/nonexistent" };
  // its own process group, so that SIGKILL reaches npm, its shell and the training process at once
  const child = spawn("npm", ["run", "--silent", "train", "--", "--episodes", "100000", "--checkpoint-every", "5", "--hidden", "16", "--seed", "1", ...folders], { cwd: ROOT, env, stdio: "ignore", detached: true });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const runFile = () => {
    const entry = fs.existsSync(root) ? fs.readdirSync(root).find((name) => fs.existsSync(path.join(root, name, "run.json"))) : undefined;
    return entry ? path.join(root, entry, "run.json") : null;
  };
  let before: Record<string, any>;
  try {
    before = await waitFor("a checkpoint in the run record", () => {
      const file = runFile();
      const record = file ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
      return record?.artifacts?.checkpoint ? record : null;
    });
  } finally {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
  assert.equal(before.status, "running");
  assert.equal(before.owner.host, os.hostname());
  assert.ok(Number.isInteger(before.owner.pid) && before.owner.pid !== child.pid, "the owner is the training process itself, not npm");

  const run = await waitFor("the training process to be gone", () => {
    const loaded = loadRun(before.id, root);
    return loaded.status === "stopped unexpectedly" ? loaded : null;
  }, 20);
  const stored = JSON.parse(fs.readFileSync(runFile()!, "utf8"));
  assert.equal(stored.status, "running", "reading never rewrites the record");
  assert.deepEqual({ ...run, status: "running" }, stored, "nothing in the record is lost");
  // the newest real checkpoint on disk: a hard kill may have cut a write short (a temporary file
  // stays behind), or written one more checkpoint than the record names
  const onDisk = fs.readdirSync(path.join(work, "ckpt")).filter((name) => /^step-\d{6}\.json$/.test(name)).sort();
  const checkpoint = path.join(work, "ckpt", onDisk.at(-1)!);
  assert.ok(onDisk.includes(path.basename(stored.artifacts.checkpoint)), "the checkpoint the record names is on disk");

  const listed = runsCommand([], root);
  assert.match(listed.out, /cartpole-seed1 +cartpole +stopped unexpectedly/);
  const resume = /resume: (npm run train -- .*)$/m.exec(listed.out)?.[1];
  assert.ok(resume, listed.out);
  assert.ok(resume.includes(` --resume ${path.relative(ROOT, checkpoint)} `), `${resume} names ${checkpoint}`);
  assert.match(resume, new RegExp(`--env cartpole --resume \\S*step-\\d{6}\\.json --episodes 100000 --run-name cartpole-seed1$`));
  const shown = runsCommand(["show", "last"], root);
  assert.match(shown.out, /name +cartpole-seed1 \(cartpole\), stopped unexpectedly/);
  assert.match(shown.out, /process +\d+ on .*\(gone: it ended without writing how the run finished\)/);
  assert.ok(shown.out.includes(resume), shown.out);

  const { runs, compare } = await import("../../src/experiments");
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(args.join(" "));
  const previous = process.env.RUNS_DIR;
  process.env.RUNS_DIR = root;
  try {
    runs();
    await compare([run.id]);
  } finally {
    console.log = log;
    if (previous === undefined) delete process.env.RUNS_DIR;
    else process.env.RUNS_DIR = previous;
  }
  assert.equal(printed.filter((line) => line.includes(resume)).length, 2, printed.join("\n"));

  // The printed command resumes the run (with a nearer end and the test's folders).
  const step = Number(/step-(\d{6})\.json/.exec(checkpoint)![1]);
  const args = resume.replace(/^npm run train -- /, "").split(" ").map((arg, i, all) => (all[i - 1] === "--episodes" ? String(step + 3) : arg));
  const resumed = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "train.ts"), ...args, ...folders], { cwd: ROOT, env, encoding: "utf8" });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Resuming cartpole-seed1 from episode ${step}, training to episode ${step + 3}`));
});

test("a run's newest checkpoint: the highest one written since it began, never a half-written temporary file", () => {
  const root = tempDir("runs-");
  const folder = tempDir("ckpt-");
  const earlier = path.join(folder, "step-000900.json"); // left by an earlier run of the same name
  fs.writeFileSync(earlier, "{}");
  fs.utimesSync(earlier, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  const run = createRun({ ...CARTPOLE_RUN, artifacts: { checkpoints: folder } }, root);
  assert.equal(newestCheckpoint(loadRun(run.id, root)), null, "nothing written yet");
  fs.writeFileSync(path.join(folder, "step-000010.json"), "{}");
  updateRun(run.id, { artifacts: { checkpoints: folder, checkpoint: path.join(folder, "step-000010.json") } }, undefined, root);
  fs.writeFileSync(path.join(folder, "step-000015.json"), "{}"); // written, but the process died before recording it
  fs.writeFileSync(path.join(folder, "step-000020.json.4242.ab12.tmp"), "{"); // cut short by the kill
  assert.equal(newestCheckpoint(loadRun(run.id, root)), path.join(folder, "step-000015.json"));
  fs.rmSync(folder, { recursive: true });
  assert.equal(newestCheckpoint(loadRun(run.id, root)), path.join(folder, "step-000010.json"), "without the folder, the recorded one");
});
