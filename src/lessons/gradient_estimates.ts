// Gradient estimates in numbers: the exact mean and variance of the score-function estimator (by
// enumerating every trajectory of a decision tree), and Monte Carlo estimates from sampled
// trajectories, with their spread as the sample grows. The estimator itself is score_function.ts.
import { enumerateTrajectories, sampleTrajectory, type DecisionTree, type LogitTreePolicy, type Trajectory } from "../envs/decision_tree";
import type { Rng } from "../core/random";
import { exactGradient, resolveBaseline, singleSampleGradient, type EstimatorSpec } from "./score_function";

export interface EstimatorMoments {
  /** E[g(τ)]: equal to ∇J exactly when the estimator is unbiased. */
  mean: Float64Array;
  /** Var[g_i(τ)] of one trajectory's estimate, per parameter; an N-sample mean has 1/N of it. */
  variance: Float64Array;
  /** Σ_i Var[g_i], the expected squared distance of one estimate from its mean. */
  totalVariance: number;
}

/** The exact mean and variance of a one-trajectory estimate, by enumerating every trajectory. */
export function estimatorMoments(tree: DecisionTree, policy: LogitTreePolicy, spec: EstimatorSpec): EstimatorMoments {
  const baseline = resolveBaseline(tree, policy, spec);
  const size = policy.theta.length;
  const first = new Float64Array(size);
  const second = new Float64Array(size);
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    const g = singleSampleGradient(policy, trajectory, spec.weights, baseline);
    for (let i = 0; i < size; i++) {
      first[i] += probability * g[i];
      second[i] += probability * g[i] * g[i];
    }
  }
  const variance = second.map((s, i) => Math.max(0, s - first[i] ** 2));
  return { mean: first, variance, totalVariance: variance.reduce((a, b) => a + b, 0) };
}

export function sampleTrajectories(tree: DecisionTree, policy: LogitTreePolicy, count: number, rng: Rng): Trajectory[] {
  return Array.from({ length: count }, () => sampleTrajectory(tree, policy, rng));
}

export interface GradientEstimate {
  samples: number;
  /** The Monte Carlo estimate (1/N) Σ_i g(τ_i). */
  mean: Float64Array;
  /** Sample variance of the per-trajectory estimates g_i(τ), per parameter. */
  variance: Float64Array;
  totalVariance: number;
  /** Standard error of each component of the mean: √(variance / N). */
  standardError: Float64Array;
}

/** Per-trajectory gradient estimates g(τ_1), …, g(τ_N) under one estimator, on given trajectories. */
export function perSampleGradients(
  tree: DecisionTree,
  policy: LogitTreePolicy,
  trajectories: Trajectory[],
  spec: EstimatorSpec,
): Float64Array[] {
  const baseline = resolveBaseline(tree, policy, spec);
  return trajectories.map((trajectory) => singleSampleGradient(policy, trajectory, spec.weights, baseline));
}

/** Mean, per-component variance and standard error of a set of gradient vectors. */
export function summariseGradients(gradients: Float64Array[]): GradientEstimate {
  const n = gradients.length;
  if (n < 2) throw new Error("summariseGradients needs at least two gradient vectors");
  const size = gradients[0].length;
  const mean = new Float64Array(size);
  for (const g of gradients) for (let i = 0; i < size; i++) mean[i] += g[i] / n;
  const variance = new Float64Array(size);
  for (const g of gradients) for (let i = 0; i < size; i++) variance[i] += (g[i] - mean[i]) ** 2 / (n - 1);
  return {
    samples: n,
    mean,
    variance,
    totalVariance: variance.reduce((a, b) => a + b, 0),
    standardError: variance.map((v) => Math.sqrt(v / n)),
  };
}

/** The score-function estimate of ∇J from `count` fresh trajectories. */
export function estimateGradient(tree: DecisionTree, policy: LogitTreePolicy, count: number, rng: Rng, spec: EstimatorSpec): GradientEstimate {
  return summariseGradients(perSampleGradients(tree, policy, sampleTrajectories(tree, policy, count, rng), spec));
}

/**
 * For each batch size N, `repeats` independent N-sample estimates: how far they scatter around ∇J
 * (mean squared distance, summed over components) and how often each component's 95% interval
 * covers the exact value.
 */
export function spreadBySampleSize(
  tree: DecisionTree,
  policy: LogitTreePolicy,
  spec: EstimatorSpec,
  sizes: number[],
  repeats: number,
  rng: Rng,
): { samples: number; meanSquaredError: number; coverage: number }[] {
  const exact = exactGradient(tree, policy);
  const baseline = resolveBaseline(tree, policy, spec);
  return sizes.map((samples) => {
    let squaredError = 0;
    let covered = 0;
    for (let r = 0; r < repeats; r++) {
      const estimate = summariseGradients(
        sampleTrajectories(tree, policy, samples, rng).map((trajectory) => singleSampleGradient(policy, trajectory, spec.weights, baseline)),
      );
      for (let i = 0; i < exact.length; i++) {
        squaredError += (estimate.mean[i] - exact[i]) ** 2;
        if (Math.abs(estimate.mean[i] - exact[i]) <= 1.96 * estimate.standardError[i]) covered++;
      }
    }
    return { samples, meanSquaredError: squaredError / repeats, coverage: covered / (repeats * exact.length) };
  });
}

/**
 * `batches` batches of `batchSize` trajectories; each batch gives one mean gradient per estimator,
 * all estimators computed from the same trajectories (so their clouds differ only by the estimator).
 */
export function batchEstimateClouds(
  tree: DecisionTree,
  policy: LogitTreePolicy,
  specs: EstimatorSpec[],
  options: { batchSize: number; batches: number },
  rng: Rng,
): Float64Array[][] {
  const clouds: Float64Array[][] = specs.map(() => []);
  for (let k = 0; k < options.batches; k++) {
    const batch = sampleTrajectories(tree, policy, options.batchSize, rng);
    specs.forEach((spec, j) => clouds[j].push(summariseGradients(perSampleGradients(tree, policy, batch, spec)).mean));
  }
  return clouds;
}

/** Euclidean length and cosine of the angle between two vectors (is an estimator's mean aligned with ∇J?). */
