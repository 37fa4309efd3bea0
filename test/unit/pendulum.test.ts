// Pendulum-v1 against Gymnasium's own trajectories (test/fixtures/pendulum_gymnasium.json, recorded by
// scripts/record_pendulum_reference.py): states, observations and rewards over 200 steps each, with
// torques inside and beyond the ±2 clip and speeds that hit their ±8 clip; then the reset's ranges and the
// refusal of an action of the wrong kind.
//
// Not bit for bit: V8's Math.sin and the C library's sin that NumPy calls differ in the last bit for some
// angles (sin(2.5): 0.598472144103956{5, 4}), and the pendulum carries that on. Over these fixtures the
// state stays within 2e-14 of Gymnasium's and the observations (float32) are equal; the test allows 1e-12
// for the state and the reward, a hundred times the drift, and requires equal observations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { angleNormalize, Pendulum, PENDULUM_SPEC } from "../../src/envs/pendulum";
import { readGymnasiumFixture } from "../support/gymnasium_fixture";

function near(actual: ArrayLike<number>, expected: number[], tolerance: number, what: string): void {
  expected.forEach((v, i) => assert.ok(Math.abs(actual[i] - v) <= tolerance, `${what}[${i}]: ${actual[i]} against Gymnasium's ${v}`));
}

const fixture = readGymnasiumFixture<number>("pendulum_gymnasium.json");

test("the fixture covers torques beyond the clip, speeds at the clip, and truncation at 200", () => {
  const steps = fixture.cases.flatMap((c) => c.steps);
  assert.ok(steps.some((s) => Math.abs(s.action) > 2), "a torque beyond ±2");
  assert.ok(steps.some((s) => Math.abs(s.state[1]) === 8), "a speed clipped at ±8");
  for (const c of fixture.cases) {
    assert.equal(c.steps.length, 200);
    assert.ok(c.steps[199].truncated && !c.steps.some((s) => s.terminated));
  }
});

for (const reference of fixture.cases) {
  test(`matches Gymnasium ${fixture.gymnasium}: ${reference.name}`, () => {
    const env = new Pendulum(new Rng(0));
    assert.deepEqual(Array.from(env.resetTo(reference.initial_state)), reference.initial_observation);
    reference.steps.forEach((expected, t) => {
      const step = env.step(Float32Array.of(expected.action));
      near(env.state, expected.state, 1e-12, `state after step ${t + 1}`);
      assert.deepEqual(Array.from(step.observation), expected.observation, `observation after step ${t + 1}`);
      near([step.reward], [expected.reward], 1e-12, `reward of step ${t + 1}`);
      assert.equal(step.terminated, expected.terminated);
      assert.equal(step.truncated, expected.truncated);
    });
  });
}

test("reset draws θ in [−π, π) and θ̇ in [−1, 1); angle_normalize wraps as NumPy's floored remainder", () => {
  const env = new Pendulum(new Rng(1));
  for (let i = 0; i < 500; i++) {
    env.reset();
    assert.ok(env.state[0] >= -Math.PI && env.state[0] < Math.PI && env.state[1] >= -1 && env.state[1] < 1);
  }
  assert.equal(angleNormalize(0), 0);
  assert.ok(Math.abs(angleNormalize(3 * Math.PI / 2) + Math.PI / 2) < 1e-12);
  assert.ok(Math.abs(angleNormalize(-3 * Math.PI / 2) - Math.PI / 2) < 1e-12);
  assert.equal(angleNormalize(Math.PI), -Math.PI);
});

test("a torque must be a vector of one number: a discrete action or a wrong shape is refused by name", () => {
  const env = new Pendulum(new Rng(2));
  env.reset();
  assert.throws(() => env.step(1), /Pendulum-v1 takes a torque as a vector of one number.*got the number 1/);
  assert.throws(() => env.step(Float32Array.of(1, 2)), /got 2 numbers/);
  assert.deepEqual(PENDULUM_SPEC.actionSpace, { kind: "box", low: [-2], high: [2] });
});
