import { test } from "node:test";
import assert from "node:assert/strict";
import { categoricalIndex, Rng } from "../../src/core/random";
import { mean, variance } from "../../src/core/stats";

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

test("the same seed gives the same numbers, a different seed different ones", () => {
  assert.deepEqual(draw(new Rng(42), 20), draw(new Rng(42), 20));
  assert.notDeepEqual(draw(new Rng(42), 20), draw(new Rng(43), 20));
});

test("a saved state resumes the exact sequence, also through JSON", () => {
  const rng = new Rng(7);
  draw(rng, 13);
  const saved = JSON.parse(JSON.stringify(rng.state()));
  const expected = [...draw(rng, 10), rng.normal(), rng.int(1000), rng.categorical([0.2, 0.3, 0.5])];
  const resumed = Rng.fromState(saved);
  assert.deepEqual([...draw(resumed, 10), resumed.normal(), resumed.int(1000), resumed.categorical([0.2, 0.3, 0.5])], expected);
});

test("a damaged state is refused with a message", () => {
  assert.throws(() => Rng.fromState({ c: 1, s0: 2 } as never), /Invalid random-generator state/);
});

test("uniform, normal, int and categorical have the right distributions", () => {
  const rng = new Rng(1);
  const u = draw(rng, 50_000);
  assert.ok(u.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(mean(u) - 0.5) < 0.01);
  const z = Array.from({ length: 50_000 }, () => rng.normal(2, 3));
  assert.ok(Math.abs(mean(z) - 2) < 0.05, `normal mean ${mean(z)}`);
  assert.ok(Math.abs(variance(z) - 9) < 0.2, `normal variance ${variance(z)}`);
  const ints = Array.from({ length: 10_000 }, () => rng.int(6));
  assert.ok(ints.every((i) => Number.isInteger(i) && i >= 0 && i < 6));
  const probabilities = [0.1, 0.6, 0.3];
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[rng.categorical(probabilities)]++;
  counts.forEach((count, i) => assert.ok(Math.abs(count / 30_000 - probabilities[i]) < 0.012, `category ${i}: ${count}`));
  // unnormalised weights work too, and a zero-weight category is never drawn
  for (let i = 0; i < 1000; i++) assert.notEqual(rng.categorical([2, 0, 6]), 1);
});

test("categoricalIndex: each action owns a slice [start, end) of [0, 1) as wide as its probability", () => {
  assert.equal(categoricalIndex([0.7, 0.3], 0), 0);
  assert.equal(categoricalIndex([0.7, 0.3], 0.6999), 0);
  assert.equal(categoricalIndex([0.7, 0.3], 0.7), 1);
  assert.equal(categoricalIndex([0, 1, 0], 0), 1, "an action of probability 0 is not chosen at u = 0");
  assert.equal(categoricalIndex([1, 3], 0.5), 1, "weights need not sum to 1");
  assert.equal(categoricalIndex([0.5, 0.5 - 1e-12], 1 - 1e-16), 1, "rounding below the total still gives the last action");
});
