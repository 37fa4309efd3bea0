// Notebook 02's exercises: the score ∇_z log π(a) of a softmax policy, and the variance-optimal constant
// baseline b* estimated from a batch. Both are checked against src/lessons/ (log_derivative.ts and
// score_function.ts) on seeded random cases and on the edge cases where the mistakes show.
import { Rng } from "../core/random";
import { softmax, softmaxScore } from "../lessons/log_derivative";
import { baselineFromMoments } from "../lessons/score_function";
import { listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";

const oneHot = (size: number, index: number) => Array.from({ length: size }, (_, k) => (k === index ? 1 : 0));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export const softmaxScoreExercise: Exercise<[number[], number], number[]> = {
  id: "02.1",
  title: "the score of a softmax policy",
  formula: "∇_z log π(a) = e_a − π, with π = softmax(z) and e_a the one-hot vector of action a",
  reference: (logits, action) => Array.from(softmaxScore(logits, action)),
  cases: () => {
    const rng = new Rng(21);
    const cases: Case<[number[], number]>[] = [
      { args: [[0, 0], 1], label: "a tie: two equal logits" },
      { args: [[2, 0, -1], 0], label: "the most likely action" },
      { args: [[2, 0, -1], 2], label: "the least likely action" },
      { args: [[1000, 999, 0], 1], label: "large logits (exp(1000) overflows a float64)" },
    ];
    for (let i = 0; i < 6; i++) {
      const count = 2 + rng.int(5);
      cases.push({ args: [Array.from({ length: count }, () => 2 * rng.normal()), rng.int(count)], label: `random logits ${i + 1}` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the sign flipped (π − e_a)",
      why: "taking action a should make it more likely, so the logit of a goes up: its component is 1 − π(a) > 0, the others −π(k) < 0.",
      wrong: (logits, action) => Array.from(softmax(logits), (p, k) => p - (k === action ? 1 : 0)),
    },
    {
      name: "the normaliser forgotten (e_a alone)",
      why: "log π(a) = z_a − log Σ_k exp(z_k): the second term depends on every logit too, and its gradient is π. Without it the components do not sum to 0.",
      wrong: (logits, action) => oneHot(logits.length, action),
    },
    {
      name: "the gradient of π instead of log π",
      why: "∇π(a) = π(a) (e_a − π) is the left side of the identity; the score is ∇log π = ∇π / π, so divide by π(a).",
      wrong: (logits, action) => {
        const pi = softmax(logits);
        return Array.from(pi, (p, k) => pi[action] * ((k === action ? 1 : 0) - p));
      },
    },
    {
      name: "a softmax that overflows on large logits",
      why: "exp(1000) is Infinity, and Infinity / Infinity is NaN. Subtract the largest logit before exponentiating: softmax(z − max z) = softmax(z), and every exponent is then at most 0.",
      wrong: (logits, action) => {
        const exps = logits.map(Math.exp);
        const total = sum(exps);
        return exps.map((e, k) => (k === action ? 1 : 0) - e / total);
      },
    },
  ],
  hints: [
    "first π = softmax(z) (subtract the largest logit before Math.exp, so large logits cannot overflow); the answer is then a vector as long as z.",
    "component k of the answer is (k === action ? 1 : 0) − π[k].",
  ],
  describe: ([logits, action]) => `logits z ${list(logits)}, action a = ${action}`,
};

export const optimalBaseline: Exercise<[number[], number[]], number> = {
  id: "02.2",
  title: "the variance-optimal constant baseline b*",
  formula: "b̂* = Σ_j S_j² R_j / Σ_j S_j², with S_j = ∂ log P(τ_j | θ) / ∂θ and R_j = R(τ_j)",
  reference: (scores, returns) => baselineFromMoments(scores.map((s, j) => ({ probability: 1 / scores.length, g: [s * returns[j]], s: [s] })), 1)[0],
  cases: () => {
    const rng = new Rng(22);
    const cases: Case<[number[], number[]]>[] = [
      { args: [[0.5, -1.5], [2, 0]], label: "two trajectories, one pulling three times harder" },
      { args: [[1, -1, 2], [1, 1, 1]], label: "every return the same (then b* is that return)" },
      { args: [[0, 1, -1], [5, 1, 3]], label: "a trajectory with score 0 (it says nothing about θ)" },
    ];
    for (let i = 0; i < 5; i++) {
      const count = 3 + rng.int(20);
      cases.push({ args: [Array.from({ length: count }, () => rng.normal()), Array.from({ length: count }, () => Math.round(rng.next() * 4 - 1))], label: `random batch ${i + 1} (${count} trajectories)` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the average return",
      why: "the mean return is a good baseline, but not the variance-optimal one: b* weights each return by S², how hard its trajectory pulls on θ.",
      wrong: (_scores, returns) => sum(returns) / returns.length,
    },
    {
      name: "the returns weighted by |S| instead of S²",
      why: "b* minimises the second moment E[(S R − b S)²], a parabola in b whose weights are S², not |S|.",
      wrong: (scores, returns) => sum(scores.map((s, j) => Math.abs(s) * returns[j])) / sum(scores.map(Math.abs)),
    },
    {
      name: "divided by N instead of by Σ S²",
      why: "b* is a weighted average, so it divides by the sum of the weights Σ S_j²; dividing by N leaves it scaled by the size of the scores.",
      wrong: (scores, returns) => sum(scores.map((s, j) => s * s * returns[j])) / scores.length,
    },
  ],
  hints: [
    "b* is a weighted average of the returns R_j: each one's weight is S_j², its score squared.",
    "numerator = Σ_j S_j² · R_j, denominator = Σ_j S_j²; return numerator / denominator.",
  ],
  describe: ([scores, returns]) => `scores S ${list(scores)}, returns R ${list(returns)}`,
};

export const NOTEBOOK_02 = [softmaxScoreExercise, optimalBaseline];
