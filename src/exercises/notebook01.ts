// Notebook 01's exercises: sampling an action from the policy, and the Monte Carlo estimate of J(θ).
// The first is checked against the library's sampler (core/random.ts), the second against
// src/lessons/objective.ts, on seeded random cases and on the edge cases where the mistakes show.
import { categoricalIndex, Rng } from "../core/random";
import { argmax } from "../core/stats";
import { summarise } from "../lessons/objective";
import { totalReturn } from "../rl/returns";
import { inputNumber, listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";

/** Random probabilities over `count` actions, summing to 1. */
function randomProbabilities(rng: Rng, count: number): number[] {
  const weights = Array.from({ length: count }, () => 0.05 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}


export const sampleAction: Exercise<[number[], number], number> = {
  id: "01.1",
  title: "sampling an action from π",
  formula: "a = the first action whose running sum π(0) + … + π(a) exceeds u, for u uniform in [0, 1)",
  reference: (probabilities, u) => categoricalIndex(probabilities, u),
  cases: () => {
    const rng = new Rng(11);
    const cases: Case<[number[], number]>[] = [
      { args: [[0.7, 0.3], 0.1], label: "u below the first probability" },
      { args: [[0.7, 0.3], 0.85], label: "u past the first probability: the less likely action" },
      { args: [[0, 1, 0], 0], label: "an action of probability 0 is never chosen, even at u = 0" },
      { args: [[0.25, 0.25, 0.25, 0.25], 0.6], label: "a tie: four equally likely actions" },
      { args: [[0.2, 0.5, 0.3], 0.999], label: "u close to 1: the last action" },
      // 0.1 added ten times is 0.9999999999999999 in floating point, so no running sum exceeds this u
      { args: [Array(10).fill(0.1), 0.9999999999999999], label: "ten actions of 0.1 and u just below 1, where the rounded running sum never exceeds u: the last action" },
    ];
    for (let i = 0; i < 8; i++) cases.push({ args: [randomProbabilities(rng, 2 + rng.int(4)), rng.next()], label: `random policy ${i + 1}` });
    return cases;
  },
  mistakes: [
    {
      name: "the most likely action taken (argmax) while training",
      why: "J(θ) is the average over what π does, and the gradient needs the actions π would take; always taking the most likely one never tries the others, so the policy cannot learn that they are better. Greedy actions are for evaluation, after training.",
      wrong: (probabilities) => argmax(probabilities),
    },
    {
      name: "u compared with each probability instead of their running sum",
      why: "action a must come up with probability π(a), so it owns the slice of [0, 1) from π(0) + … + π(a − 1) to π(0) + … + π(a); comparing u with π(a) alone gives the early actions too much.",
      wrong: (probabilities, u) => {
        const index = probabilities.findIndex((p) => u < p);
        return index === -1 ? probabilities.length - 1 : index;
      },
    },
    {
      name: "an action chosen where the running sum merely reaches u (≤ instead of <)",
      why: "with ≤, an action whose probability is 0 can still be chosen (at u = 0 it is, when it comes first); the slice of action a is [start, end), so use u < running sum.",
      wrong: (probabilities, u) => {
        let running = 0;
        for (let a = 0; a < probabilities.length; a++) {
          running += probabilities[a];
          if (u <= running) return a;
        }
        return probabilities.length - 1;
      },
    },
  ],
  hints: [
    "picture [0, 1) cut into slices, one per action, of widths π(0), π(1), …; the action is the slice u falls in.",
    "let running = 0; for each action a: running += probabilities[a]; if (u < running) return a; after the loop return the last action (rounding can leave the sum a hair below 1).",
  ],
  describe: ([probabilities, u]) => `π ${list(probabilities)}, u = ${inputNumber(u)}`,
};

export const monteCarloObjective: Exercise<[number[][]], number> = {
  id: "01.2",
  title: "the Monte Carlo estimate of J(θ)",
  formula: "Ĵ_N = (1/N) Σ_i R(τ_i), with R(τ) = Σ_t r_t the total reward of trajectory τ",
  reference: (trajectories) => summarise(trajectories.map((rewards) => totalReturn(rewards))).estimate,
  cases: () => {
    const rng = new Rng(12);
    const cases: Case<[number[][]]>[] = [
      { args: [[[1, 0]]], label: "a single trajectory" },
      { args: [[[1, 0], [0, 2], [0, -1]]], label: "three trajectories of the two-step problem" },
      { args: [[[1], [1, 1, 1, 1, 1, 1]]], label: "trajectories of different lengths (one step, six steps)" },
    ];
    for (let i = 0; i < 5; i++) {
      const count = 2 + rng.int(12);
      cases.push({ args: [Array.from({ length: count }, () => Array.from({ length: 1 + rng.int(8) }, () => Math.round(rng.next() * 4 - 1)))], label: `random batch ${i + 1} (${count} trajectories)` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the average reward per step instead of per trajectory",
      why: "J is the expected total reward of a whole trajectory: add up each trajectory's rewards first, then average over the N trajectories. Averaging over all steps measures reward per step instead, and gives long trajectories more say than short ones.",
      wrong: (trajectories) => {
        const all = trajectories.flat();
        return all.reduce((a, b) => a + b, 0) / all.length;
      },
    },
    {
      name: "the sum of the returns, not their average",
      why: "Ĵ_N divides by N: a sum grows with the number of samples, an estimate of J must not.",
      wrong: (trajectories) => trajectories.reduce((s, rewards) => s + rewards.reduce((a, b) => a + b, 0), 0),
    },
    {
      name: "the best trajectory instead of the average",
      why: "J is what the policy gets on average, luck included; the best return is what it got once.",
      wrong: (trajectories) => Math.max(...trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0))),
    },
  ],
  hints: [
    "first each trajectory's return R(τ_i), the sum of its rewards; then the mean of those N returns.",
    "const returns = trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0)); return the sum of returns divided by returns.length.",
  ],
  describe: ([trajectories]) => `rewards of the trajectories ${trajectories.slice(0, 4).map(list).join(" ")}${trajectories.length > 4 ? ` … (${trajectories.length} in all)` : ""}`,
};

export const NOTEBOOK_01 = [sampleAction, monteCarloObjective];
