// Solutions to notebook 06's exercise. Open this file when you want to compare, not before.

/** Exercise 06.1: log π(a|s) = Σ_i [ −(a_i − μ_i)² / (2σ_i²) − log σ_i − ½ log 2π ], σ_i = exp(logStd_i). */
export function gaussianLogProb(action: number[], mean: number[], logStd: number[]): number {
  let total = 0;
  for (let i = 0; i < action.length; i++) {
    const z = (action[i] - mean[i]) / Math.exp(logStd[i]);
    total += -0.5 * z * z - logStd[i] - 0.5 * Math.log(2 * Math.PI);
  }
  return total;
}
