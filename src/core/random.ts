// A seeded random-number generator whose whole state can be saved and restored, so that a run
// resumed from a checkpoint draws exactly the numbers an uninterrupted run would have drawn.
import seedrandom from "seedrandom";

export type RngState = seedrandom.State.Alea;

/** Seeds are integers from 0 to this (what every command and configuration accepts). */
export const MAX_SEED = 2 ** 31 - 1;

export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<RngState>;

  /** `seed` is any integer or string; `state` (from `state()`) resumes a generator exactly. */
  constructor(seed: number | string, state?: RngState) {
    this.prng = seedrandom.alea(String(seed), { state: state ?? true });
  }

  static fromState(state: RngState): Rng {
    if (!state || !["c", "s0", "s1", "s2"].every((key) => Number.isFinite((state as Record<string, number>)[key]))) {
      throw new Error("Invalid random-generator state: expected an object with numeric c, s0, s1, s2.");
    }
    return new Rng("", state);
  }

  state(): RngState {
    return this.prng.state();
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number {
    return this.prng.double();
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller (no cached spare, so the state stays four numbers). */
  normal(mean = 0, std = 1): number {
    const u = 1 - this.next(); // in (0, 1], so log(u) is finite
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn with the given probabilities (they need not be normalised). */
  categorical(probabilities: ArrayLike<number>): number {
    return categoricalIndex(probabilities, this.next());
  }
}

/**
 * Inverse-CDF sampling: the first index whose running sum of probabilities exceeds u · total, for u
 * uniform in [0, 1). Each index comes up with its probability; one of probability 0 never does.
 */
export function categoricalIndex(probabilities: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) total += probabilities[i];
  let threshold = u * total;
  for (let i = 0; i < probabilities.length; i++) {
    threshold -= probabilities[i];
    if (threshold < 0) return i;
  }
  return probabilities.length - 1;
}
