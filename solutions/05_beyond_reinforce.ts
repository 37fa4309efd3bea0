// Solutions to notebook 05's exercises. Open this file when you want to compare, not before.

/** Exercise 05.1: L^CLIP = −mean_t min(r_t A_t, clip(r_t, 1 − ε, 1 + ε) A_t). */
export function clippedObjective(ratios: number[], advantages: number[], clip: number): number {
  let total = 0;
  for (let t = 0; t < ratios.length; t++) {
    const clipped = Math.min(Math.max(ratios[t], 1 - clip), 1 + clip);
    total += Math.min(ratios[t] * advantages[t], clipped * advantages[t]);
  }
  return -total / ratios.length;
}

/** Exercise 05.2: A_t = δ_t + γλ A_{t+1}, δ_t = r_t + γ V(s_{t+1}) − V(s_t), walked backwards. */
export function gae(rewards: number[], values: number[], finalValue: number, gamma: number, lambda: number): number[] {
  const advantages = new Array<number>(rewards.length);
  let A = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    const next = t + 1 < rewards.length ? values[t + 1] : finalValue;
    A = rewards[t] + gamma * next - values[t] + gamma * lambda * A;
    advantages[t] = A;
  }
  return advantages;
}
