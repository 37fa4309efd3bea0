// The policy for a discrete action space (src/rl/policy.ts): an MLP (PyTorch layout, src/nets/mlp.ts)
// whose softmax output is a categorical distribution over the actions 0 … n − 1. The source lesson's
// network is 4 → 128 → 128 → 2.
//
// Acting uses the fast JavaScript forward pass, one observation at a time and without any gradient
// bookkeeping. Learning uses TensorFlow.js: one batched forward and backward pass over every step, with
//   log π(a_t|s_t) = logSoftmax(z(s_t))[a_t].
import { initMlpParameters, MlpForward, mlpShape, softmaxInto, type MlpShape } from "../nets/mlp";
import { applyMlp, mlpLossAndGradient, mlpParameterTensors, type DenseTensors, type LossAndGradient } from "../nets/mlp_tensors";
import type { Rng } from "../core/random";
import { argmax } from "../core/stats";
import { tf } from "../core/tf";
import { discrete, type DiscreteSpace } from "../envs/spaces";
import { pseudoLossAndGradient, type ActionChoice, type Policy } from "./policy";

export type { LossAndGradient };

export class CategoricalPolicy implements Policy {
  readonly shape: MlpShape;
  readonly observationSize: number;
  readonly actionCount: number;
  readonly actionSpace: DiscreteSpace;
  private readonly forward: MlpForward;
  private readonly logitBuffer: Float64Array;
  private readonly probabilityBuffer: Float64Array;
  private readonly choice: ActionChoice = { action: 0, logProb: 0, entropy: 0 };

  /** `params` is the flat parameter vector (shared, not copied: the optimizer updates it in place). */
  constructor(sizes: number[], readonly params: Float32Array) {
    this.shape = mlpShape(sizes);
    if (params.length !== this.shape.parameterCount) {
      throw new Error(`a ${sizes.join("→")} network has ${this.shape.parameterCount} parameters, got ${params.length}`);
    }
    this.observationSize = sizes[0];
    this.actionCount = sizes[sizes.length - 1];
    this.actionSpace = discrete(this.actionCount);
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

  act(observation: ArrayLike<number>, rng: Rng, greedy: boolean): ActionChoice {
    const probabilities = this.probabilities(observation);
    const action = greedy ? argmax(probabilities) : rng.categorical(probabilities);
    this.choice.action = action;
    this.choice.logProb = Math.log(probabilities[action]);
    this.choice.entropy = entropy(probabilities);
    return this.choice;
  }

  /** log π(a_t|s_t) for a batch, as a tensor [T] (inside a tf.tidy or gradient scope). */
  private logProbTensor(parameters: DenseTensors[], observations: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
    const logProbs = tf.logSoftmax(applyMlp(parameters, observations));
    return tf.sum(tf.mul(logProbs, tf.oneHot(actions, this.actionCount)), 1) as tf.Tensor1D;
  }

  private inputTensors(observations: Float32Array, actions: ArrayLike<number>): [tf.Tensor2D, tf.Tensor1D] {
    const steps = actions.length;
    if (observations.length !== steps * this.observationSize) {
      throw new Error(`${steps} actions need ${steps * this.observationSize} observation numbers, got ${observations.length}`);
    }
    // (an action that is no index would count as log π = 0 in the one-hot product)
    for (let t = 0; t < steps; t++) {
      if (!Number.isInteger(actions[t]) || actions[t] < 0 || actions[t] >= this.actionCount) {
        throw new Error(`action ${t} is ${actions[t]}: a ${this.actionCount}-action categorical policy takes the indices 0 … ${this.actionCount - 1}`);
      }
    }
    return [tf.tensor2d(observations, [steps, this.observationSize]), tf.tensor1d(Int32Array.from(actions), "int32")];
  }

  logProbabilities(observations: Float32Array, actions: ArrayLike<number>): Float32Array {
    return tf.tidy(() => {
      const [obs, act] = this.inputTensors(observations, actions);
      return this.logProbTensor(mlpParameterTensors(this.shape, this.params), obs, act).dataSync() as Float32Array;
    });
  }

  lossAndGradient(observations: Float32Array, actions: Float32Array, weights: Float32Array): LossAndGradient {
    return pseudoLossAndGradient(this, observations, actions, weights);
  }

  surrogateLossAndGradient(observations: Float32Array, actions: ArrayLike<number>, loss: (logProb: tf.Tensor1D) => tf.Scalar): LossAndGradient {
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
