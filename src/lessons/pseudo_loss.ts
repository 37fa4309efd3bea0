// The pseudo-loss (surrogate loss) L(θ) = −(1/N) Σ_i Σ_t log π(a_t|s_t) · w_t that deep-learning code
// minimises to get the policy gradient: its gradient at the θ that sampled the batch is minus the
// score-function estimate, but its value is not a measure of how good the policy is. Spinning Up:
// "In policy gradients, this intuition [if the loss goes down, all is well] is wrong, and you should
// only care about average return. The loss function means nothing."
import { enumerateTrajectories, logitTreePolicy, type DecisionTree, type LogitTreePolicy, type LogitTying, type Trajectory } from "../envs/decision_tree";
import { exactObjective } from "./objective";
import type { Rng } from "../core/random";
import { sampleTrajectories } from "./gradient_estimates";
import { resolveBaseline, singleSampleGradient, stepAdvantages, trajectoryScore, type EstimatorSpec } from "./score_function";
import { tf } from "../core/tf";

/** −(1/N) Σ_i Σ_t log π(a_t|s_t)(w_t − b): the value a training loop would print as its "loss". */
export function pseudoLoss(policy: LogitTreePolicy, trajectories: Trajectory[], weights: EstimatorSpec["weights"], baseline: number | ArrayLike<number> = 0): number {
  let total = 0;
  for (const trajectory of trajectories) {
    const w = stepAdvantages(trajectory, weights);
    trajectory.nodes.forEach((node, t) => {
      const b = typeof baseline === "number" ? baseline : baseline[policy.logitIndex(node)];
      total -= Math.log(policy(node)[trajectory.actions[t]]) * (w[t] - b);
    });
  }
  return total / trajectories.length;
}

/**
 * The pseudo-loss built the way a training loop builds it, as a TensorFlow.js graph over the
 * logits, and its gradient by automatic differentiation. Returns the loss value and ∇θ L.
 */
export function pseudoLossWithAutodiff(
  policy: LogitTreePolicy,
  trajectories: Trajectory[],
  weights: EstimatorSpec["weights"],
  baseline: number | ArrayLike<number> = 0,
): { value: number; gradient: Float64Array } {
  // one row per step of every trajectory: which logit decided, the action, and the weight w_t − b
  const logitIndex: number[] = [];
  const actions: number[] = [];
  const stepWeight: number[] = [];
  for (const trajectory of trajectories) {
    const w = stepAdvantages(trajectory, weights);
    trajectory.nodes.forEach((node, t) => {
      const i = policy.logitIndex(node);
      logitIndex.push(i);
      actions.push(trajectory.actions[t]);
      stepWeight.push(w[t] - (typeof baseline === "number" ? baseline : baseline[i]));
    });
  }
  const size = policy.theta.length;
  tf.engine().startScope(); // every tensor made below is freed by endScope
  try {
    const theta = tf.tensor2d(Array.from(policy.theta), [size, 1], "float32");
    // the logit used at each step, picked by a 0/1 matrix product (tf.gather would do, but its
    // gradient needs a kernel the wasm backend lacks)
    const pick = new Float32Array(logitIndex.length * size);
    logitIndex.forEach((i, row) => (pick[row * size + i] = 1));
    const select = tf.tensor2d(pick, [logitIndex.length, size]);
    const sign = tf.tensor2d(actions.map((a) => (a === 1 ? 1 : -1)), [actions.length, 1], "float32");
    const w = tf.tensor2d(stepWeight, [stepWeight.length, 1], "float32");
    // log π(right) = log σ(θ), log π(left) = log σ(−θ), and log σ(x) = −softplus(−x). (tf.logSigmoid
    // itself would do, but in tfjs 4.22 its gradient fails when its input is computed in the graph.)
    const logSigmoid = (x: tf.Tensor) => tf.neg(tf.softplus(tf.neg(x)));
    const loss = (logits: tf.Tensor) =>
      tf.neg(tf.sum(tf.mul(logSigmoid(tf.mul(sign, tf.matMul(select, logits as tf.Tensor2D))), w))).div(trajectories.length) as tf.Scalar;
    const { value, grad } = tf.valueAndGrad(loss)(theta);
    return { value: value.dataSync()[0], gradient: Float64Array.from(grad.dataSync()) };
  } finally {
    tf.engine().endScope();
  }
}

/**
 * E_{τ∼π_θ}[−log P(τ|θ) (R(τ) − shift)]: the pseudo-loss with whole-return weights, averaged over
 * every trajectory. A shift of the returns moves this value but not the expected gradient.
 */
export function expectedPseudoLoss(tree: DecisionTree, policy: LogitTreePolicy, shift = 0): number {
  let total = 0;
  for (const { trajectory, probability } of enumerateTrajectories(tree, policy)) {
    if (probability > 0) total -= probability * Math.log(probability) * (trajectory.totalReturn - shift);
  }
  return total;
}

export interface TrainingRecord {
  iteration: number;
  theta: number[];
  /** The exact objective J(θ) of the policy before this iteration's update. */
  objective: number;
  /** Mean R(τ) of the batch sampled at this iteration. */
  batchReturn: number;
  /** The pseudo-loss of this batch, before the update: what a training loop would print. */
  pseudoLoss: number;
}

export interface AscentOptions {
  tying: LogitTying;
  iterations: number;
  batchSize: number;
  learningRate: number;
  estimator: EstimatorSpec;
  /**
   * Subtract b* estimated as an agent can, from the trajectories of the earlier updates (running
   * averages of g_i·S_i and S_i² that forget at this rate per trajectory), instead of the estimator's
   * own baseline, which must then be "none". The current batch is left out, so the step stays unbiased.
   */
  estimatedBaseline?: { decay: number };
}

/**
 * Plain stochastic gradient ascent on θ (equivalently, gradient descent on the pseudo-loss): each
 * iteration samples a batch from the current policy, records J(θ) and the batch's pseudo-loss, and
 * steps θ ← θ + α ĝ.
 */
export function gradientAscentRun(tree: DecisionTree, theta0: ArrayLike<number>, options: AscentOptions, rng: Rng): TrainingRecord[] {
  const records: TrainingRecord[] = [];
  let theta = Float64Array.from(theta0);
  if (options.estimatedBaseline && options.estimator.baseline !== "none") throw new Error("an estimated baseline replaces the estimator's own: give it baseline \"none\"");
  const running = options.estimatedBaseline
    ? { decay: options.estimatedBaseline.decay, numerator: new Float64Array(theta.length), denominator: new Float64Array(theta.length) }
    : null;
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const policy = logitTreePolicy(theta, options.tying);
    const batch = sampleTrajectories(tree, policy, options.batchSize, rng);
    const baseline = running ? running.numerator.map((n, i) => (running.denominator[i] > 0 ? n / running.denominator[i] : 0)) : resolveBaseline(tree, policy, options.estimator);
    const step = new Float64Array(theta.length);
    for (const trajectory of batch) {
      const g = singleSampleGradient(policy, trajectory, options.estimator.weights, baseline);
      for (let i = 0; i < step.length; i++) step[i] += g[i] / batch.length;
    }
    if (running) {
      for (const trajectory of batch) {
        const g = singleSampleGradient(policy, trajectory, options.estimator.weights, 0);
        const s = trajectoryScore(policy, trajectory);
        for (let i = 0; i < theta.length; i++) {
          running.numerator[i] = running.decay * running.numerator[i] + g[i] * s[i];
          running.denominator[i] = running.decay * running.denominator[i] + s[i] * s[i];
        }
      }
    }
    records.push({
      iteration,
      theta: Array.from(theta),
      objective: exactObjective(tree, policy),
      batchReturn: batch.reduce((s, t) => s + t.totalReturn, 0) / batch.length,
      pseudoLoss: pseudoLoss(policy, batch, options.estimator.weights, baseline),
    });
    theta = theta.map((t, i) => t + options.learningRate * step[i]);
  }
  return records;
}

export interface RunSummary {
  objectiveStart: number;
  objectiveEnd: number;
  /** The pseudo-loss averaged over the first and the last `window` iterations (one batch's value is noisy). */
  lossStart: number;
  lossEnd: number;
  returnFell: boolean;
  lossFell: boolean;
}

/** Did the run end better or worse than it started, and did its printed loss go down? */
export function summariseRun(records: TrainingRecord[], window = 10): RunSummary {
  if (records.length < 2 * window) throw new Error(`a run of ${records.length} iterations is too short for a window of ${window}`);
  const average = (rows: TrainingRecord[]) => rows.reduce((s, r) => s + r.pseudoLoss, 0) / rows.length;
  const objectiveStart = records[0].objective;
  const objectiveEnd = records[records.length - 1].objective;
  const lossStart = average(records.slice(0, window));
  const lossEnd = average(records.slice(-window));
  return { objectiveStart, objectiveEnd, lossStart, lossEnd, returnFell: objectiveEnd < objectiveStart, lossFell: lossEnd < lossStart };
}
