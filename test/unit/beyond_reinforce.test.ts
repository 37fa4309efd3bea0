// Notebook 05's machinery: the value baseline's advantages, GAE, PPO's clipped objective (all by
// hand), a PPO update, and the parallel job runner.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GradientMoments, measureGradientNoise } from "../../src/lessons/gradient_noise";
import { compareEstimators, methodAdvantages, runCartPoleJob, summariseMethods, type CartPoleJob, type CartPoleJobProgress, type CartPoleJobResult } from "../../src/studies/method_comparison";
import { runJobs } from "../../src/studies/parallel_jobs";
import { methodRunsFigure } from "../../src/studies/method_comparison_live";
import { METHOD_COLOURS } from "../../src/studies/method_comparison";
import { clippedSurrogate, clippedSurrogateLoss, gaeAdvantages, normaliseBatch, Ppo, PPO_CONFIG, type PpoState } from "../../src/rl/ppo";
import { decodeState, encodeState } from "../../src/runs/episodic_run";
import { loadCheckpoint, saveCheckpoint } from "../../src/runs/checkpoint";
import { handMadeEpisode as episode } from "../support/episodes";
import { ValueFunction } from "../../src/rl/value_function";
import { Rng } from "../../src/core/random";
import { Reinforce, reinforceAdvantages, SOURCE_LESSON_CONFIG } from "../../src/rl/reinforce";
import { generalisedAdvantages, nStepAdvantages } from "../../src/rl/returns";
import { A2C_CONFIG } from "../../src/rl/a2c";
import { freeingTensors, initBackend, tf } from "../../src/core/tf";
import { playEpisodes, stackEpisodes } from "../../src/rl/rollout";

before(async () => {
  await initBackend();
});

const close = (a: ArrayLike<number>, b: number[], tol = 1e-9) => b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol, `index ${i}: ${a[i]} vs ${v}`));

test("value-baseline advantages by hand: A_t = G_t − V(s_t)", () => {
  // rewards 1, 1, 1 with γ = 0.5: G = (1.75, 1.5, 1); the critic predicts V = (1, 2, 0.5)
  close(reinforceAdvantages([1, 1, 1], 0.5, "value", [1, 2, 0.5]), [0.75, -0.5, 0.5]);
  assert.throws(() => reinforceAdvantages([1, 1], 0.5, "value"), /needs V\(s_t\) for every step/);
});

test("GAE by hand, and its two limits: λ = 1 is G_t − V(s_t), λ = 0 the TD error", () => {
  const rewards = [1, 1, 1];
  const values = [0.5, 0.4, 0.3];
  const gamma = 0.9;
  const delta = [1 + 0.9 * 0.4 - 0.5, 1 + 0.9 * 0.3 - 0.4, 1 + 0.9 * 0 - 0.3];
  close(generalisedAdvantages(rewards, values, 0, gamma, 0), delta);
  const lambda = 0.8;
  const a2 = delta[2];
  const a1 = delta[1] + gamma * lambda * a2;
  const a0 = delta[0] + gamma * lambda * a1;
  close(generalisedAdvantages(rewards, values, 0, gamma, lambda), [a0, a1, a2]);
  const G = [1 + 0.9 + 0.81, 1 + 0.9, 1];
  close(generalisedAdvantages(rewards, values, 0, gamma, 1), G.map((g, t) => g - values[t]), 1e-12);
  // a time limit instead of a real end bootstraps from V of the last state
  close(generalisedAdvantages([1], [0.5], 2, 0.9, 0.8), [1 + 0.9 * 2 - 0.5]);
});

test("PPO's clipped objective by hand: value and gradient, flat where clipped", () => {
  const ratios = [1.5, 0.9, 0.5, 1.1];
  const advantages = [1, 1, -1, -1];
  const [value, gradient] = tf.tidy(() => {
    const f = (logProb: tf.Tensor) => clippedSurrogateLoss(logProb as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D, tf.tensor1d(advantages), 0.2);
    const logNew = tf.tensor1d(ratios.map(Math.log));
    return [f(logNew).dataSync()[0], Array.from(tf.grad(f)(logNew).dataSync())];
  });
  // min(rA, clip(r)A): 1.2 (clipped), 0.9, −0.8 (clipped), −1.1
  assert.ok(Math.abs(value - -(1.2 + 0.9 - 0.8 - 1.1) / 4) < 1e-6, `${value}`);
  // unclipped terms: ∂/∂log π of −(1/4)·r·A is −(1/4)·A·r; clipped terms: 0
  close(gradient, [0, -0.25 * 0.9, 0, 0.25 * 1.1], 1e-6);
  // at ratio 1 the objective is the policy-gradient loss −mean(A), whatever ε
  const atOne = tf.tidy(() => clippedSurrogateLoss(tf.zeros([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D, tf.tensor1d(advantages), 0.2).dataSync()[0]);
  assert.ok(Math.abs(atOne - 0) < 1e-7);
});

test("PPO's clip is one-sided: past the range on the pessimistic side, a term keeps its full gradient", () => {
  // r = 0.5 with A > 0 and r = 1.5 with A < 0: outside [0.8, 1.2], but the min picks r·A, not clip(r)·A
  const ratios = [0.5, 1.5];
  const advantages = [1, -1];
  const gradient = tf.tidy(() => {
    const f = (logProb: tf.Tensor) => clippedSurrogateLoss(logProb as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D, tf.tensor1d(advantages), 0.2);
    return Array.from(tf.grad(f)(tf.tensor1d(ratios.map(Math.log))).dataSync());
  });
  close(gradient, [-0.5 * 0.5 * 1, -0.5 * 1.5 * -1], 1e-6);
  assert.ok(Math.abs(clippedSurrogate(ratios, advantages, 0.2) - -(0.5 - 1.5) / 2) < 1e-12);
});

test("clippedSurrogate (plain numbers) is the tensor loss clippedSurrogateLoss, on random batches", () => {
  const rng = new Rng(9);
  for (let k = 0; k < 20; k++) {
    const n = 1 + rng.int(12);
    const logRatios = Array.from({ length: n }, () => 0.5 * rng.normal());
    const advantages = Array.from({ length: n }, () => rng.normal());
    const tensorLoss = tf.tidy(() => clippedSurrogateLoss(tf.tensor1d(logRatios), tf.zeros([n]) as tf.Tensor1D, tf.tensor1d(advantages), 0.2).dataSync()[0]);
    const plain = clippedSurrogate(logRatios.map(Math.exp), advantages, 0.2);
    assert.ok(Math.abs(plain - tensorLoss) < 1e-5 * Math.max(1, Math.abs(plain)), `${plain} vs ${tensorLoss}`);
  }
  assert.equal(clippedSurrogate([1.5, 0.9, 0.5, 1.1], [1, 1, -1, -1], 0.2), -(1.2 + 0.9 - 0.8 - 1.1) / 4);
});

test("batch normalisation of advantages gives mean 0 and standard deviation 1", () => {
  const z = normaliseBatch(Float64Array.from([1, 2, 3, 10]));
  assert.ok(Math.abs(z.reduce((a, b) => a + b, 0)) < 1e-12);
  assert.ok(Math.abs(Math.sqrt(z.reduce((a, b) => a + b * b, 0) / 4) - 1) < 1e-6);
});

test("PPO trains: updates run and records come per episode (resume: test/unit/a2c.test.ts, for every algorithm)", () => {
  const config = { ...PPO_CONFIG, hidden: [32, 32], episodes: 24, episodesPerUpdate: 4, minibatchSize: 64, seed: 3 };
  const straight = Ppo.create(config);
  while (!straight.finished) straight.update();
  assert.equal(straight.history.length, 24);
  assert.deepEqual(straight.history.map((r) => r.episode), Array.from({ length: 24 }, (_, i) => i + 1));
  assert.ok(straight.history.every((r) => Number.isFinite(r.loss) && r.gradNorm > 0));
});

test("REINFORCE with the value baseline trains its critic towards the returns", () => {
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [32, 32], baseline: "value", episodes: 40, seed: 2 });
  const critic = trainer.critic!;
  const before = Float32Array.from(critic.value.params);
  while (!trainer.finished) trainer.update();
  assert.notDeepEqual(critic.value.params, before);
  const state = trainer.state();
  assert.ok(state.critic && state.critic.params.length === before.length && state.critic.adam.step === 40);
});

test("gradient noise is scale-free: doubling every weight leaves noise-to-signal unchanged", () => {
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [16], episodes: 1 });
  const weights = (k: number) => (episodes: { rewards: Float32Array }[]) => episodes.map((e) => reinforceAdvantages(e.rewards, 0.99, "none").map((w) => k * w));
  const a = measureGradientNoise(trainer.policy, weights(1), { episodes: 12, seed: 1 });
  const b = measureGradientNoise(trainer.policy, weights(2), { episodes: 12, seed: 1 });
  assert.ok(a.noiseToSignal !== null && b.noiseToSignal !== null && Math.abs(a.noiseToSignal - b.noiseToSignal) < 1e-6 * a.noiseToSignal);
  assert.ok(Math.abs(b.traceVariance / a.traceVariance - 4) < 1e-6);
});

test("gradient noise: the signal ‖E[g]‖² is estimated without the sample mean's own noise", () => {
  // g = μ + ε with ‖μ‖² = 1 and ε ~ N(0, I) in 50 dimensions: Σ Var = 50; with N = 20 estimates,
  // E‖ḡ‖² = 1 + 50/20 = 3.5, while the corrected signal should average 1.
  const rng = new Rng(11);
  const dims = 50;
  const mu = Array.from({ length: dims }, (_, k) => (k === 0 ? 1 : 0));
  let naive = 0;
  let corrected = 0;
  let variance = 0;
  const trials = 300;
  for (let trial = 0; trial < trials; trial++) {
    const moments = new GradientMoments(dims);
    for (let i = 0; i < 20; i++) moments.add(mu.map((m) => m + rng.normal()));
    const noise = moments.noise();
    naive += noise.meanNormSquared / trials;
    corrected += noise.signalSquared / trials;
    variance += noise.traceVariance / trials;
  }
  assert.ok(Math.abs(variance - 50) < 1.5, `Σ Var ≈ 50, got ${variance}`);
  assert.ok(Math.abs(naive - 3.5) < 0.2, `‖ḡ‖² ≈ 3.5, got ${naive}`);
  assert.ok(Math.abs(corrected - 1) < 0.2, `corrected signal ≈ 1, got ${corrected}`);
  assert.throws(() => new GradientMoments(2).noise(), /at least 2 estimates/);
});

test("PPO's GAE bootstraps from V(last observation) only when the time limit cut the episode", () => {
  const critic = ValueFunction.create([4, 8, 1], new Rng(3));
  const finalValue = critic.values(Float32Array.from([3, 0, 0, 0]))[0];
  const [cut, ended] = gaeAdvantages([episode(3, "truncated"), episode(3, "terminated")], critic, 0.9, 0.95);
  const values = critic.values(episode(3, "terminated").observations);
  close(ended.advantages, Array.from(generalisedAdvantages([1, 1, 1], values, 0, 0.9, 0.95)), 1e-6);
  close(cut.advantages, Array.from(generalisedAdvantages([1, 1, 1], values, finalValue, 0.9, 0.95)), 1e-6);
  close(cut.targets, Array.from(cut.advantages, (a, t) => a + values[t]), 1e-6);
});

test("each method's gradient weights at a fixed policy, and their noise measured on the same episodes", () => {
  const critic = ValueFunction.create([4, 8, 1], new Rng(4));
  const episodes = [episode(4, "terminated"), episode(2, "terminated")];
  const values = critic.values(episodes[0].observations);
  close(methodAdvantages("reinforce-none", critic)(episodes)[0], Array.from(reinforceAdvantages([1, 1, 1, 1], 0.99, "none")));
  close(methodAdvantages("reinforce-value", critic)(episodes)[0], Array.from(reinforceAdvantages([1, 1, 1, 1], 0.99, "none"), (g, t) => g - values[t]), 1e-6);
  // A2C: n-step targets (n = 20 is longer than these episodes, so here they are G_t − V(s_t) too)
  close(methodAdvantages("a2c", critic)(episodes)[0], Array.from(nStepAdvantages([1, 1, 1, 1], values, 0, 0.99, A2C_CONFIG.nSteps).advantages), 1e-6);
  const ppo = methodAdvantages("ppo", critic)(episodes).flatMap((w) => Array.from(w));
  const mean = ppo.reduce((a, b) => a + b, 0) / ppo.length;
  assert.ok(Math.abs(mean) < 1e-9 && Math.abs(ppo.reduce((a, b) => a + (b - mean) ** 2, 0) / ppo.length - 1) < 1e-6, "PPO's weights are normalised over the whole batch");

  const policy = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [16], episodes: 1 }).policy;
  const compared = compareEstimators(policy, critic, { episodes: 6, seed: 5 });
  assert.deepEqual(compared.map((c) => c.method), ["reinforce-none", "reinforce-standardise", "reinforce-value", "a2c", "ppo"]);
  const raw = measureGradientNoise(policy, (eps) => eps.map((e) => reinforceAdvantages(e.rewards, 0.99, "none")), { episodes: 6, seed: 5 });
  assert.equal(compared[0].noise.noiseToSignal, raw.noiseToSignal, "the same fresh episodes for every method");
});

test("parallel jobs: results come back in order and match a run in this process", async () => {
  const jobs: CartPoleJob[] = [
    { method: "reinforce-standardise", seed: 1, episodes: 15 },
    { method: "ppo", seed: 2, episodes: 16 },
    { method: "a2c", seed: 4, episodes: 12 },
    { method: "reinforce-none", seed: 3, episodes: 15 },
  ];
  const progressSeen: number[] = [];
  const finished: number[] = [];
  const results = await runJobs<CartPoleJob, unknown, CartPoleJobResult>("cartpole_job.ts", jobs, { workers: 2, onProgress: (i) => progressSeen.push(i), onResult: (i) => finished.push(i) });
  assert.deepEqual(results.map((r) => [r.method, r.seed]), jobs.map((j) => [j.method, j.seed]));
  assert.ok(progressSeen.length >= jobs.length);
  assert.deepEqual([...finished].sort(), [0, 1, 2, 3], "each job's result was announced once");
  const local = Reinforce.create({ ...SOURCE_LESSON_CONFIG, baseline: "standardise", seed: 1, episodes: 15 });
  while (!local.finished) local.update();
  assert.deepEqual(results[0].returns, local.history.map((r) => r.return));
  assert.deepEqual(results[0].stepsAt, local.history.map((_, i) => local.history.slice(0, i + 1).reduce((a, r) => a + r.length, 0)));
  assert.ok(results.every((r) => r.stoppedBy === "episodes" && r.stepsAt[r.stepsAt.length - 1] === r.envSteps));
  const summary = summariseMethods(results);
  assert.equal(summary.length, 4);
  assert.ok(summary.every((s) => s.runs === 1 && s.solved === 0 && s.stepsToSolve[0] === null));
  summary.forEach((s, i) => assert.ok(Math.abs(s.microsecondsPerStep - (1e6 * results[i].wallSeconds) / results[i].envSteps) < 1e-9, "one run: its seconds over its steps"));
});

test("a run stops after the update that reaches its step budget, and once solved when asked: the same run as without the stop, cut short", async () => {
  const progress: CartPoleJobProgress[] = [];
  const budget = await runCartPoleJob({ method: "reinforce-none", seed: 0, episodes: 1000, steps: 3000 }, (p) => progress.push(p));
  assert.equal(budget.stoppedBy, "steps");
  // one episode per update: the steps before the last episode fell short of the budget
  const beforeLastUpdate = budget.stepsAt[budget.stepsAt.length - 1 - SOURCE_LESSON_CONFIG.episodesPerUpdate];
  assert.ok(budget.envSteps >= 3000 && beforeLastUpdate < 3000, `stopped at ${budget.envSteps} steps, ${beforeLastUpdate} before its last update`);
  assert.deepEqual(progress[progress.length - 1], { episode: budget.returns.length, steps: budget.envSteps, meanReturn100: budget.means[budget.means.length - 1] }, "the last progress is the end");
  const unbounded = Reinforce.create({ ...SOURCE_LESSON_CONFIG, baseline: "none", seed: 0, episodes: budget.returns.length });
  while (!unbounded.finished) unbounded.update();
  assert.deepEqual(budget.returns, unbounded.history.map((r) => r.return), "the budget cuts the same run short");

  // solved: a stand-in threshold is not possible without changing CartPole, so PPO (which solves within
  // a few hundred episodes) runs until solved, and the stop must come in the update that solved it
  const solved = await runCartPoleJob({ method: "ppo", seed: 0, episodes: 1000, stopWhenSolved: true }, () => undefined);
  assert.equal(solved.stoppedBy, "solved");
  assert.ok(solved.solvedEpisode !== null && solved.returns.length - solved.solvedEpisode < PPO_CONFIG.episodesPerUpdate, `solved at ${solved.solvedEpisode}, stopped at ${solved.returns.length}`);
  assert.equal(solved.stepsToSolve, solved.stepsAt[solved.solvedEpisode - 1]);
  assert.ok(solved.means[solved.solvedEpisode - 1] >= 475 && solved.means.slice(99, solved.solvedEpisode - 1).every((m) => m < 475));
});

test("the comparison chart: every run a line against environment steps, one colour and one legend entry per method, and the solved level", () => {
  const curve = (method: "ppo" | "a2c", seed: number) => ({ method, seed, steps: [100, 250], means: [10, 20] });
  const fig = methodRunsFigure([curve("ppo", 0), curve("ppo", 1), curve("a2c", 0)], 50_000);
  assert.equal(fig.data.length, 4);
  const [ppo0, ppo1, a2c, solvedLine] = fig.data as { x: number[]; y: number[]; showlegend?: boolean; line?: { color?: string } }[];
  assert.deepEqual([ppo0.x, ppo0.y], [[100, 250], [10, 20]]);
  assert.deepEqual([ppo0.showlegend, ppo1.showlegend, a2c.showlegend], [true, false, true]);
  assert.equal(ppo1.line?.color, METHOD_COLOURS.ppo);
  assert.equal(a2c.line?.color, METHOD_COLOURS.a2c);
  assert.deepEqual(solvedLine.y, [475, 475]);
  assert.deepEqual((fig.layout.xaxis as { range: number[] }).range, [0, 50_000]);
});

test("PPO's update written out (as notebook 05 does) equals Ppo.update, weight for weight", () => {
  const c = { ...PPO_CONFIG, hidden: [16, 16], episodesPerUpdate: 3, minibatchSize: 32, epochs: 2, seed: 5 };
  const library = Ppo.create(c);
  const byHand = Ppo.fromState(library.state());
  const { policy: actor, optimizer, critic, rng, env } = byHand;
  const batch = playEpisodes(env, actor, rng, c.episodesPerUpdate);
  const { steps, observations, actions, logProbs: oldLogProbs } = stackEpisodes(batch);
  const gae = gaeAdvantages(batch, critic!.value, c.gamma, c.lambda);
  const advantages = normaliseBatch(Float64Array.from(gae.flatMap((e) => Array.from(e.advantages))));
  const targets = Float64Array.from(gae.flatMap((e) => Array.from(e.targets)));
  const size = env.spec.observationSize;
  const order = Array.from({ length: steps }, (_, i) => i);
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    for (let i = steps - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
    for (let start = 0; start < steps; start += c.minibatchSize) {
      const index = order.slice(start, start + c.minibatchSize);
      const obs = new Float32Array(index.length * size);
      index.forEach((k, m) => obs.set(observations.subarray(k * size, (k + 1) * size), m * size));
      const { gradient } = freeingTensors(() => actor.surrogateLossAndGradient(obs, Float32Array.from(index, (k) => actions[k]), (logProb) =>
        clippedSurrogateLoss(logProb, tf.tensor1d(Float32Array.from(index, (k) => oldLogProbs[k])), tf.tensor1d(Float32Array.from(index, (k) => advantages[k])), c.clip)));
      optimizer.step(actor.params, gradient);
      critic!.value.fit(critic!.optimizer, obs, Float64Array.from(index, (k) => targets[k]));
    }
  }
  library.update();
  assert.ok(actor.params.every((w, i) => Object.is(w, library.policy.params[i])), "every actor weight identical");
  assert.ok(critic!.value.params.every((w, i) => Object.is(w, library.critic!.value.params[i])), "every critic weight identical");
  // and the update did move the weights: the comparison is not between two untouched copies
  assert.ok(actor.params.some((w, i) => w !== Ppo.create(c).policy.params[i]));
});
