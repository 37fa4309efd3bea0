// PPO with the clipped objective (Schulman et al. 2017), on the same rollouts, returns and records as
// REINFORCE. Where REINFORCE takes one gradient step per batch of episodes and throws the batch away,
// PPO reuses it for several epochs of minibatch steps, and keeps each step from moving the policy too
// far by clipping the probability ratio r = π_θ(a|s) / π_old(a|s) to [1 − ε, 1 + ε]:
//
//   L^CLIP(θ) = −E_t[ min( r_t A_t, clip(r_t, 1 − ε, 1 + ε) A_t ) ]
//
// Advantages come from a learned critic with generalised advantage estimation (GAE).
import { Adam, copyAdamState, type AdamState } from "../nets/adam";
import { validateConfigWith, type ConfigSchema } from "../core/config_schema";
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { Env, EnvType } from "../envs/env";
import { CategoricalPolicy } from "./policy";
import { Rng, type RngState } from "../core/random";
import { appendEpisodeRecords, criticSizes, ConfigError, policySizes, REINFORCE_STATE_ARRAYS, type EpisodeRecord } from "./reinforce";
import { generalisedAdvantages, standardise } from "./returns";
import { playEpisodes, stackEpisodes, type Episode } from "./rollout";
import { tf } from "../core/tf";
import { checkedGradientNorm } from "./train_loop";
import { copyCriticState, criticFromState, newCriticState, type Critic, type CriticState, type ValueFunction } from "./value_function";

export interface PpoConfig {
  /** Episodes in total: the same budget as REINFORCE's. */
  episodes: number;
  /** Episodes collected before each update. */
  episodesPerUpdate: number;
  /** Passes over each batch. */
  epochs: number;
  /** Environment steps per minibatch. */
  minibatchSize: number;
  /** ε of the clipped ratio. */
  clip: number;
  gamma: number;
  /** λ of GAE. */
  lambda: number;
  learningRate: number;
  criticLearningRate: number;
  hidden: number[];
  seed: number;
}

export const PPO_CONFIG: PpoConfig = {
  episodes: 1000,
  episodesPerUpdate: 8,
  epochs: 4,
  minibatchSize: 256,
  clip: 0.2,
  gamma: 0.99,
  lambda: 0.95,
  learningRate: 3e-4,
  criticLearningRate: 1e-3,
  hidden: [128, 128],
  seed: 0,
};

/** PPO's settings, declared once (no command-line flags: PPO runs from notebook 05). */
export const PPO_SCHEMA: ConfigSchema<PpoConfig> = {
  defaults: PPO_CONFIG,
  fields: [
    { key: "episodes", kind: "integer", min: 1, max: 1_000_000, flag: null, help: "total episodes", resumable: true },
    { key: "episodesPerUpdate", kind: "integer", min: 1, max: 1000, flag: null, help: "episodes in each batch" },
    { key: "epochs", kind: "integer", min: 1, max: 100, flag: null, help: "passes over each batch" },
    { key: "minibatchSize", kind: "integer", min: 1, max: 1_000_000, flag: null, help: "steps per minibatch" },
    { key: "clip", kind: "number", min: 0, max: 1, openMin: true, openMax: true, flag: null, help: "the clip range ε of the probability ratio" },
    { key: "gamma", kind: "number", min: 0, max: 1, flag: null, help: "discount factor" },
    { key: "lambda", kind: "number", min: 0, max: 1, flag: null, help: "GAE's λ" },
    { key: "learningRate", kind: "number", min: 0, max: 1, openMin: true, flag: null, help: "Adam learning rate of the policy" },
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: null, help: "Adam learning rate of the critic" },
    { key: "hidden", kind: "sizes", flag: null, help: "hidden layer sizes" },
    { key: "seed", kind: "integer", min: 0, max: 2 ** 31 - 1, flag: null, help: "random seed" },
  ],
};

export function validatePpoConfig(config: PpoConfig): PpoConfig {
  return validateConfigWith(PPO_SCHEMA, config, (message) => new ConfigError(message));
}

/**
 * −mean_t min(r_t A_t, clip(r_t, 1 − ε, 1 + ε) A_t) with r_t = exp(log π_θ(a_t|s_t) − log π_old(a_t|s_t)),
 * as a tensor (differentiable in `logProb`). Where the clip is active the term is flat: its gradient
 * is zero, so that step cannot push the ratio further out.
 */
export function clippedSurrogateLoss(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, advantages: tf.Tensor1D, clip: number): tf.Scalar {
  const ratio = tf.exp(tf.sub(logProb, oldLogProb));
  const unclipped = tf.mul(ratio, advantages);
  const clipped = tf.mul(tf.clipByValue(ratio, 1 - clip, 1 + clip), advantages);
  return tf.neg(tf.mean(tf.minimum(unclipped, clipped))) as tf.Scalar;
}

/** (x − mean)/(std + 1e-8) over a whole batch with the population std, as PPO implementations normalise advantages. */
export function normaliseBatch(values: Float64Array): Float64Array {
  return standardise(values, { ddof: 0 });
}

/**
 * GAE advantages for each episode with critic V, and the critic's regression targets A + V. An episode
 * cut off by the time limit bootstraps from V of its last observation; a terminated one from 0.
 */
export function gaeAdvantages(episodes: Episode[], critic: ValueFunction, gamma: number, lambda: number): { advantages: Float64Array; targets: Float64Array }[] {
  return episodes.map((e) => {
    const values = critic.values(e.observations);
    const finalValue = e.truncated && !e.terminated ? critic.values(e.finalObservation)[0] : 0;
    const advantages = generalisedAdvantages(e.rewards, values, finalValue, gamma, lambda);
    return { advantages, targets: advantages.map((a, t) => a + values[t]) };
  });
}

/** What multiplies ∇ log π(a_t|s_t) in PPO's first step (ratio 1): the GAE advantages, normalised over the batch. */
export function ppoAdvantages(episodes: Episode[], critic: ValueFunction, gamma: number, lambda: number): Float64Array[] {
  const perEpisode = gaeAdvantages(episodes, critic, gamma, lambda).map((x) => x.advantages);
  const all = normaliseBatch(Float64Array.from(perEpisode.flatMap((a) => Array.from(a))));
  let offset = 0;
  return perEpisode.map((a) => {
    const slice = all.slice(offset, offset + a.length);
    offset += a.length;
    return slice;
  });
}

/** Where PPO's state keeps its arrays, for the checkpoint codec (src/runs/state_codec.ts). */
export const PPO_STATE_ARRAYS = REINFORCE_STATE_ARRAYS;

export interface PpoState {
  config: PpoConfig;
  episode: number;
  envSteps: number;
  elapsedSeconds: number;
  params: Float32Array;
  adam: AdamState;
  critic: CriticState;
  rng: RngState;
  history: EpisodeRecord[];
}

export class Ppo {
  readonly config: PpoConfig;
  readonly policy: CategoricalPolicy;
  readonly optimizer: Adam;
  readonly critic: Critic;
  readonly rng: Rng;
  readonly env: Env;
  readonly history: EpisodeRecord[];
  episode: number;
  envSteps: number;
  private trainingSeconds: number;

  private constructor(state: PpoState, envType: EnvType) {
    this.config = validatePpoConfig(state.config);
    this.rng = Rng.fromState(state.rng);
    this.policy = new CategoricalPolicy(policySizes(this.config, envType.spec), state.params);
    this.optimizer = new Adam(state.params.length, { learningRate: this.config.learningRate }, state.adam);
    this.critic = criticFromState(criticSizes(this.config, envType.spec), state.critic, this.config.criticLearningRate);
    this.env = envType.make(this.rng);
    this.history = state.history;
    this.episode = state.episode;
    this.envSteps = state.envSteps;
    this.trainingSeconds = state.elapsedSeconds;
  }

  /** A fresh run in `envType` (CartPole-v1 by default). */
  static create(config: PpoConfig, envType: EnvType = CARTPOLE_ENV): Ppo {
    const clean = validatePpoConfig(config);
    const rng = new Rng(clean.seed);
    const policy = CategoricalPolicy.create(policySizes(clean, envType.spec), rng);
    // drawn before the generator's state is saved below
    const critic = newCriticState(criticSizes(clean, envType.spec), rng, clean.criticLearningRate);
    return new Ppo({
      config: clean,
      episode: 0,
      envSteps: 0,
      elapsedSeconds: 0,
      params: policy.params,
      adam: new Adam(policy.params.length, { learningRate: clean.learningRate }).state,
      critic,
      rng: rng.state(),
      history: [],
    }, envType);
  }

  static fromState(state: PpoState, envType: EnvType = CARTPOLE_ENV): Ppo {
    return new Ppo({
      ...state,
      params: Float32Array.from(state.params),
      adam: copyAdamState(state.adam),
      critic: copyCriticState(state.critic),
      history: state.history.map((r) => ({ ...r })),
    }, envType);
  }

  get finished(): boolean {
    return this.episode >= this.config.episodes;
  }

  wallSeconds(): number {
    return this.trainingSeconds;
  }

  /** Collect a batch of episodes, then `epochs` passes of clipped minibatch steps on it. */
  update(): EpisodeRecord[] {
    const started = performance.now();
    const c = this.config;
    const count = Math.min(c.episodesPerUpdate, c.episodes - this.episode);
    const episodes = playEpisodes(this.env, this.policy, this.rng, count);
    const size = this.env.spec.observationSize;
    const { steps, observations, actions, logProbs: oldLogProbs } = stackEpisodes(episodes);
    const targets = new Float64Array(steps);
    const rawAdvantages = new Float64Array(steps);
    let offset = 0;
    gaeAdvantages(episodes, this.critic.value, c.gamma, c.lambda).forEach(({ advantages, targets: episodeTargets }, i) => {
      rawAdvantages.set(advantages, offset);
      targets.set(episodeTargets, offset);
      offset += episodes[i].length;
    });
    const advantages = normaliseBatch(rawAdvantages);

    let lossSum = 0;
    let minibatches = 0;
    let firstGradNorm = 0;
    const order = Array.from({ length: steps }, (_, i) => i);
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      for (let i = steps - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let start = 0; start < steps; start += c.minibatchSize) {
        const index = order.slice(start, start + c.minibatchSize);
        const mbObs = new Float32Array(index.length * size);
        index.forEach((k, m) => mbObs.set(observations.subarray(k * size, (k + 1) * size), m * size));
        const mbActions = Int32Array.from(index, (k) => actions[k]);
        const mbOld = tf.tensor1d(Float32Array.from(index, (k) => oldLogProbs[k]));
        const mbAdvantages = tf.tensor1d(Float32Array.from(index, (k) => advantages[k]));
        let result;
        try {
          result = this.policy.surrogateLossAndGradient(mbObs, mbActions, (logProb) => clippedSurrogateLoss(logProb, mbOld, mbAdvantages, c.clip));
        } finally {
          tf.dispose([mbOld, mbAdvantages]);
        }
        const gradNorm = checkedGradientNorm(result.loss, result.gradient, this.episode + count);
        if (minibatches === 0) firstGradNorm = gradNorm;
        this.optimizer.step(this.policy.params, result.gradient);
        this.critic.value.fit(this.critic.optimizer, mbObs, Float64Array.from(index, (k) => targets[k]));
        lossSum += result.loss;
        minibatches++;
      }
    }

    this.trainingSeconds += (performance.now() - started) / 1000;
    const loss = lossSum / minibatches;
    const records = appendEpisodeRecords(this.history, episodes, { firstEpisode: this.episode + 1, loss, gradNorm: firstGradNorm, wallSeconds: this.trainingSeconds });
    this.episode += count;
    for (const e of episodes) this.envSteps += e.length;
    return records;
  }

  state(): PpoState {
    return {
      config: { ...this.config, hidden: [...this.config.hidden] },
      episode: this.episode,
      envSteps: this.envSteps,
      elapsedSeconds: this.trainingSeconds,
      params: Float32Array.from(this.policy.params),
      adam: copyAdamState(this.optimizer.state),
      critic: copyCriticState({ params: this.critic.value.params, adam: this.critic.optimizer.state }),
      rng: this.rng.state(),
      history: this.history.map((r) => ({ ...r })),
    };
  }
}
