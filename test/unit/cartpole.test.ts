// CartPole against Gymnasium's own trajectories (test/fixtures/cartpole_gymnasium.json, recorded
// by scripts/record_cartpole_reference.py): states, observations, rewards, termination, truncation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CartPole, CARTPOLE } from "../../src/envs/cartpole";
import { Rng } from "../../src/core/random";
import { mean, variance } from "../../src/core/stats";
import { readGymnasiumFixture } from "../support/gymnasium_fixture";

const fixture = readGymnasiumFixture<number>("cartpole_gymnasium.json");

// The same feedback rules as the recording script, so long episodes stay in the stable closed loop.
const RULES: Record<string, (s: Float64Array) => number> = {
  balance: ([x, xDot, theta, thetaDot]) => Number(theta + 0.5 * thetaDot + 0.01 * x + 0.1 * xDot > 0),
  drift_right: ([, , theta, thetaDot]) => Number(theta - 0.05 + 0.5 * thetaDot > 0),
  drift_left: ([, , theta, thetaDot]) => Number(theta + 0.05 + 0.5 * thetaDot > 0),
};

const TOLERANCE = 1e-6;

function assertClose(actual: ArrayLike<number>, expected: number[], what: string) {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= TOLERANCE, `${what}[${i}]: ${actual[i]} vs Gymnasium ${expected[i]}`);
  }
}

test("the fixture covers termination by angle and by position, and truncation at 500", () => {
  const ends = fixture.cases.map((c) => c.steps[c.steps.length - 1]);
  assert.ok(ends.some((s) => s.terminated && Math.abs(s.state[2]) > CARTPOLE.thetaThreshold));
  assert.ok(ends.some((s) => s.terminated && s.state[0] > CARTPOLE.xThreshold));
  assert.ok(ends.some((s) => s.terminated && s.state[0] < -CARTPOLE.xThreshold));
  assert.ok(fixture.cases.some((c) => c.steps.length === 500 && c.steps[499].truncated));
});

for (const reference of fixture.cases) {
  test(`matches Gymnasium ${fixture.gymnasium}: ${reference.name}`, () => {
    const env = new CartPole(new Rng(0));
    const first = env.resetTo(reference.initial_state);
    assertClose(first, reference.initial_observation, "initial observation");
    for (const [t, expected] of reference.steps.entries()) {
      const action = reference.rule ? RULES[reference.rule](env.state) : expected.action;
      assert.equal(action, expected.action, `step ${t}: the rule chose a different action`);
      const { observation, reward, terminated, truncated } = env.step(action);
      assertClose(env.state, expected.state, `step ${t} state`);
      assertClose(observation, expected.observation, `step ${t} observation`);
      assert.equal(reward, expected.reward, `step ${t} reward`);
      assert.equal(terminated, expected.terminated, `step ${t} terminated`);
      assert.equal(truncated, expected.truncated, `step ${t} truncated`);
    }
    assert.throws(() => env.step(0), /after the episode ended/);
  });
}

test("reset draws each state component from U(−0.05, 0.05), reproducibly", () => {
  const env = new CartPole(new Rng(5));
  const draws: number[][] = [[], [], [], []];
  for (let i = 0; i < 20_000; i++) env.reset().forEach((v, k) => draws[k].push(v));
  for (const values of draws) {
    assert.ok(values.every((v) => v >= -0.05 && v <= 0.05));
    assert.ok(Math.abs(mean(values)) < 0.002);
    assert.ok(Math.abs(variance(values) - 0.1 ** 2 / 12) < 0.0001);
  }
  assert.deepEqual(Array.from(new CartPole(new Rng(5)).reset()), [draws[0][0], draws[1][0], draws[2][0], draws[3][0]]);
});

test("bad actions and states are refused", () => {
  const env = new CartPole(new Rng(0));
  env.reset();
  assert.throws(() => env.step(2), /actions are 0 \(left\) or 1 \(right\)/);
  assert.throws(() => env.resetTo([1, 2]), /4 numbers/);
});
