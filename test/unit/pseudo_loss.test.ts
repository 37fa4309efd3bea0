import { before, test } from "node:test";
import assert from "node:assert/strict";
import { logitTreePolicy, makeTree, repeatedProblem, twoStepProblem } from "../../src/envs/decision_tree";
import {
  expectedPseudoLoss,
  gradientAscentRun,
  pseudoLoss,
  pseudoLossWithAutodiff,
  summariseRun,
} from "../../src/lessons/pseudo_loss";
import { Rng } from "../../src/core/random";
import { movingAverage } from "../../src/core/stats";
import { perSampleGradients, sampleTrajectories, summariseGradients } from "../../src/lessons/gradient_estimates";
import { optimalBaseline, type EstimatorSpec } from "../../src/lessons/score_function";
import { initBackend, tf } from "../../src/core/tf";

const two = twoStepProblem();

before(async () => {
  await initBackend();
});

test("the pseudo-loss's autodiff gradient is minus the score-function estimate, for every weighting and baseline", () => {
  const rng = new Rng(1);
  const tree = repeatedProblem(two, 2);
  for (const tying of ["shared", "perDepth", "perNode"] as const) {
    const size = tying === "shared" ? 1 : tying === "perDepth" ? 4 : 15;
    const policy = logitTreePolicy(Array.from({ length: size }, () => rng.normal()), tying);
    const batch = sampleTrajectories(tree, policy, 50, rng);
    for (const spec of [
      { weights: "return", baseline: "none" },
      { weights: "rewardToGo", baseline: 1.5 },
      { weights: "rewardToGo", baseline: "optimal" },
      { weights: "standardised", baseline: "none" },
    ] as EstimatorSpec[]) {
      const baseline = spec.baseline === "optimal" ? optimalBaseline(tree, policy, spec.weights) : spec.baseline === "none" ? 0 : spec.baseline;
      const before = tf.memory().numTensors;
      const { value, gradient } = pseudoLossWithAutodiff(policy, batch, spec.weights, baseline);
      assert.equal(tf.memory().numTensors, before, "no tensor leaks");
      const estimate = summariseGradients(perSampleGradients(tree, policy, batch, spec)).mean;
      gradient.forEach((g, i) => assert.ok(Math.abs(g + estimate[i]) < 2e-5, `${tying} ${spec.weights}/${spec.baseline} [${i}]: ${g} vs ${-estimate[i]}`));
      assert.ok(Math.abs(value - pseudoLoss(policy, batch, spec.weights, baseline)) < 1e-4 * Math.max(1, Math.abs(value)));
    }
  }
});

test("the pseudo-loss by hand on a one-step problem: −(1/N) Σ log π(a_i) R_i", () => {
  const bandit = makeTree(1, [1, 2]);
  const policy = logitTreePolicy([0.3], "shared");
  const p = 1 / (1 + Math.exp(-0.3));
  const batch = [0, 1, 1].map((a) => ({ nodes: [0], actions: [a], rewards: [a + 1], totalReturn: a + 1 }));
  const expected = -(Math.log(1 - p) * 1 + 2 * Math.log(p) * 2) / 3;
  assert.ok(Math.abs(pseudoLoss(policy, batch, "return") - expected) < 1e-12);
  assert.ok(Math.abs(pseudoLoss(policy, batch, "return", 1) - -(2 * Math.log(p)) / 3) < 1e-12);
});

test("the average pseudo-loss is 0 at every deterministic policy, the best and the worst alike", () => {
  for (const theta of [[12, 12], [12, -12], [-12, -12]]) {
    assert.ok(Math.abs(expectedPseudoLoss(two, logitTreePolicy(theta, "perDepth"))) < 1e-3, String(theta));
  }
  assert.ok(expectedPseudoLoss(two, logitTreePolicy([0, 0], "perDepth")) > 1);
  // shifting every return by a constant shifts the value, not the policy's quality
  const uniform = logitTreePolicy([0, 0], "perDepth");
  assert.ok(Math.abs(expectedPseudoLoss(two, uniform, 3) - (expectedPseudoLoss(two, uniform) - 3 * Math.log(4))) < 1e-12);
});

test("gradient ascent with large batches climbs J; one-trajectory updates without a baseline often get stuck, with b* hardly ever", () => {
  const careful = gradientAscentRun(two, [0, 0], { tying: "perDepth", iterations: 60, batchSize: 200, learningRate: 1, estimator: { weights: "return", baseline: "optimal" } }, new Rng(2));
  assert.ok(careful[careful.length - 1].objective > 2.5, `J ${careful[careful.length - 1].objective}`);
  assert.equal(careful.length, 60);
  assert.deepEqual(careful[0].theta, [0, 0]);

  const rng = new Rng(3);
  const options = { tying: "perDepth", iterations: 100, batchSize: 1, learningRate: 3 } as const;
  const without = Array.from({ length: 200 }, () => summariseRun(gradientAscentRun(two, [0.5, 0.5], { ...options, estimator: { weights: "return", baseline: "none" } }, rng)));
  const withB = Array.from({ length: 200 }, () => summariseRun(gradientAscentRun(two, [0.5, 0.5], { ...options, estimator: { weights: "return", baseline: "optimal" } }, rng)));
  const failed = (runs: typeof without) => runs.filter((r) => r.returnFell).length / runs.length;
  assert.ok(failed(without) > 0.12, `without a baseline ${failed(without)}`);
  assert.ok(failed(withB) < 0.04, `with b* ${failed(withB)}`);
  const bothFell = without.filter((r) => r.returnFell && r.lossFell).length / without.length;
  assert.ok(bothFell > 0.08, `loss and return both fell in ${bothFell}`);
  for (const r of without.filter((s) => s.returnFell)) assert.ok(Math.abs(r.objectiveEnd - 1) < 0.1, "stuck runs end at always-left");
});

test("summariseRun and movingAverage", () => {
  const records = Array.from({ length: 20 }, (_, i) => ({ iteration: i, theta: [0], objective: i === 19 ? 0.5 : 1, batchReturn: 0, pseudoLoss: 20 - i }));
  const s = summariseRun(records, 5);
  assert.equal(s.objectiveStart, 1);
  assert.equal(s.objectiveEnd, 0.5);
  assert.equal(s.lossStart, 18);
  assert.equal(s.lossEnd, 3);
  assert.ok(s.returnFell && s.lossFell);
  assert.throws(() => summariseRun(records, 11), /too short/);
  assert.deepEqual(movingAverage([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5]);
});

test("an estimated baseline starts at 0 (no earlier trajectory), then changes the steps; it replaces the estimator's own", () => {
  const tree = twoStepProblem();
  const options = { tying: "perDepth", iterations: 30, batchSize: 1, learningRate: 3, estimator: { weights: "return", baseline: "none" } } as const;
  const plainRun = gradientAscentRun(tree, [0.5, 0.5], options, new Rng(3));
  const estimated = gradientAscentRun(tree, [0.5, 0.5], { ...options, estimatedBaseline: { decay: 0.8 } }, new Rng(3));
  // the first update has no earlier trajectory, so its baseline is 0: the same step as without one
  assert.deepEqual(estimated[1].theta, plainRun[1].theta);
  assert.notDeepEqual(estimated.at(-1)!.theta, plainRun.at(-1)!.theta);
  assert.throws(() => gradientAscentRun(tree, [0.5, 0.5], { ...options, estimator: { weights: "return", baseline: "optimal" }, estimatedBaseline: { decay: 0.8 } }, new Rng(3)), /replaces the estimator's own/);
});
