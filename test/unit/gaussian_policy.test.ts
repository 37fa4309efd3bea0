// The diagonal Gaussian policy (src/rl/gaussian_policy.ts): its log-density against the closed form, its
// score against the formulas ∇_μ log π = (a − μ)/σ² and ∇_{log σ} log π = (a − μ)²/σ² − 1 by automatic
// differentiation, what it samples (mean μ, spread σ) and its entropy; and the trainers, unchanged, learn
// with it on a box action space.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { initBackend, tf } from "../../src/core/tf";
import { playEpisode, playEpisodes, stackEpisodes } from "../../src/rl/rollout";
import type { EnvType, StepResult } from "../../src/envs/env";
import { box, type Action } from "../../src/envs/spaces";
import { GaussianPolicy } from "../../src/rl/gaussian_policy";
import { newPolicy } from "../../src/rl/policies";
import { CategoricalPolicy } from "../../src/rl/categorical_policy";
import { CARTPOLE_SPEC } from "../../src/envs/cartpole";
import { A2c, A2C_CONFIG } from "../../src/rl/a2c";
import { Reinforce, SOURCE_LESSON_CONFIG } from "../../src/rl/reinforce";
import { Ppo, PPO_CONFIG } from "../../src/rl/ppo";

before(async () => {
  await initBackend();
});

const SPACE = box([-2, -2], [2, 2]);

/** log N(a; μ, σ) summed over dimensions, in float64. */
function closedFormLogProb(a: ArrayLike<number>, mu: ArrayLike<number>, logStd: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const sigma = Math.exp(logStd[i]);
    total += -((a[i] - mu[i]) ** 2) / (2 * sigma * sigma) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
  }
  return total;
}

test("log π(a|s) is the Gaussian density of the action, in the batch (TensorFlow.js) and when acting (JavaScript)", () => {
  const policy = GaussianPolicy.create([3, 8, 2], SPACE, new Rng(1));
  policy.logStd.set([-0.3, 0.4]);
  const rng = new Rng(2);
  const observations: number[] = [];
  const actions: number[] = [];
  const acted: number[] = [];
  const closed: number[] = [];
  for (let t = 0; t < 6; t++) {
    const obs = [rng.normal(), rng.normal(), rng.normal()];
    const choice = policy.act(obs, rng, false);
    const action = Array.from(choice.action as Float32Array);
    observations.push(...obs);
    actions.push(...action);
    acted.push(choice.logProb);
    closed.push(closedFormLogProb(action, Array.from(policy.mean(obs)), policy.logStd));
  }
  const batch = policy.logProbabilities(Float32Array.from(observations), Float32Array.from(actions));
  closed.forEach((c, t) => {
    assert.ok(Math.abs(acted[t] - c) < 1e-9, `step ${t}: acting ${acted[t]} against ${c}`);
    assert.ok(Math.abs(batch[t] - c) < 1e-4 * Math.max(1, Math.abs(c)), `step ${t}: batch ${batch[t]} against ${c}`);
  });
});

test("the score by automatic differentiation is (a − μ)/σ² for the mean and (a − μ)²/σ² − 1 for log σ", () => {
  const policy = GaussianPolicy.create([3, 8, 2], SPACE, new Rng(3));
  policy.logStd.set([0.2, -0.7]);
  const obs = Float32Array.from([0.5, -1, 0.25]);
  const action = Float32Array.from([1.3, -0.4]);
  const mu = Array.from(policy.mean(obs));
  // L = −Σ w log π with w = −1 is log π itself: its gradient is the score
  const { gradient } = policy.lossAndGradient(obs, action, Float32Array.from([-1]));
  const lastBias = policy.shape.layers[policy.shape.layers.length - 1].biasOffset; // ∂μ_i/∂b_i = 1
  for (let i = 0; i < 2; i++) {
    const sigma = Math.exp(policy.logStd[i]);
    const dMu = (action[i] - mu[i]) / sigma ** 2;
    const dLogStd = (action[i] - mu[i]) ** 2 / sigma ** 2 - 1;
    assert.ok(Math.abs(gradient[lastBias + i] - dMu) < 1e-4 * Math.max(1, Math.abs(dMu)), `∂/∂μ_${i}: ${gradient[lastBias + i]} against ${dMu}`);
    assert.ok(Math.abs(gradient[policy.shape.parameterCount + i] - dLogStd) < 1e-4 * Math.max(1, Math.abs(dLogStd)), `∂/∂log σ_${i}: ${gradient[policy.shape.parameterCount + i]} against ${dLogStd}`);
  }
});

test("acting samples N(μ, σ²) in each dimension with the closed-form entropy; greedy acts with μ and draws nothing", () => {
  const policy = GaussianPolicy.create([3, 8, 2], SPACE, new Rng(4));
  policy.logStd.set([-1, 0.5]);
  const obs = [0.3, 0.1, -0.2];
  const mu = Array.from(policy.mean(obs));
  const rng = new Rng(5);
  const n = 20000;
  const sums = [0, 0];
  const squares = [0, 0];
  for (let k = 0; k < n; k++) {
    const a = policy.act(obs, rng, false).action as Float32Array;
    for (let i = 0; i < 2; i++) {
      sums[i] += a[i];
      squares[i] += (a[i] - mu[i]) ** 2;
    }
  }
  for (let i = 0; i < 2; i++) {
    const sigma = Math.exp(policy.logStd[i]);
    assert.ok(Math.abs(sums[i] / n - mu[i]) < 4 * sigma / Math.sqrt(n), `mean of dimension ${i}`);
    // the sample variance's standard error is about σ²·√(2/n)
    assert.ok(Math.abs(squares[i] / n - sigma ** 2) < 4 * sigma ** 2 * Math.sqrt(2 / n), `variance of dimension ${i}`);
  }
  const entropy = policy.act(obs, rng, false).entropy;
  const expected = [-1, 0.5].reduce((h, logStd) => h + logStd + 0.5 * Math.log(2 * Math.PI * Math.E), 0);
  assert.ok(Math.abs(entropy - expected) < 1e-6);
  const state = rng.state();
  const greedy = policy.act(obs, rng, true).action as Float32Array;
  assert.deepEqual(Array.from(greedy), mu.map(Math.fround));
  assert.deepEqual(rng.state(), state);
});

test("a box space gets the Gaussian policy, log σ starting at −0.5 (a discrete one the categorical); bad shapes are refused with a message", () => {
  assert.ok(newPolicy({ hidden: [4] }, CARTPOLE_SPEC, new Rng(0)) instanceof CategoricalPolicy);
  const spec = { id: "Box-test", observationSize: 3, actionSpace: SPACE, maxEpisodeSteps: 10, rewardThreshold: null };
  const policy = newPolicy({ hidden: [4] }, spec, new Rng(0));
  assert.ok(policy instanceof GaussianPolicy);
  assert.deepEqual(Array.from(policy.logStd), [-0.5, -0.5]);
  assert.throws(() => new GaussianPolicy([3, 4, 2], new Float32Array(10), SPACE), /has 26 network parameters and 2 log σ, got 10 numbers/);
  assert.throws(() => new GaussianPolicy([3, 4, 1], new Float32Array(22), SPACE), /gives 1-dimensional actions, but the space has 2/);
  assert.throws(() => policy.logProbabilities(new Float32Array(6), new Float32Array(3)), /do not make whole steps/);
});

/** One step per episode: observation [1], reward −(a − 0.7)²; the best action is 0.7. */
const TARGET: EnvType = {
  spec: { id: "Target-v0", observationSize: 1, actionSpace: box([-2], [2]), maxEpisodeSteps: 1, rewardThreshold: null },
  make: () => ({
    spec: TARGET.spec,
    reset: () => Float32Array.from([1]),
    step: (action: Action): StepResult => {
      if (!(action instanceof Float32Array)) throw new Error("Target-v0 takes a vector action");
      return { observation: Float32Array.from([0]), reward: -((action[0] - 0.7) ** 2), terminated: true, truncated: false };
    },
  }),
};

for (const [name, create] of [
  ["REINFORCE", () => Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [8], episodes: 1600, episodesPerUpdate: 16, baseline: "value", learningRate: 0.01, criticLearningRate: 0.01, seed: 0 }, TARGET)],
  ["A2C", () => A2c.create({ ...A2C_CONFIG, hidden: [8], episodes: 1600, episodesPerUpdate: 16, learningRate: 0.01, criticLearningRate: 0.01, seed: 0 }, TARGET)],
  ["PPO", () => Ppo.create({ ...PPO_CONFIG, hidden: [8], episodes: 1600, episodesPerUpdate: 32, minibatchSize: 16, learningRate: 0.01, seed: 0 }, TARGET)],
] as const) {
  test(`${name}, unchanged, learns a continuous action with the Gaussian policy: μ moves to the best action`, () => {
    const trainer = create();
    const policy = trainer.policy as GaussianPolicy;
    const start = policy.mean([1])[0];
    while (!trainer.finished) trainer.update();
    const end = policy.mean([1])[0];
    assert.ok(Math.abs(end - 0.7) < 0.15 && Math.abs(end - 0.7) < Math.abs(start - 0.7) / 2, `μ went from ${start.toFixed(3)} to ${end.toFixed(3)}; the best action is 0.7`);
  });
}

test("a trainer with the Gaussian policy continues from its saved state exactly as if it had not stopped (log σ and its Adam moments included)", () => {
  const config = { ...PPO_CONFIG, hidden: [8], episodes: 640, episodesPerUpdate: 32, minibatchSize: 16, learningRate: 0.01, seed: 3 };
  const straight = Ppo.create(config, TARGET);
  const stopped = Ppo.create(config, TARGET);
  for (let u = 0; u < 5; u++) {
    straight.update();
    stopped.update();
  }
  const resumed = Ppo.fromState(stopped.state(), TARGET);
  while (!straight.finished) straight.update();
  while (!resumed.finished) resumed.update();
  assert.deepEqual(Array.from(resumed.policy.params), Array.from(straight.policy.params));
  assert.deepEqual(resumed.history.map((r) => r.return), straight.history.map((r) => r.return));
  assert.notDeepEqual(Array.from((resumed.policy as GaussianPolicy).logStd), [-0.5], "log σ was learned");
});

/** One step per episode: observation [1], reward −‖a − (0.7, −0.3)‖²: a two-dimensional action. */
const TARGET_2D: EnvType = {
  spec: { id: "Target2d-v0", observationSize: 1, actionSpace: box([-2, -2], [2, 2]), maxEpisodeSteps: 1, rewardThreshold: null },
  make: () => ({
    spec: TARGET_2D.spec,
    reset: () => Float32Array.from([1]),
    step: (action: Action): StepResult => {
      if (!(action instanceof Float32Array) || action.length !== 2) throw new Error("Target2d-v0 takes a vector of two");
      return { observation: Float32Array.from([0]), reward: -((action[0] - 0.7) ** 2 + (action[1] + 0.3) ** 2), terminated: true, truncated: false };
    },
  }),
};

test("two-dimensional actions: episodes stack them two numbers a step, and PPO learns both means", () => {
  const trainer = Ppo.create({ ...PPO_CONFIG, hidden: [8], episodes: 1600, episodesPerUpdate: 32, minibatchSize: 16, learningRate: 0.01, seed: 1 }, TARGET_2D);
  const episodes = playEpisodes(trainer.env, trainer.policy, new Rng(9), 5);
  const stacked = stackEpisodes(episodes);
  assert.equal(stacked.actions.length, 2 * stacked.steps);
  assert.deepEqual(Array.from(stacked.actions), episodes.flatMap((e) => Array.from(e.actions)));
  // log π of a batch is the log π of each step: a minibatch drawn out of order gives the same numbers
  const all = trainer.policy.logProbabilities(stacked.observations, stacked.actions);
  const order = [3, 0, 4];
  const picked = trainer.policy.logProbabilities(Float32Array.from(order, (k) => stacked.observations[k]), Float32Array.from(order.flatMap((k) => [stacked.actions[2 * k], stacked.actions[2 * k + 1]])));
  order.forEach((k, m) => assert.ok(Math.abs(picked[m] - all[k]) < 1e-5));
  while (!trainer.finished) trainer.update();
  const mu = (trainer.policy as GaussianPolicy).mean([1]);
  assert.ok(Math.abs(mu[0] - 0.7) < 0.15 && Math.abs(mu[1] + 0.3) < 0.15, `μ = (${mu[0].toFixed(3)}, ${mu[1].toFixed(3)}); the best action is (0.7, −0.3)`);
});

test("a policy plays only an environment of its own spaces; the Gaussian's loss leaves no tensors behind", () => {
  const policy = GaussianPolicy.create([3, 8, 2], SPACE, new Rng(6));
  assert.throws(() => playEpisode(TARGET.make(new Rng(0)), policy, new Rng(0)), /this policy \(observations of 3, actions in Box\(\[-2, -2\], \[2, 2\]\)\) cannot play Target-v0 \(observations of 1, actions in Box\(\[-2\], \[2\]\)\)/);
  const before = tf.memory().numTensors;
  policy.lossAndGradient(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), Float32Array.from([0.5, -0.5, 1, 1]), Float32Array.from([1, -1]));
  policy.logProbabilities(Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([0.5, -0.5]));
  assert.equal(tf.memory().numTensors, before);
});

test("initialLogStd sets a Gaussian's starting log σ and is refused for a categorical policy, which has none", () => {
  const spec = { id: "Target-v0", observationSize: 3, actionSpace: SPACE, maxEpisodeSteps: 10, rewardThreshold: null };
  assert.deepEqual(Array.from((newPolicy({ hidden: [4], initialLogStd: -1.25 }, spec, new Rng(1)) as GaussianPolicy).logStd), [-1.25, -1.25]);
  assert.deepEqual(Array.from((newPolicy({ hidden: [4] }, spec, new Rng(1)) as GaussianPolicy).logStd), [-0.5, -0.5]);
  // the network's weights come from the same draws whatever σ starts at
  const a = newPolicy({ hidden: [4], initialLogStd: -1.25 }, spec, new Rng(1)) as GaussianPolicy;
  const b = newPolicy({ hidden: [4] }, spec, new Rng(1)) as GaussianPolicy;
  assert.deepEqual(a.params.subarray(0, a.shape.parameterCount), b.params.subarray(0, b.shape.parameterCount));
  assert.throws(() => newPolicy({ hidden: [4], initialLogStd: -1 }, CARTPOLE_SPEC, new Rng(1)), /initialLogStd \(--initial-log-std\) is the starting log σ of a Gaussian policy.*CartPole-v1's actions are Discrete\(2\)/);
});
