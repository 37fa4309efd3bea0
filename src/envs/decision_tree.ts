// A decision problem small enough to enumerate: `horizon` steps, two actions per step, and the
// state is the path taken so far (a node of a binary tree). Every trajectory τ and its probability
// can be listed, so J(θ) = Σ_τ P(τ|θ) R(τ) is known exactly and sampled estimates can be checked.
import type { Rng } from "../random";

export interface DecisionTree {
  horizon: number;
  /** Reward for taking action a at node n is rewards[2n + a]; nodes are numbered breadth-first. */
  rewards: Float64Array;
  actionNames: [string, string];
}

/** Action probabilities [π(0|n), π(1|n)] at each node n. */
export type TreePolicy = (node: number) => ArrayLike<number>;

export interface Trajectory {
  nodes: number[];
  actions: number[];
  rewards: number[];
  /** R(τ): the sum of the rewards along the trajectory. */
  totalReturn: number;
}

export function nodeCount(horizon: number): number {
  return 2 ** horizon - 1;
}

export function childOf(node: number, action: number): number {
  return 2 * node + 1 + action;
}

export function makeTree(horizon: number, rewards: ArrayLike<number>, actionNames: [string, string] = ["left", "right"]): DecisionTree {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 16) throw new Error(`horizon must be an integer in [1, 16], got ${horizon}`);
  if (rewards.length !== 2 * nodeCount(horizon)) {
    throw new Error(`a tree of horizon ${horizon} needs ${2 * nodeCount(horizon)} rewards (two per node), got ${rewards.length}`);
  }
  return { horizon, rewards: Float64Array.from(rewards), actionNames };
}

/**
 * Two choices in a row. "left" first is safe (+1, then nothing); "right" first earns nothing, but
 * opens a second choice: "right" again pays +3, "left" costs −1. So R(τ) ∈ {1, 1, −1, 3}.
 */
export function twoStepProblem(): DecisionTree {
  // node 0 = start, node 1 = after "left", node 2 = after "right"
  return makeTree(2, [1, 0, /* after left */ 0, 0, /* after right */ -1, 3]);
}

/** The same probability of "right", σ(θ), at every node: one parameter θ for the whole policy. */
export function sharedLogitPolicy(theta: number): TreePolicy {
  const right = sigmoid(theta);
  const probabilities = [1 - right, right];
  return () => probabilities;
}

/** One logit per depth: π(right | node at depth d) = σ(θ_d). */
export function depthLogitPolicy(thetas: ArrayLike<number>): TreePolicy {
  const byDepth = Array.from(thetas, (theta) => {
    const right = sigmoid(theta);
    return [1 - right, right];
  });
  return (node) => byDepth[depthOf(node)];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function depthOf(node: number): number {
  return Math.floor(Math.log2(node + 1));
}

/** Every trajectory with its probability under the policy (2^horizon of them). */
export function enumerateTrajectories(tree: DecisionTree, policy: TreePolicy): { trajectory: Trajectory; probability: number }[] {
  const out: { trajectory: Trajectory; probability: number }[] = [];
  const walk = (node: number, depth: number, probability: number, nodes: number[], actions: number[], rewards: number[]) => {
    if (depth === tree.horizon) {
      out.push({ trajectory: { nodes, actions, rewards, totalReturn: rewards.reduce((a, b) => a + b, 0) }, probability });
      return;
    }
    const pi = policy(node);
    for (let action = 0; action < 2; action++) {
      walk(childOf(node, action), depth + 1, probability * pi[action], [...nodes, node], [...actions, action], [
        ...rewards,
        tree.rewards[2 * node + action],
      ]);
    }
  };
  walk(0, 0, 1, [], [], []);
  return out;
}

/** Plays the policy once from the root. */
export function sampleTrajectory(tree: DecisionTree, policy: TreePolicy, rng: Rng): Trajectory {
  const nodes: number[] = [];
  const actions: number[] = [];
  const rewards: number[] = [];
  let node = 0;
  let totalReturn = 0;
  for (let depth = 0; depth < tree.horizon; depth++) {
    const action = rng.categorical(policy(node));
    const reward = tree.rewards[2 * node + action];
    nodes.push(node);
    actions.push(action);
    rewards.push(reward);
    totalReturn += reward;
    node = childOf(node, action);
  }
  return { nodes, actions, rewards, totalReturn };
}

/** A readable name for a trajectory, e.g. "right → left". */
export function describeTrajectory(tree: DecisionTree, trajectory: Trajectory): string {
  return trajectory.actions.map((a) => tree.actionNames[a]).join(" → ");
}
