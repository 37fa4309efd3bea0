// Advantage actor-critic (A2C, the synchronous form of Mnih et al. 2016). The source lesson contrasts policy
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
import { nStepAdvantages } from "./returns";
import type { Episode } from "./rollout";
import { sharedField, type EpisodicConfig } from "./settings";
import { EpisodicTrainer, type EpisodicState, type UpdateResult } from "./trainer";
import type { ValueFunction } from "./value_function";

export interface A2cConfig extends EpisodicConfig {
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
    sharedField("episodes"),
    sharedField("episodesPerUpdate"),
    { key: "nSteps", kind: "integer", min: 1, max: 100_000, flag: "n-steps", placeholder: "N", help: "rewards summed before bootstrapping from the critic" },
    sharedField("gamma"),
    sharedField("learningRate", "Adam learning rate of the actor (the policy)"),
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "critic-lr", placeholder: "LR", help: "Adam learning rate of the critic" },
    sharedField("hidden", "hidden layer sizes of actor and critic, comma-separated"),
    sharedField("seed"),
    sharedField("initialLogStd"),
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

export class A2c extends EpisodicTrainer<A2cConfig> {
  static readonly algorithmName = "a2c";
  static readonly label = "A2C, advantage actor-critic: n-step advantages bootstrapped from a critic";
  static readonly schema = A2C_SCHEMA;

  /** A2C always learns a critic. */
  static criticLearningRate(config: A2cConfig): number {
    return config.criticLearningRate;
  }

  /** The actor's step with the n-step advantages, then the critic's step towards the same targets. */
  protected learn(episodes: Episode[], step: number): UpdateResult {
    const estimates = a2cAdvantages(episodes, this.critic!.value, this.config.gamma, this.config.nSteps);
    const result = this.policyGradientStep(episodes, estimates.map((e) => e.advantages), step);
    this.fitCritic(episodes, estimates.map((e) => e.targets));
    return result;
  }
}
