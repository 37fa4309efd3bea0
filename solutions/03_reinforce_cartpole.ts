// Solutions to notebook 03's exercises. Open this file when you want to compare, not before: the
// checker's hints (hint("03.1", 2) …) lead to the same code step by step.

/** Exercise 03.1: G_t = r_t + γ G_{t+1}, walked backwards from the last step. */
export function rewardToGo(rewards: number[], gamma: number): number[] {
  const result = new Array<number>(rewards.length);
  let G = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    G = rewards[t] + gamma * G;
    result[t] = G;
  }
  return result;
}

/** Exercise 03.2: (G − mean)/(std + 1e-8), with the sample standard deviation (n − 1), as PyTorch's std(). */
export function standardiseReturns(returns: number[]): number[] {
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(returns.reduce((s, g) => s + (g - mean) ** 2, 0) / (n - 1));
  return returns.map((g) => (g - mean) / (std + 1e-8));
}

/** Exercise 03.3: L = −Σ_t log π(a_t|s_t) · Ĝ_t. */
export function pseudoLoss(logProbs: number[], weights: number[]): number {
  return -logProbs.reduce((sum, lp, t) => sum + lp * weights[t], 0);
}
