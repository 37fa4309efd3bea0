// Solutions to notebook 01's exercises. Open this file when you want to compare, not before: the
// checker's hints (hint("01.1", 2) …) lead to the same code step by step.

/** Exercise 01.1: the action whose slice of [0, 1) (width π(a)) contains u. */
export function sampleAction(probabilities: number[], u: number): number {
  let running = 0;
  for (let a = 0; a < probabilities.length; a++) {
    running += probabilities[a];
    if (u < running) return a;
  }
  return probabilities.length - 1; // rounding can leave the sum a hair below 1
}

/** Exercise 01.2: Ĵ_N = (1/N) Σ_i R(τ_i), each R(τ_i) the sum of trajectory i's rewards. */
export function monteCarloObjective(trajectories: number[][]): number {
  const returns = trajectories.map((rewards) => rewards.reduce((a, b) => a + b, 0));
  return returns.reduce((a, b) => a + b, 0) / returns.length;
}
