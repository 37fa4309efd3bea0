// REINFORCE (策略梯度训练循环) on CartPole, the seed's algorithm:
//   1. sample an episode with the current policy;       (src/rollout.ts)
//   2. compute the discounted reward-to-go G_t and standardise it within the episode;  (src/returns.ts)
//   3. estimate the gradient with the pseudo-loss −Σ_t log π(a_t|s_t) Ĝ_t;             (src/policy.ts)
//   4. take an Adam step;                                                              (src/adam.ts)
//   5. repeat.
// Every piece of state (weights, optimizer moments, random generator, history) can be saved and
// restored exactly, so a resumed run continues as if it had never stopped.
import { Adam, type AdamState } from "./adam";
import { CARTPOLE, CartPole } from "./envs/cartpole";
import { CategoricalPolicy } from "./policy";
import { Rng, type RngState } from "./random";
import { discountedReturns, standardise, totalReturn } from "./returns";
import { playEpisode, type Episode } from "./rollout";
import { NonFiniteLossError } from "./train_loop";

export { NonFiniteLossError };

export const BASELINES = ["standardise", "none"] as const;
export type Baseline = (typeof BASELINES)[number];

export interface ReinforceConfig {
  /** Episodes to train for in total. */
  episodes: number;
  /** Episodes played with the same weights before each update. */
  episodesPerUpdate: number;
  gamma: number;
  learningRate: number;
  hidden: number[];
  /** "standardise": (G − mean)/std within each episode, the seed's baseline; "none": raw G_t. */
  baseline: Baseline;
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

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Checks every field and returns a clean copy; the message names the field and the allowed range. */
export function validateConfig(config: ReinforceConfig): ReinforceConfig {
  const problems: string[] = [];
  const integer = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  };
  integer("episodes", config.episodes, 1, 1_000_000);
  integer("episodesPerUpdate", config.episodesPerUpdate, 1, 1000);
  integer("seed", config.seed, 0, 2 ** 31 - 1);
  if (!(config.gamma >= 0 && config.gamma <= 1)) problems.push(`gamma must be in [0, 1], got ${config.gamma}`);
  if (!(config.learningRate > 0 && config.learningRate <= 1)) problems.push(`learningRate must be in (0, 1], got ${config.learningRate}`);
  if (!Array.isArray(config.hidden) || config.hidden.length > 8 || config.hidden.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) {
    problems.push(`hidden must be up to 8 layer sizes, each an integer from 1 to 4096, got [${config.hidden}]`);
  }
  if (!(BASELINES as readonly string[]).includes(config.baseline)) problems.push(`baseline must be one of ${BASELINES.join(", ")}, got ${config.baseline}`);
  if (problems.length > 0) throw new ConfigError(problems.join("; "));
  return { ...config, hidden: [...config.hidden] };
}

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
}

/** The weights w_t that multiply log π(a_t|s_t): G_t, standardised within the episode or not. */
export function returnWeights(rewards: ArrayLike<number>, gamma: number, baseline: Baseline): Float64Array {
  const returns = discountedReturns(rewards, gamma);
  return baseline === "standardise" ? standardise(returns) : returns;
}

/** First episode at which the 100-episode mean reached CartPole's threshold (needs 100 episodes), or null. */
export function solvedEpisode(records: EpisodeRecord[]): number | null {
  const hit = records.find((r) => r.episode >= 100 && r.meanReturn100 >= CARTPOLE.rewardThreshold);
  return hit ? hit.episode : null;
}

export function movingAverage(values: number[], window = 100): number {
  const from = Math.max(0, values.length - window);
  let sum = 0;
  for (let i = from; i < values.length; i++) sum += values[i];
  return sum / (values.length - from);
}

export class Reinforce {
  readonly config: ReinforceConfig;
  readonly policy: CategoricalPolicy;
  readonly optimizer: Adam;
  readonly rng: Rng;
  readonly env: CartPole;
  readonly history: EpisodeRecord[];
  episode: number;
  envSteps: number;
  /** Seconds spent inside update() so far, including before a resume. */
  private trainingSeconds: number;

  private constructor(state: ReinforceState) {
    this.config = validateConfig(state.config);
    this.rng = Rng.fromState(state.rng);
    this.policy = new CategoricalPolicy(this.sizes(), state.params);
    this.optimizer = new Adam(state.params.length, { learningRate: this.config.learningRate }, state.adam);
    this.env = new CartPole(this.rng);
    this.history = state.history;
    this.episode = state.episode;
    this.envSteps = state.envSteps;
    this.trainingSeconds = state.elapsedSeconds;
  }

  private sizes(): number[] {
    return [CARTPOLE.observationSize, ...this.config.hidden, CARTPOLE.actionCount];
  }

  /** A fresh run: weights initialised from the seed, as PyTorch initialises nn.Linear. */
  static create(config: ReinforceConfig): Reinforce {
    const clean = validateConfig(config);
    const rng = new Rng(clean.seed);
    const policy = CategoricalPolicy.create([CARTPOLE.observationSize, ...clean.hidden, CARTPOLE.actionCount], rng);
    return new Reinforce({
      config: clean,
      episode: 0,
      envSteps: 0,
      elapsedSeconds: 0,
      params: policy.params,
      adam: new Adam(policy.params.length, { learningRate: clean.learningRate }).state,
      rng: rng.state(),
      history: [],
    });
  }

  /** Continues from a saved state (copied, so the saved object stays untouched). */
  static fromState(state: ReinforceState): Reinforce {
    return new Reinforce({
      ...state,
      params: Float32Array.from(state.params),
      adam: { step: state.adam.step, m: Float32Array.from(state.adam.m), v: Float32Array.from(state.adam.v) },
      history: state.history.map((r) => ({ ...r })),
    });
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
    const episodes: Episode[] = [];
    for (let i = 0; i < count; i++) episodes.push(playEpisode(this.env, this.policy, this.rng));

    const steps = episodes.reduce((n, e) => n + e.length, 0);
    const observations = new Float32Array(steps * CARTPOLE.observationSize);
    const actions = new Int32Array(steps);
    const weights = new Float32Array(steps);
    let offset = 0;
    for (const e of episodes) {
      observations.set(e.observations, offset * CARTPOLE.observationSize);
      actions.set(e.actions, offset);
      const w = returnWeights(e.rewards, this.config.gamma, this.config.baseline);
      for (let t = 0; t < e.length; t++) weights[offset + t] = w[t] / count;
      offset += e.length;
    }

    const { loss, gradient } = this.policy.lossAndGradient(observations, actions, weights);
    const completed = this.episode + count;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(completed, "loss");
    let squares = 0;
    for (let i = 0; i < gradient.length; i++) squares += gradient[i] * gradient[i];
    if (!Number.isFinite(squares)) throw new NonFiniteLossError(completed, "gradient");
    this.optimizer.step(this.policy.params, gradient);

    const gradNorm = Math.sqrt(squares);
    this.trainingSeconds += (performance.now() - started) / 1000;
    const wallSeconds = this.trainingSeconds;
    const records = episodes.map((e) => {
      this.episode++;
      this.envSteps += e.length;
      const episodeReturn = totalReturn(e.rewards);
      const recent = this.history.slice(-99).map((r) => r.return);
      recent.push(episodeReturn);
      const record: EpisodeRecord = {
        episode: this.episode,
        return: episodeReturn,
        length: e.length,
        loss,
        meanReturn100: movingAverage(recent),
        entropy: e.meanEntropy,
        gradNorm,
        wallSeconds,
      };
      this.history.push(record);
      return record;
    });
    return records;
  }

  /** Everything needed to continue exactly from here (copies). */
  state(): ReinforceState {
    return {
      config: { ...this.config, hidden: [...this.config.hidden] },
      episode: this.episode,
      envSteps: this.envSteps,
      elapsedSeconds: this.wallSeconds(),
      params: Float32Array.from(this.policy.params),
      adam: { step: this.optimizer.state.step, m: Float32Array.from(this.optimizer.state.m), v: Float32Array.from(this.optimizer.state.v) },
      rng: this.rng.state(),
      history: this.history.map((r) => ({ ...r })),
    };
  }
}
