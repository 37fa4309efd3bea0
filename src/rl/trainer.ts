// The trainer contract. Every trainer (REINFORCE, A2C, PPO on CartPole; REINFORCE on a language model)
// trains update by update, keeps a history of records, counts its training time and can hand over its
// whole state (weights, optimizer moments, random generator, history) so that a run restored from that
// state continues exactly as if it had never stopped; one codec writes any such state to a checkpoint
// (src/runs/state_codec.ts).
//
// The episodic trainers share more: they play whole episodes with the policy their environment's action
// space gets (src/rl/policies.ts), take Adam steps, may train a critic, and log one record per episode. That part is
// written once here, as `EpisodicTrainer`; an algorithm is a subclass that supplies its settings
// (`schema`), whether it learns a critic (`criticLearningRate`) and `learn(episodes)`: how a batch of
// finished episodes becomes an update. The class is the algorithm: src/rl/algorithms.ts lists them by name.
import { Adam, copyAdamState, type AdamState } from "../nets/adam";
import type { ConfigSchema } from "../core/config_schema";
import { Rng, type RngState } from "../core/random";
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { Env, EnvSpec, EnvType } from "../envs/env";
import { appendEpisodeRecords, type EpisodeRecord, type PpoUpdateStats } from "./episode_records";
import { newPolicy, policyWithParams } from "./policies";
import type { Policy } from "./policy";
import { playEpisodes, stackEpisodes, type Episode } from "./rollout";
import { ConfigError, validateWith, type EpisodicConfig } from "./settings";
import { checkedGradientNorm } from "./train_loop";
import { copyCriticState, criticFromState, newCriticState, type Critic, type CriticState } from "./value_function";

export { ConfigError, validateWith, type EpisodicConfig } from "./settings";

/** What every trainer provides, whatever it trains. */
export interface Trainer<R, S> {
  readonly finished: boolean;
  readonly history: R[];
  /** Seconds spent training (sampling and updating), including before a resume; callbacks, displays and file writing are not counted. */
  readonly wallSeconds: number;
  /** One update; returns the records it added to the history. */
  update(): R[];
  /** Everything needed to continue exactly from here (copies). */
  state(): S;
}

/** An episodic trainer's whole state, the same shape for every algorithm. */
export interface EpisodicState<C> {
  config: C;
  /** Episodes completed. */
  episode: number;
  envSteps: number;
  wallSeconds: number;
  params: Float32Array;
  adam: AdamState;
  rng: RngState;
  history: EpisodeRecord[];
  /** The value function and its optimizer, for the algorithms that learn one. */
  critic?: CriticState;
}

/** Where an episodic trainer's state keeps its arrays, for the checkpoint codec (src/runs/state_codec.ts). */
export const EPISODIC_STATE_ARRAYS = {
  paths: ["params", "adam.m", "adam.v", "critic.params", "critic.adam.m", "critic.adam.v"],
  sameLength: [["params", "adam.m", "adam.v"], ["critic.params", "critic.adam.m", "critic.adam.v"]],
} as const;

/** The critic has the policy's hidden layers and one output. */
export function criticSizes(config: { hidden: number[] }, spec: EnvSpec): number[] {
  return [spec.observationSize, ...config.hidden, 1];
}

/**
 * The state of a fresh run: the policy's weights initialised from the config's random seed (as PyTorch initialises
 * nn.Linear), then the critic's when `criticLearningRate` is given, both before the generator's state is saved.
 */
function freshEpisodicState<C extends EpisodicConfig>(config: C, envType: EnvType, criticLearningRate: number | null): EpisodicState<C> {
  const rng = new Rng(config.seed);
  const policy = newPolicy(config, envType.spec, rng);
  const critic = criticLearningRate === null ? undefined : newCriticState(criticSizes(config, envType.spec), rng, criticLearningRate);
  return {
    config,
    episode: 0,
    envSteps: 0,
    wallSeconds: 0,
    params: policy.params,
    adam: new Adam(policy.params.length, { learningRate: config.learningRate }).state,
    rng: rng.state(),
    history: [],
    critic,
  };
}

/** An independent copy, so that a trainer made from a saved state leaves it untouched. */
function copyEpisodicState<C extends EpisodicConfig>(state: EpisodicState<C>): EpisodicState<C> {
  return {
    ...state,
    config: { ...state.config, hidden: [...state.config.hidden] },
    params: Float32Array.from(state.params),
    adam: copyAdamState(state.adam),
    history: state.history.map((r) => ({ ...r })),
    critic: state.critic ? copyCriticState(state.critic) : undefined,
  };
}

/** A policy gradient update's loss and the norm of its gradient (what the records log). */
export interface UpdateResult {
  loss: number;
  gradNorm: number;
  /** PPO's measures of how far the update moved the policy (src/rl/ppo.ts). */
  ppo?: PpoUpdateStats;
}

/** What `create` and `fromState` need of a trainer class. */
interface TrainerClass<C extends EpisodicConfig, T> {
  new (state: EpisodicState<C>, envType: EnvType): T;
  readonly schema: ConfigSchema<C>;
  /** The critic's Adam learning rate under this configuration, or null when it learns no critic. */
  criticLearningRate(config: C): number | null;
}

/**
 * An algorithm as the commands and studies see it: the trainer class's static side. Its name and one
 * line for tables and --help, its settings, whether a configuration learns a critic, and how to start
 * or continue a trainer.
 */
export interface EpisodicAlgorithm<C extends EpisodicConfig, T extends EpisodicTrainer<C> = EpisodicTrainer<C>> extends TrainerClass<C, T> {
  readonly algorithmName: string;
  readonly label: string;
  create(config: C, envType?: EnvType): T;
  fromState(state: EpisodicState<C>, envType?: EnvType): T;
}

/**
 * The shared part of REINFORCE, A2C and PPO: play `episodesPerUpdate` episodes (fewer if the run
 * ends sooner), let the algorithm learn from them, log one record per episode.
 */
export abstract class EpisodicTrainer<C extends EpisodicConfig> implements Trainer<EpisodeRecord, EpisodicState<C>> {
  readonly config: C;
  readonly policy: Policy;
  readonly optimizer: Adam;
  readonly rng: Rng;
  readonly env: Env;
  readonly history: EpisodeRecord[];
  /** The critic V(s) and its optimizer, when the algorithm learns one. */
  readonly critic: Critic | null;
  episode: number;
  envSteps: number;
  private seconds: number;

  /** A fresh run in `envType` (CartPole-v1 by default): weights initialised from the config's seed. */
  // T comes from the class alone (`Reinforce.create(…)` is a Reinforce) and the config is checked against its
  // config type, so that a literal such as baseline: "value" keeps its literal type in any TypeScript.
  static create<T extends EpisodicTrainer<EpisodicConfig>>(this: TrainerClass<T["config"], T>, config: T["config"], envType: EnvType = CARTPOLE_ENV): T {
    const clean = validateWith(this.schema, config);
    return new this(freshEpisodicState(clean, envType, this.criticLearningRate(clean)), envType);
  }

  /** Continues from a saved state (copied, so the saved object stays untouched). */
  static fromState<T extends EpisodicTrainer<EpisodicConfig>>(this: TrainerClass<T["config"], T>, state: EpisodicState<T["config"]>, envType: EnvType = CARTPOLE_ENV): T {
    return new this(copyEpisodicState(state), envType);
  }

  /** Trains the arrays of `state` in place: start a run with `create` or `fromState`, which copy. */
  constructor(state: EpisodicState<C>, envType: EnvType) {
    const algorithm = this.constructor as TrainerClass<C, this>;
    this.config = validateWith(algorithm.schema, state.config);
    this.rng = Rng.fromState(state.rng);
    this.policy = policyWithParams(this.config, envType.spec, state.params);
    this.optimizer = new Adam(state.params.length, { learningRate: this.config.learningRate }, state.adam);
    this.env = envType.make(this.rng);
    this.history = state.history;
    this.episode = state.episode;
    this.envSteps = state.envSteps;
    this.seconds = state.wallSeconds;
    const criticRate = algorithm.criticLearningRate(this.config);
    if (criticRate === null) {
      this.critic = null;
    } else {
      if (!state.critic) throw new ConfigError("this configuration learns a critic, but the saved state has none");
      this.critic = criticFromState(criticSizes(this.config, envType.spec), state.critic, criticRate);
    }
  }

  get finished(): boolean {
    return this.episode >= this.config.episodes;
  }

  get wallSeconds(): number {
    return this.seconds;
  }

  /** How the algorithm turns a batch of finished episodes into weight changes; `step` is the episode count after this update (for error messages). */
  protected abstract learn(episodes: Episode[], step: number): UpdateResult;

  update(): EpisodeRecord[] {
    const started = performance.now();
    const count = Math.min(this.config.episodesPerUpdate, this.config.episodes - this.episode);
    const episodes = playEpisodes(this.env, this.policy, this.rng, count);
    const { loss, gradNorm, ppo } = this.learn(episodes, this.episode + count);
    this.seconds += (performance.now() - started) / 1000;
    const records = appendEpisodeRecords(this.history, episodes, { firstEpisode: this.episode + 1, loss, gradNorm, wallSeconds: this.seconds, ppo });
    this.episode += count;
    for (const e of episodes) this.envSteps += e.length;
    return records;
  }

  /**
   * One Adam step on the pseudo-loss L = −(1/K) Σ_episodes Σ_t log π(a_t|s_t) A_t, K = the number of
   * episodes, with each episode's advantages A_t; checked for NaN before any weight changes.
   */
  protected policyGradientStep(episodes: Episode[], advantages: Float64Array[], step: number): UpdateResult {
    const { steps, observations, actions } = stackEpisodes(episodes);
    const weights = new Float32Array(steps);
    let offset = 0;
    advantages.forEach((a, i) => {
      for (let t = 0; t < a.length; t++) weights[offset + t] = a[t] / episodes.length;
      offset += episodes[i].length;
    });
    const { loss, gradient } = this.policy.lossAndGradient(observations, actions, weights);
    const gradNorm = checkedGradientNorm(loss, gradient, step);
    this.optimizer.step(this.policy.params, gradient);
    return { loss, gradNorm };
  }

  /** One Adam step of the critic towards `targets` on these episodes' states. */
  protected fitCritic(episodes: Episode[], targets: Float64Array[]): void {
    if (!this.critic) throw new Error("this trainer has no critic");
    const { observations } = stackEpisodes(episodes);
    this.critic.value.fit(this.critic.optimizer, observations, Float64Array.from(targets.flatMap((t) => Array.from(t))));
  }

  state(): EpisodicState<C> {
    return copyEpisodicState({
      config: this.config,
      episode: this.episode,
      envSteps: this.envSteps,
      wallSeconds: this.seconds,
      params: this.policy.params,
      adam: this.optimizer.state,
      rng: this.rng.state(),
      history: this.history,
      critic: this.critic ? { params: this.critic.value.params, adam: this.critic.optimizer.state } : undefined,
    });
  }
}
