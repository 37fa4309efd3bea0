// Notebook 06's exercise: the log-density of a diagonal Gaussian policy, checked against
// src/rl/gaussian_policy.ts on seeded random cases and on the edge cases where the mistakes show
// (σ ≠ 1, so σ and σ² differ; more than one action dimension, so the sum shows; σ of different sizes in one action).
import { Rng } from "../core/random";
import { gaussianLogDensity } from "../rl/gaussian_policy";
import { listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** The log-density's term for each dimension, computed by `term(a, μ, log σ)`. */
const perDimension = (action: number[], mean: number[], logStd: number[], term: (a: number, mu: number, logStd: number) => number) => action.map((a, i) => term(a, mean[i], logStd[i]));

export const gaussianLogProb: Exercise<[number[], number[], number[]], number> = {
  id: "06.1",
  title: "the log-probability of a Gaussian action",
  formula: "log π(a|s) = Σ_i [ −(a_i − μ_i)² / (2σ_i²) − log σ_i − ½ log 2π ],  σ_i = exp(logStd_i)",
  reference: (action, mean, logStd) => gaussianLogDensity(action, mean, logStd),
  cases: () => {
    const rng = new Rng(61);
    const cases: Case<[number[], number[], number[]]>[] = [
      { args: [[0], [0], [0]], label: "one dimension, the action at the mean, σ = 1: only −½ log 2π is left" },
      { args: [[1.5], [0.5], [Math.log(0.5)]], label: "one dimension, σ = 0.5 (σ and σ² differ)" },
      { args: [[0.3, -1.2], [0.1, -0.2], [-0.5, 0.4]], label: "two dimensions, a σ each (the sum over dimensions shows)" },
      { args: [[2, 0.5, -1], [1, 1, -0.5], [Math.log(2), Math.log(1.5), Math.log(0.5)]], label: "three dimensions, σ = 2, 1.5 and 0.5" },
    ];
    // every argument varies: dimensions from 1 to 4, means and actions anywhere, σ from 0.14 to 2.7
    for (let i = 0; i < 6; i++) {
      const n = 1 + rng.int(4);
      const mean = Array.from({ length: n }, () => 2 * rng.normal());
      const logStd = Array.from({ length: n }, () => -2 + 3 * rng.next());
      const action = mean.map((mu, d) => mu + Math.exp(logStd[d]) * rng.normal());
      cases.push({ args: [action, mean, logStd], label: `random action ${i + 1} (${n} dimension${n > 1 ? "s" : ""})` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "σ where σ² belongs in the quadratic term",
      why: "the density's exponent is −½ ((a − μ)/σ)²: the distance from the mean in units of σ, squared, so σ enters squared. With σ alone, a narrow policy (σ < 1) punishes a distant action too little and a wide one too much.",
      wrong: (action, mean, logStd) => sum(perDimension(action, mean, logStd, (a, mu, s) => -((a - mu) ** 2) / (2 * Math.exp(s)) - s - HALF_LOG_TWO_PI)),
    },
    {
      name: "the −½ log 2π term left out",
      why: "it is part of the density's normalisation, 1/(σ√(2π)). It has no gradient, so training would not notice, but the number is then not log π(a|s): a ratio of two policies' densities would still be right, a log-probability compared with another distribution's would not.",
      wrong: (action, mean, logStd) => sum(perDimension(action, mean, logStd, (a, mu, s) => -((a - mu) ** 2) / (2 * Math.exp(2 * s)) - s)),
    },
    {
      name: "only the first action dimension",
      why: "a diagonal Gaussian draws each dimension independently, so the density of the whole action is the product over dimensions, and its log the sum: every dimension counts.",
      wrong: (action, mean, logStd) => gaussianLogDensity(action.slice(0, 1), mean.slice(0, 1), logStd.slice(0, 1)),
    },
    {
      name: "the mean over dimensions instead of the sum",
      why: "independent dimensions multiply their densities, so the log adds them. The mean divides log π, and with it the policy gradient, by the number of dimensions.",
      wrong: (action, mean, logStd) => gaussianLogDensity(action, mean, logStd) / action.length,
    },
    {
      name: "the ½ left out of the quadratic term",
      why: "the Gaussian's exponent is −(a − μ)²/(2σ²): without the ½ the density falls off as if σ were √½ times smaller, and the gradient for the mean doubles.",
      wrong: (action, mean, logStd) => sum(perDimension(action, mean, logStd, (a, mu, s) => -((a - mu) ** 2) / Math.exp(2 * s) - s - HALF_LOG_TWO_PI)),
    },
    {
      name: "−log σ² where −log σ belongs",
      why: "the normaliser is 1/(σ√(2π)): σ to the first power, so its log is −log σ (−logStd), not −log σ² = −2 logStd.",
      wrong: (action, mean, logStd) => sum(perDimension(action, mean, logStd, (a, mu, s) => -((a - mu) ** 2) / (2 * Math.exp(2 * s)) - 2 * s - HALF_LOG_TWO_PI)),
    },
    {
      name: "σ where log σ belongs in the normalisation",
      why: "log(1/σ) = −log σ: the normaliser's σ enters through its log. The policy keeps log σ as its parameter precisely so that this term is just −logStd.",
      wrong: (action, mean, logStd) => sum(perDimension(action, mean, logStd, (a, mu, s) => -((a - mu) ** 2) / (2 * Math.exp(2 * s)) - Math.exp(s) - HALF_LOG_TWO_PI)),
    },
  ],
  hints: [
    "for each dimension i: σ_i = Math.exp(logStd[i]), then the three terms −(a_i − μ_i)²/(2σ_i²), −logStd[i] and −½ log 2π; add them up over every dimension.",
    "let total = 0; for each i: const z = (action[i] - mean[i]) / Math.exp(logStd[i]); total += -0.5 * z * z - logStd[i] - 0.5 * Math.log(2 * Math.PI); return total.",
  ],
  describe: ([action, mean, logStd]) => `a ${list(action)}, μ ${list(mean)}, log σ ${list(logStd)}`,
};

export const NOTEBOOK_06 = [gaussianLogProb];
