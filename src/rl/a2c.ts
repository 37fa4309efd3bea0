// Advantage actor-critic (A2C, the synchronous form of Mnih et al. 2016). The seed contrasts policy
// gradient with actor-critic: "Actor-Critic learns a value critic; policy gradient does not (or only
// weakly)". Here is the difference as a method. REINFORCE with a value baseline still waits for the
// whole return G_t and only subtracts V(s_t); A2C *bootstraps*: it trusts the critic for everything
// beyond n steps,
//
//   A_t = r_t + γ r_{t+1} + … + γ^{n−1} r_{t+n−1} + γ^n V(s_{t+n}) − V(s_t),
//
// which trades the variance of a long sum of rewards for the bias of an imperfect critic. The actor
// (the policy) takes one step on −(1/K) Σ log π(a_t|s_t) A_t and the critic one step towards the same
// targets, from the same batch of episodes.
import type { ConfigSchema } from "../core/config_schema";
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { EnvType } from "../envs/env";
import { nStepAdvantages } from "./returns";
import type { Episode } from "./rollout";
import { copyEpisodicState, EpisodicTrainer, freshEpisodicState, validateWith, type EpisodicAlgorithm, type EpisodicConfig, type EpisodicState, type UpdateResult } from "./trainer";
import type { ValueFunction } from "./value_function";

export interface A2cConfig extends EpisodicConfig {
  gamma: number;
  /** n of the n-step targets: how many real rewards before the critic's estimate takes over. */
  nSteps: number;
  criticLearningRate: number;
}

export const A2C_CONFIG: A2cConfig = {
  episodes: 1000,
  episodesPerUpdate: 1,
  gamma: 0.99,
  nSteps: 20,
  learningRate: 1e-3,
  criticLearningRate: 1e-3,
  hidden: [128, 128],
  seed: 0,
};

/** A2C's settings: each field's range, default, command-line flag and help, declared once. */
export const A2C_SCHEMA: ConfigSchema<A2cConfig> = {
  defaults: A2C_CONFIG,
  fields: [
    { key: "episodes", kind: "integer", min: 1, max: 1_000_000, flag: "episodes", placeholder: "N", help: "total episodes", resumable: true },
    { key: "episodesPerUpdate", kind: "integer", min: 1, max: 1000, flag: "episodes-per-update", placeholder: "K", help: "episodes played before each update" },
    { key: "nSteps", kind: "integer", min: 1, max: 100_000, flag: "n-steps", placeholder: "N", help: "rewards summed before bootstrapping from the critic" },
    { key: "gamma", kind: "number", min: 0, max: 1, flag: "gamma", placeholder: "G", help: "discount factor in [0, 1]" },
    { key: "learningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "lr", placeholder: "LR", help: "Adam learning rate of the actor (the policy)" },
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "critic-lr", placeholder: "LR", help: "Adam learning rate of the critic" },
    { key: "hidden", kind: "sizes", flag: "hidden", placeholder: "SIZES", help: "hidden layer sizes of actor and critic, comma-separated" },
    { key: "seed", kind: "integer", min: 0, max: 2 ** 31 - 1, flag: "seed", placeholder: "S", help: "random seed for weights, environment and sampling" },
  ],
};

/**
 * Each episode's n-step advantages and the critic's targets, with critic V. An episode cut off by the
 * time limit bootstraps from V of its last observation; one that terminated from 0.
 */
export function a2cAdvantages(episodes: Episode[], critic: ValueFunction, gamma: number, nSteps: number): { advantages: Float64Array; targets: Float64Array }[] {
  return episodes.map((e) => {
    const values = critic.values(e.observations);
    const finalValue = e.truncated && !e.terminated ? critic.values(e.finalObservation)[0] : 0;
    return nStepAdvantages(e.rewards, values, finalValue, gamma, nSteps);
  });
}

export type A2cState = EpisodicState<A2cConfig>;

const criticRate = (config: A2cConfig): number => config.criticLearningRate;

export class A2c extends EpisodicTrainer<A2cConfig> {
  private constructor(state: A2cState, envType: EnvType) {
    super(state, envType, A2C_SCHEMA, criticRate);
  }

  /** A fresh run in `envType` (CartPole-v1 by default). */
  static create(config: A2cConfig, envType: EnvType = CARTPOLE_ENV): A2c {
    const clean = validateWith(A2C_SCHEMA, config);
    return new A2c(freshEpisodicState(clean, envType, criticRate(clean)), envType);
  }

  static fromState(state: A2cState, envType: EnvType = CARTPOLE_ENV): A2c {
    return new A2c(copyEpisodicState(state), envType);
  }

  /** The actor's step with the n-step advantages, then the critic's step towards the same targets. */
  protected learn(episodes: Episode[], step: number): UpdateResult {
    const estimates = a2cAdvantages(episodes, this.critic!.value, this.config.gamma, this.config.nSteps);
    const result = this.policyGradientStep(episodes, estimates.map((e) => e.advantages), step);
    this.fitCritic(episodes, estimates.map((e) => e.targets));
    return result;
  }
}

export const A2C: EpisodicAlgorithm<A2cConfig> = {
  name: "a2c",
  label: "A2C, advantage actor-critic: n-step advantages bootstrapped from a critic",
  schema: A2C_SCHEMA,
  create: A2c.create,
  fromState: A2c.fromState,
};
