// The value of a state and of an action, computed exactly on a decision tree, and estimated from play.
//
//   return from step t      G_t = r_t + γ r_{t+1} + γ² r_{t+2} + …   (γ = 1: the plain sum)
//   state value             V^π(s)    = E_π[G_t | s_t = s]
//   action value            Q^π(s, a) = E_π[G_t | s_t = s, a_t = a] = r(s, a) + γ V^π(s')   (s' the state a leads to)
//   advantage               A^π(s, a) = Q^π(s, a) − V^π(s)
//
// and V^π(s) = Σ_a π(a|s) Q^π(s, a), so that Σ_a π(a|s) A^π(s, a) = 0: an action's advantage says
// how much better it does than the policy's own average at that state. On a tree the recursion
// runs from the last step back to the first; the root's value is the objective, V^π(root) = J(θ).
import { childOf, depthOf, enumerateTrajectories, nodeCount, sampleTrajectory, type DecisionTree, type Trajectory, type TreePolicy } from "../envs/decision_tree";
import type { Rng } from "../core/random";
import { discountedReturns } from "../rl/returns";
import { summarise } from "./objective";

export interface TreeValues {
  /** V^π(n) for every node n (numbered as in decision_tree.ts). */
  v: Float64Array;
  /** Q^π(n, a) at q[2n + a]. */
  q: Float64Array;
  /** A^π(n, a) = Q^π(n, a) − V^π(n) at advantage[2n + a]. */
  advantage: Float64Array;
}

/** V^π, Q^π and A^π at every node of the tree, by backward recursion, with discount γ (default 1). */
export function exactValues(tree: DecisionTree, policy: TreePolicy, gamma = 1): TreeValues {
  if (!(gamma >= 0 && gamma <= 1)) throw new Error(`the discount γ must lie in [0, 1], got ${gamma}`);
  const nodes = nodeCount(tree.horizon);
  const v = new Float64Array(nodes);
  const q = new Float64Array(2 * nodes);
  const advantage = new Float64Array(2 * nodes);
  for (let node = nodes - 1; node >= 0; node--) {
    const last = depthOf(node) === tree.horizon - 1;
    const pi = policy(node);
    for (let action = 0; action < 2; action++) {
      const next = last ? 0 : v[childOf(node, action)];
      q[2 * node + action] = tree.rewards[2 * node + action] + gamma * next;
      v[node] += pi[action] * q[2 * node + action];
    }
    for (let action = 0; action < 2; action++) advantage[2 * node + action] = q[2 * node + action] - v[node];
  }
  return { v, q, advantage };
}

/** Every trajectory with its probability and its discounted return from the first step, G_0 = Σ_t γ^t r_t. */
export function trajectoryReturns(tree: DecisionTree, policy: TreePolicy, gamma: number): { trajectory: Trajectory; probability: number; discounted: number }[] {
  return enumerateTrajectories(tree, policy).map(({ trajectory, probability }) => ({
    trajectory,
    probability,
    discounted: discountedReturns(trajectory.rewards, gamma)[0],
  }));
}

export interface SampledActionValue {
  node: number;
  action: number;
  /** How many of the sampled episodes took `action` at `node`. */
  visits: number;
  /** The mean of G_t over those visits (NaN when there were none). */
  mean: number;
  standardError: number;
}

/**
 * Q^π(n, a) estimated from `episodes` played with the policy: for every visit of node n where the
 * policy chose a, the return G_t that followed; averaged per (n, a). What an agent that can only play
 * learns about its actions.
 */
export function sampledActionValues(tree: DecisionTree, policy: TreePolicy, episodes: number, gamma: number, rng: Rng): SampledActionValue[] {
  // the returns that followed each (node, action), at slot 2n + a
  const followed: number[][] = Array.from({ length: 2 * nodeCount(tree.horizon) }, () => []);
  for (let episode = 0; episode < episodes; episode++) {
    const trajectory = sampleTrajectory(tree, policy, rng);
    const returns = discountedReturns(trajectory.rewards, gamma);
    trajectory.nodes.forEach((node, t) => followed[2 * node + trajectory.actions[t]].push(returns[t]));
  }
  return followed.map((returns, slot) => {
    const { estimate, standardError } = returns.length > 0 ? summarise(returns) : { estimate: Number.NaN, standardError: Number.NaN };
    return { node: Math.floor(slot / 2), action: slot % 2, visits: returns.length, mean: estimate, standardError };
  });
}
