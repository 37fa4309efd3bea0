// Step 3 of the loop, gradient estimation (梯度估计): the score-function estimator of ∇θ J on the
// decision-tree problems, and the exact gradient it estimates, so that every claim about the
// estimator (unbiased, variance, baselines, reward-to-go) can be checked against the truth.
//
// The log-derivative trick ∇P(τ|θ) = P(τ|θ) ∇ log P(τ|θ) turns the gradient of an expectation into
// an expectation we can sample:
//   ∇J = Σ_τ ∇P(τ|θ) R(τ) = E_τ[∇ log P(τ|θ) R(τ)],   ∇ log P(τ|θ) = Σ_t ∇ log π(a_t|s_t),
// because the environment's own transitions do not depend on θ and drop out of the log.
import { enumerateTrajectories, type DecisionTree, type LogitTreePolicy, type Trajectory } from "../envs/decision_tree";
import { discountedReturns, standardise } from "../rl/returns";

/**
 * What multiplies ∇ log π(a_t|s_t) at step t:
 * - "return": the whole-trajectory return R(τ), at every step (the first form of the theorem);
 * - "rewardToGo": G_t = Σ_{k≥t} r_k, only the rewards the action could still influence;
 * - "standardised": G_t standardised over the episode's steps, (G_t − mean)/std, as the source lesson does.
 */
export type Weights = "return" | "rewardToGo" | "standardised";

/** Subtracted from every weight: nothing, a fixed number, or the variance-optimal constant b*. */
export type ConstantBaseline = "none" | "optimal" | number;

export interface EstimatorSpec {
  weights: Weights;
  baseline: ConstantBaseline;
}

/**
 * ∂ log π(a|n) / ∂θ[logitIndex(n)] = a − σ(θ) for π(right) = σ(θ), π(left) = 1 − σ(θ), action 1 = right.
 * It is the only non-zero entry of ∇θ log π(a|n): positive for "right", negative for "left".
 */
export function logProbSlope(policy: LogitTreePolicy, node: number, action: number): number {
  return action - policy(node)[1];
}

/** ∇θ log P(τ|θ) = Σ_t ∇θ log π(a_t|s_t), the score of the whole trajectory. */
export function trajectoryScore(policy: LogitTreePolicy, trajectory: Trajectory): Float64Array {
  const score = new Float64Array(policy.theta.length);
  trajectory.nodes.forEach((node, t) => {
    score[policy.logitIndex(node)] += logProbSlope(policy, node, trajectory.actions[t]);
  });
  return score;
}

/** The weight Ψ_t on each step's ∇log π, before any baseline (undiscounted, γ = 1, so that it matches J); the library calls these weights advantages. */
export function stepAdvantages(trajectory: Trajectory, weights: Weights): Float64Array {
  if (weights === "return") return new Float64Array(trajectory.rewards.length).fill(trajectory.totalReturn);
  const toGo = discountedReturns(trajectory.rewards, 1);
  return weights === "rewardToGo" ? toGo : standardise(toGo);
}

/**
 * One trajectory's gradient estimate g(τ) = Σ_t ∇ log π(a_t|s_t) (w_t − b). The baseline may be one
 * number or one per parameter (b_i is subtracted in the terms that feed component i).
 */
export function singleSampleGradient(
  policy: LogitTreePolicy,
  trajectory: Trajectory,
  weights: Weights,
  baseline: number | ArrayLike<number> = 0,
): Float64Array {
  const w = stepAdvantages(trajectory, weights);
  const g = new Float64Array(policy.theta.length);
  trajectory.nodes.forEach((node, t) => {
    const i = policy.logitIndex(node);
    const b = typeof baseline === "number" ? baseline : baseline[i];
    g[i] += logProbSlope(policy, node, trajectory.actions[t]) * (w[t] - b);
  });
  return g;
}

/**
 * The exact gradient ∇J = Σ_τ ∇P(τ|θ) R(τ), with ∇P(τ|θ) from the product rule on
 * P(τ|θ) = Π_t π(a_t|s_t) and ∂π(right)/∂θ = σ(θ)(1 − σ(θ)). It never takes a logarithm, so it is an
 * independent check on the log-derivative trick rather than a use of it.
 */
export function exactGradient(tree: DecisionTree, policy: LogitTreePolicy): Float64Array {
  const gradient = new Float64Array(policy.theta.length);
  for (const { trajectory } of enumerateTrajectories(tree, policy)) {
    const probabilities = trajectory.nodes.map((node, t) => policy(node)[trajectory.actions[t]]);
    trajectory.nodes.forEach((node, t) => {
      const right = policy(node)[1];
      const slope = (trajectory.actions[t] === 1 ? 1 : -1) * right * (1 - right); // ∂π(a_t|s_t)/∂θ
      let others = 1;
      probabilities.forEach((p, k) => {
        if (k !== t) others *= p;
      });
      gradient[policy.logitIndex(node)] += slope * others * trajectory.totalReturn;
    });
  }
  return gradient;
}

/**
 * Closed form for the two-step problem with one logit per step: J = 1 − 2p₁ + 4p₁p₂, so
 * ∂J/∂θ₁ = p₁(1 − p₁)(4p₂ − 2) and ∂J/∂θ₂ = 4p₁ · p₂(1 − p₂), with p_d = σ(θ_d).
 */
export function twoStepGradient(theta1: number, theta2: number): [number, number] {
  const p1 = 1 / (1 + Math.exp(-theta1));
  const p2 = 1 / (1 + Math.exp(-theta2));
  return [p1 * (1 - p1) * (4 * p2 - 2), 4 * p1 * p2 * (1 - p2)];
}

/** Closed form for the two-step problem with one shared logit: J = 1 − 2p + 4p², dJ/dθ = (8p − 2) p(1 − p). */
export function twoStepSharedGradient(theta: number): number {
  const p = 1 / (1 + Math.exp(-theta));
  return (8 * p - 2) * p * (1 - p);
}

/**
 * The variance-optimal constant baseline, per parameter, by enumeration. The estimator's component
 * is g_i − b·S_i, where g_i is the estimate without a baseline and S_i = Σ_t ∂_i log π(a_t|s_t) has
 * mean zero (that is why any constant baseline leaves the estimator unbiased). Its variance
 * E[(g_i − b S_i)²] − (∂_i J)² is a parabola in b with its lowest point at
 *   b*_i = E[g_i S_i] / E[S_i²],
 * which for whole-return weights is E[S_i² R(τ)] / E[S_i²]: the average return, weighted by how
 * strongly the trajectory pulls on θ_i.
 */
export function optimalBaseline(tree: DecisionTree, policy: LogitTreePolicy, weights: Weights): Float64Array {
  const moments = enumerateTrajectories(tree, policy).map(({ trajectory, probability }) => ({
    probability,
    g: singleSampleGradient(policy, trajectory, weights, 0),
    s: trajectoryScore(policy, trajectory),
  }));
  return baselineFromMoments(moments, policy.theta.length);
}

/**
 * The same b*_i = Σ g_i S_i / Σ S_i², estimated from sampled trajectories (what an agent that
 * cannot enumerate would use). Estimated from the very batch it is applied to, it adds a bias of
 * order 1/N; the experiments here use the exact b* so that the estimator stays exactly unbiased.
 */
export function estimateOptimalBaseline(policy: LogitTreePolicy, trajectories: Trajectory[], weights: Weights): Float64Array {
  const moments = trajectories.map((trajectory) => ({
    probability: 1 / trajectories.length,
    g: singleSampleGradient(policy, trajectory, weights, 0),
    s: trajectoryScore(policy, trajectory),
  }));
  return baselineFromMoments(moments, policy.theta.length);
}

/**
 * b*_i = Σ p g_i S_i / Σ p S_i² from per-trajectory moments (probability p, estimate g, score S); 0 where
 * no trajectory pulls on θ_i at all.
 */
export function baselineFromMoments(moments: { probability: number; g: ArrayLike<number>; s: ArrayLike<number> }[], size: number): Float64Array {
  const numerator = new Float64Array(size);
  const denominator = new Float64Array(size);
  for (const { probability, g, s } of moments) {
    for (let i = 0; i < size; i++) {
      numerator[i] += probability * g[i] * s[i];
      denominator[i] += probability * s[i] * s[i];
    }
  }
  return numerator.map((n, i) => (denominator[i] > 0 ? n / denominator[i] : 0));
}

/**
 * The average weight E[mean_t w_t], over trajectories and steps: the natural constant baseline.
 * For whole-return weights it is J itself; for reward-to-go, the average return still to come.
 */
export function averageWeight(tree: DecisionTree, policy: LogitTreePolicy, weights: Weights): number {
  let total = 0;
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    const w = stepAdvantages(trajectory, weights);
    total += (probability * w.reduce((a, b) => a + b, 0)) / w.length;
  }
  return total;
}

/** The baseline an estimator subtracts, as a number or one value per parameter. */
export function resolveBaseline(tree: DecisionTree, policy: LogitTreePolicy, spec: EstimatorSpec): number | Float64Array {
  if (spec.baseline === "none") return 0;
  if (typeof spec.baseline === "number") return spec.baseline;
  if (spec.weights === "standardised") throw new Error("standardised weights are already centred: use them without a baseline");
  return optimalBaseline(tree, policy, spec.weights);
}
