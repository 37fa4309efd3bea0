// What CartPole and Pendulum share as Gymnasium environments: an exact float64 state, the order of reset
// and step (no step before a reset, none after the episode ended), the step count and the time limit that
// truncates an episode (Gymnasium's TimeLimit wrapper), and starting from a chosen state for tests and
// demonstrations. Each environment adds its physics (step) and what it shows of the state (observe).
import type { Action, Env, EnvSpec, StepResult } from "./env";

export abstract class SimulatedEnv implements Env {
  /** The exact float64 state. */
  readonly state: Float64Array;
  /** Steps taken in the current episode. */
  elapsedSteps = 0;
  private finished = true;

  /** `stateNames` name the state's numbers, for messages ("x, ẋ, θ, θ̇"). */
  constructor(readonly spec: EnvSpec, private readonly stateNames: string[]) {
    this.state = new Float64Array(stateNames.length);
  }

  abstract reset(): Float32Array;
  abstract step(action: Action): StepResult;
  /** The observation of the current state. */
  protected abstract observe(): Float32Array;

  /** Starts an episode from a given state (for tests and demonstrations). */
  resetTo(state: ArrayLike<number>): Float32Array {
    if (state.length !== this.state.length) throw new Error(`a ${this.spec.id} state has ${this.state.length} numbers (${this.stateNames.join(", ")}), got ${state.length}`);
    this.state.set(state);
    return this.begin();
  }

  /** The episode starts from the state as it is now; returns the first observation. */
  protected begin(): Float32Array {
    this.elapsedSteps = 0;
    this.finished = false;
    return this.observe();
  }

  /** Refuses a step outside an episode; call first in step(). */
  protected checkRunning(): void {
    if (this.finished) throw new Error(`${this.spec.id}: step() after the episode ended: call reset() first.`);
  }

  /** Counts the step just taken; returns whether the time limit truncates the episode there. */
  protected countStep(terminated: boolean): boolean {
    this.elapsedSteps++;
    const truncated = this.elapsedSteps >= this.spec.maxEpisodeSteps;
    this.finished = terminated || truncated;
    return truncated;
  }
}
