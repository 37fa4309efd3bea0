// A2C, the algorithm added on the trainer contract: its n-step advantages by hand, how an episode's
// end is bootstrapped, one update of actor and critic from the same batch, and every algorithm's
// resume through a checkpoint file.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { A2c, A2C_CONFIG, a2cAdvantages } from "../../src/rl/a2c";
import { ALGORITHM_NAMES, algorithmNamed } from "../../src/rl/algorithms";
import { generalisedAdvantages, nStepAdvantages } from "../../src/rl/returns";
import { ValueFunction } from "../../src/rl/value_function";
import { decodeState, encodeState } from "../../src/runs/episodic_run";
import { loadCheckpoint, saveCheckpoint } from "../../src/runs/checkpoint";
import { initBackend } from "../../src/core/tf";
import { handMadeEpisode } from "../support/episodes";

before(async () => {
  await initBackend();
});

const close = (a: ArrayLike<number>, b: number[], tol = 1e-9) => {
  assert.equal(a.length, b.length);
  b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol, `index ${i}: ${a[i]} vs ${v}`));
};

test("n-step advantages by hand: y_t = r_t + … + γ^{m−1} r_{t+m−1} + γ^m V(s_{t+m}), A_t = y_t − V(s_t)", () => {
  const rewards = [1, 1, 1];
  const values = [0.5, 0.4, 0.3];
  // γ = 0.9, n = 2, the episode terminated (V after the end = 0):
  //   y_0 = 1 + 0.9·1 + 0.81·V(s_2) = 1 + 0.9 + 0.243 = 2.143    A_0 = 2.143 − 0.5 = 1.643
  //   y_1 = 1 + 0.9·1 + 0.81·0      = 1.9                        A_1 = 1.9 − 0.4 = 1.5
  //   y_2 = 1 + 0.9·0               = 1                          A_2 = 1 − 0.3 = 0.7
  const two = nStepAdvantages(rewards, values, 0, 0.9, 2);
  close(two.targets, [2.143, 1.9, 1]);
  close(two.advantages, [1.643, 1.5, 0.7]);
  // n = 1, cut off by the time limit with V(s_3) = 2: the one-step TD errors r_t + γV(s_{t+1}) − V(s_t)
  close(nStepAdvantages(rewards, values, 2, 0.9, 1).advantages, [1 + 0.36 - 0.5, 1 + 0.27 - 0.4, 1 + 1.8 - 0.3]);
  // the two ends of the family agree with GAE: n = 1 is λ = 0, n ≥ T is λ = 1 (G_t − V(s_t))
  close(nStepAdvantages(rewards, values, 2, 0.9, 1).advantages, Array.from(generalisedAdvantages(rewards, values, 2, 0.9, 0)));
  close(nStepAdvantages(rewards, values, 0, 0.9, 50).advantages, [2.71 - 0.5, 1.9 - 0.4, 1 - 0.3]);
  close(nStepAdvantages(rewards, values, 0, 0.9, 50).advantages, Array.from(generalisedAdvantages(rewards, values, 0, 0.9, 1)));
  assert.throws(() => nStepAdvantages(rewards, values, 0, 0.9, 0), /n must be a whole number of steps ≥ 1, got 0/);
  assert.throws(() => nStepAdvantages(rewards, [1], 0, 0.9, 2), /3 rewards need as many values, got 1/);
});

test("A2C bootstraps a time-limit cut from V of the final observation and a termination from 0", () => {
  // a linear critic V(s) = 0.1·s[0] + 0.5, so V(s_t) = 0.1 t + 0.5 on the hand-made episodes
  const critic = new ValueFunction([4, 1], Float32Array.from([0.1, 0, 0, 0, 0.5]));
  const [cut, ended] = a2cAdvantages([handMadeEpisode(3, "truncated"), handMadeEpisode(3, "terminated")], critic, 0.9, 2);
  // V = (0.5, 0.6, 0.7), V(final) = 0.8; n = 2, γ = 0.9
  close(cut.targets, [1 + 0.9 + 0.81 * 0.7, 1 + 0.9 + 0.81 * 0.8, 1 + 0.9 * 0.8], 1e-6);
  close(ended.targets, [1 + 0.9 + 0.81 * 0.7, 1.9, 1], 1e-6);
  close(ended.advantages, [1 + 0.9 + 0.81 * 0.7 - 0.5, 1.9 - 0.6, 1 - 0.7], 1e-6);
});

test("an A2C update steps the actor with the n-step advantages and the critic towards the same targets", () => {
  const trainer = A2c.create({ ...A2C_CONFIG, hidden: [16], episodes: 30, episodesPerUpdate: 2, seed: 5 });
  const criticBefore = Float32Array.from(trainer.critic!.value.params);
  const policyBefore = Float32Array.from(trainer.policy.params);
  const records = trainer.update();
  assert.deepEqual(records.map((r) => r.episode), [1, 2]);
  assert.ok(records.every((r) => Number.isFinite(r.loss) && r.gradNorm > 0));
  assert.notDeepEqual(trainer.policy.params, policyBefore, "the actor moved");
  assert.notDeepEqual(trainer.critic!.value.params, criticBefore, "the critic moved");
  // the critic's step lowered its regression loss on a batch it fits (a fresh critic copy, same batch)
  const probe = A2c.create({ ...A2C_CONFIG, hidden: [16], episodes: 30, seed: 5 });
  const episodes = [handMadeEpisode(20, "terminated")];
  const { targets } = a2cAdvantages(episodes, probe.critic!.value, 0.99, 5)[0];
  const before = probe.critic!.value.lossAndGradient(episodes[0].observations, targets).loss;
  for (let i = 0; i < 20; i++) probe.critic!.value.fit(probe.critic!.optimizer, episodes[0].observations, targets);
  assert.ok(probe.critic!.value.lossAndGradient(episodes[0].observations, targets).loss < before);
});

for (const name of ALGORITHM_NAMES) {
  test(`${name}: 2N episodes straight equal N, a checkpoint file, and N more`, () => {
    const algorithm = algorithmNamed(name);
    const config = { ...algorithm.schema.defaults, hidden: [16, 16], episodes: 16, episodesPerUpdate: 2, seed: 9, ...(name === "ppo" ? { minibatchSize: 32 } : {}) };
    const straight = algorithm.create(config);
    while (!straight.finished) straight.update();

    const first = algorithm.create(config);
    while (first.episode < 8) first.update();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-resume-`));
    saveCheckpoint(dir, "cartpole", first.episode, encodeState(name, first.state()));
    const saved = decodeState(loadCheckpoint(dir, "cartpole").payload);
    assert.equal(saved.algorithm, name);
    const resumed = algorithmNamed(saved.algorithm).fromState(saved.state);
    while (!resumed.finished) resumed.update();

    const strip = (h: typeof straight.history) => h.map(({ wallSeconds: _w, ...r }) => r);
    assert.deepEqual(strip(resumed.history), strip(straight.history));
    assert.deepEqual(resumed.policy.params, straight.policy.params);
    assert.deepEqual(resumed.critic?.value.params, straight.critic?.value.params);
    assert.deepEqual(resumed.rng.state(), straight.rng.state());
  });
}

test("a checkpoint from before the algorithm and the duration's name were saved resumes as REINFORCE", () => {
  const trainer = algorithmNamed("reinforce").create({ ...algorithmNamed("reinforce").schema.defaults, hidden: [8], episodes: 4, seed: 1 });
  trainer.update();
  const { algorithm: _a, wallSeconds, ...older } = encodeState("reinforce", trainer.state());
  const saved = decodeState({ ...older, elapsedSeconds: wallSeconds });
  assert.equal(saved.algorithm, "reinforce");
  assert.equal(saved.state.wallSeconds, wallSeconds);
  assert.throws(() => decodeState({ ...older, algorithm: "dqn" }), /unknown algorithm "dqn": choose one of reinforce, a2c, ppo/);
});
