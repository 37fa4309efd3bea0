import { test } from "node:test";
import assert from "node:assert/strict";
import { logitTreePolicy, repeatedProblem, twoStepProblem } from "../../src/envs/decision_tree";
import { exactGradient } from "../../src/lessons/score_function";
import { exactValues } from "../../src/lessons/values";
import { discountedEstimatorMean } from "../../src/lessons/discount";
import { angleDegrees } from "../../src/core/stats";

const tree = repeatedProblem(twoStepProblem(), 3);
const theta = [0.4, -0.3, 0.2, 0.7, -0.5, 0.1];
const policyAt = (t: number[]) => logitTreePolicy(t, "perDepth");

test("with γ^t, the estimator's mean is the gradient of the discounted objective J_γ (by finite differences)", () => {
  for (const gamma of [0.5, 0.9]) {
    const mean = discountedEstimatorMean(tree, policyAt(theta), gamma, true);
    const h = 1e-6;
    theta.forEach((_, i) => {
      const up = theta.map((x, k) => (k === i ? x + h : x));
      const down = theta.map((x, k) => (k === i ? x - h : x));
      const slope = (exactValues(tree, policyAt(up), gamma).v[0] - exactValues(tree, policyAt(down), gamma).v[0]) / (2 * h);
      assert.ok(Math.abs(mean[i] - slope) < 1e-6, `γ ${gamma}, θ${i}: ${mean[i]} vs ${slope}`);
    });
  }
});

test("with γ = 1 both forms are ∇J; with γ < 1 the form without γ^t is neither ∇J nor ∇J_γ", () => {
  const policy = policyAt(theta);
  const gradient = exactGradient(tree, policy);
  for (const stepDiscount of [true, false]) {
    discountedEstimatorMean(tree, policy, 1, stepDiscount).forEach((x, i) => assert.ok(Math.abs(x - gradient[i]) < 1e-12));
  }
  const loop = discountedEstimatorMean(tree, policy, 0.6, false);
  assert.ok(angleDegrees(loop, gradient) > 3, `${angleDegrees(loop, gradient)}° from ∇J`);
  assert.ok(angleDegrees(loop, discountedEstimatorMean(tree, policy, 0.6, true)) > 10);
});

test("angles: 0 for the same direction, 90 for orthogonal, 180 for opposite", () => {
  assert.equal(angleDegrees([1, 2], [2, 4]), 0);
  assert.ok(Math.abs(angleDegrees([1, 0], [0, 3]) - 90) < 1e-12);
  assert.ok(Math.abs(angleDegrees([1, 1], [-1, -1]) - 180) < 1e-6);
});
