// REINFORCE (策略梯度训练循环) on CartPole, the seed's algorithm:
//   1. sample an episode with the current policy;       (src/rl/rollout.ts)
//   2. compute the discounted reward-to-go G_t and standardise it within the episode;  (src/rl/returns.ts)
//   3. estimate the gradient with the pseudo-loss −Σ_t log π(a_t|s_t) Ĝ_t;             (src/rl/policy.ts)
//   4. take an Adam step;                                                              (src/nets/adam.ts)
//   5. repeat.
// Every piece of state (weights, optimizer moments, random generator, history) can be saved and
// restored exactly, so a resumed run continues as if it had never stopped.
import { Adam, copyAdamState, type AdamState } from "../nets/adam";
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { Env, EnvSpec, EnvType } from "../envs/env";
import { CategoricalPolicy } from "./policy";
import { Rng, type RngState } from "../core/random";
import { mean } from "../core/stats";
import { discountedReturns, standardise, totalReturn } from "./returns";
import { copyCriticState, criticFromState, newCriticState, type Critic, type CriticState } from "./value_function";
import { playEpisodes, stackEpisodes, type Episode } from "./rollout";
import { checkedGradientNorm, NonFiniteLossError } from "./train_loop";
import { UserError } from "../core/user_error";
import { validateConfigWith, type ConfigSchema } from "../core/config_schema";

export { NonFiniteLossError };

export const BASELINES = ["standardise", "none", "value"] as const;
export type Baseline = (typeof BASELINES)[number];

export interface ReinforceConfig {
  /** Episodes to train for in total. */
  episodes: number;
  /** Episodes played with the same weights before each update. */
  episodesPerUpdate: number;
  gamma: number;
  learningRate: number;
  hidden: number[];
  /**
   * "standardise": (G − mean)/std within each episode, the seed's baseline; "none": raw G_t;
   * "value": G_t − V(s_t) with a learned value function (a critic, trained alongside on G_t).
   */
  baseline: Baseline;
  /** Adam learning rate of the critic (used with the "value" baseline). */
  criticLearningRate?: number;
  seed: number;
}

/** The seed's configuration: 4→128→128→2, Adam 1e-3, γ 0.99, standardised returns, 1 episode per update. */
export const SEED_CONFIG: ReinforceConfig = {
  episodes: 1000,
  episodesPerUpdate: 1,
  gamma: 0.99,
  learningRate: 1e-3,
  hidden: [128, 128],
  baseline: "standardise",
  seed: 0,
};

export const DEFAULT_CRITIC_LEARNING_RATE = 1e-3;

export class ConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** REINFORCE's settings: each field's range, default, command-line flag and help, declared once. */
export const REINFORCE_SCHEMA: ConfigSchema<ReinforceConfig> = {
  defaults: { ...SEED_CONFIG, criticLearningRate: DEFAULT_CRITIC_LEARNING_RATE },
  fields: [
    { key: "episodes", kind: "integer", min: 1, max: 1_000_000, flag: "episodes", placeholder: "N", help: "total episodes", resumable: true },
    { key: "episodesPerUpdate", kind: "integer", min: 1, max: 1000, flag: "episodes-per-update", placeholder: "K", help: "episodes played before each update" },
    { key: "baseline", kind: "choice", choices: BASELINES, flag: "baseline", help: "standardised returns (the seed), raw returns, or G_t − V(s_t) with a learned critic" },
    { key: "gamma", kind: "number", min: 0, max: 1, flag: "gamma", placeholder: "G", help: "discount factor in [0, 1]" },
    { key: "learningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "lr", placeholder: "LR", help: "Adam learning rate" },
    { key: "hidden", kind: "sizes", flag: "hidden", placeholder: "SIZES", help: "hidden layer sizes, comma-separated" },
    { key: "seed", kind: "integer", min: 0, max: 2 ** 31 - 1, flag: "seed", placeholder: "S", help: "random seed for weights, environment and sampling" },
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: null, help: "Adam learning rate of the critic", optional: true },
  ],
};

/** Checks every field and returns a clean copy; the message names the field and the allowed range. */
export function validateConfig(config: ReinforceConfig): ReinforceConfig {
  return validateConfigWith(REINFORCE_SCHEMA, config, (message) => new ConfigError(message));
}

/** Where REINFORCE's state keeps its arrays, for the checkpoint codec (src/runs/state_codec.ts). */
export const REINFORCE_STATE_ARRAYS = {
  paths: ["params", "adam.m", "adam.v", "critic.params", "critic.adam.m", "critic.adam.v"],
  sameLength: [["params", "adam.m", "adam.v"], ["critic.params", "critic.adam.m", "critic.adam.v"]],
} as const;

export interface EpisodeRecord {
  episode: number;
  return: number;
  length: number;
  /** The pseudo-loss of the update this episode fed (not a performance measure). */
  loss: number;
  /** Mean return of the last 100 episodes (fewer at the start). */
  meanReturn100: number;
  /** Mean entropy of π(·|s) over the episode, in nats. */
  entropy: number;
  /** L2 norm of the update's gradient. */
  gradNorm: number;
  /** Training seconds since the run began, including time before a resume. */
  wallSeconds: number;
}

export interface ReinforceState {
  config: ReinforceConfig;
  /** Episodes completed. */
  episode: number;
  envSteps: number;
  elapsedSeconds: number;
  params: Float32Array;
  adam: AdamState;
  rng: RngState;
  history: EpisodeRecord[];
  /** The value function, with the "value" baseline. */
  critic?: CriticState;
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

/** First episode at which the 100-episode mean reached the environment's threshold (needs 100 episodes), or null. */
export function solvedEpisode(records: EpisodeRecord[], threshold: number | null = CARTPOLE_ENV.spec.rewardThreshold): number | null {
  if (threshold === null) return null;
  const hit = records.find((r) => r.episode >= 100 && r.meanReturn100 >= threshold);
  return hit ? hit.episode : null;
}

/** A CartPole run's headline numbers (summary.json, the run record). */
export function cartPoleResults(records: EpisodeRecord[]): { final_mean_return_100: number | null; best_mean_return_100: number | null; solved_episode: number | null } {
  return {
    final_mean_return_100: records.length ? records[records.length - 1].meanReturn100 : null,
    best_mean_return_100: records.length ? Math.max(...records.map((r) => r.meanReturn100)) : null,
    solved_episode: solvedEpisode(records),
  };
}

/** The policy's layer sizes: the environment's observations in, its actions out. */
export function policySizes(config: { hidden: number[] }, spec: EnvSpec = CARTPOLE_ENV.spec): number[] {
  return [spec.observationSize, ...config.hidden, spec.actionCount];
}

/** The critic has the policy's hidden layers and one output. */
export function criticSizes(config: { hidden: number[] }, spec: EnvSpec = CARTPOLE_ENV.spec): number[] {
  return [spec.observationSize, ...config.hidden, 1];
}

/**
 * One record per finished episode, appended to `history` (what REINFORCE and PPO both log): its return,
 * length and entropy, the update's loss and gradient norm, and the 100-episode moving average.
 */
export function appendEpisodeRecords(history: EpisodeRecord[], episodes: Episode[], update: { firstEpisode: number; loss: number; gradNorm: number; wallSeconds: number }): EpisodeRecord[] {
  return episodes.map((e, i) => {
    const episodeReturn = totalReturn(e.rewards);
    // the mean of the last 100 returns, this one included (fewer at the start)
    const recent = history.slice(-99).map((r) => r.return);
    recent.push(episodeReturn);
    const record: EpisodeRecord = {
      episode: update.firstEpisode + i,
      return: episodeReturn,
      length: e.length,
      loss: update.loss,
      meanReturn100: mean(recent),
      entropy: e.meanEntropy,
      gradNorm: update.gradNorm,
      wallSeconds: update.wallSeconds,
    };
    history.push(record);
    return record;
  });
}

export class Reinforce {
  readonly config: ReinforceConfig;
  readonly policy: CategoricalPolicy;
  readonly optimizer: Adam;
  readonly rng: Rng;
  readonly env: Env;
  readonly history: EpisodeRecord[];
  /** The critic V(s) and its optimizer, with the "value" baseline. */
  readonly critic: Critic | null;
  episode: number;
  envSteps: number;
  /** Seconds spent inside update() so far, including before a resume. */
  private trainingSeconds: number;

  private constructor(state: ReinforceState, envType: EnvType) {
    this.config = validateConfig(state.config);
    this.rng = Rng.fromState(state.rng);
    this.policy = new CategoricalPolicy(policySizes(this.config, envType.spec), state.params);
    this.optimizer = new Adam(state.params.length, { learningRate: this.config.learningRate }, state.adam);
    this.env = envType.make(this.rng);
    this.history = state.history;
    this.episode = state.episode;
    this.envSteps = state.envSteps;
    this.trainingSeconds = state.elapsedSeconds;
    if (this.config.baseline === "value") {
      if (!state.critic) throw new ConfigError("the value baseline needs a critic in the saved state");
      this.critic = criticFromState(criticSizes(this.config, envType.spec), state.critic, this.config.criticLearningRate ?? DEFAULT_CRITIC_LEARNING_RATE);
    } else {
      this.critic = null;
    }
  }

  /** A fresh run in `envType` (CartPole-v1 by default): weights initialised from the seed, as PyTorch initialises nn.Linear. */
  static create(config: ReinforceConfig, envType: EnvType = CARTPOLE_ENV): Reinforce {
    const clean = validateConfig(config);
    const rng = new Rng(clean.seed);
    const policy = CategoricalPolicy.create(policySizes(clean, envType.spec), rng);
    // drawn before the generator's state is saved below
    const critic = clean.baseline === "value" ? newCriticState(criticSizes(clean, envType.spec), rng, clean.criticLearningRate!) : undefined;
    return new Reinforce({
      config: clean,
      episode: 0,
      envSteps: 0,
      elapsedSeconds: 0,
      params: policy.params,
      adam: new Adam(policy.params.length, { learningRate: clean.learningRate }).state,
      rng: rng.state(),
      history: [],
      critic,
    }, envType);
  }

  /** Continues from a saved state (copied, so the saved object stays untouched). */
  static fromState(state: ReinforceState, envType: EnvType = CARTPOLE_ENV): Reinforce {
    return new Reinforce({
      ...state,
      params: Float32Array.from(state.params),
      adam: copyAdamState(state.adam),
      history: state.history.map((r) => ({ ...r })),
      critic: state.critic ? copyCriticState(state.critic) : undefined,
    }, envType);
  }

  get finished(): boolean {
    return this.episode >= this.config.episodes;
  }

  /** Wall-clock seconds spent training (playing and updating); time spent in callbacks, displays and file writing is not counted. */
  wallSeconds(): number {
    return this.trainingSeconds;
  }

  /**
   * One update: play `episodesPerUpdate` episodes (fewer if the run ends sooner), then one Adam
   * step on L = −(1/K) Σ_episodes Σ_t log π(a_t|s_t) w_t. Returns the new episodes' records.
   */
  update(): EpisodeRecord[] {
    const started = performance.now();
    const count = Math.min(this.config.episodesPerUpdate, this.config.episodes - this.episode);
    const episodes = playEpisodes(this.env, this.policy, this.rng, count);
    const { steps, observations, actions } = stackEpisodes(episodes);
    const weights = new Float32Array(steps);
    let offset = 0;
    this.advantages(episodes).forEach((w, i) => {
      for (let t = 0; t < w.length; t++) weights[offset + t] = w[t] / count;
      offset += episodes[i].length;
    });

    const { loss, gradient } = this.policy.lossAndGradient(observations, actions, weights);
    const gradNorm = checkedGradientNorm(loss, gradient, this.episode + count);
    this.optimizer.step(this.policy.params, gradient);
    // the critic learns to predict G_t, after the policy used its predictions
    if (this.critic) {
      const returns = Float64Array.from(episodes.flatMap((e) => Array.from(discountedReturns(e.rewards, this.config.gamma))));
      this.critic.value.fit(this.critic.optimizer, observations, returns);
    }

    this.trainingSeconds += (performance.now() - started) / 1000;
    const records = appendEpisodeRecords(this.history, episodes, { firstEpisode: this.episode + 1, loss, gradNorm, wallSeconds: this.trainingSeconds });
    this.episode += count;
    for (const e of episodes) this.envSteps += e.length;
    return records;
  }

  /** What multiplies ∇ log π(a_t|s_t) for each of these episodes, as update() would weigh them. */
  advantages(episodes: Episode[]): Float64Array[] {
    return episodes.map((e) => reinforceAdvantages(e.rewards, this.config.gamma, this.config.baseline, this.critic?.value.values(e.observations)));
  }

  /** Everything needed to continue exactly from here (copies). */
  state(): ReinforceState {
    return {
      config: { ...this.config, hidden: [...this.config.hidden] },
      episode: this.episode,
      envSteps: this.envSteps,
      elapsedSeconds: this.wallSeconds(),
      params: Float32Array.from(this.policy.params),
      adam: copyAdamState(this.optimizer.state),
      rng: this.rng.state(),
      history: this.history.map((r) => ({ ...r })),
      critic: this.critic ? copyCriticState({ params: this.critic.value.params, adam: this.critic.optimizer.state }) : undefined,
    };
  }
}
