// The log-derivative trick (对数微分技巧) on a softmax policy, checked by automatic differentiation:
//   ∇θ π_θ(a) = π_θ(a) ∇θ log π_θ(a),
// and what it buys: the gradient of an expectation, ∇θ Σ_a π_θ(a) f(a), becomes the expectation
// E_{a∼π_θ}[∇θ log π_θ(a) f(a)], which can be estimated from sampled actions alone.
import type { Rng } from "../core/random";
import { freeingTensors, tf } from "../core/tf";


/**
 * A softmax policy over `actions` actions whose logits are linear in a state of `features` numbers,
 * z = θᵀ s (the shape of a policy network's last layer), at one parameter point.
 */
export interface SoftmaxPoint {
  /** θ, features × actions, row-major. */
  theta: Float64Array;
  state: Float64Array;
}

export interface SoftmaxShape {
  features: number;
  actions: number;
}

/**
 * Random parameter points and states. With θ ~ N(0, σ²) and s ~ N(0, 1) the logits have spread
 * σ√features, so the sample holds nearly uniform policies as well as nearly deterministic ones.
 */
export function randomSoftmaxPoints(rng: Rng, count: number, shape: SoftmaxShape, thetaStd = 1.5): SoftmaxPoint[] {
  return Array.from({ length: count }, () => ({
    theta: Float64Array.from({ length: shape.features * shape.actions }, () => rng.normal(0, thetaStd)),
    state: Float64Array.from({ length: shape.features }, () => rng.normal()),
  }));
}

/** softmax(z) in double precision, shifted by max(z) so that large logits cannot overflow. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const top = Math.max(...Array.from(logits));
  const exps = Float64Array.from(logits, (z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** z_k = Σ_d s_d θ_{d,k}. */
export function softmaxLogits(point: SoftmaxPoint, shape: SoftmaxShape): Float64Array {
  const z = new Float64Array(shape.actions);
  for (let d = 0; d < shape.features; d++) for (let k = 0; k < shape.actions; k++) z[k] += point.state[d] * point.theta[d * shape.actions + k];
  return z;
}

export interface IdentityCheck {
  points: number;
  /** Gradient entries compared: points × actions × parameters. */
  entries: number;
  /** max |∇π(a) − π(a) ∇log π(a)| over every point, action and parameter, both sides by autodiff (float32). */
  largestAbsoluteError: number;
  /** The largest |∂π(a)/∂θ| seen: the scale the errors should be compared with. */
  largestGradient: number;
  /** largestAbsoluteError / largestGradient: the error in units of the gradients' own size. */
  relativeError: number;
  /** max |autodiff − closed form π(a) s (e_a − π)ᵀ| (closed form in float64): float32's own rounding. */
  largestErrorAgainstClosedForm: number;
  /**
   * A control: max |∇π(a) − ∇log π(a)|, the same comparison with the factor π(a) dropped. It should
   * be large, showing that the check above can fail.
   */
  largestErrorWithoutFactor: number;
  /** One row per point, for a table: the policy's largest probability, and the point's errors. */
  perPoint: { largestProbability: number; largestGradient: number; largestAbsoluteError: number }[];
}

/**
 * Both sides of ∇θ π(a) = π(a) ∇θ log π(a) by TensorFlow.js autodiff, for every action at every
 * point: tf.grad of π(a) itself, and π(a) times tf.grad of log π(a) (logSoftmax, as a policy
 * network's loss would compute it). All points go through one batched graph per action.
 */
export function checkLogDerivativeIdentity(points: SoftmaxPoint[], shape: SoftmaxShape): IdentityCheck {
  const P = points.length;
  const { features: D, actions: K } = shape;
  const thetaFlat = new Float32Array(P * D * K);
  const stateFlat = new Float32Array(P * D);
  points.forEach((point, p) => {
    thetaFlat.set(point.theta, p * D * K);
    stateFlat.set(point.state, p * D);
  });
  // ∂π(a)/∂θ from autodiff of π(a), and π(a)·∂log π(a)/∂θ, per action: each [P, D, K]
  const sides = freeingTensors(() => {
    const theta = tf.tensor3d(thetaFlat, [P, D, K]);
    const state = tf.tensor3d(stateFlat, [P, D, 1]);
    const logits = (th: tf.Tensor) => tf.sum(tf.mul(state, th), 1); // [P, K]
    const probabilities = tf.softmax(logits(theta));
    return Array.from({ length: K }, (_, a) => {
      const pick = tf.oneHot(tf.tensor1d([a], "int32"), K).reshape([1, K]); // selects action a
      // summing over points is harmless: point p's parameters only affect point p's term
      const gradProbability = tf.grad((th: tf.Tensor) => tf.sum(tf.mul(tf.softmax(logits(th)), pick)))(theta);
      const gradLogProbability = tf.grad((th: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(logits(th)), pick)))(theta);
      const probabilityOfA = tf.sum(tf.mul(probabilities, pick), 1).reshape([P, 1, 1]);
      return {
        lhs: gradProbability.dataSync(),
        rhs: tf.mul(probabilityOfA, gradLogProbability).dataSync(),
        withoutFactor: gradLogProbability.dataSync(),
      };
    });
  });

  let largestAbsoluteError = 0;
  let largestGradient = 0;
  let largestErrorAgainstClosedForm = 0;
  let largestErrorWithoutFactor = 0;
  const perPoint = points.map((point, p) => {
    const pi = softmax(softmaxLogits(point, shape));
    let pointError = 0;
    let pointGradient = 0;
    for (let a = 0; a < K; a++) {
      for (let d = 0; d < D; d++) {
        for (let k = 0; k < K; k++) {
          const at = p * D * K + d * K + k;
          const closedForm = pi[a] * ((a === k ? 1 : 0) - pi[k]) * point.state[d];
          const { lhs, rhs, withoutFactor } = sides[a];
          pointError = Math.max(pointError, Math.abs(lhs[at] - rhs[at]));
          largestErrorWithoutFactor = Math.max(largestErrorWithoutFactor, Math.abs(lhs[at] - withoutFactor[at]));
          pointGradient = Math.max(pointGradient, Math.abs(closedForm));
          largestErrorAgainstClosedForm = Math.max(largestErrorAgainstClosedForm, Math.abs(lhs[at] - closedForm), Math.abs(rhs[at] - closedForm));
        }
      }
    }
    largestAbsoluteError = Math.max(largestAbsoluteError, pointError);
    largestGradient = Math.max(largestGradient, pointGradient);
    return { largestProbability: Math.max(...pi), largestGradient: pointGradient, largestAbsoluteError: pointError };
  });
  const relativeError = largestAbsoluteError / largestGradient;
  return { points: P, entries: P * K * D * K, largestAbsoluteError, largestGradient, relativeError, largestErrorAgainstClosedForm, largestErrorWithoutFactor, perPoint };
}

/** ∇_z log π(a) = e_a − π for a softmax over logits z: the score of one action, in closed form. */
export function softmaxScore(logits: ArrayLike<number>, action: number): Float64Array {
  return softmax(logits).map((p, k) => (k === action ? 1 : 0) - p);
}

/** ∇_z E_{a∼softmax(z)}[f(a)] = ∇_z Σ_a π(a) f(a), by autodiff of the full sum (needs every f(a)). */
export function expectationGradient(logits: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  return freeingTensors(() => {
    const f = tf.tensor1d(Array.from(values), "float32");
    const objective = (z: tf.Tensor) => tf.sum(tf.mul(tf.softmax(z), f));
    return Float64Array.from(tf.grad(objective)(tf.tensor1d(Array.from(logits), "float32")).dataSync());
  });
}

/**
 * (1/N) Σ_i ∇_z log π(a_i) f(a_i) for sampled actions a_i: autodiff of the surrogate
 * (1/N) Σ_i log π(a_i) f(a_i), which needs f only at the actions actually taken.
 */
export function sampledScoreGradient(logits: ArrayLike<number>, values: ArrayLike<number>, actions: number[]): Float64Array {
  // Σ_i log π(a_i) f(a_i) / N = Σ_a (n_a / N) f(a) log π(a), with n_a the times action a was drawn.
  // (Summing per action rather than gathering per sample also keeps to ops whose gradient the wasm
  // backend implements: tf.gather's gradient needs UnsortedSegmentSum, which wasm lacks.)
  const weight = new Float64Array(logits.length); // summed in double precision, rounded to float32 once
  for (const a of actions) weight[a] += values[a] / actions.length;
  return freeingTensors(() => {
    const w = tf.tensor1d(Array.from(weight), "float32");
    const surrogate = (z: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(z), w));
    return Float64Array.from(tf.grad(surrogate)(tf.tensor1d(Array.from(logits), "float32")).dataSync());
  });
}

/** N actions drawn from softmax(z). */
export function sampleActions(logits: ArrayLike<number>, count: number, rng: Rng): number[] {
  const pi = softmax(logits);
  return Array.from({ length: count }, () => rng.categorical(pi));
}
