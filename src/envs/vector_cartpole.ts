// N CartPoles stepped together, with state kept in one flat array and no allocation per step.
//
// Auto-reset: when an environment terminates or is truncated, it is reset at once, so the
// observation returned for it already belongs to its next episode. The last state of the episode
// that just ended is kept in `finalObservations` (and `episodeDone` marks which ones ended).
import type { Rng } from "../core/random";
import { CARTPOLE, cartPolePhysics, cartPoleReset } from "./cartpole";

export class VectorCartPole {
  /** Float64 states, 4 per environment. */
  readonly states: Float64Array;
  /** Float32 observations, 4 per environment: what the policy sees. */
  readonly observations: Float32Array;
  /** The ending observation of environments whose episode ended on the last step. */
  readonly finalObservations: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** terminated || truncated on the last step. */
  readonly episodeDone: Uint8Array;
  /** Steps into the current episode, per environment. */
  readonly elapsedSteps: Int32Array;

  constructor(readonly count: number, private readonly rng: Rng) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`a vector environment needs at least one environment, got ${count}`);
    this.states = new Float64Array(4 * count);
    this.observations = new Float32Array(4 * count);
    this.finalObservations = new Float32Array(4 * count);
    this.rewards = new Float32Array(count);
    this.terminated = new Uint8Array(count);
    this.truncated = new Uint8Array(count);
    this.episodeDone = new Uint8Array(count);
    this.elapsedSteps = new Int32Array(count);
  }

  /** Resets every environment (in index order, so the random draws are reproducible). */
  reset(): Float32Array {
    for (let i = 0; i < this.count; i++) this.resetOne(i);
    return this.observations;
  }

  private resetOne(i: number): void {
    cartPoleReset(this.states, 4 * i, this.rng);
    this.elapsedSteps[i] = 0;
    for (let k = 4 * i; k < 4 * i + 4; k++) this.observations[k] = this.states[k];
  }

  /** Steps environment i with actions[i]; returns the observations (of next episodes where one ended). */
  step(actions: ArrayLike<number>): Float32Array {
    for (let i = 0; i < this.count; i++) {
      const terminated = cartPolePhysics(this.states, 4 * i, actions[i]);
      const steps = ++this.elapsedSteps[i];
      // Gymnasium's TimeLimit reports truncated at the limit even if that step also terminated.
      const truncated = steps >= CARTPOLE.maxEpisodeSteps;
      this.rewards[i] = 1;
      this.terminated[i] = terminated ? 1 : 0;
      this.truncated[i] = truncated ? 1 : 0;
      const done = terminated || truncated;
      this.episodeDone[i] = done ? 1 : 0;
      for (let k = 4 * i; k < 4 * i + 4; k++) this.observations[k] = this.states[k];
      if (done) {
        this.finalObservations.set(this.observations.subarray(4 * i, 4 * i + 4), 4 * i);
        this.resetOne(i);
      }
    }
    return this.observations;
  }
}
