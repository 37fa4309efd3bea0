// The objective J(θ) = E_{τ∼π_θ}[R(τ)]: computed exactly where trajectories can be enumerated,
// and estimated by sampling, (1/N) Σ_i R(τ_i), which is all a real agent can do.
import { enumerateTrajectories, sampleTrajectory, type DecisionTree, type TreePolicy } from "../envs/decision_tree";
import type { Rng } from "../core/random";
import { mean, rmse, standardError } from "../core/stats";

/** J(θ) = Σ_τ P(τ|θ) · R(τ), summed over every trajectory. */
export function exactObjective(tree: DecisionTree, policy: TreePolicy): number {
  let total = 0;
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) total += probability * trajectory.totalReturn;
  return total;
}

/** R(τ_1), …, R(τ_N) for N trajectories sampled from the policy. */
export function sampleReturns(tree: DecisionTree, policy: TreePolicy, count: number, rng: Rng): Float64Array {
  const returns = new Float64Array(count);
  for (let i = 0; i < count; i++) returns[i] = sampleTrajectory(tree, policy, rng).totalReturn;
  return returns;
}

export interface Estimate {
  samples: number;
  estimate: number;
  standardError: number;
  /** The normal-approximation 95% confidence interval, estimate ± 1.96 · standard error. */
  low95: number;
  high95: number;
}

/** Ĵ = (1/N) Σ R(τ_i) with its standard error. */
export function monteCarloObjective(tree: DecisionTree, policy: TreePolicy, samples: number, rng: Rng): Estimate {
  return summarise(sampleReturns(tree, policy, samples, rng));
}

export function summarise(values: ArrayLike<number>): Estimate {
  const estimate = mean(values);
  const se = values.length > 1 ? standardError(values) : Number.NaN;
  return { samples: values.length, estimate, standardError: se, low95: estimate - 1.96 * se, high95: estimate + 1.96 * se };
}

/** For each sample size N, the root-mean-square error of Ĵ over `repeats` independent estimates. */
export function errorBySampleSize(
  tree: DecisionTree,
  policy: TreePolicy,
  sizes: number[],
  repeats: number,
  rng: Rng,
): { samples: number; rmse: number }[] {
  const exact = exactObjective(tree, policy);
  return sizes.map((samples) => {
    const estimates = Array.from({ length: repeats }, () => mean(sampleReturns(tree, policy, samples, rng)));
    return { samples, rmse: rmse(estimates, exact) };
  });
}

/** The exact spread of R(τ) under the policy: √(E[R²] − J²). A single sample's typical error. */
export function exactReturnStd(tree: DecisionTree, policy: TreePolicy): number {
  let first = 0;
  let second = 0;
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    first += probability * trajectory.totalReturn;
    second += probability * trajectory.totalReturn ** 2;
  }
  return Math.sqrt(Math.max(0, second - first ** 2));
}

/** How often the 95% interval of an N-sample estimate contains the exact J, over `repeats` tries. */
export function intervalCoverage(tree: DecisionTree, policy: TreePolicy, samples: number, repeats: number, rng: Rng): number {
  const exact = exactObjective(tree, policy);
  let covered = 0;
  for (let i = 0; i < repeats; i++) {
    const { low95, high95 } = monteCarloObjective(tree, policy, samples, rng);
    if (low95 <= exact && exact <= high95) covered++;
  }
  return covered / repeats;
}
