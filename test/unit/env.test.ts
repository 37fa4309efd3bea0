// The Env interface: CartPole and a lesson's decision tree both implement it, and the trainers,
// rollout and evaluation work on either (nothing in them is wired to CartPole).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { CARTPOLE, CARTPOLE_ENV } from "../../src/envs/cartpole";
import { twoStepProblem } from "../../src/envs/decision_tree";
import { decisionTreeEnvType, DecisionTreeEnv } from "../../src/envs/decision_tree_env";
import { initBackend } from "../../src/core/tf";
import { CategoricalPolicy } from "../../src/rl/categorical_policy";
import { Reinforce, SOURCE_LESSON_CONFIG } from "../../src/rl/reinforce";
import { totalReturn } from "../../src/rl/returns";
import { playEpisode } from "../../src/rl/rollout";
import { evaluatePolicy } from "../../src/runs/evaluation";
import { actionSize, box, describeSpace, discrete } from "../../src/envs/spaces";

test("CartPole's spec is Gymnasium's CartPole-v1", () => {
  assert.deepEqual(CARTPOLE_ENV.spec, { id: "CartPole-v1", observationSize: 4, actionSpace: { kind: "discrete", n: 2 }, maxEpisodeSteps: 500, rewardThreshold: 475 });
  assert.equal(CARTPOLE_ENV.make(new Rng(0)).reset().length, CARTPOLE.observationSize);
});

test("the decision tree as an Env: one-hot nodes, the tree's rewards, the end at a leaf", () => {
  const env = new DecisionTreeEnv(twoStepProblem());
  assert.deepEqual(Array.from(env.reset()), [1, 0, 0]);
  const right = env.step(1);
  assert.deepEqual([Array.from(right.observation), right.reward, right.terminated], [[0, 0, 1], 0, false]);
  const again = env.step(1);
  assert.deepEqual([Array.from(again.observation), again.reward, again.terminated, again.truncated], [[0, 0, 0], 3, true, false]);
  assert.throws(() => env.step(0), /after the episode ended/);
  env.reset();
  assert.throws(() => env.step(2), /actions are 0 \(left\) or 1 \(right\)/);
});

test("rollout and evaluation play the tree: returns are the tree's R(τ), episodes last its horizon", () => {
  const type = decisionTreeEnvType(twoStepProblem());
  const rng = new Rng(3);
  const policy = CategoricalPolicy.create([3, 4, 2], rng);
  const env = type.make(rng);
  const returns = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const episode = playEpisode(env, policy, rng);
    assert.equal(episode.length, 2);
    assert.ok(episode.terminated);
    returns.add(totalReturn(episode.rewards));
  }
  assert.deepEqual([...returns].sort((a, b) => a - b), [-1, 1, 3]);
  const evaluation = evaluatePolicy(policy, { episodes: 50, env: type, seed: 1 });
  assert.ok(evaluation.returns.every((r) => [-1, 1, 3].includes(r)), "evaluation sums the rewards (not the episode length)");
});

test("REINFORCE learns the tree's best path (right, then right: +3) with no change to the trainer", async () => {
  await initBackend();
  const type = decisionTreeEnvType(twoStepProblem());
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [8], episodes: 600, episodesPerUpdate: 4, baseline: "none", gamma: 1, learningRate: 0.02, seed: 0 }, type);
  const policy = trainer.policy;
  assert.ok(policy instanceof CategoricalPolicy, "a discrete action space gets the categorical policy");
  const rightAt = (node: number) => policy.probabilities(Float32Array.from([0, 1, 2].map((n) => (n === node ? 1 : 0))))[1];
  const before = [rightAt(0), rightAt(2)];
  while (!trainer.finished) trainer.update();
  const after = [rightAt(0), rightAt(2)];
  assert.ok(after[0] > 0.9 && after[1] > 0.9, `π(right) at the root and after "right": ${before.map((p) => p.toFixed(2))} → ${after.map((p) => p.toFixed(2))}`);
  const last = trainer.history.slice(-100).map((r) => r.return);
  assert.ok(last.reduce((a, b) => a + b, 0) / last.length > 2.5);
});

test("action spaces: Discrete(n) and Box(low, high), checked, sized and named as Gymnasium writes them", () => {
  assert.deepEqual(discrete(3), { kind: "discrete", n: 3 });
  assert.throws(() => discrete(1), /at least 2 actions, got 1/);
  assert.throws(() => box([-2, 0], [2]), /bounds low < high of the same length/);
  assert.throws(() => box([2], [-2]), /bounds low < high/);
  assert.equal(actionSize(discrete(5)), 1);
  assert.equal(actionSize(box([-1, -1, 0], [1, 1, 1])), 3);
  assert.equal(describeSpace(discrete(2)), "Discrete(2)");
  assert.equal(describeSpace(box([-2], [2])), "Box([-2], [2])");
});
