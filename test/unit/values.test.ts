import { test } from "node:test";
import assert from "node:assert/strict";
import { depthLogitPolicy, describeState, logitTreePolicy, makeTree, nodeCount, sharedLogitPolicy, twoStepProblem } from "../../src/envs/decision_tree";
import { exactObjective } from "../../src/lessons/objective";
import { exactValues, sampledActionValues, trajectoryReturns } from "../../src/lessons/values";
import { Rng } from "../../src/core/random";

const tree = twoStepProblem();

test("on the two-step problem at θ = 0, V, Q and A are the hand-computed ones", () => {
  const { v, q, advantage } = exactValues(tree, sharedLogitPolicy(0));
  assert.deepEqual(Array.from(v), [1, 0, 1]);
  // start: left = 1 + V(after left) = 1, right = 0 + V(after right) = 1; after right: left −1, right 3
  assert.deepEqual(Array.from(q), [1, 1, 0, 0, -1, 3]);
  assert.deepEqual(Array.from(advantage), [0, 0, 0, 0, -2, 2]);
});

test("V at the root is the objective J, for random trees and policies", () => {
  const rng = new Rng(11);
  const deep = makeTree(4, Array.from({ length: 30 }, () => rng.normal()));
  for (let i = 0; i < 10; i++) {
    const policy = logitTreePolicy(Array.from({ length: nodeCount(4) }, () => rng.normal(0, 2)), "perNode");
    assert.ok(Math.abs(exactValues(deep, policy).v[0] - exactObjective(deep, policy)) < 1e-12);
  }
});

test("with a discount, V at the root is the probability-weighted Σ_t γ^t r_t of the trajectories", () => {
  const rng = new Rng(5);
  const deep = makeTree(3, Array.from({ length: 14 }, () => rng.normal()));
  const policy = depthLogitPolicy([0.3, -1, 2]);
  for (const gamma of [0, 0.5, 0.9]) {
    const expected = trajectoryReturns(deep, policy, gamma).reduce((sum, t) => sum + t.probability * t.discounted, 0);
    assert.ok(Math.abs(exactValues(deep, policy, gamma).v[0] - expected) < 1e-12, `γ = ${gamma}`);
  }
  // γ = 0: each state is worth only its immediate expected reward
  const myopic = exactValues(deep, policy, 0);
  const pi = policy(0);
  assert.ok(Math.abs(myopic.v[0] - (pi[0] * deep.rewards[0] + pi[1] * deep.rewards[1])) < 1e-12);
});

test("advantages average to zero under the policy at every state", () => {
  const rng = new Rng(2);
  const deep = makeTree(3, Array.from({ length: 14 }, () => rng.normal()));
  const policy = logitTreePolicy(Array.from({ length: 7 }, () => rng.normal(0, 2)), "perNode");
  const { advantage } = exactValues(deep, policy, 0.9);
  for (let node = 0; node < 7; node++) {
    const pi = policy(node);
    assert.ok(Math.abs(pi[0] * advantage[2 * node] + pi[1] * advantage[2 * node + 1]) < 1e-12);
  }
});

test("Q estimated from played episodes agrees with the exact Q, and finds the unvisited actions", () => {
  const policy = depthLogitPolicy([0.4, -0.3]);
  const exact = exactValues(tree, policy, 0.9);
  const sampled = sampledActionValues(tree, policy, 20_000, 0.9, new Rng(8));
  for (const { node, action, visits, mean, standardError } of sampled) {
    assert.ok(visits > 1000);
    assert.ok(Math.abs(mean - exact.q[2 * node + action]) < 4 * standardError + 1e-9, `Q(${node}, ${action}): ${mean} vs ${exact.q[2 * node + action]}`);
  }
  // a policy that never goes left never visits "after left"
  const right = sampledActionValues(tree, () => [0, 1], 50, 1, new Rng(1));
  assert.equal(right.find((s) => s.node === 1)?.visits, 0);
  assert.ok(Number.isNaN(right.find((s) => s.node === 1)?.mean ?? 0));
  assert.equal(right.find((s) => s.node === 0 && s.action === 1)?.mean, 3);
});

test("a discount outside [0, 1] is refused", () => {
  assert.throws(() => exactValues(tree, sharedLogitPolicy(0), 1.5), /γ must lie in \[0, 1\]/);
});

test("states are named by the path that led to them", () => {
  assert.deepEqual([0, 1, 2].map((n) => describeState(tree, n)), ["start", "after left", "after right"]);
  const deep = makeTree(3, new Array(14).fill(0));
  assert.equal(describeState(deep, 5), "after right → left");
});
