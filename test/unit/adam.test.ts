import { test } from "node:test";
import assert from "node:assert/strict";
import { Adam } from "../../src/nets/adam";

test("the first Adam step moves each parameter by about lr against the sign of its gradient", () => {
  const params = Float32Array.from([1, 1, 1]);
  new Adam(3, { learningRate: 0.1 }).step(params, Float32Array.from([0.5, -2, 1e-3]));
  // t = 1: m̂ = g, v̂ = g², step = lr · g / (|g| + ε)
  [0.9, 1.1, 0.9].forEach((v, i) => assert.ok(Math.abs(params[i] - v) < 1e-6, `${params[i]} vs ${v}`));
});

test("three Adam steps equal the torch.optim.Adam formula computed by hand", () => {
  const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const gradients = [0.3, -0.1, 0.25];
  let theta = 0.5, m = 0, v = 0;
  for (const [i, g] of gradients.entries()) {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    theta -= (lr / (1 - b1 ** t)) * m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps);
  }
  const params = Float32Array.from([0.5]);
  const adam = new Adam(1, { learningRate: lr });
  for (const g of gradients) adam.step(params, Float32Array.from([g]));
  assert.ok(Math.abs(params[0] - theta) < 1e-6, `${params[0]} vs ${theta}`);
  assert.equal(adam.state.step, 3);
});

test("an optimizer rebuilt from its saved state continues identically", () => {
  const grads = Array.from({ length: 6 }, (_, i) => Float32Array.from([Math.sin(i), Math.cos(i)]));
  const straight = Float32Array.from([0.1, 0.2]);
  const a = new Adam(2, { learningRate: 0.05 });
  grads.forEach((g) => a.step(straight, g));
  const resumed = Float32Array.from([0.1, 0.2]);
  const b = new Adam(2, { learningRate: 0.05 });
  grads.slice(0, 3).forEach((g) => b.step(resumed, g));
  const c = new Adam(2, { learningRate: 0.05 }, { step: b.state.step, m: Float32Array.from(b.state.m), v: Float32Array.from(b.state.v) });
  grads.slice(3).forEach((g) => c.step(resumed, g));
  assert.deepEqual(resumed, straight);
});

test("bad settings are refused", () => {
  assert.throws(() => new Adam(2, { learningRate: 0 }), /learning rate must be positive/);
  assert.throws(() => new Adam(2, { learningRate: 0.1 }, { step: 0, m: new Float32Array(3), v: new Float32Array(3) }), /for 3 parameters, the model has 2/);
});
