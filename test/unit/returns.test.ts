import { test } from "node:test";
import assert from "node:assert/strict";
import { discountedReturns, standardise, totalReturn } from "../../src/rl/returns";

const close = (a: ArrayLike<number>, b: number[], tol = 1e-12) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

test("reward-to-go by hand: G_t = r_t + γ G_{t+1}", () => {
  close(discountedReturns([1, 2, 3], 0.5), [1 + 0.5 * 2 + 0.25 * 3, 2 + 0.5 * 3, 3]);
  close(discountedReturns([1, 1, 1, 1], 1), [4, 3, 2, 1]);
  close(discountedReturns([5, 7], 0), [5, 7]);
  assert.equal(discountedReturns([], 0.99).length, 0);
  assert.equal(totalReturn([1, -2, 4]), 3);
});

test("CartPole-style rewards: G_0 = (1 − γ^T)/(1 − γ)", () => {
  const T = 200;
  const g = discountedReturns(new Array(T).fill(1), 0.99);
  assert.ok(Math.abs(g[0] - (1 - 0.99 ** T) / (1 - 0.99)) < 1e-9);
  assert.ok(g.every((v, i) => i === 0 || v < g[i - 1]), "later steps have less reward to go");
});

test("a discount outside [0, 1] is refused", () => {
  assert.throws(() => discountedReturns([1], 1.5), /discount γ must be in \[0, 1\]/);
  assert.throws(() => discountedReturns([1], Number.NaN), /discount/);
});

test("standardise matches PyTorch's (x − mean)/(std(unbiased) + 1e-8)", () => {
  // torch.tensor([1., 2., 3., 4.]) → std() = 1.2909944487358056
  const z = standardise([1, 2, 3, 4]);
  const std = 1.2909944487358056;
  close(z, [-1.5 / (std + 1e-8), -0.5 / (std + 1e-8), 0.5 / (std + 1e-8), 1.5 / (std + 1e-8)]);
  const sum = z.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum) < 1e-12);
  close(standardise([3]), [0]);
  close(standardise([2, 2, 2]), [0, 0, 0]);
});
