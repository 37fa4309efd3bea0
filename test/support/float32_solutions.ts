// Each exercise solved as a learner writing TensorFlow.js (or float32 arrays) would: the right formula
// in float32 arithmetic. The checker must accept these: they differ from the library's float64 answer
// only by rounding (test/unit/exercises.test.ts).
import { tf } from "../../src/core/tf";

const f = Math.fround;
const scalar = (compute: () => tf.Tensor): number => tf.tidy(() => compute().dataSync()[0]);
const vector = (compute: () => tf.Tensor): number[] => tf.tidy(() => Array.from(compute().dataSync()));

export const FLOAT32_SOLUTIONS: Record<string, (...args: any[]) => unknown> = {
  "01.1": (probabilities: number[], u: number) => {
    const cumulative = tf.tidy(() => tf.cumsum(tf.tensor1d(probabilities)).dataSync());
    const action = cumulative.findIndex((c) => u < c);
    return action === -1 ? probabilities.length - 1 : action;
  },
  "01.2": (trajectories: number[][]) => scalar(() => tf.mean(tf.stack(trajectories.map((rewards) => tf.sum(tf.tensor1d(rewards)))))),
  "02.1": (logits: number[], action: number) => vector(() => tf.oneHot(tf.tensor1d([action], "int32"), logits.length).squeeze().sub(tf.softmax(tf.tensor1d(logits)))),
  "02.2": (scores: number[], returns: number[]) =>
    scalar(() => {
      const squared = tf.square(tf.tensor1d(scores));
      return tf.sum(squared.mul(tf.tensor1d(returns))).div(tf.sum(squared));
    }),
  // G = M r with M[t][k] = γ^(k − t) for k ≥ t: the reward-to-go as one matrix product
  "03.1": (rewards: number[], gamma: number) =>
    vector(() => {
      const n = rewards.length;
      const discounts = tf.tensor2d(Array.from({ length: n }, (_, t) => Array.from({ length: n }, (_, k) => (k >= t ? gamma ** (k - t) : 0))));
      return tf.matMul(discounts, tf.tensor2d(rewards, [n, 1])).reshape([n]);
    }),
  "03.2": (returns: number[]) =>
    vector(() => {
      const g = tf.tensor1d(returns);
      const centred = g.sub(tf.mean(g));
      const std = tf.sqrt(tf.sum(tf.square(centred)).div(returns.length - 1));
      return centred.div(std.add(1e-8));
    }),
  "03.3": (logProbs: number[], weights: number[]) => scalar(() => tf.neg(tf.sum(tf.mul(tf.tensor1d(logProbs), tf.tensor1d(weights))))),
  "04.1": (logProbs: number[], promptLength: number) => scalar(() => tf.sum(tf.tensor1d(logProbs).slice(promptLength))),
  "04.2": (rewards: number[], groupSize: number) =>
    vector(() => {
      const r = tf.tensor2d(rewards, [rewards.length / groupSize, groupSize]);
      const others = tf.sum(r, 1, true).sub(r);
      return r.sub(others.div(groupSize - 1)).reshape([rewards.length]);
    }),
  "05.1": (ratios: number[], advantages: number[], clip: number) =>
    scalar(() => {
      const r = tf.tensor1d(ratios);
      const a = tf.tensor1d(advantages);
      return tf.neg(tf.mean(tf.minimum(r.mul(a), tf.clipByValue(r, 1 - clip, 1 + clip).mul(a))));
    }),
  // a recursion: float32 numbers (Math.fround after every operation), walked backwards
  "05.2": (rewards: number[], values: number[], finalValue: number, gamma: number, lambda: number) => {
    const advantages = new Float32Array(rewards.length);
    let running = 0;
    for (let t = rewards.length - 1; t >= 0; t--) {
      const next = t + 1 < rewards.length ? values[t + 1] : finalValue;
      const delta = f(f(rewards[t] + f(f(gamma) * f(next))) - f(values[t]));
      running = f(delta + f(f(f(gamma) * f(lambda)) * running));
      advantages[t] = running;
    }
    return Array.from(advantages);
  },
  // every dimension's term as a float32 tensor, summed
  "06.1": (action: number[], mean: number[], logStd: number[]) =>
    scalar(() => {
      const z = tf.sub(tf.tensor1d(action), tf.tensor1d(mean)).div(tf.exp(tf.tensor1d(logStd)));
      return tf.sum(tf.mul(-0.5, tf.square(z)).sub(tf.tensor1d(logStd)).sub(0.5 * Math.log(2 * Math.PI)));
    }),
};
