// What an action is, as an environment declares it (Gymnasium's spaces): Discrete(n), one of n choices
// 0 … n − 1 (push the cart left or right), or Box(low, high), a vector of real numbers, each within its
// bounds (a torque). A policy is chosen by the space (src/rl/policies.ts); an episode keeps its actions
// flat, `actionSize` numbers per step (src/rl/rollout.ts).

export interface DiscreteSpace {
  kind: "discrete";
  /** Actions are 0 … n − 1. */
  n: number;
}

export interface BoxSpace {
  kind: "box";
  /** The smallest and largest value of each entry of the action vector. */
  low: number[];
  high: number[];
}

export type ActionSpace = DiscreteSpace | BoxSpace;

/** An action as an environment's step takes it: an index for a discrete space, a vector for a box. */
export type Action = number | Float32Array;

export function discrete(n: number): DiscreteSpace {
  if (!Number.isInteger(n) || n < 2) throw new Error(`a discrete action space needs at least 2 actions, got ${n}`);
  return { kind: "discrete", n };
}

export function box(low: number[], high: number[]): BoxSpace {
  if (low.length === 0 || low.length !== high.length || low.some((l, i) => !(l < high[i]))) {
    throw new Error(`a box action space needs bounds low < high of the same length, got [${low}] and [${high}]`);
  }
  return { kind: "box", low: [...low], high: [...high] };
}

/** How many numbers one action takes: 1 for a discrete action (its index), the vector's length for a box. */
export function actionSize(space: ActionSpace): number {
  return space.kind === "discrete" ? 1 : space.low.length;
}

/** "Discrete(2)", "Box([-2], [2])": the space as Gymnasium writes it, for messages. */
export function describeSpace(space: ActionSpace): string {
  return space.kind === "discrete" ? `Discrete(${space.n})` : `Box([${space.low.join(", ")}], [${space.high.join(", ")}])`;
}
