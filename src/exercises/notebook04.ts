// Notebook 04's exercise: the leave-one-out (RLOO) advantage, checked against the library
// (src/lm/advantages.ts) on seeded random groups and on ties, where every response is as good as the others.
import { Rng } from "../core/random";
import { computeAdvantages } from "../lm/advantages";
import type { Case, Exercise } from "./exercise";

const list = (values: ArrayLike<number>) => `[${Array.from(values, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3))).join(", ")}]`;

/** r_i minus `baseline(group, i)`, group after group. */
function perGroup(rewards: number[], groupSize: number, baseline: (group: number[], i: number) => number): number[] {
  return rewards.map((r, k) => {
    const start = k - (k % groupSize);
    return r - baseline(rewards.slice(start, start + groupSize), k % groupSize);
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export const rlooAdvantage: Exercise<[number[], number], number[]> = {
  id: "04.1",
  title: "the leave-one-out (RLOO) advantage",
  formula: "A_i = r_i − (1/(G − 1)) Σ_{j ≠ i} r_j, within each prompt's group of G responses",
  reference: (rewards, groupSize) => Array.from(computeAdvantages(rewards, groupSize, "rloo")),
  cases: () => {
    const rng = new Rng(41);
    const cases: Case<[number[], number]>[] = [
      { args: [[1, 0], 2], label: "one prompt, two responses" },
      { args: [[1, 1, 1, 1], 4], label: "a tie: every response equally good (no advantage)" },
      { args: [[1, 0, 0, 0, 1, 1, 1, 0], 4], label: "two prompts of four responses" },
    ];
    for (let i = 0; i < 5; i++) {
      const groupSize = 2 + rng.int(7);
      const groups = 1 + rng.int(4);
      cases.push({ args: [Array.from({ length: groupSize * groups }, () => (rng.next() < 0.5 ? 1 : 0)), groupSize], label: `random batch ${i + 1} (${groups} prompts × ${groupSize})` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the response's own reward in its baseline",
      why: "a baseline must not depend on the action it judges: with r_i inside it, the advantage shrinks to (G − 1)/G of the leave-one-out one and the estimate is biased. Leave r_i out and divide by G − 1.",
      wrong: (rewards, groupSize) => perGroup(rewards, groupSize, (group) => sum(group) / group.length),
    },
    {
      name: "the mean of the whole batch as the baseline",
      why: "RLOO compares a response with the other answers to the same prompt; mixing prompts makes an easy prompt's answers look good and a hard one's look bad.",
      wrong: (rewards) => rewards.map((r) => r - sum(rewards) / rewards.length),
    },
    {
      name: "the others' sum divided by G instead of G − 1",
      why: "there are G − 1 other responses, so their mean divides by G − 1.",
      wrong: (rewards, groupSize) => perGroup(rewards, groupSize, (group, i) => (sum(group) - group[i]) / group.length),
    },
    {
      name: "no baseline at all",
      why: "the raw reward pushes every correct answer up and never pushes a wrong one down; the baseline turns it into better or worse than the siblings.",
      wrong: (rewards) => [...rewards],
    },
  ],
  hints: [
    "work group by group: the G responses of a prompt are next to each other; each one's baseline is the mean of the other G − 1 rewards of its group.",
    "for response i of a group with reward sum S: A_i = r_i − (S − r_i) / (G − 1).",
  ],
  describe: ([rewards, groupSize]) => `rewards ${list(rewards)}, G = ${groupSize}`,
};

export const NOTEBOOK_04 = [rlooAdvantage];
