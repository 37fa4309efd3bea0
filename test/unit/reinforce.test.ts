// The training loop: returns → weights, learning happens, runs are reproducible, a resumed run
// continues exactly, no tensors leak, and a diverging loss stops cleanly.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeState, encodeState, readEpisodicCheckpoint, runCartPole } from "../../src/runs/episodic_run";
import { listCheckpoints, loadCheckpoint, saveCheckpoint } from "../../src/runs/checkpoint";
import type { EpisodeRecord } from "../../src/rl/episode_records";
import { NonFiniteLossError, Reinforce, reinforceAdvantages, SOURCE_LESSON_CONFIG, validateConfig, type ReinforceState } from "../../src/rl/reinforce";
import { initBackend, tf } from "../../src/core/tf";
import { Rng } from "../../src/core/random";
import { CartPole } from "../../src/envs/cartpole";
import { Adam } from "../../src/nets/adam";
import { CategoricalPolicy } from "../../src/rl/categorical_policy";
import { discountedReturns, standardise } from "../../src/rl/returns";
import { playEpisode } from "../../src/rl/rollout";

before(async () => {
  await initBackend();
});

const small = { ...SOURCE_LESSON_CONFIG, hidden: [32, 32] };
const withoutTime = (records: EpisodeRecord[]) => records.map(({ wallSeconds, ...rest }) => rest);

function train(trainer: Reinforce, until: number): EpisodeRecord[] {
  const records: EpisodeRecord[] = [];
  while (trainer.episode < until) records.push(...trainer.update());
  return records;
}

test("return weights: discounted reward-to-go, standardised within the episode or raw", () => {
  const raw = reinforceAdvantages([1, 1, 1], 0.5, "none");
  assert.deepEqual(Array.from(raw), [1.75, 1.5, 1]);
  const z = reinforceAdvantages([1, 1, 1], 0.5, "standardise");
  assert.ok(Math.abs(z.reduce((a, b) => a + b, 0)) < 1e-12);
  assert.ok(z[0] > z[1] && z[1] > z[2], "earlier steps still weigh more");
});

test("the source lesson's configuration learns: returns rise within 150 episodes", () => {
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, episodes: 150 });
  const records = train(trainer, 150);
  const early = records.slice(0, 30).reduce((s, r) => s + r.return, 0) / 30;
  const late = records.slice(120).reduce((s, r) => s + r.return, 0) / 30;
  assert.ok(late > 2 * early, `mean return ${early.toFixed(1)} at first, ${late.toFixed(1)} at the end`);
  assert.ok(records.every((r) => r.length === r.return && r.entropy > 0 && r.entropy <= Math.LN2 + 1e-9 && r.gradNorm > 0));
});

test("the same seed gives identical metrics; another seed does not", () => {
  const a = train(Reinforce.create({ ...small, seed: 3, episodes: 40 }), 40);
  const b = train(Reinforce.create({ ...small, seed: 3, episodes: 40 }), 40);
  const c = train(Reinforce.create({ ...small, seed: 4, episodes: 40 }), 40);
  assert.deepEqual(withoutTime(a), withoutTime(b));
  assert.notDeepEqual(withoutTime(a), withoutTime(c));
});

for (const episodesPerUpdate of [1, 3]) {
  test(`2N episodes straight equal N, a checkpoint on disk, and N more (${episodesPerUpdate} per update)`, () => {
    const config = { ...small, seed: 11, episodes: 60, episodesPerUpdate };
    const straight = Reinforce.create(config);
    const all = train(straight, 60);

    const first = Reinforce.create(config);
    train(first, 30);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resume-"));
    saveCheckpoint(dir, "cartpole", first.episode, encodeState("reinforce", first.state()));
    const resumed = Reinforce.fromState(decodeState(loadCheckpoint(dir, "cartpole").payload).state as ReinforceState);
    train(resumed, 60);

    assert.deepEqual(withoutTime(resumed.history), withoutTime(all));
    assert.deepEqual(resumed.policy.params, straight.policy.params);
    assert.deepEqual(resumed.optimizer.state, straight.optimizer.state);
    assert.deepEqual(resumed.rng.state(), straight.rng.state());
  });
}

test("tensor count stays flat across updates (no leaks)", () => {
  const trainer = Reinforce.create({ ...small, episodes: 60 });
  train(trainer, 5);
  const before = tf.memory().numTensors;
  train(trainer, 60);
  assert.equal(tf.memory().numTensors, before);
});

test("a NaN loss stops the update before the weights change", () => {
  const trainer = Reinforce.create({ ...small, episodes: 10 });
  train(trainer, 3);
  trainer.policy.params[5] = Number.NaN;
  const snapshot = Float32Array.from(trainer.policy.params);
  const adamStep = trainer.optimizer.state.step;
  assert.throws(() => trainer.update(), NonFiniteLossError);
  assert.deepEqual(Array.from(trainer.policy.params).map(String), Array.from(snapshot).map(String));
  assert.equal(trainer.optimizer.state.step, adamStep);
});

test("a run that diverges keeps its last good checkpoint and writes its metrics", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "diverge-"));
  const result = await runCartPole({
    config: { ...small, episodes: 50 },
    outDir: path.join(root, "out"),
    checkpointDir: path.join(root, "ckpt"),
    modelDir: path.join(root, "model"),
    checkpointEvery: 10,
    curves: false,
    onProgress: (records, trainer) => {
      if (records[records.length - 1].episode === 25) trainer.policy.params[0] = Number.NaN;
    },
  });
  assert.equal(result.status, "diverged");
  assert.deepEqual(listCheckpoints(path.join(root, "ckpt")).map((f) => path.basename(f)), ["step-000010.json", "step-000020.json"]);
  const summary = JSON.parse(fs.readFileSync(path.join(root, "out", "summary.json"), "utf8"));
  assert.equal(summary.status, "diverged");
  assert.match(summary.error, /NaN or infinite/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, "out", "log_history.json"), "utf8")).length, 25);
  assert.ok(!fs.existsSync(path.join(root, "model", "model.json")), "no model from a broken state");
});

test("a run can be stopped early and leaves a final checkpoint", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stop-"));
  let calls = 0;
  const result = await runCartPole({
    config: { ...small, episodes: 1000 },
    outDir: path.join(root, "out"),
    checkpointDir: path.join(root, "ckpt"),
    modelDir: path.join(root, "model"),
    curves: false,
    shouldStop: () => ++calls >= 7,
  });
  assert.equal(result.status, "interrupted");
  assert.equal(result.trainer.episode, 7);
  assert.equal(loadCheckpoint(path.join(root, "ckpt"), "cartpole").step, 7);
});

test("configuration errors name the field and the allowed range", () => {
  assert.throws(() => validateConfig({ ...SOURCE_LESSON_CONFIG, gamma: 2 }), /gamma must be in \[0, 1\], got 2/);
  assert.throws(() => validateConfig({ ...SOURCE_LESSON_CONFIG, episodes: 0, hidden: [0] }), /episodes must be an integer from 1.*hidden must be/);
  assert.throws(() => validateConfig({ ...SOURCE_LESSON_CONFIG, baseline: "mean" as never }), /baseline must be one of standardise, none/);
});

test("the source lesson's loop written out by hand (notebook 03) and the library's trainer end with the same weights, bit for bit", () => {
  const config = { ...SOURCE_LESSON_CONFIG, episodes: 25, seed: 3 };
  // the loop as notebook 03 writes it: one generator, the policy's weights drawn first, then the environment
  const rng = new Rng(config.seed);
  const policy = CategoricalPolicy.create([4, ...config.hidden, 2], rng);
  const adam = new Adam(policy.params.length, { learningRate: config.learningRate });
  const env = new CartPole(rng);
  const lengths: number[] = [];
  for (let episode = 0; episode < config.episodes; episode++) {
    const e = playEpisode(env, policy, rng);
    const weights = standardise(discountedReturns(e.rewards, config.gamma));
    const { gradient } = policy.lossAndGradient(e.observations, e.actions, Float32Array.from(weights));
    adam.step(policy.params, gradient);
    lengths.push(e.length);
  }
  const trainer = Reinforce.create(config);
  while (!trainer.finished) trainer.update();
  assert.deepEqual(trainer.history.map((r) => r.length), lengths);
  assert.ok(trainer.policy.params.every((p, i) => Object.is(p, policy.params[i])), "every weight identical");
  assert.deepEqual(trainer.optimizer.state, adam.state);
});

test("runCartPole resumes from a checkpoint path or from the same checkpoint read beforehand, to the same weights", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "resume-read-"));
  const dirs = (name: string) => ({ outDir: path.join(root, name, "out"), checkpointDir: path.join(root, name, "ckpt"), modelDir: path.join(root, name, "model"), curves: false, record: false as const });
  const first = await runCartPole({ config: { ...small, episodes: 10 }, ...dirs("first"), checkpointEvery: 10 });
  assert.equal(first.status, "completed");
  const checkpoint = path.join(root, "first", "ckpt");
  const fromPath = await runCartPole({ config: { ...small, episodes: 20 }, ...dirs("path"), resume: checkpoint });
  const read = readEpisodicCheckpoint(checkpoint);
  assert.equal(read.saved.state.episode, 10);
  const fromRead = await runCartPole({ config: { ...small, episodes: 20 }, ...dirs("read"), resume: read });
  assert.equal(fromRead.trainer.episode, 20);
  assert.deepEqual(Array.from(fromRead.trainer.policy.params), Array.from(fromPath.trainer.policy.params));
  assert.notDeepEqual(Array.from(fromRead.trainer.policy.params), Array.from(read.saved.state.params));
});
