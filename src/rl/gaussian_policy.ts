// The policy for a box of real-valued actions (src/rl/policy.ts): a diagonal Gaussian whose mean is an
// MLP's output and whose log standard deviation is a learned vector of its own, the same in every state
// (Spinning Up's MLPGaussianActor):
//   a = μ_θ(s) + σ ⊙ ε,  ε ∼ N(0, I),  σ = exp(log σ)
//   log π(a|s) = Σ_i [ −(a_i − μ_i)² / (2σ_i²) − log σ_i − ½ log 2π ]
//   H(π(·|s)) = Σ_i [ log σ_i + ½ log(2πe) ]
//   ∇_μ log π = (a − μ)/σ²,   ∇_{log σ} log π = (a − μ)²/σ² − 1   (per dimension)
// Why log σ does not depend on the state: it is what exploration needs (one noise level per action
// dimension, learned from the returns), it cannot collapse in a few states the policy rarely visits, and
// it is Spinning Up's and CleanRL's choice; a state-dependent σ (SAC's) is a second output head.
//
// The parameters are the network's (PyTorch layout, src/nets/mlp.ts) followed by log σ, one flat vector,
// so Adam and the checkpoints treat them as any other. The action is the raw sample, never clipped here:
// the environment clips what it applies (a torque beyond ±2), and log π stays the density of what was
// sampled (clipping before storing it makes PPO's ratios wrong).
import { initMlpParameters, MlpForward, mlpShape, type MlpShape } from "../nets/mlp";
import { applyMlp, mlpLossAndGradient, mlpParameterTensors, type DenseTensors, type LossAndGradient } from "../nets/mlp_tensors";
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import type { BoxSpace } from "../envs/spaces";
import { pseudoLossAndGradient, type ActionChoice, type Policy } from "./policy";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log N(a; μ, diag σ²) = Σ_i [ −(a_i − μ_i)² / (2σ_i²) − log σ_i − ½ log 2π ], σ_i = exp(logStd_i). */
export function gaussianLogDensity(action: ArrayLike<number>, mean: ArrayLike<number>, logStd: ArrayLike<number>): number {
  let logProb = 0;
  for (let i = 0; i < action.length; i++) {
    const z = (action[i] - mean[i]) / Math.exp(logStd[i]);
    logProb += -0.5 * z * z - logStd[i] - HALF_LOG_TWO_PI;
  }
  return logProb;
}

/** Spinning Up's initial log σ: σ ≈ 0.61 of the action's units. */
export const DEFAULT_INITIAL_LOG_STD = -0.5;

export class GaussianPolicy implements Policy {
  readonly shape: MlpShape;
  readonly observationSize: number;
  readonly actionDimensions: number;
  private readonly forward: MlpForward;
  private readonly meanBuffer: Float64Array;
  private readonly choice: ActionChoice;

  /**
   * `sizes` is the mean network's (observations in, one output per action dimension); `params` holds its
   * parameters followed by log σ (shared, not copied: the optimizer updates it in place).
   */
  constructor(sizes: number[], readonly params: Float32Array, readonly actionSpace: BoxSpace) {
    this.shape = mlpShape(sizes);
    this.observationSize = sizes[0];
    this.actionDimensions = sizes[sizes.length - 1];
    if (actionSpace.low.length !== this.actionDimensions) {
      throw new Error(`a ${sizes.join("→")} mean network gives ${this.actionDimensions}-dimensional actions, but the space has ${actionSpace.low.length}`);
    }
    if (params.length !== this.shape.parameterCount + this.actionDimensions) {
      throw new Error(`a ${sizes.join("→")} Gaussian policy has ${this.shape.parameterCount} network parameters and ${this.actionDimensions} log σ, got ${params.length} numbers`);
    }
    this.forward = new MlpForward(this.shape);
    this.meanBuffer = new Float64Array(this.actionDimensions);
    this.choice = { action: new Float32Array(this.actionDimensions), logProb: 0, entropy: 0 };
  }

  /** A fresh policy: the network initialised as PyTorch's nn.Linear, every log σ at `initialLogStd`. */
  static create(sizes: number[], actionSpace: BoxSpace, rng: Rng, initialLogStd = DEFAULT_INITIAL_LOG_STD): GaussianPolicy {
    const network = initMlpParameters(mlpShape(sizes), rng);
    const params = new Float32Array(network.length + sizes[sizes.length - 1]);
    params.set(network);
    params.fill(initialLogStd, network.length);
    return new GaussianPolicy(sizes, params, actionSpace);
  }

  /** log σ, one per action dimension (a view into `params`). */
  get logStd(): Float32Array {
    return this.params.subarray(this.shape.parameterCount);
  }

  /** μ_θ(s) for one observation. The returned array is reused by the next call. */
  mean(observation: ArrayLike<number>): Float64Array {
    return this.forward.logits(this.params, observation, this.meanBuffer);
  }

  act(observation: ArrayLike<number>, rng: Rng, greedy: boolean): ActionChoice {
    const mu = this.mean(observation);
    const logStd = this.logStd;
    const action = this.choice.action as Float32Array;
    let entropy = 0;
    for (let i = 0; i < this.actionDimensions; i++) {
      action[i] = greedy ? mu[i] : mu[i] + Math.exp(logStd[i]) * rng.normal();
      entropy += logStd[i] + HALF_LOG_TWO_PI + 0.5;
    }
    // the density of the action as stored (float32), so that it matches logProbabilities
    this.choice.logProb = gaussianLogDensity(action, mu, logStd);
    this.choice.entropy = entropy;
    return this.choice;
  }

  /** log π(a_t|s_t) for a batch, as a tensor [T] (inside a tf.tidy or gradient scope). */
  private logProbTensor(parameters: DenseTensors[], logStd: tf.Tensor1D, observations: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const mu = applyMlp(parameters, observations);
    const z = tf.div(tf.sub(actions, mu), tf.exp(logStd));
    const perDimension = tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logStd), HALF_LOG_TWO_PI);
    return tf.sum(perDimension, 1) as tf.Tensor1D;
  }

  private inputTensors(observations: Float32Array, actions: Float32Array): [tf.Tensor2D, tf.Tensor2D] {
    const steps = actions.length / this.actionDimensions;
    if (!Number.isInteger(steps) || observations.length !== steps * this.observationSize) {
      throw new Error(`actions of ${this.actionDimensions} numbers each and observations of ${this.observationSize} do not make whole steps: got ${actions.length} and ${observations.length} numbers`);
    }
    return [tf.tensor2d(observations, [steps, this.observationSize]), tf.tensor2d(actions, [steps, this.actionDimensions])];
  }

  logProbabilities(observations: Float32Array, actions: Float32Array): Float32Array {
    return tf.tidy(() => {
      const [obs, act] = this.inputTensors(observations, actions);
      const logStd = tf.tensor1d(this.logStd);
      return this.logProbTensor(mlpParameterTensors(this.shape, this.params), logStd, obs, act).dataSync() as Float32Array;
    });
  }

  lossAndGradient(observations: Float32Array, actions: Float32Array, weights: Float32Array): LossAndGradient {
    return pseudoLossAndGradient(this, observations, actions, weights);
  }

  surrogateLossAndGradient(observations: Float32Array, actions: Float32Array, loss: (logProb: tf.Tensor1D) => tf.Scalar): LossAndGradient {
    const [obs, act] = this.inputTensors(observations, actions);
    try {
      return mlpLossAndGradient(this.shape, this.params, (layers, logStd) => loss(this.logProbTensor(layers, logStd as tf.Tensor1D, obs, act)));
    } finally {
      tf.dispose([obs, act]);
    }
  }
}
