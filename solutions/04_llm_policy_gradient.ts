// Solutions to notebook 04's exercises. Open this file when you want to compare, not before.

/** Exercise 04.1: log π(response | prompt), the sum over the tokens after the prompt's promptLength. */
export function responseLogProb(logProbs: number[], promptLength: number): number {
  return logProbs.slice(promptLength).reduce((a, b) => a + b, 0);
}

/** Exercise 04.2: A_i = r_i − (mean of the other G − 1 rewards of the same prompt). */
export function rlooAdvantage(rewards: number[], groupSize: number): number[] {
  const advantages: number[] = [];
  for (let start = 0; start < rewards.length; start += groupSize) {
    const group = rewards.slice(start, start + groupSize);
    const total = group.reduce((a, b) => a + b, 0);
    for (const r of group) advantages.push(r - (total - r) / (groupSize - 1));
  }
  return advantages;
}
