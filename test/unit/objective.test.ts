import { test } from "node:test";
import assert from "node:assert/strict";
import {
  depthLogitPolicy,
  enumerateTrajectories,
  makeTree,
  sampleTrajectory,
  sharedLogitPolicy,
  sigmoid,
  twoStepProblem,
} from "../../src/envs/decision_tree";
import { errorBySampleSize, exactObjective, exactReturnStd, intervalCoverage, monteCarloObjective } from "../../src/lessons/objective";
import { Rng } from "../../src/core/random";
import { logLogSlope } from "../../src/core/stats";

const tree = twoStepProblem();

test("the two-step problem has four trajectories with returns 1, 1, −1, 3", () => {
  const all = enumerateTrajectories(tree, sharedLogitPolicy(0));
  assert.deepEqual(all.map((t) => t.trajectory.totalReturn), [1, 1, -1, 3]);
  assert.deepEqual(all.map((t) => t.trajectory.actions), [[0, 0], [0, 1], [1, 0], [1, 1]]);
  assert.ok(all.every((t) => t.probability === 0.25));
});

test("trajectory probabilities sum to one for any policy and horizon", () => {
  const rng = new Rng(3);
  const deep = makeTree(5, Array.from({ length: 62 }, () => rng.normal()));
  for (let i = 0; i < 20; i++) {
    const policy = depthLogitPolicy(Array.from({ length: 5 }, () => rng.normal(0, 2)));
    const all = enumerateTrajectories(deep, policy);
    assert.equal(all.length, 32);
    assert.ok(Math.abs(all.reduce((s, t) => s + t.probability, 0) - 1) < 1e-12);
  }
});

test("exact J matches the closed forms 1 − 2p + 4p² and 1 − 2p₁ + 4p₁p₂", () => {
  for (const theta of [-6, -1.5, -Math.log(3), 0, 0.7, 4]) {
    const p = sigmoid(theta);
    assert.ok(Math.abs(exactObjective(tree, sharedLogitPolicy(theta)) - (1 - 2 * p + 4 * p * p)) < 1e-12);
  }
  for (const [t1, t2] of [[0, 0], [2, -1], [-3, 3], [1.2, 0.4]]) {
    const p1 = sigmoid(t1);
    const p2 = sigmoid(t2);
    assert.ok(Math.abs(exactObjective(tree, depthLogitPolicy([t1, t2])) - (1 - 2 * p1 + 4 * p1 * p2)) < 1e-12);
  }
  assert.ok(Math.abs(exactReturnStd(tree, sharedLogitPolicy(0)) - Math.SQRT2) < 1e-12);
});

test("sampled trajectories follow the enumerated probabilities", () => {
  const policy = depthLogitPolicy([0.8, -0.4]);
  const rng = new Rng(11);
  const counts = new Map<string, number>();
  const n = 40_000;
  for (let i = 0; i < n; i++) {
    const key = sampleTrajectory(tree, policy, rng).actions.join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    const freq = (counts.get(trajectory.actions.join("")) ?? 0) / n;
    assert.ok(Math.abs(freq - probability) < 4 * Math.sqrt((probability * (1 - probability)) / n), `${trajectory.actions}: ${freq} vs ${probability}`);
  }
});

test("the Monte Carlo estimate is unbiased: its 95% interval covers J about 95% of the time", () => {
  const policy = sharedLogitPolicy(0.5);
  const rng = new Rng(5);
  const big = monteCarloObjective(tree, policy, 200_000, rng);
  const exact = exactObjective(tree, policy);
  assert.ok(Math.abs(big.estimate - exact) < 4 * big.standardError, `${big.estimate} vs ${exact}`);
  const coverage = intervalCoverage(tree, policy, 200, 1000, rng);
  assert.ok(coverage > 0.92 && coverage < 0.975, `coverage ${coverage}`);
});

test("the Monte Carlo error falls like 1/√N with constant σ_R", () => {
  const policy = sharedLogitPolicy(0);
  const sizes = [16, 64, 256, 1024, 4096];
  const errors = errorBySampleSize(tree, policy, sizes, 300, new Rng(9));
  const slope = logLogSlope(sizes, errors.map((e) => e.rmse));
  assert.ok(Math.abs(slope + 0.5) < 0.06, `slope ${slope}`);
  const sigma = exactReturnStd(tree, policy);
  errors.forEach((e) => assert.ok(Math.abs((e.rmse * Math.sqrt(e.samples)) / sigma - 1) < 0.15, `N=${e.samples}: ${e.rmse}`));
});

test("makeTree refuses a bad horizon or the wrong number of rewards", () => {
  assert.throws(() => makeTree(0, []), /horizon must be/);
  assert.throws(() => makeTree(2, [1, 2, 3]), /needs 6 rewards/);
});
