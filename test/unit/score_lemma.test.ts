// The expected grad-log-prob lemma and what it allows, checked exactly: E[∇log π(a|s)] = 0 in every
// state; so a state-dependent baseline and the rewards before a step add nothing on average, while an
// action-dependent "baseline" does, and the rewards from a step on give ∇J.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { initBackend } from "../../src/core/tf";
import { logitTreePolicy, repeatedProblem, twoStepProblem, makeTree } from "../../src/envs/decision_tree";
import { exactGradient } from "../../src/lessons/score_function";
import { expectedSoftmaxScore, rewardsBefore, rewardsFrom, scoreWeightedExpectation } from "../../src/lessons/score_lemma";

before(async () => {
  await initBackend();
});

const largest = (values: ArrayLike<number>) => Math.max(...Array.from(values, Math.abs));

test("E_a∼π[∇z log π(a)] = 0 for a softmax, by autodiff, even for peaked policies", () => {
  const rng = new Rng(4);
  for (let k = 0; k < 20; k++) {
    const logits = Array.from({ length: 2 + rng.int(6) }, () => rng.normal(0, 3));
    assert.ok(largest(expectedSoftmaxScore(logits)) < 1e-6, String(logits));
  }
  // each action's own score is far from zero: the average is what vanishes
  assert.ok(largest(expectedSoftmaxScore([0, 0])) < 1e-7);
});

test("a baseline that depends on the state leaves the gradient unchanged; one that depends on the action does not", () => {
  const rng = new Rng(5);
  const tree = repeatedProblem(twoStepProblem(), 2);
  const policy = logitTreePolicy(Array.from({ length: 4 }, () => rng.normal()), "perDepth");
  const b = Array.from({ length: 2 ** tree.horizon }, () => rng.normal(0, 5)); // any number per state
  assert.ok(largest(scoreWeightedExpectation(tree, policy, (trajectory, t) => b[trajectory.nodes[t]])) < 1e-12);
  const actionDependent = scoreWeightedExpectation(tree, policy, (trajectory, t) => b[trajectory.nodes[t]] + trajectory.actions[t]);
  assert.ok(largest(actionDependent) > 0.05, "the control has teeth");
});

test("rewards before a step add nothing on average; the rewards from it on (reward-to-go) give ∇J", () => {
  const rng = new Rng(6);
  const tree = makeTree(4, Array.from({ length: 30 }, () => Math.round(rng.normal(0, 2))));
  const policy = logitTreePolicy(Array.from({ length: 4 }, () => rng.normal()), "perDepth");
  assert.ok(largest(scoreWeightedExpectation(tree, policy, rewardsBefore)) < 1e-12);
  const exact = exactGradient(tree, policy);
  const toGo = scoreWeightedExpectation(tree, policy, rewardsFrom);
  assert.ok(largest(Array.from(toGo, (g, i) => g - exact[i])) < 1e-12);
  assert.ok(largest(exact) > 0.05, "a gradient worth comparing with");
});
