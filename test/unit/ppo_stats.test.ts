// PPO's per-update measures of how far the policy moved: ratio range, approximate KL, clip fraction.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { approximateKl, Ppo, PPO_CONFIG, ppoUpdateLog } from "../../src/rl/ppo";
import { ppoUpdateFigure } from "../../src/studies/ppo_update_figure";
import { Reinforce } from "../../src/rl/reinforce";
import { Rng } from "../../src/core/random";
import { initBackend } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

test("the approximate KL from samples of π_old estimates the exact KL(π_old ‖ π_new)", () => {
  const old = [0.5, 0.3, 0.2];
  const updated = [0.3, 0.3, 0.4];
  const exact = old.reduce((sum, p, a) => sum + p * Math.log(p / updated[a]), 0);
  const rng = new Rng(4);
  const logRatios = Array.from({ length: 200_000 }, () => {
    const a = rng.categorical(old);
    return Math.log(updated[a] / old[a]);
  });
  assert.ok(Math.abs(approximateKl(logRatios) - exact) < 0.005, `${approximateKl(logRatios)} vs ${exact}`);
  // the naive mean of −log r estimates the same KL but can go negative on a batch; each k3 term cannot
  for (const logRatio of [-2, -0.1, 0, 0.1, 2]) assert.ok(approximateKl([logRatio]) >= 0);
  assert.equal(approximateKl([0, 0, 0]), 0);
});

test("one full-batch step starts at ratio 1: nothing is clipped, and the ratios move only a little", () => {
  const trainer = Ppo.create({ ...PPO_CONFIG, hidden: [32, 32], episodes: 4, episodesPerUpdate: 4, epochs: 1, minibatchSize: 100_000, seed: 1 });
  const [record] = trainer.update();
  assert.equal(record.clipFraction, 0);
  assert.ok(record.ratioMin! < 1 && record.ratioMax! > 1, `${record.ratioMin} … ${record.ratioMax}`);
  assert.ok(record.approxKl! > 0 && record.approxKl! < 0.01);
});

test("with many epochs and a tight clip, ratios leave [1 − ε, 1 + ε] and the clip fraction says how often", () => {
  const clip = 0.02;
  const trainer = Ppo.create({ ...PPO_CONFIG, hidden: [32, 32], episodes: 8, episodesPerUpdate: 8, epochs: 10, minibatchSize: 32, learningRate: 3e-3, clip, seed: 2 });
  const records = trainer.update();
  const { ratioMin, ratioMax, approxKl, clipFraction } = records[0];
  assert.ok(ratioMin! < 1 - clip || ratioMax! > 1 + clip, `ratios ${ratioMin} … ${ratioMax} stayed inside the clip range`);
  assert.ok(clipFraction! > 0.05 && clipFraction! < 1, `clip fraction ${clipFraction}`);
  assert.ok(approxKl! > 0);
  // every episode of the update carries the update's measures
  assert.ok(records.every((r) => r.ratioMin === ratioMin && r.clipFraction === clipFraction));
});

test("REINFORCE's records carry no PPO measures", () => {
  const trainer = Reinforce.create({ episodes: 2, episodesPerUpdate: 1, gamma: 0.99, learningRate: 1e-3, hidden: [16], baseline: "standardise", seed: 0 });
  const [record] = trainer.update();
  assert.equal(record.approxKl, undefined);
  assert.ok(!("clipFraction" in record));
});

test("the update log has one row per update, with that update's measures, and draws in three panels", () => {
  const trainer = Ppo.create({ ...PPO_CONFIG, hidden: [16], episodes: 10, episodesPerUpdate: 4, minibatchSize: 64, seed: 5 });
  while (!trainer.finished) trainer.update();
  const log = ppoUpdateLog(trainer.history, 4);
  // updates of 4, 4 and 2 episodes (the run ends sooner)
  assert.deepEqual(log.map((row) => [row.update, row.episode]), [[1, 4], [2, 8], [3, 10]]);
  assert.deepEqual(log.map((row) => row.approxKl), [3, 7, 9].map((i) => trainer.history[i].approxKl));
  assert.equal(new Set(log.map((row) => row.approxKl)).size, 3);
  assert.deepEqual(ppoUpdateLog(trainer.history.map(({ approxKl, ...rest }) => rest), 4), []);

  const fig = ppoUpdateFigure([{ seed: 0, updates: log }, { seed: 1, updates: log }], 0.2);
  assert.equal(fig.data.length, 2 * 4 + 2);
  assert.deepEqual(fig.data.filter((t) => t.yaxis === "y3").map((t) => t.y), [log.map((row) => row.clipFraction), log.map((row) => row.clipFraction)]);
  assert.deepEqual(fig.data.filter((t) => t.legendgroup === "clip").map((t) => (t.y as number[])[0]), [0.8, 1.2]);
});
