// What an environment is to the rest of the library: Gymnasium's reset/step interface, plus the
// facts a trainer needs to size its networks and judge its runs. Rollout, evaluation and the
// trainers see only this; CartPole (envs/cartpole.ts), Pendulum (envs/pendulum.ts) and the lessons'
// decision problems (envs/decision_tree.ts) implement it. What an action is comes from the spec's action space
// (envs/spaces.ts): the trainers do not assume discrete actions.
import type { Rng } from "../core/random";
import type { Action, ActionSpace } from "./spaces";

export type { Action, ActionSpace } from "./spaces";

export interface EnvSpec {
  /** Gymnasium's id, e.g. "CartPole-v1". */
  id: string;
  observationSize: number;
  /** What an action is: one of n (Discrete) or a vector within bounds (Box). */
  actionSpace: ActionSpace;
  /** The time limit: an episode still running after this many steps is cut off (truncated). */
  maxEpisodeSteps: number;
  /** Solved when the mean return of the last 100 episodes reaches this; null when there is no such bar. */
  rewardThreshold: number | null;
}

export interface StepResult {
  observation: Float32Array;
  reward: number;
  /** The episode ended by the environment's own rule (the pole fell, the leaf was reached). */
  terminated: boolean;
  /** The episode was cut off by the time limit. */
  truncated: boolean;
}

export interface Env {
  readonly spec: EnvSpec;
  /** Starts an episode; returns the first observation. */
  reset(): Float32Array;
  /**
   * One step: an index for a discrete action space, a vector for a box. The vector is the caller's and
   * may be reused after the call: copy what you keep.
   */
  step(action: Action): StepResult;
}

/** A kind of environment: its spec, and how to make one that draws its randomness from `rng`. */
export interface EnvType {
  spec: EnvSpec;
  make(rng: Rng): Env;
}
