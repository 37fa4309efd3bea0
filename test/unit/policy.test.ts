// The policy's two forward passes agree, and its loss and gradient are right: checked by hand on
// a tiny network and against finite differences in float64.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mlpShape, initMlpParameters } from "../../src/nets/mlp";
import { CategoricalPolicy, entropy } from "../../src/rl/categorical_policy";
import { Rng } from "../../src/core/random";
import { initBackend, tf } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

/** Float64 reference: logits of an MLP (ReLU hidden layers) in the flat PyTorch layout. */
function referenceLogits(sizes: number[], params: ArrayLike<number>, x: ArrayLike<number>): number[] {
  let h = Array.from(x);
  for (const [l, layer] of mlpShape(sizes).layers.entries()) {
    const next: number[] = [];
    for (let o = 0; o < layer.outputs; o++) {
      let s = params[layer.biasOffset + o];
      for (let i = 0; i < layer.inputs; i++) s += params[layer.weightOffset + o * layer.inputs + i] * h[i];
      next.push(l < mlpShape(sizes).layers.length - 1 ? Math.max(0, s) : s);
    }
    h = next;
  }
  return h;
}

function referenceLogProb(sizes: number[], params: ArrayLike<number>, x: ArrayLike<number>, action: number): number {
  const z = referenceLogits(sizes, params, x);
  const max = Math.max(...z);
  return z[action] - max - Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
}

test("initialisation follows nn.Linear: U(−1/√in, 1/√in), reproducible from the seed", () => {
  const shape = mlpShape([4, 128, 128, 2]);
  assert.equal(shape.parameterCount, 4 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2);
  const params = initMlpParameters(shape, new Rng(0));
  for (const layer of shape.layers) {
    const bound = 1 / Math.sqrt(layer.inputs);
    const slice = params.subarray(layer.weightOffset, layer.biasOffset + layer.outputs);
    assert.ok(slice.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.max(...slice) > 0.9 * bound, "the whole range is used");
  }
  assert.deepEqual(initMlpParameters(shape, new Rng(0)), params);
  assert.throws(() => mlpShape([4]), /two or more/);
});

test("the JavaScript forward pass agrees with TensorFlow.js (and with float64) on log π", () => {
  const rng = new Rng(2);
  const sizes = [4, 128, 128, 2];
  const policy = CategoricalPolicy.create(sizes, rng);
  const steps = 300;
  const observations = Float32Array.from({ length: steps * 4 }, () => rng.normal(0, 1));
  const actions = Float32Array.from({ length: steps }, () => rng.int(2));
  const fromTf = policy.logProbabilities(observations, actions);
  let worst = 0;
  for (let t = 0; t < steps; t++) {
    const obs = observations.subarray(4 * t, 4 * t + 4);
    const js = Math.log(policy.probabilities(obs)[actions[t]]);
    const exact = referenceLogProb(sizes, policy.params, obs, actions[t]);
    worst = Math.max(worst, Math.abs(js - exact), Math.abs(fromTf[t] - exact));
  }
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
});

test("odd layer sizes work in both passes (the 4-row loop has a remainder)", () => {
  const rng = new Rng(4);
  const sizes = [3, 7, 5, 3];
  const policy = CategoricalPolicy.create(sizes, rng);
  const obs = Float32Array.from([0.3, -1.2, 0.8]);
  const p = policy.probabilities(obs);
  const z = referenceLogits(sizes, policy.params, obs);
  const max = Math.max(...z);
  const denominator = z.reduce((s, v) => s + Math.exp(v - max), 0);
  z.forEach((v, a) => assert.ok(Math.abs(p[a] - Math.exp(v - max) / denominator) < 1e-6));
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  const tfLogProb = policy.logProbabilities(obs, Float32Array.from([2]))[0];
  assert.ok(Math.abs(tfLogProb - Math.log(p[2])) < 1e-5);
});

test("the loss −Σ w_t log π(a_t|s_t) by hand on a tiny network", () => {
  // 1 input → 2 logits, no hidden layer: logits = [w0·x + b0, w1·x + b1].
  const policy = new CategoricalPolicy([1, 2], Float32Array.from([2, -1, 0.5, 0]));
  const observations = Float32Array.from([1, -1]);
  const actions = Float32Array.from([0, 1]);
  const weights = Float32Array.from([1.5, -0.5]);
  // step 1: x = 1 → logits [2.5, −1]; step 2: x = −1 → logits [−1.5, 1]
  const logSoftmax = (z: number[], a: number) => z[a] - Math.log(Math.exp(z[0]) + Math.exp(z[1]));
  const expected = -(1.5 * logSoftmax([2.5, -1], 0) + -0.5 * logSoftmax([-1.5, 1], 1));
  const { loss, gradient } = policy.lossAndGradient(observations, actions, weights);
  assert.ok(Math.abs(loss - expected) < 1e-5, `${loss} vs ${expected}`);
  // ∂L/∂logits = −w (onehot(a) − π); ∂logits/∂W = x, ∂logits/∂b = 1.
  const softmax = (z: number[]) => z.map((v) => Math.exp(v) / (Math.exp(z[0]) + Math.exp(z[1])));
  const p1 = softmax([2.5, -1]);
  const p2 = softmax([-1.5, 1]);
  const dz1 = [-1.5 * (1 - p1[0]), -1.5 * (0 - p1[1])];
  const dz2 = [0.5 * (0 - p2[0]), 0.5 * (1 - p2[1])];
  const expectedGradient = [dz1[0] * 1 + dz2[0] * -1, dz1[1] * 1 + dz2[1] * -1, dz1[0] + dz2[0], dz1[1] + dz2[1]];
  expectedGradient.forEach((g, i) => assert.ok(Math.abs(gradient[i] - g) < 1e-5, `∂L/∂θ${i}: ${gradient[i]} vs ${g}`));
});

test("the gradient matches central finite differences of the float64 loss", () => {
  const rng = new Rng(8);
  const sizes = [4, 16, 16, 2];
  const policy = CategoricalPolicy.create(sizes, rng);
  const steps = 40;
  const observations = Float32Array.from({ length: steps * 4 }, () => rng.normal(0, 1));
  const actions = Float32Array.from({ length: steps }, () => rng.int(2));
  const weights = Float32Array.from({ length: steps }, () => rng.normal(0, 1));
  const { gradient } = policy.lossAndGradient(observations, actions, weights);
  const params = Float64Array.from(policy.params);
  const loss = (p: Float64Array) => {
    let sum = 0;
    for (let t = 0; t < steps; t++) sum -= weights[t] * referenceLogProb(sizes, p, observations.subarray(4 * t, 4 * t + 4), actions[t]);
    return sum;
  };
  const h = 1e-6;
  for (let k = 0; k < 60; k++) {
    const i = rng.int(params.length);
    const up = Float64Array.from(params);
    const down = Float64Array.from(params);
    up[i] += h;
    down[i] -= h;
    const numeric = (loss(up) - loss(down)) / (2 * h);
    assert.ok(Math.abs(gradient[i] - numeric) < 1e-4 + 1e-3 * Math.abs(numeric), `parameter ${i}: ${gradient[i]} vs ${numeric}`);
  }
});

test("computing the loss leaves no tensors behind", () => {
  const rng = new Rng(1);
  const policy = CategoricalPolicy.create([4, 32, 2], rng);
  const observations = Float32Array.from({ length: 40 }, () => rng.normal());
  const actions = Float32Array.from({ length: 10 }, () => rng.int(2));
  const weights = Float32Array.from({ length: 10 }, () => rng.normal());
  policy.lossAndGradient(observations, actions, weights);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) {
    policy.lossAndGradient(observations, actions, weights);
    policy.logProbabilities(observations, actions);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("bad shapes are refused with a message", () => {
  const policy = CategoricalPolicy.create([4, 8, 2], new Rng(0));
  assert.throws(() => policy.lossAndGradient(new Float32Array(7), new Float32Array(2), new Float32Array(2)), /2 actions need 8 observation numbers/);
  assert.throws(() => policy.lossAndGradient(new Float32Array(8), new Float32Array(2), new Float32Array(3)), /need as many weights/);
  assert.throws(() => new CategoricalPolicy([4, 8, 2], new Float32Array(3)), /has 58 parameters/);
});

test("entropy of a distribution", () => {
  assert.ok(Math.abs(entropy([0.5, 0.5]) - Math.LN2) < 1e-12);
  assert.equal(entropy([1, 0]), 0);
});

test("act: a sample from π with its log-probability and π's entropy, or with greedy the most likely action", () => {
  const policy = CategoricalPolicy.create([4, 16, 3], new Rng(7));
  const obs = Float32Array.from([0.1, -0.2, 0.3, 0.05]);
  const p = Array.from(policy.probabilities(obs));
  const counts = [0, 0, 0];
  const rng = new Rng(11);
  const draws = 30000;
  for (let i = 0; i < draws; i++) {
    const choice = policy.act(obs, rng, false);
    const a = choice.action as number;
    counts[a]++;
    assert.equal(choice.logProb, Math.log(p[a]));
    assert.equal(choice.entropy, entropy(p));
  }
  // each action's frequency within 4 binomial standard errors of π(a|s)
  counts.forEach((n, a) => assert.ok(Math.abs(n / draws - p[a]) < 4 * Math.sqrt((p[a] * (1 - p[a])) / draws), `action ${a}: ${n / draws} against π = ${p[a]}`));
  const best = p.indexOf(Math.max(...p));
  assert.equal(policy.act(obs, rng, true).action, best);
  // a greedy step draws no random number: the generator is where it was
  const before = rng.state();
  policy.act(obs, rng, true);
  assert.deepEqual(rng.state(), before);
});

test("a categorical policy refuses an action that is no index of it (it would count as log π = 0)", () => {
  const policy = CategoricalPolicy.create([4, 8, 2], new Rng(1));
  const obs = new Float32Array(8);
  assert.throws(() => policy.logProbabilities(obs, Float32Array.from([0, 2])), /action 1 is 2: a 2-action categorical policy takes the indices 0 … 1/);
  assert.throws(() => policy.lossAndGradient(obs, Float32Array.from([0.5, 1]), Float32Array.from([1, 1])), /action 0 is 0.5/);
});
