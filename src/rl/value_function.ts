// A learned value function V_φ(s) ≈ E[G_t | s_t = s]: an MLP with one output, the critic of
// actor-critic methods. It predicts how much return is still to come from a state, so that
// G_t − V(s_t) says whether an action did better or worse than usual from there.
import { Adam, copyAdamState, type AdamState } from "../nets/adam";
import { initMlpParameters, MlpForward, mlpShape, type MlpShape } from "../nets/mlp";
import { applyMlp, mlpLossAndGradient, type LossAndGradient } from "../nets/mlp_tensors";
import type { Rng } from "../core/random";
import { tf } from "../core/tf";

export class ValueFunction {
  readonly shape: MlpShape;
  private readonly forward: MlpForward;
  private readonly output = new Float64Array(1);

  constructor(sizes: number[], readonly params: Float32Array) {
    this.shape = mlpShape(sizes);
    if (sizes[sizes.length - 1] !== 1) throw new Error(`a value function has one output, got ${sizes[sizes.length - 1]}`);
    if (params.length !== this.shape.parameterCount) throw new Error(`a ${sizes.join("→")} network has ${this.shape.parameterCount} parameters, got ${params.length}`);
    this.forward = new MlpForward(this.shape);
  }

  static create(sizes: number[], rng: Rng): ValueFunction {
    return new ValueFunction(sizes, initMlpParameters(mlpShape(sizes), rng));
  }

  /** V(s) for every observation of a flat batch (JavaScript, no gradients). */
  values(observations: Float32Array): Float64Array {
    const size = this.shape.sizes[0];
    const out = new Float64Array(observations.length / size);
    for (let i = 0; i < out.length; i++) out[i] = this.forward.logits(this.params, observations.subarray(i * size, (i + 1) * size), this.output)[0];
    return out;
  }

  /** The regression loss mean_t (V(s_t) − target_t)² and its gradient. */
  lossAndGradient(observations: Float32Array, targets: ArrayLike<number>): LossAndGradient {
    const size = this.shape.sizes[0];
    const count = observations.length / size;
    if (targets.length !== count) throw new Error(`${count} observations need as many targets, got ${targets.length}`);
    const obs = tf.tensor2d(observations, [count, size]);
    const y = tf.tensor1d(Float32Array.from(targets));
    try {
      return mlpLossAndGradient(this.shape, this.params, (p) => tf.mean(tf.square(tf.sub(applyMlp(p, obs).reshape([count]), y))) as tf.Scalar);
    } finally {
      tf.dispose([obs, y]);
    }
  }

  /** One Adam step towards the targets; returns the loss before the step. */
  fit(optimizer: Adam, observations: Float32Array, targets: ArrayLike<number>): number {
    const { loss, gradient } = this.lossAndGradient(observations, targets);
    optimizer.step(this.params, gradient);
    return loss;
  }
}

export interface CriticState {
  params: Float32Array;
  adam: AdamState;
}

/** A critic and its optimizer, as a trainer holds them. */
export interface Critic {
  value: ValueFunction;
  optimizer: Adam;
}

/** A fresh critic's state: weights initialised from `rng`, optimizer at step 0. */
export function newCriticState(sizes: number[], rng: Rng, learningRate: number): CriticState {
  const value = ValueFunction.create(sizes, rng);
  return { params: value.params, adam: new Adam(value.params.length, { learningRate }).state };
}

/** The working critic for a saved state (it trains the state's arrays in place). */
export function criticFromState(sizes: number[], state: CriticState, learningRate: number): Critic {
  return { value: new ValueFunction(sizes, state.params), optimizer: new Adam(state.params.length, { learningRate }, state.adam) };
}

/** An independent copy of a critic's weights and optimizer state. */
export function copyCriticState(critic: CriticState): CriticState {
  return { params: Float32Array.from(critic.params), adam: copyAdamState(critic.adam) };
}
