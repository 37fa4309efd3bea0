import { test } from "node:test";
import assert from "node:assert/strict";
import {
  depthLogitPolicy,
  enumerateTrajectories,
  logitCount,
  logitTreePolicy,
  makeTree,
  repeatedProblem,
  sharedLogitPolicy,
  twoStepProblem,
  type DecisionTree,
  type LogitTying,
} from "../../src/envs/decision_tree";
import { exactObjective } from "../../src/lessons/objective";
import { Rng } from "../../src/core/random";
import { batchEstimateClouds, estimateGradient, estimatorMoments, perSampleGradients, sampleTrajectories, spreadBySampleSize, summariseGradients } from "../../src/lessons/gradient_estimates";
import {
  averageWeight,
  estimateOptimalBaseline,
  exactGradient,
  optimalBaseline,
  singleSampleGradient,
  stepAdvantages,
  trajectoryScore,
  twoStepGradient,
  twoStepSharedGradient,
  type EstimatorSpec,
  type Weights,
} from "../../src/lessons/score_function";
import { cosine, logLogSlope } from "../../src/core/stats";

const two = twoStepProblem();
const plain: EstimatorSpec = { weights: "return", baseline: "none" };

function randomTree(horizon: number, rng: Rng): DecisionTree {
  return makeTree(horizon, Array.from({ length: 2 * (2 ** horizon - 1) }, () => Math.round(rng.normal(0, 2) * 4) / 4));
}

function randomPolicy(horizon: number, tying: LogitTying, rng: Rng) {
  return logitTreePolicy(Array.from({ length: logitCount(horizon, tying) }, () => rng.normal(0, 1.5)), tying);
}

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tolerance ${tol})`);

test("logitTreePolicy behaves as the existing shared and per-depth policies, and per node as a table", () => {
  const deep = randomTree(4, new Rng(1));
  const shared = logitTreePolicy([0.7], "shared");
  const depth = logitTreePolicy([0.3, -1, 2, 0.1], "perDepth");
  for (let node = 0; node < 15; node++) {
    assert.deepEqual(Array.from(shared(node)), Array.from(sharedLogitPolicy(0.7)(node)));
    assert.deepEqual(Array.from(depth(node)), Array.from(depthLogitPolicy([0.3, -1, 2, 0.1])(node)));
  }
  close(exactObjective(deep, depth), exactObjective(deep, depthLogitPolicy([0.3, -1, 2, 0.1])), 1e-15);
  const table = logitTreePolicy(Array.from({ length: 15 }, (_, i) => i - 7), "perNode");
  assert.equal(table.logitIndex(9), 9);
  close(table(9)[1], 1 / (1 + Math.exp(-2)), 1e-15);
  assert.equal(logitCount(4, "shared"), 1);
  assert.equal(logitCount(4, "perDepth"), 4);
  assert.equal(logitCount(4, "perNode"), 15);
  assert.throws(() => logitTreePolicy([1, 2], "shared"), /one parameter/);
  assert.throws(() => exactObjective(deep, logitTreePolicy([1, 2], "perDepth")), /needs logit 2/);
});

test("repeatedProblem plays the base game again and again: R(τ) is the sum of the rounds' returns", () => {
  const three = repeatedProblem(two, 3);
  assert.equal(three.horizon, 6);
  const all = enumerateTrajectories(three, sharedLogitPolicy(0));
  assert.equal(all.length, 64);
  const baseReturn = (a: number, b: number) => [1, 1, -1, 3][2 * a + b];
  for (const { trajectory } of all) {
    const a = trajectory.actions;
    assert.deepEqual(trajectory.rewards, [0, 1, 2].flatMap((r) => (a[2 * r] === 0 ? [1, 0] : [0, a[2 * r + 1] === 1 ? 3 : -1])));
    assert.equal(trajectory.totalReturn, baseReturn(a[0], a[1]) + baseReturn(a[2], a[3]) + baseReturn(a[4], a[5]));
  }
  for (const theta of [-2, 0, 0.8]) close(exactObjective(three, sharedLogitPolicy(theta)), 3 * exactObjective(two, sharedLogitPolicy(theta)), 1e-12);
  assert.deepEqual(Array.from(repeatedProblem(two, 1).rewards), Array.from(two.rewards));
  assert.throws(() => repeatedProblem(two, 0), /rounds/);
});

test("the exact gradient by enumeration equals the hand-derived closed forms of the two-step problem", () => {
  for (const [t1, t2] of [[0, 0], [0.5, -0.5], [2, -1], [-3, 3], [1.2, 0.4]]) {
    const g = exactGradient(two, logitTreePolicy([t1, t2], "perDepth"));
    const [c1, c2] = twoStepGradient(t1, t2);
    close(g[0], c1, 1e-12, "∂θ₁");
    close(g[1], c2, 1e-12, "∂θ₂");
  }
  for (const theta of [-4, -Math.log(3), 0, 0.9]) close(exactGradient(two, logitTreePolicy([theta], "shared"))[0], twoStepSharedGradient(theta), 1e-12);
  // at the bottom of the dip of J(θ) = 1 − 2p + 4p², θ = −ln 3, the slope is zero
  close(twoStepSharedGradient(-Math.log(3)), 0, 1e-15);
});

test("the exact gradient equals central finite differences of J on random trees, for every tying", () => {
  const rng = new Rng(2);
  for (const tying of ["shared", "perDepth", "perNode"] as const) {
    for (let k = 0; k < 3; k++) {
      const tree = randomTree(4, rng);
      const policy = randomPolicy(4, tying, rng);
      const g = exactGradient(tree, policy);
      const h = 1e-5;
      policy.theta.forEach((_, i) => {
        const shifted = (delta: number) => exactObjective(tree, logitTreePolicy(policy.theta.map((t, j) => (j === i ? t + delta : t)), tying));
        close(g[i], (shifted(h) - shifted(-h)) / (2 * h), 1e-7, `${tying} component ${i}`);
      });
    }
  }
});

test("the trajectory score is the gradient of log P(τ|θ)", () => {
  const rng = new Rng(3);
  const tree = randomTree(3, rng);
  const policy = randomPolicy(3, "perNode", rng);
  const logP = (theta: Float64Array, actions: number[]) => {
    const p = logitTreePolicy(theta, "perNode");
    return Math.log(enumerateTrajectories(tree, p).find((t) => t.trajectory.actions.join() === actions.join())!.probability);
  };
  for (const { trajectory } of enumerateTrajectories(tree, policy)) {
    const score = trajectoryScore(policy, trajectory);
    policy.theta.forEach((_, i) => {
      const h = 1e-6;
      const plus = policy.theta.map((t, j) => (j === i ? t + h : t));
      const minus = policy.theta.map((t, j) => (j === i ? t - h : t));
      close(score[i], (logP(plus, trajectory.actions) - logP(minus, trajectory.actions)) / (2 * h), 1e-6, `component ${i}`);
    });
  }
});

test("step weights: R(τ) at every step, the reward-to-go, and the source lesson's per-episode standardisation", () => {
  const trajectory = { nodes: [0, 2, 5], actions: [1, 1, 0], rewards: [2, -1, 5], totalReturn: 6 };
  assert.deepEqual(Array.from(stepAdvantages(trajectory, "return")), [6, 6, 6]);
  assert.deepEqual(Array.from(stepAdvantages(trajectory, "rewardToGo")), [6, 4, 5]);
  const z = stepAdvantages(trajectory, "standardised");
  close(z.reduce((a, b) => a + b, 0), 0, 1e-12);
  close(z[0], (6 - 5) / (1 + 1e-8), 1e-12); // mean 5, sample std 1
});

test("with no baseline, a constant one, the optimal one, or reward-to-go, the estimator's mean is exactly ∇J", () => {
  const rng = new Rng(4);
  const cases: [DecisionTree, ReturnType<typeof randomPolicy>][] = [
    [two, logitTreePolicy([0.5, -0.5], "perDepth")],
    [repeatedProblem(two, 3), logitTreePolicy([0.5, -0.5, 0.5, -0.5, 0.5, -0.5], "perDepth")],
    [randomTree(4, rng), randomPolicy(4, "perNode", rng)],
    [randomTree(5, rng), randomPolicy(5, "shared", rng)],
  ];
  for (const [tree, policy] of cases) {
    const g = exactGradient(tree, policy);
    for (const weights of ["return", "rewardToGo"] as const) {
      for (const baseline of ["none", 1.7, -3, "optimal"] as const) {
        const m = estimatorMoments(tree, policy, { weights, baseline });
        m.mean.forEach((v, i) => close(v, g[i], 1e-12, `${weights} − ${baseline}, component ${i}`));
      }
    }
  }
});

test("the source lesson's standardised weights are biased: their mean is not ∇J", () => {
  const tree = repeatedProblem(two, 3);
  const policy = logitTreePolicy([0.5, -0.5, 0.5, -0.5, 0.5, -0.5], "perDepth");
  const m = estimatorMoments(tree, policy, { weights: "standardised", baseline: "none" });
  const c = cosine(m.mean, exactGradient(tree, policy));
  assert.ok(c > 0.5 && c < 0.8, `cos ${c}`);
  assert.throws(() => estimatorMoments(tree, policy, { weights: "standardised", baseline: "optimal" }), /already centred/);
});

test("b* is the lowest point of the variance parabola, per component, and matches E[S²R]/E[S²] for whole returns", () => {
  const rng = new Rng(5);
  for (const [tree, policy] of [
    [two, logitTreePolicy([0.5, -0.5], "perDepth")],
    [randomTree(4, rng), randomPolicy(4, "perDepth", rng)],
  ] as const) {
    for (const weights of ["return", "rewardToGo"] as Weights[]) {
      const bStar = optimalBaseline(tree, policy, weights);
      const all = enumerateTrajectories(tree, policy);
      const varianceAt = (b: ArrayLike<number>) => {
        const first = new Float64Array(policy.theta.length);
        const second = new Float64Array(policy.theta.length);
        for (const { trajectory, probability } of all) {
          singleSampleGradient(policy, trajectory, weights, b).forEach((g, i) => {
            first[i] += probability * g;
            second[i] += probability * g * g;
          });
        }
        return second.map((s, i) => s - first[i] ** 2);
      };
      const atOptimum = varianceAt(bStar);
      for (const delta of [-0.5, -0.01, 0.01, 0.5]) {
        const nearby = varianceAt(bStar.map((b) => b + delta));
        nearby.forEach((v, i) => assert.ok(v > atOptimum[i], `${weights}: moving b*[${i}] by ${delta} should raise the variance`));
      }
      const noBaseline = varianceAt(new Float64Array(policy.theta.length));
      noBaseline.forEach((v, i) => assert.ok(v >= atOptimum[i] - 1e-12));
      if (weights === "return") {
        // the textbook form E[(∂ log P)² R] / E[(∂ log P)²]
        bStar.forEach((b, i) => {
          let num = 0;
          let den = 0;
          for (const { trajectory, probability } of all) {
            const s = trajectoryScore(policy, trajectory)[i];
            num += probability * s * s * trajectory.totalReturn;
            den += probability * s * s;
          }
          close(b, num / den, 1e-12);
        });
      }
    }
  }
});

test("variance ratios: baselines and reward-to-go cut the variance, exactly and as measured", () => {
  const tree = repeatedProblem(two, 3);
  const policy = logitTreePolicy([0.5, -0.5, 0.5, -0.5, 0.5, -0.5], "perDepth");
  const exact = (spec: EstimatorSpec) => estimatorMoments(tree, policy, spec).totalVariance;
  const none = exact(plain);
  const J = exactObjective(tree, policy);
  close(averageWeight(tree, policy, "return"), J, 1e-12);
  const ratios = {
    constant: none / exact({ weights: "return", baseline: J }),
    optimal: none / exact({ weights: "return", baseline: "optimal" }),
    rewardToGo: none / exact({ weights: "rewardToGo", baseline: "none" }),
    both: none / exact({ weights: "rewardToGo", baseline: "optimal" }),
  };
  assert.ok(ratios.constant > 1.5, JSON.stringify(ratios));
  assert.ok(ratios.optimal >= ratios.constant, JSON.stringify(ratios));
  assert.ok(ratios.rewardToGo > 1.5, JSON.stringify(ratios));
  assert.ok(ratios.both > 2.8 && ratios.both > ratios.optimal && ratios.both > ratios.rewardToGo, JSON.stringify(ratios));

  // the same from samples (the same trajectories for every estimator)
  const trajectories = sampleTrajectories(tree, policy, 40_000, new Rng(6));
  const measured = (spec: EstimatorSpec) => summariseGradients(perSampleGradients(tree, policy, trajectories, spec)).totalVariance;
  const measuredNone = measured(plain);
  close(measuredNone / none, 1, 0.06, "measured vs exact variance");
  close(measuredNone / measured({ weights: "rewardToGo", baseline: "optimal" }), ratios.both, 0.1 * ratios.both, "measured ratio");
  close(measuredNone / measured({ weights: "return", baseline: "optimal" }), ratios.optimal, 0.1 * ratios.optimal, "measured ratio");
});

test("the sampled estimate is unbiased: within 4 standard errors of ∇J, and its 95% intervals cover ∇J about 95% of the time", () => {
  const policy = logitTreePolicy([0.5, -0.5], "perDepth");
  const exact = exactGradient(two, policy);
  const rng = new Rng(7);
  for (const spec of [plain, { weights: "rewardToGo", baseline: "optimal" }] as EstimatorSpec[]) {
    const big = estimateGradient(two, policy, 200_000, rng, spec);
    big.mean.forEach((m, i) => assert.ok(Math.abs(m - exact[i]) < 4 * big.standardError[i], `${spec.weights}/${spec.baseline} component ${i}: ${m} vs ${exact[i]}`));
  }
  const [{ coverage }] = spreadBySampleSize(two, policy, plain, [200], 1000, rng);
  assert.ok(coverage > 0.925 && coverage < 0.97, `coverage ${coverage}`);
});

test("the unbiasedness check has teeth: weighing each step by the rewards *before* it moves the mean off ∇J", () => {
  // "reward-from-start" Σ_{k≤t} r_k instead of the reward-to-go Σ_{k≥t} r_k: a plausible slip that
  // the enumeration checks above must be able to tell from the real thing
  const policy = logitTreePolicy([0.5, -0.5], "perDepth");
  const exact = exactGradient(two, policy);
  const fromStart = new Float64Array(2);
  for (const { trajectory, probability } of enumerateTrajectories(two, policy)) {
    let running = 0;
    trajectory.nodes.forEach((node, t) => {
      running += trajectory.rewards[t];
      fromStart[policy.logitIndex(node)] += probability * (trajectory.actions[t] - policy(node)[1]) * running;
    });
  }
  assert.ok(Math.max(...Array.from(fromStart, (v, i) => Math.abs(v - exact[i]))) > 0.1);
});

test("the squared error of the estimate falls like 1/N with the exact single-trajectory variance", () => {
  const policy = logitTreePolicy([0.5, -0.5], "perDepth");
  const sizes = [16, 64, 256, 1024, 4096];
  const spread = spreadBySampleSize(two, policy, plain, sizes, 300, new Rng(8));
  const slope = logLogSlope(sizes, spread.map((s) => s.meanSquaredError));
  assert.ok(Math.abs(slope + 1) < 0.08, `slope ${slope}`);
  const single = estimatorMoments(two, policy, plain).totalVariance;
  spread.forEach((s) => close((s.meanSquaredError * s.samples) / single, 1, 0.2, `N = ${s.samples}`));
});

test("b* estimated from samples approaches the exact b*", () => {
  const tree = repeatedProblem(two, 2);
  const policy = logitTreePolicy([0.5, -0.5, 1, 0.2], "perDepth");
  for (const weights of ["return", "rewardToGo"] as const) {
    const exact = optimalBaseline(tree, policy, weights);
    const estimated = estimateOptimalBaseline(policy, sampleTrajectories(tree, policy, 50_000, new Rng(9)), weights);
    exact.forEach((b, i) => close(estimated[i], b, 0.06, `${weights} b*[${i}]`));
  }
});

test("batch clouds: every estimator sees the same batches, one mean per batch", () => {
  const tree = twoStepProblem();
  const policy = logitTreePolicy([0.5, -0.5], "perDepth");
  const plain = { weights: "return", baseline: "none" } as const;
  const withOptimal = { weights: "return", baseline: "optimal" } as const;
  const [cloudPlain, cloudOptimal] = batchEstimateClouds(tree, policy, [plain, withOptimal], { batchSize: 5, batches: 3 }, new Rng(7));
  assert.equal(cloudPlain.length, 3);
  const rng = new Rng(7);
  for (let k = 0; k < 3; k++) {
    const batch = sampleTrajectories(tree, policy, 5, rng);
    assert.deepEqual(cloudPlain[k], summariseGradients(perSampleGradients(tree, policy, batch, plain)).mean);
    assert.deepEqual(cloudOptimal[k], summariseGradients(perSampleGradients(tree, policy, batch, withOptimal)).mean);
  }
  assert.notDeepEqual(cloudPlain[0], cloudOptimal[0], "the baseline changes a batch's estimate");
});
