// Baselines for sequence-level rewards. For each prompt the policy wrote G responses (a group), and
// each response's advantage A_i says how much better than expected its reward r_i was. The gradient
// pushes log π(y_i | x) up in proportion to A_i, so a good baseline makes "better than expected"
// mean something, and cuts the variance.
import { standardise } from "../rl/returns";

export const LM_BASELINES = ["none", "mean", "rloo", "grpo"] as const;
export type LmBaseline = (typeof LM_BASELINES)[number];

/**
 * Advantages for rewards laid out group after group (rewards[g·G + i] is response i of prompt g):
 *   none: A_i = r_i
 *   mean: A_i = r_i − mean of the whole batch
 *   rloo: A_i = r_i − mean of the OTHER responses to the same prompt (leave-one-out, as TRL's RLOO)
 *   grpo: A_i = (r_i − mean of the group) / (std of the group + 1e-4)  (group-normalised, as GRPO;
 *         sample standard deviation)
 */
export function computeAdvantages(rewards: ArrayLike<number>, groupSize: number, baseline: LmBaseline): Float64Array {
  const n = rewards.length;
  if (!Number.isInteger(groupSize) || groupSize < 1 || n % groupSize !== 0) throw new Error(`${n} rewards do not split into groups of ${groupSize}`);
  if (baseline === "rloo" && groupSize < 2) throw new Error("the leave-one-out baseline needs at least 2 responses per prompt");
  const out = new Float64Array(n);
  if (baseline === "none") {
    for (let i = 0; i < n; i++) out[i] = rewards[i];
    return out;
  }
  if (baseline === "mean") {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rewards[i];
    for (let i = 0; i < n; i++) out[i] = rewards[i] - sum / n;
    return out;
  }
  for (let start = 0; start < n; start += groupSize) {
    const group = Array.prototype.slice.call(rewards, start, start + groupSize) as number[];
    if (baseline === "rloo") {
      let sum = 0;
      for (const r of group) sum += r;
      group.forEach((r, i) => (out[start + i] = r - (sum - r) / (groupSize - 1)));
    } else {
      out.set(standardise(group, { ddof: 1, epsilon: 1e-4 }), start);
    }
  }
  return out;
}
