// Notebook 05's exercises: PPO's clipped objective and generalised advantage estimation (GAE), checked
// against src/rl/ppo.ts and src/rl/returns.ts on seeded random cases and on the edge cases where the
// mistakes show (ratios on both sides of the clip, negative advantages, λ = 0 and 1, a cut-off episode).
import { Rng } from "../core/random";
import { clippedSurrogate } from "../rl/ppo";
import { generalisedAdvantages } from "../rl/returns";
import { inputNumber, listOf as list } from "./compare";
import type { Case, Exercise } from "./exercise";

const clamp = (x: number, low: number, high: number) => Math.min(Math.max(x, low), high);
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export const clippedObjective: Exercise<[number[], number[], number], number> = {
  id: "05.1",
  title: "PPO's clipped objective",
  formula: "L^CLIP = −mean_t min(r_t A_t, clip(r_t, 1 − ε, 1 + ε) A_t)",
  reference: (ratios, advantages, clip) => clippedSurrogate(ratios, advantages, clip),
  cases: () => {
    const rng = new Rng(51);
    const cases: Case<[number[], number[], number]>[] = [
      { args: [[1], [2], 0.2], label: "a single step at ratio 1 (the first step of an update: nothing clipped)" },
      { args: [[1.5, 0.9, 0.5, 1.1], [1, 1, -1, -1], 0.2], label: "the notebook's batch: ratios on both sides of the clip, both signs of A" },
      { args: [[1.5], [-1], 0.2], label: "a bad action made more likely (r = 1.5, A < 0: the min keeps the unclipped, worse term)" },
      { args: [[0.5], [1], 0.2], label: "a good action made less likely (r = 0.5, A > 0: the min keeps the unclipped, worse term)" },
      { args: [[1.15, 0.85, 1.15], [1, -1, -1], 0.1], label: "a tighter clip, ε = 0.1 (ratios 1 ± 0.15 are outside it, and would be inside ε = 0.2)" },
    ];
    // ε varies too, so that an answer with ε written in (0.2, as the cell above uses) cannot pass
    for (let i = 0; i < 5; i++) {
      const n = 2 + rng.int(10);
      const clip = [0.1, 0.2, 0.3][rng.int(3)];
      cases.push({ args: [Array.from({ length: n }, () => Math.exp(0.4 * rng.normal())), Array.from({ length: n }, () => rng.normal()), clip], label: `random batch ${i + 1}` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "the clip applied to the advantage instead of the ratio",
      why: "the clip limits how far the new policy moves from the old one, and that distance is the ratio r_t = π_θ/π_old; the advantage is the data's verdict and stays as it is.",
      wrong: (ratios, advantages, clip) => -meanOf(ratios.map((r, t) => Math.min(r * advantages[t], r * clamp(advantages[t], 1 - clip, 1 + clip)))),
    },
    {
      name: "max where min belongs",
      why: "the min makes the objective pessimistic: it takes the clipped term only when clipping lowers the objective, so the step gains nothing by pushing a ratio out of [1 − ε, 1 + ε] but is still corrected when a move went the wrong way. max would reward exactly the large moves the clip is there to stop.",
      wrong: (ratios, advantages, clip) => -meanOf(ratios.map((r, t) => Math.max(r * advantages[t], clamp(r, 1 - clip, 1 + clip) * advantages[t]))),
    },
    {
      name: "the clipped term alone, without the min",
      why: "clip(r) A by itself is flat in r outside [1 − ε, 1 + ε] on both sides, so a step that made a bad action much more likely (r large, A < 0) would get no correction; the min with the unclipped term keeps that penalty.",
      wrong: (ratios, advantages, clip) => -meanOf(ratios.map((r, t) => clamp(r, 1 - clip, 1 + clip) * advantages[t])),
    },
    {
      name: "the minus sign left out",
      why: "the objective is to be raised, and optimisers descend: the loss is minus the mean.",
      wrong: (ratios, advantages, clip) => -clippedSurrogate(ratios, advantages, clip),
    },
  ],
  hints: [
    "for each step compute both terms, r·A and clip(r, 1 − ε, 1 + ε)·A, keep the smaller one, then take minus the mean over the steps.",
    "const clipped = Math.min(Math.max(r, 1 - clip), 1 + clip); term = Math.min(r * A, clipped * A); return −(Σ terms) / n.",
  ],
  describe: ([ratios, advantages, clip]) => `ratios r ${list(ratios)}, advantages A ${list(advantages)}, ε = ${clip}`,
};

export const gae: Exercise<[number[], number[], number, number, number], number[]> = {
  id: "05.2",
  title: "generalised advantage estimation (GAE)",
  formula: "δ_t = r_t + γ V(s_{t+1}) − V(s_t),  A_t = δ_t + γλ A_{t+1},  V(s_T) = finalValue, A_T = 0",
  reference: (rewards, values, finalValue, gamma, lambda) => Array.from(generalisedAdvantages(rewards, values, finalValue, gamma, lambda)),
  cases: () => {
    const rng = new Rng(52);
    const cases: Case<[number[], number[], number, number, number]>[] = [
      { args: [[1], [0.5], 0, 0.99, 0.95], label: "an episode of one step that ended (the pole fell: V after it is 0)" },
      { args: [[1, 1, 1], [2, 1.5, 0.8], 0, 0.9, 0], label: "λ = 0: the one-step TD error δ_t" },
      { args: [[1, 1, 1], [2, 1.5, 0.8], 0, 0.9, 1], label: "λ = 1: the discounted return minus V, G_t − V(s_t)" },
      { args: [[1, 1, 1], [2, 1.5, 0.8], 5, 0.9, 0.95], label: "an episode cut off by the time limit (it bootstraps from finalValue = 5)" },
    ];
    // rewards other than CartPole's 1 and γ, λ other than the notebook's 0.99, 0.95, so that an answer
    // that ignores any of them cannot pass
    for (let i = 0; i < 5; i++) {
      const n = 2 + rng.int(20);
      const rewards = Array.from({ length: n }, () => Math.round(rng.next() * 4 - 1));
      const values = Array.from({ length: n }, () => 10 * rng.next());
      const finalValue = rng.next() < 0.5 ? 0 : 10 * rng.next();
      cases.push({ args: [rewards, values, finalValue, 0.9 + 0.099 * rng.next(), 0.8 + 0.19 * rng.next()], label: `random episode ${i + 1}` });
    }
    return cases;
  },
  mistakes: [
    {
      name: "λ left out (γ where γλ belongs)",
      why: "each later δ counts (γλ)^k times: λ is what trades the critic's bias against the variance of the sampled rewards. Without it every case is λ = 1, the Monte Carlo return minus V.",
      wrong: (rewards, values, finalValue, gamma) => Array.from(generalisedAdvantages(rewards, values, finalValue, gamma, 1)),
    },
    {
      name: "the advantages accumulated forwards",
      why: "A_t sums the TD errors from step t to the end, so it is built backwards from the last step, like the reward-to-go.",
      wrong: (rewards, values, finalValue, gamma, lambda) => {
        let running = 0;
        return rewards.map((r, t) => {
          const next = t + 1 < rewards.length ? values[t + 1] : finalValue;
          return (running = r + gamma * next - values[t] + gamma * lambda * running);
        });
      },
    },
    {
      name: "the value after the last step taken as V of the last state",
      why: "after the last step comes finalValue: 0 when the episode ended (a fallen pole earns nothing more), V of the state the time limit cut off otherwise. V(s_{T−1}) is the value of the state before it.",
      wrong: (rewards, values, _finalValue, gamma, lambda) => Array.from(generalisedAdvantages(rewards, values, values[values.length - 1], gamma, lambda)),
    },
    {
      name: "the next state's value not discounted in δ",
      why: "δ_t = r_t + γ V(s_{t+1}) − V(s_t): the value of the next state is one step in the future, so it is discounted once.",
      wrong: (rewards, values, finalValue, gamma, lambda) => {
        const out = new Array<number>(rewards.length);
        let running = 0;
        for (let t = rewards.length - 1; t >= 0; t--) {
          const next = t + 1 < rewards.length ? values[t + 1] : finalValue;
          running = rewards[t] + next - values[t] + gamma * lambda * running;
          out[t] = running;
        }
        return out;
      },
    },
  ],
  hints: [
    "walk the episode backwards, as for the reward-to-go: first the TD error δ_t of each step, then a running sum that you multiply by γλ before adding δ_t.",
    "let A = 0; for t from the last step down to 0: next = (t is the last step ? finalValue : values[t + 1]); A = rewards[t] + gamma * next − values[t] + gamma * lambda * A; result[t] = A.",
  ],
  describe: ([rewards, values, finalValue, gamma, lambda]) => `rewards ${list(rewards)}, V ${list(values)}, finalValue ${inputNumber(finalValue)}, γ = ${inputNumber(gamma)}, λ = ${inputNumber(lambda)}`,
};

export const NOTEBOOK_05 = [clippedObjective, gae];
