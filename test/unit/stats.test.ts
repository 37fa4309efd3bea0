import { test } from "node:test";
import assert from "node:assert/strict";
import { fisherExactTest, fitLine, wilsonInterval, linspace, logLogSlope, logspaceInts, mean, rmse, standardError, std, variance } from "../../src/core/stats";

test("mean, variance, std, standard error on known values", () => {
  const values = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(mean(values), 5);
  assert.equal(variance(values), 32 / 7);
  assert.equal(std(values), Math.sqrt(32 / 7));
  assert.equal(standardError(values), Math.sqrt(32 / 7) / Math.sqrt(8));
  assert.equal(rmse([1, 3], 2), 1);
  assert.throws(() => mean([]), /empty/);
  assert.throws(() => variance([1]), /at least two/);
});

test("fitLine recovers a line, logLogSlope a power law", () => {
  const x = [0, 1, 2, 3];
  const { slope, intercept } = fitLine(x, x.map((v) => 3 * v - 2));
  assert.ok(Math.abs(slope - 3) < 1e-12 && Math.abs(intercept + 2) < 1e-12);
  const n = [10, 100, 1000, 10000];
  assert.ok(Math.abs(logLogSlope(n, n.map((v) => 5 / Math.sqrt(v))) + 0.5) < 1e-12);
});

test("linspace and logspaceInts", () => {
  assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  const ints = logspaceInts(10, 10_000, 7);
  assert.equal(ints[0], 10);
  assert.equal(ints[ints.length - 1], 10_000);
  assert.ok(ints.every((v, i) => i === 0 || v > ints[i - 1]));
});

test("Fisher's exact test, two-sided, against hand-computed hypergeometric sums", () => {
  // 10 seeds, 5 successes in all: P(k in the first group) = C(5,k)² / 252
  assert.ok(Math.abs(fisherExactTest(1, 5, 4, 5) - 52 / 252) < 1e-12);
  assert.ok(Math.abs(fisherExactTest(0, 5, 5, 5) - 2 / 252) < 1e-12);
  // 10 seeds, 4 successes in all: P(k in the first group) = C(5,k)·C(5,4−k) / 210; notebook 05's smallest significant split
  assert.ok(Math.abs(fisherExactTest(0, 5, 4, 5) - 10 / 210) < 1e-12);
  assert.ok(Math.abs(fisherExactTest(2, 5, 3, 5) - 1) < 1e-12, "the most likely split");
  assert.ok(Math.abs(fisherExactTest(3, 5, 3, 5) - 1) < 1e-12);
  // 14 of 20 against 20 of 20: 0.020196…, the same hypergeometric sum done with Python's math.comb
  assert.ok(Math.abs(fisherExactTest(14, 20, 20, 20) - 0.020196020196020195) < 1e-12);
  assert.ok(Math.abs(fisherExactTest(20, 20, 14, 20) - fisherExactTest(14, 20, 20, 20)) < 1e-15, "symmetric in the groups");
});

test("Wilson's interval: known values, inside [0, 1] at 0 of n and n of n", () => {
  // values from the same formula evaluated independently in Python (floats)
  const [low, high] = wilsonInterval(14, 20);
  assert.ok(Math.abs(low - 0.4810271816464765) < 1e-12 && Math.abs(high - 0.8545227551323956) < 1e-12, `${low}, ${high}`);
  const [zeroLow, zeroHigh] = wilsonInterval(0, 5);
  assert.equal(zeroLow, 0);
  assert.ok(Math.abs(zeroHigh - 0.43448246478317476) < 1e-12);
  const [allLow, allHigh] = wilsonInterval(5, 5);
  assert.ok(Math.abs(allLow - 0.5655175352168251) < 1e-12);
  assert.equal(allHigh, 1);
  assert.throws(() => wilsonInterval(6, 5), /successes/);
});
