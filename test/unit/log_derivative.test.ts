import { before, test } from "node:test";
import assert from "node:assert/strict";
import {
  checkLogDerivativeIdentity,
  expectationGradient,
  randomSoftmaxPoints,
  sampleActions,
  sampledScoreGradient,
  softmax,
  softmaxLogits,
  softmaxScore,
} from "../../src/lessons/log_derivative";
import { Rng } from "../../src/core/random";
import { summariseGradients } from "../../src/lessons/gradient_estimates";
import { initBackend, tf } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

test("softmax is normalised, stable for huge logits, and the logits are θᵀs", () => {
  const p = softmax([1000, 1001, 999]);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(Math.abs(p[1] - Math.exp(1) / (1 + Math.exp(1) + Math.exp(-1))) < 1e-12);
  const z = softmaxLogits({ theta: Float64Array.from([1, 2, 3, 4, 5, 6]), state: Float64Array.from([1, -1]) }, { features: 2, actions: 3 });
  assert.deepEqual(Array.from(z), [1 - 4, 2 - 5, 3 - 6]);
});

test("∇π = π ∇log π by autodiff at many random points, within a float32 bound, and the control fails", () => {
  const shape = { features: 4, actions: 4 };
  const tensorsBefore = tf.memory().numTensors;
  const check = checkLogDerivativeIdentity(randomSoftmaxPoints(new Rng(1), 2000, shape), shape);
  assert.equal(tf.memory().numTensors, tensorsBefore, "no tensor leaks");
  assert.equal(check.entries, 2000 * 4 * 16);
  // float32 has a relative precision of 6e-8; the gradients are at most ~1 in size
  assert.ok(check.relativeError < 1e-5, `relative error ${check.relativeError}`);
  assert.ok(check.largestAbsoluteError < 5e-6, `absolute error ${check.largestAbsoluteError}`);
  assert.ok(check.largestErrorAgainstClosedForm < 5e-6, `against the closed form ${check.largestErrorAgainstClosedForm}`);
  assert.ok(check.largestGradient > 0.3 && check.largestGradient < 5, `largest gradient ${check.largestGradient}`);
  assert.ok(check.largestErrorWithoutFactor > 0.1, "without the factor π the two sides must differ");
  // the sample holds both nearly uniform and nearly deterministic policies
  const peaks = check.perPoint.map((p) => p.largestProbability);
  assert.ok(Math.min(...peaks) < 0.4 && Math.max(...peaks) > 0.999);
});

test("the expectation gradient by autodiff equals the closed form π_a (f_a − E[f])", () => {
  const logits = [0.5, -0.3, 1.0, 0];
  const f = [1, 3, -2, 0.5];
  const pi = softmax(logits);
  const average = pi.reduce((s, p, a) => s + p * f[a], 0);
  const g = expectationGradient(logits, f);
  g.forEach((v, a) => assert.ok(Math.abs(v - pi[a] * (f[a] - average)) < 1e-6, `action ${a}: ${v}`));
});

test("the sampled score-function gradient: autodiff of the surrogate = mean of (e_a − π) f(a), unbiased for the exact one", () => {
  const logits = [0.5, -0.3, 1.0, 0];
  const f = [1, 3, -2, 0.5];
  const rng = new Rng(2);
  const actions = sampleActions(logits, 100_000, rng);
  const surrogate = sampledScoreGradient(logits, f, actions);
  const terms = summariseGradients(actions.map((a) => softmaxScore(logits, a).map((s) => s * f[a])));
  surrogate.forEach((v, a) => assert.ok(Math.abs(v - terms.mean[a]) < 1e-6, `surrogate vs mean, action ${a}`));
  const exact = expectationGradient(logits, f);
  exact.forEach((v, a) => assert.ok(Math.abs(terms.mean[a] - v) < 4 * terms.standardError[a], `action ${a}: ${terms.mean[a]} vs ${v}`));
  // the score itself has mean zero: E[e_a − π] = 0
  const scores = summariseGradients(actions.map((a) => softmaxScore(logits, a)));
  scores.mean.forEach((m, a) => assert.ok(Math.abs(m) < 4 * scores.standardError[a]));
});

test("sampled actions follow the softmax probabilities", () => {
  const logits = [2, 0, -1];
  const n = 50_000;
  const counts = [0, 0, 0];
  for (const a of sampleActions(logits, n, new Rng(3))) counts[a]++;
  softmax(logits).forEach((p, a) => assert.ok(Math.abs(counts[a] / n - p) < 4 * Math.sqrt((p * (1 - p)) / n)));
});
