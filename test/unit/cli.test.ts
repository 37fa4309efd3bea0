// The train and evaluate commands end to end: outputs, resume, bad input (exit status 2, nothing
// overwritten) and Ctrl-C (a final checkpoint, then exit 130).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function command(script: "train" | "evaluate", args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", `${script}.ts`), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHROMIUM_PATH: "/nonexistent" }, // keep these runs quick: curves as HTML
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

function workspace(): { dir: string; out: string; ckpt: string; model: string; flags: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));
  const where = { out: path.join(dir, "out"), ckpt: path.join(dir, "ckpt"), model: path.join(dir, "model") };
  const flags = ["--out", where.out, "--checkpoint-dir", where.ckpt, "--model-dir", where.model, "--hidden", "32,32"];
  return { dir, ...where, flags };
}

const readCsv = (file: string) => fs.readFileSync(file, "utf8").trim().split("\n");
/** The rows without their wall_seconds column (training time differs from run to run). */
const withoutTime = (rows: string[]) => {
  const column = rows[0].split(",").indexOf("wall_seconds");
  return rows.map((row) => row.split(",").filter((_, i) => i !== column).join(","));
};

test("train writes the four metric files, checkpoints and the model; resume continues exactly", () => {
  const a = workspace();
  const first = command("train", [...a.flags, "--episodes", "12", "--checkpoint-every", "5", "--seed", "2"]);
  assert.equal(first.status, 0, first.err);
  assert.match(first.out, /on the \w+ backend/);
  assert.deepEqual(fs.readdirSync(a.out).sort(), ["log_history.json", "summary.json", "training_curves.html", "training_metrics.csv"]);
  assert.match(first.out, /No Chromium found.*Wrote training_curves.html/s);
  const rows = readCsv(path.join(a.out, "training_metrics.csv"));
  assert.equal(rows[0], "episode,return,length,loss,mean_return_100,entropy,grad_norm,wall_seconds");
  assert.equal(rows.length, 13);
  const summary = JSON.parse(fs.readFileSync(path.join(a.out, "summary.json"), "utf8"));
  assert.equal(summary.status, "completed");
  assert.equal(summary.episodes, 12);
  assert.equal(summary.config.seed, 2);
  assert.ok(summary.backend.name && summary.versions["@tensorflow/tfjs"] && summary.env_steps > 0 && summary.env_steps_per_second > 0);
  assert.equal(summary.solved_episode, null);
  assert.equal(JSON.parse(fs.readFileSync(path.join(a.out, "log_history.json"), "utf8")).length, 12);
  assert.deepEqual(fs.readdirSync(a.ckpt).sort(), ["step-000005.json", "step-000010.json", "step-000012.json"]);
  assert.ok(fs.existsSync(path.join(a.model, "model.json")) && fs.existsSync(path.join(a.model, "weights.bin")));

  const resumed = command("train", [...a.flags.filter((f, i, all) => f !== "--hidden" && all[i - 1] !== "--hidden"), "--resume", a.ckpt, "--episodes", "20"]);
  assert.equal(resumed.status, 0, resumed.err);
  assert.match(resumed.out, /Resuming .* from episode 12, training to episode 20/);

  const b = workspace();
  const straight = command("train", [...b.flags, "--episodes", "20", "--seed", "2"]);
  assert.equal(straight.status, 0, straight.err);
  assert.deepEqual(withoutTime(readCsv(path.join(a.out, "training_metrics.csv"))), withoutTime(readCsv(path.join(b.out, "training_metrics.csv"))));

  const evaluation = command("evaluate", ["--model", a.model, "--episodes", "5", "--greedy", "--record", path.join(a.dir, "replays", "first.html")]);
  assert.equal(evaluation.status, 0, evaluation.err);
  assert.match(evaluation.out, /greedy actions, 5 episodes[\s\S]*return \d+(\.\d)? ± \d+(\.\d)? \(min \d+, max \d+\)/);
  assert.match(evaluation.out, /replay of the first episode \(\d+ steps\): .*first\.html .*first\.gif/);
  const page = fs.readFileSync(path.join(a.dir, "replays", "first.html"), "utf8");
  assert.match(page, /Plotly\.newPlot\("chart", \{"data":/);
  assert.match(page, /"frames":\[\{"name":"0"/);
  assert.equal(fs.readFileSync(path.join(a.dir, "replays", "first.gif")).subarray(0, 6).toString("ascii"), "GIF89a");
});

const badInputs: [string, string[], RegExp][] = [
  ["an unknown flag", ["--episode", "10"], /Unknown option '--episode'.*npm run train -- --help/s],
  ["a non-numeric value", ["--episodes", "ten"], /--episodes must be a whole number, got "ten"/],
  ["an out-of-range value", ["--gamma", "1.5"], /--gamma must be at least 0 and at most 1, got 1.5/],
  ["a zero learning rate", ["--lr", "0"], /--lr must be greater than 0/],
  ["bad hidden sizes", ["--hidden", "128,x"], /--hidden takes up to 8 comma-separated layer sizes/],
  ["an unknown task", ["--env", "mountaincar"], /--task must be one of cartpole, pendulum, lm, got "mountaincar"/],
  // a Gaussian policy's setting on a discrete space: refused, not ignored
  ["a continuous-action setting for CartPole", ["--env", "cartpole", "--initial-log-std", "-1"], /--initial-log-std\) is the starting log σ of a Gaussian policy.*CartPole-v1's actions are Discrete\(2\).*Leave the setting out/],
  ["a setting out of range, given as a negative number", ["--env", "pendulum", "--initial-log-std", "-9"], /--initial-log-std must be at least -5 and at most 2, got -9/],
  ["a flag of the other task", ["--task", "cartpole", "--reward-model", "exact-match"], /--reward-model belongs to --task lm, not cartpole/],
  // the source lesson's own form: --reward-model alone selects the language-model task
  ["an unknown reward model in the source lesson's command form", ["--reward-model", "exact"], /Unknown reward model "exact": it is neither a built-in name nor an existing path/],
  ["a language-model run without a reward model", ["--task", "lm"], /--reward-model is required for --task lm\. Choose one of: exact-match .*digit-match .*npm run train:reward-model/],
  ["an unknown reward-model name", ["--task", "lm", "--reward-model", "exact"], /Unknown reward model "exact": it is neither a built-in name nor an existing path\. Choose one of: exact-match/],
  ["a missing reward-model folder", ["--task", "lm", "--reward-model", "models/no-such-model"], /Unknown reward model "models\/no-such-model".*exact-match.*npm run train:reward-model/],
  ["a cartpole flag for the language model", ["--task", "lm", "--reward-model", "exact-match", "--episodes", "5"], /--episodes belongs to --task cartpole, not lm/],
  ["an unknown algorithm", ["--algo", "dqn"], /--algo must be one of reinforce, a2c, ppo, got "dqn"/],
  ["a setting of another algorithm", ["--algo", "a2c", "--baseline", "none"], /--baseline is a setting of reinforce, not a2c; choose the algorithm with --algo reinforce/],
  ["an unknown backend", ["--backend", "gpu"], /--backend must be one of tensorflow, wasm, cpu/],
  ["a missing checkpoint", ["--resume", "/nonexistent/ckpt.json"], /There is no checkpoint at \/nonexistent\/ckpt.json/],
];

for (const [what, args, message] of badInputs) {
  test(`train refuses ${what} with exit status 2 and writes nothing`, () => {
    const w = workspace();
    fs.mkdirSync(w.out, { recursive: true });
    fs.writeFileSync(path.join(w.out, "training_metrics.csv"), "earlier results");
    const lm = args.includes("lm") || (args.includes("--reward-model") && !args.includes("cartpole"));
    const result = command("train", [...(lm ? w.flags.slice(0, 6) : w.flags), ...args]);
    assert.equal(result.status, 2, result.err);
    assert.match(result.err, message);
    assert.doesNotMatch(result.err, /\n\s+at /, "no stack trace for a user mistake");
    assert.equal(fs.readFileSync(path.join(w.out, "training_metrics.csv"), "utf8"), "earlier results");
    assert.ok(!fs.existsSync(w.ckpt) || fs.readdirSync(w.ckpt).length === 0);
  });
}

test("train --algo a2c: its own settings, a resume that keeps the algorithm, and --algo refused when it contradicts the checkpoint", () => {
  const a = workspace();
  const first = command("train", [...a.flags, "--algo", "a2c", "--n-steps", "3", "--episodes", "6", "--checkpoint-every", "3", "--seed", "4"]);
  assert.equal(first.status, 0, first.err);
  assert.match(first.out, /Training cartpole-a2c-seed4 with a2c: 6 episodes, 4→32→32→2 policy on CartPole-v1; episodes-per-update 1, n-steps 3, gamma 0\.99/);
  const summary = JSON.parse(fs.readFileSync(path.join(a.out, "summary.json"), "utf8"));
  assert.equal(summary.algorithm, "a2c");
  assert.equal(summary.config.nSteps, 3);
  const wrong = command("train", [...a.flags.slice(0, 6), "--resume", path.join(a.ckpt, "step-000003.json"), "--algo", "reinforce", "--episodes", "9"]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.err, /--algo reinforce does not match the checkpoint, whose algorithm is a2c; leave out --algo to resume it/);
  const resumed = command("train", [...a.flags.slice(0, 6), "--resume", path.join(a.ckpt, "step-000003.json"), "--episodes", "6"]);
  assert.equal(resumed.status, 0, resumed.err);
  const b = workspace();
  assert.equal(command("train", [...b.flags, "--algo", "a2c", "--n-steps", "3", "--episodes", "6", "--seed", "4"]).status, 0);
  assert.deepEqual(withoutTime(readCsv(path.join(a.out, "training_metrics.csv"))), withoutTime(readCsv(path.join(b.out, "training_metrics.csv"))));
});

test("train refuses a corrupt checkpoint and leaves it and earlier outputs untouched", () => {
  const w = workspace();
  assert.equal(command("train", [...w.flags, "--episodes", "4"]).status, 0);
  const file = path.join(w.ckpt, "step-000004.json");
  const damaged = fs.readFileSync(file, "utf8").replace(/"params":"(.)/, (_m, c) => `"params":"${c === "A" ? "B" : "A"}`);
  fs.writeFileSync(file, damaged);
  const csvBefore = fs.readFileSync(path.join(w.out, "training_metrics.csv"), "utf8");
  const result = command("train", [...w.flags.slice(0, 6), "--resume", file, "--episodes", "8"]);
  assert.equal(result.status, 2);
  assert.match(result.err, /step-000004.json is corrupt/);
  assert.equal(fs.readFileSync(file, "utf8"), damaged);
  assert.equal(fs.readFileSync(path.join(w.out, "training_metrics.csv"), "utf8"), csvBefore);
});

test("train refuses to change the configuration of a resumed run, and an unwritable output folder", () => {
  const w = workspace();
  assert.equal(command("train", [...w.flags, "--episodes", "3"]).status, 0);
  const changed = command("train", [...w.flags.slice(0, 6), "--resume", w.ckpt, "--seed", "5", "--episodes", "6"]);
  assert.equal(changed.status, 2);
  assert.match(changed.err, /--seed cannot change when resuming/);
  const done = command("train", [...w.flags.slice(0, 6), "--resume", w.ckpt]);
  assert.equal(done.status, 2);
  assert.match(done.err, /already at episode 3 of 3; pass --episodes larger than 3/);
  const blocker = path.join(w.dir, "a-file");
  fs.writeFileSync(blocker, "");
  const unwritable = command("train", ["--out", path.join(blocker, "out"), "--checkpoint-dir", w.ckpt, "--model-dir", w.model, "--episodes", "3"]);
  assert.equal(unwritable.status, 2);
  assert.match(unwritable.err, /Cannot write to .*a-file\/out \(--out\)/);
});

test("train --reward-model (the language-model task) writes the metric files and samples, and resumes from its checkpoint", async () => {
  // a tiny supervised model, so the run takes seconds
  const { trainSft } = await import("../../src/lm_training/sft");
  const { saveTransformer } = await import("../../src/lm/model_files");
  const { VOCAB_SIZE } = await import("../../src/lm/tokenizer");
  const { initBackend } = await import("../../src/core/tf");
  await initBackend();
  const w = workspace();
  const sftDir = path.join(w.dir, "sft");
  const examples = Array.from({ length: 40 }, (_, i) => ({ prompt: `${i % 10}+1=`, response: String((i % 10) + 1) }));
  const { model } = await trainSft({ steps: 5, batchSize: 16, learningRate: 3e-3, seed: 0 }, examples, undefined, { vocabSize: VOCAB_SIZE, context: 14, dModel: 16, heads: 2, layers: 1, mlp: 32, head: "lm" });
  saveTransformer(sftDir, "policy", model.transformer);
  // the source lesson's command form: --reward-model without --task trains the language model
  const flags = [...w.flags.slice(0, 6), "--reward-model", "digit-match", "--sft-model", sftDir, "--prompts-per-update", "4", "--group-size", "2", "--eval-every", "2", "--checkpoint-every", "2"];
  const first = command("train", [...flags, "--updates", "3"]);
  assert.equal(first.status, 0, first.err);
  assert.match(first.out, /Held-out accuracy .* → .*held-out reward/);
  assert.deepEqual(fs.readdirSync(w.out).sort(), ["log_history.json", "samples.json", "summary.json", "training_curves.html", "training_metrics.csv"]);
  const rows = readCsv(path.join(w.out, "training_metrics.csv"));
  assert.equal(rows[0], "step,reward_mean,reward_std,kl,entropy,response_length,accuracy,loss,heldout_reward,heldout_accuracy,wall_seconds");
  assert.equal(rows.length, 4);
  const samples = JSON.parse(fs.readFileSync(path.join(w.out, "samples.json"), "utf8"));
  assert.equal(samples.before.length, samples.after.length);
  assert.deepEqual(Object.keys(samples.before[0]).sort(), ["answer", "correct", "prompt", "response", "reward"]);
  const summary = JSON.parse(fs.readFileSync(path.join(w.out, "summary.json"), "utf8"));
  assert.equal(summary.reward_model.spec, "digit-match");
  assert.ok(summary.sampling_tokens_per_second > 0 && summary.update_tokens_per_second > 0);
  const resumed = command("train", [...w.flags.slice(0, 6), "--task", "lm", "--resume", w.ckpt, "--updates", "5"]);
  assert.equal(resumed.status, 0, resumed.err);
  assert.match(resumed.out, /Resuming .* from update 3, training to update 5/);
  assert.equal(readCsv(path.join(w.out, "training_metrics.csv")).length, 6);
  const other = command("train", [...w.flags.slice(0, 6), "--task", "lm", "--resume", w.ckpt, "--reward-model", "exact-match", "--updates", "8"]);
  assert.equal(other.status, 2);
  assert.match(other.err, /trained against --reward-model digit-match/);
});

// Pendulum: a Gaussian policy through the same command, files, checkpoints and resume as CartPole.
const PENDULUM_SMALL = ["--env", "pendulum", "--algo", "ppo", "--episodes-per-update", "2", "--minibatch-size", "100", "--epochs", "2", "--seed", "3"];

test("train --env pendulum writes the four files, a Gaussian model and a greedy evaluation; resume continues exactly", () => {
  const a = workspace();
  const first = command("train", [...a.flags, ...PENDULUM_SMALL, "--initial-log-std", "-1", "--episodes", "4", "--checkpoint-every", "2"]);
  assert.equal(first.status, 0, first.err);
  assert.match(first.out, /Training pendulum-seed3 with ppo: 4 episodes, 3→32→32→1 policy on Pendulum-v1; .*initial-log-std -1/);
  assert.match(first.out, /the deterministic policy's mean return over 100 episodes is -\d+\.\d ± \d+\.\d: (passes|below) the pass mark -250/);
  assert.deepEqual(fs.readdirSync(a.out).sort(), ["log_history.json", "summary.json", "training_curves.html", "training_metrics.csv"]);
  const summary = JSON.parse(fs.readFileSync(path.join(a.out, "summary.json"), "utf8"));
  assert.equal(summary.env, "Pendulum-v1");
  assert.equal(summary.env_steps, 4 * 200); // never terminates: every episode runs to the time limit
  assert.equal(summary.config.initialLogStd, -1);
  assert.equal(summary.evaluation.episodes, 100);
  assert.equal(summary.passed, summary.evaluation.mean_return >= -250);
  assert.equal(summary.solved_episode, null);
  assert.equal(fs.readFileSync(path.join(a.out, "training_curves.html"), "utf8").includes("PPO on Pendulum-v1"), true);

  const model = JSON.parse(fs.readFileSync(path.join(a.model, "model.json"), "utf8"));
  assert.equal(model.userDefinedMetadata.policyHead.kind, "gaussian");
  assert.equal(model.userDefinedMetadata.env, "Pendulum-v1");

  const resumed = command("train", [...a.flags.slice(0, 6), "--env", "pendulum", "--resume", path.join(a.ckpt, "step-000002.json"), "--episodes", "4"]);
  assert.equal(resumed.status, 0, resumed.err);
  assert.match(resumed.out, /Resuming pendulum-seed3 from episode 2, training to episode 4/);
  const b = workspace();
  assert.equal(command("train", [...b.flags, ...PENDULUM_SMALL, "--initial-log-std", "-1", "--episodes", "4"]).status, 0);
  assert.deepEqual(withoutTime(readCsv(path.join(a.out, "training_metrics.csv"))), withoutTime(readCsv(path.join(b.out, "training_metrics.csv"))));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(a.out, "summary.json"), "utf8")).evaluation, JSON.parse(fs.readFileSync(path.join(b.out, "summary.json"), "utf8")).evaluation);

  // the checkpoint names its environment: resuming it as CartPole says which task it is
  const asCartPole = command("train", [...a.flags.slice(0, 6), "--resume", a.ckpt, "--episodes", "6"]);
  assert.equal(asCartPole.status, 2);
  assert.match(asCartPole.err, /is a checkpoint of a "pendulum" run, not "cartpole"; resume it with --task pendulum/);

  const evaluation = command("evaluate", ["--model", a.model, "--episodes", "3", "--greedy", "--record", path.join(a.dir, "replays", "pendulum")]);
  assert.equal(evaluation.status, 0, evaluation.err);
  assert.match(evaluation.out, /3→32→32→1 policy on Pendulum-v1, greedy actions, 3 episodes/);
  assert.match(evaluation.out, /replay of the first episode \(200 steps\)/);
  assert.match(fs.readFileSync(path.join(a.dir, "replays", "pendulum.html"), "utf8"), /Pendulum replay: model, greedy actions/);
  assert.equal(fs.readFileSync(path.join(a.dir, "replays", "pendulum.gif")).subarray(0, 6).toString("ascii"), "GIF89a");
  // the model's actions are not CartPole's: refused before playing, naming both shapes
  const wrongShape = command("evaluate", ["--model", a.model, "--env", "cartpole"]);
  assert.equal(wrongShape.status, 2);
  assert.match(wrongShape.err, /cannot play CartPole-v1: it takes 3 observations and gives actions in Box\(\[-2\], \[2\]\), and CartPole-v1 gives 4 observations and takes actions in Discrete\(2\)\. It fits --env pendulum\./);
  assert.doesNotMatch(wrongShape.err, /\n\s+at /);
});

test("evaluate refuses a missing or absent model, and a replay it cannot write", () => {
  const missing = command("evaluate", []);
  assert.equal(missing.status, 2);
  assert.match(missing.err, /--model is required/);
  const absent = command("evaluate", ["--model", "/nonexistent/model"]);
  assert.equal(absent.status, 2);
  assert.match(absent.err, /There is no model at \/nonexistent\/model/);
  const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-")), "a-file");
  fs.writeFileSync(blocker, "");
  const unwritable = command("evaluate", ["--model", "/nonexistent/model", "--record", path.join(blocker, "replay")]);
  assert.equal(unwritable.status, 2);
  assert.match(unwritable.err, /Cannot write to .*a-file \(--record\)/);
});

test("Ctrl-C stops training after the current update with a final checkpoint (exit 130)", async () => {
  const w = workspace();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "train.ts"), ...w.flags, "--episodes", "100000"], {
    cwd: ROOT,
    env: { ...process.env, CHROMIUM_PATH: "/nonexistent" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => {
    output += d;
    if (/episode \d+\/100000/.test(output) && !child.killed) child.kill("SIGINT");
  });
  const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  assert.equal(status, 130, output);
  assert.match(output, /Stopping after this update/);
  assert.match(output, /Resume with: npm run train -- --env cartpole --resume .*step-\d{6}\.json --episodes 100000/);
  const checkpoints = fs.readdirSync(w.ckpt);
  assert.equal(checkpoints.length, 1);
  const summary = JSON.parse(fs.readFileSync(path.join(w.out, "summary.json"), "utf8"));
  assert.equal(summary.status, "interrupted");
});
