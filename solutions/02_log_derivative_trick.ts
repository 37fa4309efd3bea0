// Solutions to notebook 02's exercises. Open this file when you want to compare, not before.

/** Exercise 02.1: ∇_z log π(a) = e_a − π, with π = softmax(z) shifted by max(z) so exp cannot overflow. */
export function softmaxScore(logits: number[], action: number): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e, k) => (k === action ? 1 : 0) - e / total);
}

/** Exercise 02.2: b̂* = Σ_j S_j² R_j / Σ_j S_j², the returns averaged with weights S². */
export function optimalBaseline(scores: number[], returns: number[]): number {
  let numerator = 0;
  let denominator = 0;
  for (let j = 0; j < scores.length; j++) {
    numerator += scores[j] ** 2 * returns[j];
    denominator += scores[j] ** 2;
  }
  return numerator / denominator;
}
