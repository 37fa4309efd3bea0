// The expected grad-log-prob lemma: in every state s,
//   E_{a∼π(·|s)}[∇θ log π(a|s)] = Σ_a π(a|s) ∇θ log π(a|s) = Σ_a ∇θ π(a|s) = ∇θ Σ_a π(a|s) = ∇θ 1 = 0,
// and the two things it allows: a baseline b(s_t) that depends on the state (not on the action), and
// dropping the rewards that came before an action (reward-to-go). Both are terms of the form
// E[∇θ log π(a_t|s_t) · w], with w fixed once s_t (and the path to it) is known, so they vanish.
import { enumerateTrajectories, type DecisionTree, type LogitTreePolicy, type Trajectory } from "../envs/decision_tree";
import { freeingTensors, tf } from "../core/tf";
import { logProbSlope } from "./score_function";

/** Σ_a π(a) ∇z log π(a) for a softmax over `logits`, by automatic differentiation of log π (float32). */
export function expectedSoftmaxScore(logits: ArrayLike<number>): Float64Array {
  return freeingTensors(() => {
    const z = tf.tensor1d(Array.from(logits), "float32");
    const pi = tf.softmax(z).dataSync();
    const total = new Float64Array(logits.length);
    for (let a = 0; a < logits.length; a++) {
      const pick = tf.oneHot(tf.tensor1d([a], "int32"), logits.length).reshape([logits.length]);
      const score = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(x), pick)))(z).dataSync();
      for (let k = 0; k < logits.length; k++) total[k] += pi[a] * score[k];
    }
    return total;
  });
}

/**
 * E_τ[Σ_t ∇θ log π(a_t|s_t) · weight(τ, t)], exactly, by enumerating every trajectory. With
 * weight = the whole return it is ∇J (the policy gradient theorem); the lemma says it is 0 for any
 * weight that is fixed before a_t is drawn.
 */
export function scoreWeightedExpectation(tree: DecisionTree, policy: LogitTreePolicy, weight: (trajectory: Trajectory, t: number) => number): Float64Array {
  const total = new Float64Array(policy.theta.length);
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    trajectory.nodes.forEach((node, t) => {
      total[policy.logitIndex(node)] += probability * logProbSlope(policy, node, trajectory.actions[t]) * weight(trajectory, t);
    });
  }
  return total;
}

/** The rewards before step t, Σ_{k<t} r_k (what reward-to-go drops), and from step t on, G_t (what it keeps). */
export const rewardsBefore = (trajectory: Trajectory, t: number) => trajectory.rewards.slice(0, t).reduce((a, b) => a + b, 0);
export const rewardsFrom = (trajectory: Trajectory, t: number) => trajectory.rewards.slice(t).reduce((a, b) => a + b, 0);
