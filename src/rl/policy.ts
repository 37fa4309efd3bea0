// The policy π_θ(a|s), as rollout, the trainers and evaluation see it, whatever the actions are (Spinning
// Up's actor interface): an MLP's parameters, acting one observation at a time (sample a ∼ π(·|s), or the
// most likely action for greedy evaluation, with log π(a|s) and the entropy of π(·|s)), and log π(a_t|s_t)
// over a batch as a TensorFlow.js tensor, which is all the losses need:
//   REINFORCE and A2C:  L = −Σ_t w_t log π(a_t|s_t)          (lossAndGradient below)
//   PPO:                L = −mean_t min(r_t A_t, clip(r_t) A_t), r_t = exp(log π − log π_old)
// Actions of a batch are flat, actionSize(space) numbers per step (the index of a discrete action).
// Implementations: src/rl/categorical_policy.ts (Discrete) and src/rl/gaussian_policy.ts (Box); which one a
// space gets: src/rl/policies.ts.
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import { actionSize, describeSpace, type Action, type ActionSpace } from "../envs/spaces";
import type { EnvSpec } from "../envs/env";
import type { MlpShape } from "../nets/mlp";
import type { LossAndGradient } from "../nets/mlp_tensors";

export type { LossAndGradient };

/**
 * One step of acting: the action, its log-probability under π, and the entropy of π(·|s) in nats (for a
 * Gaussian, the differential entropy, which is negative once σ < 1/√(2πe) ≈ 0.24).
 */
export interface ActionChoice {
  action: Action;
  logProb: number;
  entropy: number;
}

export interface Policy {
  readonly actionSpace: ActionSpace;
  /** The network's layers (what a model file stores). */
  readonly shape: MlpShape;
  /** The flat parameter vector (shared, not copied: the optimizer updates it in place). */
  readonly params: Float32Array;
  readonly observationSize: number;
  /** a ∼ π(·|s), or with `greedy` the most likely action; the returned object may be reused by the next call. */
  act(observation: ArrayLike<number>, rng: Rng, greedy: boolean): ActionChoice;
  /** log π(a_t|s_t) for every step of a batch, computed by TensorFlow.js. */
  logProbabilities(observations: Float32Array, actions: Float32Array): Float32Array;
  /** The pseudo-loss −Σ_t w_t log π(a_t|s_t) and its gradient (pseudoLossAndGradient below). */
  lossAndGradient(observations: Float32Array, actions: Float32Array, weights: Float32Array): LossAndGradient;
  /**
   * Any loss built from log π(a_t|s_t) (a tensor [T]) and its gradient, flat like `params`: the
   * REINFORCE pseudo-loss, or PPO's clipped surrogate (src/rl/ppo.ts).
   */
  surrogateLossAndGradient(observations: Float32Array, actions: Float32Array, loss: (logProb: tf.Tensor1D) => tf.Scalar): LossAndGradient;
}

/**
 * The policy-gradient pseudo-loss L(θ) = −Σ_t w_t log π_θ(a_t|s_t) and its gradient ∂L/∂θ, flat in the
 * layout of `params`. Its gradient is −Σ_t w_t ∇ log π(a_t|s_t): descending it makes actions with
 * positive weight more likely. Its value is not a performance measure.
 */
export function pseudoLossAndGradient(policy: Policy, observations: Float32Array, actions: Float32Array, weights: Float32Array): LossAndGradient {
  const steps = actions.length / actionSize(policy.actionSpace);
  if (weights.length !== steps) throw new Error(`${steps} actions need as many weights, got ${weights.length}`);
  return policy.surrogateLossAndGradient(observations, actions, (logProb) => tf.neg(tf.sum(tf.mul(logProb, tf.tensor1d(weights)))) as tf.Scalar);
}

/** Whether `policy` can act in an environment of `spec`: the same observations in, the same kind of actions out. */
export function policyFits(policy: Policy, spec: EnvSpec): boolean {
  return describeSpace(policy.actionSpace) === describeSpace(spec.actionSpace) && policy.observationSize === spec.observationSize;
}
