// REINFORCE (策略梯度训练循环) on CartPole, the source lesson's algorithm:
//   1. sample an episode with the current policy;       (src/rl/rollout.ts)
//   2. compute the discounted reward-to-go G_t and standardise it within the episode;  (src/rl/returns.ts)
//   3. estimate the gradient with the pseudo-loss −Σ_t log π(a_t|s_t) Ĝ_t;             (src/rl/policy.ts)
//   4. take an Adam step;                                                              (src/nets/adam.ts)
//   5. repeat.
// The shared part (playing episodes, records, saving and restoring state) is src/rl/trainer.ts.
import { discountedReturns, standardise } from "./returns";
import type { Episode } from "./rollout";
import { sharedField, validateWith, type EpisodicConfig } from "./settings";
import { EpisodicTrainer, type EpisodicState, type UpdateResult } from "./trainer";
import type { ConfigSchema } from "../core/config_schema";

export { NonFiniteLossError } from "./train_loop";

export const BASELINES = ["standardise", "none", "value"] as const;
export type Baseline = (typeof BASELINES)[number];

export interface ReinforceConfig extends EpisodicConfig {
  /**
   * "standardise": (G − mean)/std within each episode, the source lesson's baseline; "none": raw G_t;
   * "value": G_t − V(s_t) with a learned value function (a critic, trained alongside on G_t).
   */
  baseline: Baseline;
  /** Adam learning rate of the critic (used with the "value" baseline). */
  criticLearningRate?: number;
}

/** The source lesson's configuration: 4→128→128→2, Adam 1e-3, γ 0.99, standardised returns, 1 episode per update. */
export const SOURCE_LESSON_CONFIG: ReinforceConfig = {
  episodes: 1000,
  episodesPerUpdate: 1,
  gamma: 0.99,
  learningRate: 1e-3,
  hidden: [128, 128],
  baseline: "standardise",
  seed: 0,
};

export const DEFAULT_CRITIC_LEARNING_RATE = 1e-3;

/** REINFORCE's settings: each field's range, default, command-line flag and help, declared once. */
export const REINFORCE_SCHEMA: ConfigSchema<ReinforceConfig> = {
  defaults: { ...SOURCE_LESSON_CONFIG, criticLearningRate: DEFAULT_CRITIC_LEARNING_RATE },
  fields: [
    sharedField("episodes"),
    sharedField("episodesPerUpdate"),
    { key: "baseline", kind: "choice", choices: BASELINES, flag: "baseline", help: "standardised returns (the source lesson's), raw returns, or G_t − V(s_t) with a learned critic" },
    sharedField("gamma"),
    sharedField("learningRate", "Adam learning rate"),
    sharedField("hidden"),
    sharedField("seed"),
    sharedField("initialLogStd"),
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: null, help: "Adam learning rate of the critic", optional: true },
  ],
};

/** Checks every field and returns a clean copy; the message names the field and the allowed range. */
export function validateConfig(config: ReinforceConfig): ReinforceConfig {
  return validateWith(REINFORCE_SCHEMA, config);
}

/**
 * The advantages A_t, the weights that multiply ∇log π(a_t|s_t) (the library's one name for them):
 * G_t, standardised within the episode or not, or G_t − V(s_t) when the critic's values are given.
 */
export function reinforceAdvantages(rewards: ArrayLike<number>, gamma: number, baseline: Baseline, values?: ArrayLike<number>): Float64Array {
  const returns = discountedReturns(rewards, gamma);
  if (baseline === "standardise") return standardise(returns);
  if (baseline === "value") {
    if (!values || values.length !== returns.length) throw new Error("the value baseline needs V(s_t) for every step");
    return returns.map((g, t) => g - values[t]);
  }
  return returns;
}

export type ReinforceState = EpisodicState<ReinforceConfig>;

export class Reinforce extends EpisodicTrainer<ReinforceConfig> {
  static readonly algorithmName = "reinforce";
  static readonly label = "REINFORCE, the source lesson's algorithm";
  static readonly schema = REINFORCE_SCHEMA;

  /** A critic only with the "value" baseline. */
  static criticLearningRate(config: ReinforceConfig): number | null {
    return config.baseline === "value" ? config.criticLearningRate ?? DEFAULT_CRITIC_LEARNING_RATE : null;
  }

  /** One Adam step on L = −(1/K) Σ_episodes Σ_t log π(a_t|s_t) A_t; then the critic, if any, learns G_t. */
  protected learn(episodes: Episode[], step: number): UpdateResult {
    const result = this.policyGradientStep(episodes, this.advantages(episodes), step);
    // the critic learns to predict G_t, after the policy used its predictions
    if (this.critic) this.fitCritic(episodes, episodes.map((e) => discountedReturns(e.rewards, this.config.gamma)));
    return result;
  }

  /** What multiplies ∇ log π(a_t|s_t) for each of these episodes, as an update would weigh them. */
  advantages(episodes: Episode[]): Float64Array[] {
    return episodes.map((e) => reinforceAdvantages(e.rewards, this.config.gamma, this.config.baseline, this.critic?.value.values(e.observations)));
  }
}
