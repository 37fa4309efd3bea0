// Notebook 04's exercises: log π(response | prompt) from the per-token log-probabilities (the response-only
// mask of src/lm/sequences.ts), and the leave-one-out (RLOO) advantage (src/lm_training/advantages.ts),
// checked on seeded random cases and on the edge cases: an empty response, ties where every response is as good.
import { Rng } from "../core/random";
import { computeAdvantages } from "../lm_training/advantages";
import { packSequences, responseTargets } from "../lm/sequences";
import { listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";


const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** r_i minus `baseline(group, i)`, group after group. */
function perGroup(rewards: number[], groupSize: number, baseline: (group: number[], i: number) => number): number[] {
  return rewards.map((r, k) => {
    const start = k - (k % groupSize);
    return r - baseline(rewards.slice(start, start + groupSize), k % groupSize);
  });
}

/** The library's mask on a sequence of that shape: position k counts when the token it predicts is the response's. */
function responseMask(predicted: number, promptLength: number): Float32Array {
  const batch = packSequences([new Array<number>(promptLength).fill(0)], [new Array<number>(predicted - promptLength).fill(0)]);
  return responseTargets(batch).mask;
}

export const responseLogProb: Exercise<[number[], number], number> = {
  id: "04.1",
  title: "log π(response | prompt), the prompt masked out",
  formula: "log π(y | x) = Σ_t log π(y_t | x, y_<t): the sum over the response's tokens only",
  reference: (logProbs, promptLength) => {
    const mask = responseMask(logProbs.length, promptLength);
    return logProbs.reduce((s, lp, k) => s + mask[k] * lp, 0);
  },
  cases: () => {
    const rng = new Rng(40);
    const cases: Case<[number[], number]>[] = [
      { args: [[-0.1, -0.2, -0.3, -1.5, -0.5], 3], label: "a prompt of 3 tokens and a response of 2" },
      { args: [[-0.4, -0.1, -0.2], 3], label: "an empty response (nothing was chosen, so log π = 0)" },
      { args: [[-0.3, -2.0], 1], label: "a prompt of 1 token, a response of 1" },
    ];
    for (let i = 0; i < 5; i++) {
      const promptLength = 2 + rng.int(7);
      const responseLength = 1 + rng.int(5);
      cases.push({ args: [Array.from({ length: promptLength + responseLength }, () => Math.log(0.02 + 0.98 * rng.next())), promptLength], label: `random sequence ${i + 1}` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "prompt tokens counted in log π(response | prompt)",
      why: "the prompt was given, not chosen by the policy: its tokens must be masked out, or the update would also teach the model to write prompts, with the reward of the answer.",
      wrong: (logProbs) => sum(logProbs),
    },
    {
      name: "the mean of the response's log-probabilities instead of their sum",
      why: "the probability of a sequence is the product of its tokens' probabilities, so its log is the sum; a mean would make a long answer count as much as one token.",
      wrong: (logProbs, promptLength) => {
        const response = logProbs.slice(promptLength);
        return response.length === 0 ? 0 : sum(response) / response.length;
      },
    },
    {
      name: "off by one: the last prompt token counted",
      why: "the entries are the tokens after <bos>, prompt first: the response starts at index promptLength, so the prompt's last token (the \"=\") is index promptLength − 1 and is not part of it.",
      wrong: (logProbs, promptLength) => sum(logProbs.slice(promptLength - 1)),
    },
    {
      name: "off by one: the response's first token left out",
      why: "the response starts at index promptLength (indices 0 … promptLength − 1 are the prompt); starting one later drops its first token, often the one that matters most.",
      wrong: (logProbs, promptLength) => sum(logProbs.slice(promptLength + 1)),
    },
  ],
  hints: [
    "logProbs has one entry per token after <bos>, the prompt's promptLength tokens first; keep only the entries after them.",
    "return the sum of logProbs.slice(promptLength); with an empty response that is 0.",
  ],
  describe: ([logProbs, promptLength]) => `log π per token ${list(logProbs)}, prompt of ${promptLength} tokens`,
};

export const rlooAdvantage: Exercise<[number[], number], number[]> = {
  id: "04.2",
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

export const NOTEBOOK_04 = [responseLogProb, rlooAdvantage];
