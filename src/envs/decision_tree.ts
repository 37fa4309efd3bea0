// A decision problem small enough to enumerate: `horizon` steps, two actions per step, and the
// state is the path taken so far (a node of a binary tree). Every trajectory τ and its probability
// can be listed, so J(θ) = Σ_τ P(τ|θ) R(τ) is known exactly and sampled estimates can be checked.
import type { Rng } from "../core/random";

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

/**
 * How the logits θ are tied to the nodes: one logit for every node ("shared"), one per depth
 * ("perDepth"), or one per node ("perNode", a tabular policy). π(right | n) = σ(θ[logitIndex(n)]).
 */
export type LogitTying = "shared" | "perDepth" | "perNode";

/** A tree policy that also exposes its parameters, so that ∇θ log π can be computed for it. */
export interface LogitTreePolicy extends TreePolicy {
  readonly theta: Float64Array;
  readonly tying: LogitTying;
  /** Which logit decides at node n. */
  logitIndex(node: number): number;
}

/** How many logits a policy with this tying needs on a tree of this horizon. */
export function logitCount(horizon: number, tying: LogitTying): number {
  return tying === "shared" ? 1 : tying === "perDepth" ? horizon : nodeCount(horizon);
}

/**
 * π(right | n) = σ(θ[logitIndex(n)]). With "shared" it behaves as sharedLogitPolicy(θ[0]), with
 * "perDepth" as depthLogitPolicy(θ); it keeps θ so the estimators can differentiate log π.
 */
export function logitTreePolicy(theta: ArrayLike<number>, tying: LogitTying): LogitTreePolicy {
  const logits = Float64Array.from(theta);
  if (tying === "shared" && logits.length !== 1) throw new Error(`a shared-logit policy has one parameter, got ${logits.length}`);
  const logitIndex = tying === "shared" ? () => 0 : tying === "perDepth" ? depthOf : (node: number) => node;
  const byLogit = Array.from(logits, (t) => {
    const right = sigmoid(t);
    return [1 - right, right];
  });
  const policy = (node: number) => {
    const probabilities = byLogit[logitIndex(node)];
    if (probabilities === undefined) throw new Error(`node ${node} needs logit ${logitIndex(node)}, but the policy has ${logits.length}`);
    return probabilities;
  };
  return Object.assign(policy, { theta: logits, tying, logitIndex });
}

/**
 * The same game played `rounds` times in a row: a tree of horizon base.horizon × rounds whose
 * rewards at each step are the base game's rewards at the matching place in the current round.
 * So R(τ) is the sum of the rounds' returns, and rewards arrive along the way, not only at the end
 * (what makes the reward-to-go G_t differ from the whole return R(τ)).
 */
export function repeatedProblem(base: DecisionTree, rounds: number): DecisionTree {
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive integer, got ${rounds}`);
  const horizon = base.horizon * rounds;
  const rewards = new Float64Array(2 * nodeCount(horizon));
  // walk the long tree, keeping track of the node reached inside the current round of the base game
  const walk = (node: number, depth: number, baseNode: number) => {
    if (depth === horizon) return;
    for (let action = 0; action < 2; action++) {
      rewards[2 * node + action] = base.rewards[2 * baseNode + action];
      const next = childOf(baseNode, action);
      walk(childOf(node, action), depth + 1, (depth + 1) % base.horizon === 0 ? 0 : next);
    }
  };
  walk(0, 0, 0);
  return makeTree(horizon, rewards, base.actionNames);
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

/** A readable name for a state (a node): "start", or the path that led to it, e.g. "after right". */
export function describeState(tree: DecisionTree, node: number): string {
  const path: string[] = [];
  for (let n = node; n > 0; n = Math.floor((n - 1) / 2)) path.unshift(tree.actionNames[(n - 1) % 2]);
  return path.length === 0 ? "start" : `after ${path.join(" → ")}`;
}

/** A readable name for a trajectory, e.g. "right → left". */
export function describeTrajectory(tree: DecisionTree, trajectory: Trajectory): string {
  return trajectory.actions.map((a) => tree.actionNames[a]).join(" → ");
}
