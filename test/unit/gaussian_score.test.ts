// Notebook 06's maths: the Gaussian score by formula against autodiff, the σ study against the one-step
// problem's exact gradient, and when a pendulum episode counts as held upright.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../src/core/tf";
import { autodiffScore, compareScores, exactEstimateStd, exactMeanGradient, gaussianScore, sigmaStudy } from "../../src/lessons/gaussian_score";
import { gaussianLogDensity } from "../../src/rl/gaussian_policy";
import { uprightSince } from "../../src/envs/pendulum";
import { returnCurvesFigure } from "../../src/runs/training_curves";
import { CARTPOLE_SPEC } from "../../src/envs/cartpole";
import { PENDULUM_SPEC } from "../../src/envs/pendulum";
import type { EpisodeRecord } from "../../src/rl/episode_records";

before(async () => {
  await initBackend();
});

test("the Gaussian score: by hand at a point, equal to autodiff, and the log-density's finite differences", () => {
  // a = 2, μ = 1, σ = 0.5: (a − μ)/σ² = 4, (a − μ)²/σ² − 1 = 3
  const score = gaussianScore(2, 1, Math.log(0.5));
  assert.ok(Math.abs(score.dMean - 4) < 1e-12 && Math.abs(score.dLogStd - 3) < 1e-12);
  const auto = autodiffScore(2, 1, Math.log(0.5));
  assert.ok(Math.abs(auto.dMean - 4) < 1e-4 && Math.abs(auto.dLogStd - 3) < 1e-4, JSON.stringify(auto));
  // the density the policy uses has these slopes too (central differences in float64)
  const h = 1e-6;
  const density = (mu: number, s: number) => gaussianLogDensity([2], [mu], [s]);
  assert.ok(Math.abs((density(1 + h, Math.log(0.5)) - density(1 - h, Math.log(0.5))) / (2 * h) - 4) < 1e-5);
  assert.ok(Math.abs((density(1, Math.log(0.5) + h) - density(1, Math.log(0.5) - h)) / (2 * h) - 3) < 1e-5);
  for (const d of compareScores(50, 9)) assert.ok(Math.abs(d.formula.dMean - d.autodiff.dMean) <= 1e-4 * Math.max(1, Math.abs(d.formula.dMean)));
});

test("the σ study: unbiased at every σ, the exact gradient independent of σ, no samples near a* for a tiny σ", () => {
  assert.equal(exactMeanGradient(0, 1), 2);
  assert.equal(exactMeanGradient(0.5, 1), 1);
  const rows = sigmaStudy([0.05, 0.5, 2], { samples: 40_000, mu: 0.5, best: 1, near: 0.1, seed: 11 });
  for (const row of rows) assert.ok(Math.abs(row.meanEstimate - 1) < 5 * row.standardError, `σ = ${row.sigma}: ${row.meanEstimate} ± ${row.standardError}`);
  assert.equal(rows[0].nearBest, 0); // 0.5 from μ is ten σ away
  // σ = 0.5: P(|a − 1| ≤ 0.1) for a ~ N(0.5, 0.25) is Φ(1.2) − Φ(0.8) ≈ 0.0968
  assert.ok(Math.abs(rows[1].nearBest - 0.0968) < 0.006, String(rows[1].nearBest));
});

test("uprightSince: the first step of the last stretch within the limit, null when not upright at the end", () => {
  const observation = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180), 0];
  const episode = (angles: number[], final: number) => ({ observations: Float32Array.from(angles.flatMap(observation)), finalObservation: Float32Array.from(observation(final)), length: angles.length });
  assert.equal(uprightSince(episode([180, 90, 10, 40, 10, 5], 2), 15), 4);
  assert.equal(uprightSince(episode([5, 5], 5), 15), 0);
  assert.equal(uprightSince(episode([5, 5], 30), 15), null);
  assert.equal(uprightSince(episode([170, 20], 10), 15), 2); // only the final state is upright
});

test("returnCurvesFigure: a faint and a bold curve per run, and a solved line only where the environment has a threshold", () => {
  const records = (returns: number[]): EpisodeRecord[] => returns.map((r, i) => ({ episode: i + 1, return: r, length: 1, loss: 0, meanReturn100: r, entropy: 0, gradNorm: 0, wallSeconds: 0 }));
  const runs = [{ label: "A", records: records([1, 2, 3]) }, { label: "B", records: records([3, 2]) }];
  const cartpole = returnCurvesFigure(runs, "t", CARTPOLE_SPEC);
  assert.deepEqual(cartpole.data.map((t) => t.name), ["A: episode return", "A: mean of last 100", "B: episode return", "B: mean of last 100", "solved (475)"]);
  assert.deepEqual(cartpole.data[4].x, [1, 3]);
  assert.equal(returnCurvesFigure(runs, "t", PENDULUM_SPEC).data.length, 4);
});

test("the σ study's spread matches the exact Var ĝ = 15σ² + 14d² + d⁴/σ², smallest near σ⁴ = d⁴/15", () => {
  const rows = sigmaStudy([0.2, 1, 2], { samples: 200_000, mu: 0, best: 1.5, near: 0.1, seed: 4 });
  for (const row of rows) {
    const exact = exactEstimateStd(row.sigma, 0, 1.5);
    assert.ok(Math.abs(row.estimateStd / exact - 1) < 0.05, `σ = ${row.sigma}: ${row.estimateStd} vs ${exact}`);
  }
  const best = (1.5 ** 4 / 15) ** 0.25;
  assert.ok(exactEstimateStd(best, 0, 1.5) < exactEstimateStd(best * 0.9, 0, 1.5) && exactEstimateStd(best, 0, 1.5) < exactEstimateStd(best * 1.1, 0, 1.5));
});
