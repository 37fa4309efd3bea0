// PPO with the clipped objective (Schulman et al. 2017), on the same rollouts, returns and records as
// REINFORCE. Where REINFORCE takes one gradient step per batch of episodes and throws the batch away,
// PPO reuses it for several epochs of minibatch steps, and keeps each step from moving the policy too
// far by clipping the probability ratio r = π_θ(a|s) / π_old(a|s) to [1 − ε, 1 + ε]:
//
//   L^CLIP(θ) = −E_t[ min( r_t A_t, clip(r_t, 1 − ε, 1 + ε) A_t ) ]
//
// Advantages come from a learned critic with generalised advantage estimation (GAE).
//
// Clipping does not keep the policy inside [1 − ε, 1 + ε]. The min picks the clipped term, whose
// gradient is zero, only for a ratio already past 1 + ε with A > 0 or past 1 − ε with A < 0; on the
// other side (A > 0 and r < 1 − ε, or A < 0 and r > 1 + ε) the term keeps its full gradient, and every
// minibatch step also moves the ratios of samples outside the minibatch. So each update logs how far it
// went, as PPO implementations do: measured on the whole batch after the last epoch,
//
//   ratio range     min_t r_t and max_t r_t
//   approximate KL  mean_t[(r_t − 1) − log r_t], an unbiased estimate of KL(π_old ‖ π_θ) from the
//                   batch's own samples (Schulman's "k3"; it is never negative)
//
// and, over every minibatch step of every epoch, the clip fraction: the share of the samples whose
// ratio was outside [1 − ε, 1 + ε] when that step was taken.
import type { ConfigSchema } from "../core/config_schema";
import { generalisedAdvantages, standardise } from "./returns";
import { stackEpisodes, type Episode } from "./rollout";
import { tf } from "../core/tf";
import { checkedGradientNorm } from "./train_loop";
import { sharedField, type EpisodicConfig } from "./settings";
import { EpisodicTrainer, type EpisodicState, type UpdateResult } from "./trainer";
import type { ValueFunction } from "./value_function";
import type { EpisodeRecord, PpoUpdateStats } from "./episode_records";

export interface PpoConfig extends EpisodicConfig {
  /** Passes over each batch. */
  epochs: number;
  /** Environment steps per minibatch. */
  minibatchSize: number;
  /** ε of the clipped ratio. */
  clip: number;
  /** λ of GAE. */
  lambda: number;
  criticLearningRate: number;
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

/** PPO's settings: each field's range, default, command-line flag and help, declared once. */
export const PPO_SCHEMA: ConfigSchema<PpoConfig> = {
  defaults: PPO_CONFIG,
  fields: [
    sharedField("episodes"),
    sharedField("episodesPerUpdate", "episodes in each batch"),
    { key: "epochs", kind: "integer", min: 1, max: 100, flag: "epochs", placeholder: "E", help: "passes over each batch" },
    { key: "minibatchSize", kind: "integer", min: 1, max: 1_000_000, flag: "minibatch-size", placeholder: "M", help: "environment steps per minibatch" },
    { key: "clip", kind: "number", min: 0, max: 1, openMin: true, openMax: true, flag: "clip", placeholder: "EPS", help: "the clip range ε of the probability ratio" },
    sharedField("gamma"),
    { key: "lambda", kind: "number", min: 0, max: 1, flag: "lambda", placeholder: "L", help: "GAE's λ" },
    sharedField("learningRate"),
    { key: "criticLearningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "critic-lr", placeholder: "LR", help: "Adam learning rate of the critic" },
    sharedField("hidden", "hidden layer sizes of policy and critic, comma-separated"),
    sharedField("seed"),
    sharedField("initialLogStd"),
  ],
};


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

/** The same L^CLIP in plain numbers, from the ratios themselves (for reading, and to check against). */
export function clippedSurrogate(ratios: ArrayLike<number>, advantages: ArrayLike<number>, clip: number): number {
  let total = 0;
  for (let t = 0; t < ratios.length; t++) {
    const clipped = Math.min(Math.max(ratios[t], 1 - clip), 1 + clip);
    total += Math.min(ratios[t] * advantages[t], clipped * advantages[t]);
  }
  return -total / ratios.length;
}

// How far one PPO update moved the policy on its batch (see the header): kept in the episode records
export type { PpoUpdateStats } from "./episode_records";

/** mean_t[(r_t − 1) − log r_t] from log r_t = log π_θ(a_t|s_t) − log π_old(a_t|s_t). */
export function approximateKl(logRatios: ArrayLike<number>): number {
  let total = 0;
  for (let t = 0; t < logRatios.length; t++) total += Math.expm1(logRatios[t]) - logRatios[t];
  return logRatios.length > 0 ? total / logRatios.length : 0;
}

/** One row per PPO update of a run: its last episode and its measures. */
export interface PpoUpdateRow extends PpoUpdateStats {
  update: number;
  episode: number;
}

/** The per-update measures out of a PPO run's per-episode records (each update's episodes share them). */
export function ppoUpdateLog(history: EpisodeRecord[], episodesPerUpdate: number): PpoUpdateRow[] {
  const rows: PpoUpdateRow[] = [];
  history.forEach((record, i) => {
    if ((i + 1) % episodesPerUpdate !== 0 && i !== history.length - 1) return;
    const { ratioMin, ratioMax, approxKl, clipFraction } = record;
    if (ratioMin === undefined || ratioMax === undefined || approxKl === undefined || clipFraction === undefined) return;
    rows.push({ update: rows.length + 1, episode: record.episode, ratioMin, ratioMax, approxKl, clipFraction });
  });
  return rows;
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

export type PpoState = EpisodicState<PpoConfig>;

export class Ppo extends EpisodicTrainer<PpoConfig> {
  static readonly algorithmName = "ppo";
  static readonly label = "PPO-clip: GAE advantages from a critic, several epochs of clipped minibatch steps per batch";
  static readonly schema = PPO_SCHEMA;

  /** PPO always learns a critic. */
  static criticLearningRate(config: PpoConfig): number {
    return config.criticLearningRate;
  }

  /** `epochs` passes of clipped minibatch steps on the batch, the critic fitted on each minibatch too. */
  protected learn(episodes: Episode[], step: number): UpdateResult {
    const c = this.config;
    const critic = this.critic!; // PPO always learns one (criticLearningRate is never null)
    const { steps, observations, actions, logProbs: oldLogProbs } = stackEpisodes(episodes);
    const targets = new Float64Array(steps);
    const rawAdvantages = new Float64Array(steps);
    let offset = 0;
    gaeAdvantages(episodes, critic.value, c.gamma, c.lambda).forEach(({ advantages, targets: episodeTargets }, i) => {
      rawAdvantages.set(advantages, offset);
      targets.set(episodeTargets, offset);
      offset += episodes[i].length;
    });
    const advantages = normaliseBatch(rawAdvantages);

    let lossSum = 0;
    let minibatches = 0;
    let clipped = 0;
    let seen = 0;
    let firstGradNorm = 0;
    const order = Array.from({ length: steps }, (_, i) => i);
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      for (let i = steps - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let start = 0; start < steps; start += c.minibatchSize) {
        const index = order.slice(start, start + c.minibatchSize);
        const mbObs = gatherSteps(observations, steps, index);
        const mbActions = gatherSteps(actions, steps, index); // several numbers a step for a vector action
        const mbOld = tf.tensor1d(Float32Array.from(index, (k) => oldLogProbs[k]));
        const mbAdvantages = tf.tensor1d(Float32Array.from(index, (k) => advantages[k]));
        let result;
        try {
          result = this.policy.surrogateLossAndGradient(mbObs, mbActions, (logProb) => {
            // the ratios this step starts from, for the clip fraction
            const current = logProb.dataSync();
            index.forEach((k, m) => {
              if (Math.abs(Math.exp(current[m] - oldLogProbs[k]) - 1) > c.clip) clipped++;
            });
            seen += index.length;
            return clippedSurrogateLoss(logProb, mbOld, mbAdvantages, c.clip);
          });
        } finally {
          tf.dispose([mbOld, mbAdvantages]);
        }
        const gradNorm = checkedGradientNorm(result.loss, result.gradient, step);
        if (minibatches === 0) firstGradNorm = gradNorm;
        this.optimizer.step(this.policy.params, result.gradient);
        critic.value.fit(critic.optimizer, mbObs, Float64Array.from(index, (k) => targets[k]));
        lossSum += result.loss;
        minibatches++;
      }
    }
    const newLogProbs = this.policy.logProbabilities(observations, actions);
    const logRatios = Float64Array.from(newLogProbs, (logProb, t) => logProb - oldLogProbs[t]);
    let ratioMin = Infinity;
    let ratioMax = -Infinity;
    for (const logRatio of logRatios) {
      ratioMin = Math.min(ratioMin, Math.exp(logRatio));
      ratioMax = Math.max(ratioMax, Math.exp(logRatio));
    }
    const stats: PpoUpdateStats = { ratioMin, ratioMax, approxKl: approximateKl(logRatios), clipFraction: seen > 0 ? clipped / seen : 0 };
    // the loss is the mean over the minibatches; the gradient norm is the first step's (ratio 1: comparable with REINFORCE's)
    return { loss: lossSum / minibatches, gradNorm: firstGradNorm, ppo: stats };
  }
}

/** The rows of a flat per-step array (`steps` rows of equal width) at the steps `index`, in that order. */
function gatherSteps(values: Float32Array, steps: number, index: number[]): Float32Array {
  const width = values.length / steps;
  const rows = new Float32Array(index.length * width);
  index.forEach((k, m) => rows.set(values.subarray(k * width, (k + 1) * width), m * width));
  return rows;
}
