// Notebook 03's exercises: the source lesson's loop, written by the learner. Each compares with the library
// (src/rl/returns.ts) on seeded random episodes and on the edge cases where the classic mistakes show.
import { Rng } from "../core/random";
import { discountedReturns, standardise } from "../rl/returns";
import { inputNumber, listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";


/** Random rewards (not all 1, so that every mistake shows), of the given lengths. */
function randomRewards(rng: Rng, length: number): number[] {
  return Array.from({ length }, () => Math.round(rng.next() * 4 - 1));
}

export const rewardToGo: Exercise<[number[], number], number[]> = {
  id: "03.1",
  title: "the discounted reward-to-go",
  formula: "G_t = r_t + γ G_{t+1}, with G_T = 0",
  reference: (rewards, gamma) => Array.from(discountedReturns(rewards, gamma)),
  cases: () => {
    const rng = new Rng(31);
    const cases: Case<[number[], number]>[] = [
      { args: [[1], 0.99], label: "an episode of one step" },
      { args: [[1, 2, 3], 0], label: "γ = 0 (only the reward of the step itself counts)" },
      { args: [[1, 1, 1, 1], 1], label: "γ = 1 (the plain sum of the rewards still to come)" },
      { args: [[1, 0, 2], 0.5], label: "three steps, γ = 0.5" },
    ];
    for (let i = 0; i < 6; i++) cases.push({ args: [randomRewards(rng, 2 + rng.int(30)), 0.9 + 0.09 * rng.next()], label: `random episode ${i + 1}` });
    return cases;
  },
  mistakes: [
    {
      name: "the whole return G_0 at every step",
      why: "an action cannot change the rewards that came before it, so each step is weighted by the rewards from t on (G_t), not by the whole episode's.",
      wrong: (rewards, gamma) => {
        const g0 = discountedReturns(rewards, gamma)[0];
        return rewards.map(() => g0);
      },
    },
    {
      name: "rewards accumulated forwards",
      why: "the sum runs from step t to the end, so it is built backwards: G_t = r_t + γ G_{t+1}, starting from the last step.",
      wrong: (rewards, gamma) => {
        let running = 0;
        return rewards.map((r) => (running = r + gamma * running));
      },
    },
    {
      name: "the discount left out",
      why: "each reward k steps ahead counts γ^k times: with γ < 1 later rewards weigh less.",
      wrong: (rewards) => Array.from(discountedReturns(rewards, 1)),
    },
    {
      name: "the reward of step t discounted too",
      why: "r_t counts in full (γ^0 = 1); only the rewards after it are discounted.",
      wrong: (rewards, gamma) => Array.from(discountedReturns(rewards, gamma), (g) => gamma * g),
    },
  ],
  hints: [
    "walk the episode backwards, from the last step to the first, keeping a running sum G that you multiply by γ before adding r_t.",
    "let G = 0; for t from rewards.length − 1 down to 0: G = rewards[t] + gamma * G; result[t] = G.",
  ],
  describe: ([rewards, gamma]) => `rewards ${list(rewards)}, γ = ${inputNumber(gamma)}`,
};

export const standardiseReturns: Exercise<[number[]], number[]> = {
  id: "03.2",
  title: "the source lesson's standardisation",
  formula: "Ĝ_t = (G_t − mean(G)) / (std(G) + 1e-8), std with n − 1 as PyTorch's std()",
  reference: (returns) => Array.from(standardise(returns)),
  cases: () => {
    const rng = new Rng(32);
    const cases: Case<[number[]]>[] = [
      { args: [[3, 3, 3]], label: "returns that are all equal (no spread: the 1e-8 keeps it finite)" },
      { args: [[1, 2]], label: "two steps" },
      { args: [[1, 2, 3, 4]], label: "four steps" },
    ];
    for (let i = 0; i < 5; i++) cases.push({ args: [Array.from(discountedReturns(randomRewards(rng, 3 + rng.int(20)), 0.99))], label: `random episode ${i + 1}` });
    return cases;
  },
  mistakes: [
    {
      name: "the population standard deviation",
      why: "the source lesson divides by PyTorch's returns.std(), which divides by n − 1 (the sample standard deviation), not by n.",
      wrong: (returns) => Array.from(standardise(returns, { ddof: 0 })),
    },
    {
      name: "the ε (1e-8) left out",
      why: "when every G_t is the same the standard deviation is 0; the source lesson adds 1e-8 so the weights become 0, not NaN.",
      wrong: (returns) => {
        const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
        const std = Math.sqrt(returns.reduce((s, g) => s + (g - mean) ** 2, 0) / (returns.length - 1));
        return returns.map((g) => (g - mean) / std);
      },
    },
    {
      name: "not centred",
      why: "the mean is subtracted first: centring is the baseline, and it makes the weights of early and late actions differ in sign.",
      wrong: (returns) => {
        const scaled = standardise(returns); // (G − mean)/(std + ε); undo the centring: G/(std + ε)
        const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
        const std = Math.sqrt(returns.reduce((s, g) => s + (g - mean) ** 2, 0) / (returns.length - 1));
        return scaled.length < 2 ? Array.from(scaled) : returns.map((g) => g / (std + 1e-8));
      },
    },
  ],
  hints: [
    "first the mean of the returns, then the sample standard deviation: the square root of Σ (G_t − mean)² / (n − 1).",
    "return returns.map((g) => (g - mean) / (std + 1e-8)), with std computed over n − 1.",
  ],
  describe: ([returns]) => `returns ${list(returns)}`,
};

export const pseudoLoss: Exercise<[number[], number[]], number> = {
  id: "03.3",
  title: "the pseudo-loss",
  formula: "L = −Σ_t log π(a_t|s_t) · Ĝ_t",
  reference: (logProbs, weights) => -logProbs.reduce((s, lp, t) => s + lp * weights[t], 0),
  cases: () => {
    const rng = new Rng(33);
    const cases: Case<[number[], number[]]>[] = [
      { args: [[-0.5], [1]], label: "a single step" },
      { args: [[-0.7, -0.2, -1.1], [1, 0, -1]], label: "three steps, one with weight 0" },
    ];
    for (let i = 0; i < 5; i++) {
      const n = 2 + rng.int(20);
      cases.push({ args: [Array.from({ length: n }, () => Math.log(0.05 + 0.9 * rng.next())), Array.from({ length: n }, () => rng.normal())], label: `random episode ${i + 1}` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the minus sign left out",
      why: "optimisers descend, and we want J to go up: the loss is minus the weighted sum, so that its gradient step raises Σ log π · Ĝ.",
      wrong: (logProbs, weights) => logProbs.reduce((s, lp, t) => s + lp * weights[t], 0),
    },
    {
      name: "the mean of the log-probabilities instead of their sum",
      why: "the source lesson's loss sums over the steps of the episode (sum(...) in its code); a mean divides the gradient by the episode's length, so long episodes, the good ones, would count less per step.",
      wrong: (logProbs, weights) => -logProbs.reduce((s, lp, t) => s + lp * weights[t], 0) / logProbs.length,
    },
    {
      name: "the weights left out",
      why: "without Ĝ_t every action taken is made more likely, good or bad; the weights are what says which ones to reinforce.",
      wrong: (logProbs) => -logProbs.reduce((s, lp) => s + lp, 0),
    },
  ],
  hints: [
    "multiply each log-probability by its weight, add them up over the steps, and put a minus sign in front.",
    "return -logProbs.reduce((sum, lp, t) => sum + lp * weights[t], 0);",
  ],
  describe: ([logProbs, weights]) => `log π ${list(logProbs)}, Ĝ ${list(weights)}`,
};

export const NOTEBOOK_03 = [rewardToGo, standardiseReturns, pseudoLoss];
