// The policy π_θ(a|s): an MLP (PyTorch layout, src/nets/mlp.ts) whose softmax output is a categorical
// distribution over actions. The source lesson's network is 4 → 128 → 128 → 2.
//
// Acting uses the fast JavaScript forward pass, one observation at a time and without any gradient
// bookkeeping. Learning uses TensorFlow.js: one batched forward and backward pass over every step of
// the episode for the loss −Σ_t w_t log π(a_t|s_t).
import { initMlpParameters, MlpForward, mlpShape, softmaxInto, type MlpShape } from "../nets/mlp";
import { applyMlp, mlpLossAndGradient, mlpParameterTensors, type DenseTensors, type LossAndGradient } from "../nets/mlp_tensors";
import type { Rng } from "../core/random";
import { tf } from "../core/tf";

export type { LossAndGradient };

export class CategoricalPolicy {
  readonly shape: MlpShape;
  readonly observationSize: number;
  readonly actionCount: number;
  private readonly forward: MlpForward;
  private readonly logitBuffer: Float64Array;
  private readonly probabilityBuffer: Float64Array;

  /** `params` is the flat parameter vector (shared, not copied: the optimizer updates it in place). */
  constructor(sizes: number[], readonly params: Float32Array) {
    this.shape = mlpShape(sizes);
    if (params.length !== this.shape.parameterCount) {
      throw new Error(`a ${sizes.join("→")} network has ${this.shape.parameterCount} parameters, got ${params.length}`);
    }
    this.observationSize = sizes[0];
    this.actionCount = sizes[sizes.length - 1];
    this.forward = new MlpForward(this.shape);
    this.logitBuffer = new Float64Array(this.actionCount);
    this.probabilityBuffer = new Float64Array(this.actionCount);
  }

  static create(sizes: number[], rng: Rng): CategoricalPolicy {
    return new CategoricalPolicy(sizes, initMlpParameters(mlpShape(sizes), rng));
  }

  /** π(·|s) for one observation. The returned array is reused by the next call. */
  probabilities(observation: ArrayLike<number>): Float64Array {
    return softmaxInto(this.forward.logits(this.params, observation, this.logitBuffer), this.probabilityBuffer);
  }

  /** a ∼ π(·|s). */
  sample(observation: ArrayLike<number>, rng: Rng): number {
    return rng.categorical(this.probabilities(observation));
  }

  /** argmax_a π(a|s), for greedy evaluation. */
  greedy(observation: ArrayLike<number>): number {
    const p = this.probabilities(observation);
    let best = 0;
    for (let a = 1; a < p.length; a++) if (p[a] > p[best]) best = a;
    return best;
  }

  /** log π(a_t|s_t) for a batch, as a tensor [T] (inside a tf.tidy or gradient scope). */
  private logProbTensor(parameters: DenseTensors[], observations: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
    const logProbs = tf.logSoftmax(applyMlp(parameters, observations));
    return tf.sum(tf.mul(logProbs, tf.oneHot(actions, this.actionCount)), 1) as tf.Tensor1D;
  }

  private inputTensors(observations: Float32Array, actions: Int32Array): [tf.Tensor2D, tf.Tensor1D] {
    const steps = actions.length;
    if (observations.length !== steps * this.observationSize) {
      throw new Error(`${steps} actions need ${steps * this.observationSize} observation numbers, got ${observations.length}`);
    }
    return [tf.tensor2d(observations, [steps, this.observationSize]), tf.tensor1d(actions, "int32")];
  }

  /** log π(a_t|s_t) for every step, computed by TensorFlow.js. */
  logProbabilities(observations: Float32Array, actions: Int32Array): Float32Array {
    return tf.tidy(() => {
      const [obs, act] = this.inputTensors(observations, actions);
      return this.logProbTensor(mlpParameterTensors(this.shape, this.params), obs, act).dataSync() as Float32Array;
    });
  }

  /**
   * The policy-gradient pseudo-loss L(θ) = −Σ_t w_t log π_θ(a_t|s_t) and its gradient ∂L/∂θ, flat in
   * the same layout as `params`. Its gradient is −Σ_t w_t ∇ log π(a_t|s_t): descending it moves
   * probability towards actions with positive weight. Its value is not a performance measure.
   */
  lossAndGradient(observations: Float32Array, actions: Int32Array, weights: Float32Array): LossAndGradient {
    if (weights.length !== actions.length) throw new Error(`${actions.length} actions need as many weights, got ${weights.length}`);
    return this.surrogateLossAndGradient(observations, actions, (logProb) => tf.neg(tf.sum(tf.mul(logProb, tf.tensor1d(weights)))) as tf.Scalar);
  }

  /**
   * Any loss built from log π(a_t|s_t) (a tensor [T]) and its gradient, flat like `params`: the
   * REINFORCE pseudo-loss above, or PPO's clipped surrogate (src/rl/ppo.ts).
   */
  surrogateLossAndGradient(observations: Float32Array, actions: Int32Array, loss: (logProb: tf.Tensor1D) => tf.Scalar): LossAndGradient {
    const [obs, act] = this.inputTensors(observations, actions);
    try {
      return mlpLossAndGradient(this.shape, this.params, (p) => loss(this.logProbTensor(p, obs, act)));
    } finally {
      tf.dispose([obs, act]);
    }
  }
}

/** Entropy −Σ_a p_a log p_a of one action distribution (in nats). */
export function entropy(probabilities: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
