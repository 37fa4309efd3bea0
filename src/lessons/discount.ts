// What a discounted REINFORCE loop estimates, exactly, on a decision tree. With G^γ_t = Σ_{k≥t} γ^{k−t} r_k:
//
//   ∇J      = E[Σ_t ∇log π(a_t|s_t) G^1_t]          the gradient of notebook 01's J = E[Σ_t r_t]
//   ∇J_γ    = E[Σ_t γ^t ∇log π(a_t|s_t) G^γ_t]      the gradient of the discounted J_γ = E[Σ_t γ^t r_t]
//   E[ĝ_γ]  = E[Σ_t ∇log π(a_t|s_t) G^γ_t]          what the source lesson's loop follows (no γ^t factor)
//
// The third is the gradient of neither objective when γ < 1 (Sutton & Barto's REINFORCE keeps the γ^t;
// Nota & Thomas, 2020, "Is the policy gradient a gradient?"): it drops the γ^t that discounts late
// steps' own votes, so late steps count as if each started the episode afresh.
import { enumerateTrajectories, type DecisionTree, type LogitTreePolicy } from "../envs/decision_tree";
import { discountedReturns } from "../rl/returns";
import { logProbSlope } from "./score_function";

/** E[Σ_t (γ^t or 1) ∇log π(a_t|s_t) G^γ_t], summed exactly over every trajectory. */
export function discountedEstimatorMean(tree: DecisionTree, policy: LogitTreePolicy, gamma: number, stepDiscount: boolean): Float64Array {
  const mean = new Float64Array(policy.theta.length);
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    const returns = discountedReturns(trajectory.rewards, gamma);
    trajectory.nodes.forEach((node, t) => {
      const weight = (stepDiscount ? gamma ** t : 1) * returns[t];
      mean[policy.logitIndex(node)] += probability * logProbSlope(policy, node, trajectory.actions[t]) * weight;
    });
  }
  return mean;
}

