// CartPole-v1, step for step as Gymnasium defines it (gymnasium/envs/classic_control/cartpole.py):
// same constants, explicit Euler integration in float64 with the same order of operations, +1
// reward on every step including the one that ends the episode, termination when |x| > 2.4 or
// |θ| > 12°, truncation by the 500-step time limit, reset state ~ U(−0.05, 0.05)⁴. Observations
// are the state cast to float32, as Gymnasium returns them. test/unit/cartpole.test.ts replays
// Gymnasium's own trajectories (test/fixtures/) against this code.
import type { Rng } from "../core/random";
import type { Action, EnvSpec, EnvType, StepResult } from "./env";
import { SimulatedEnv } from "./simulated_env";
import { discrete } from "./spaces";

export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  totalMass: 0.1 + 1.0,
  /** Half the pole's length, as in Gymnasium. */
  length: 0.5,
  poleMassLength: 0.1 * 0.5,
  forceMag: 10.0,
  /** Seconds between state updates. */
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
  maxEpisodeSteps: 500,
  /** Solved: the mean return of the last 100 episodes reaches this. */
  rewardThreshold: 475,
  observationSize: 4,
  actionCount: 2,
  resetBound: 0.05,
} as const;

const FOUR_THIRDS = 4.0 / 3.0;

/**
 * Advances the state stored at state[offset … offset+3] (x, ẋ, θ, θ̇) by one step of `action`
 * (0 = push left, 1 = push right) and returns whether the episode terminated.
 */
export function cartPolePhysics(state: Float64Array, offset: number, action: number): boolean {
  const c = CARTPOLE;
  let x = state[offset];
  let xDot = state[offset + 1];
  let theta = state[offset + 2];
  let thetaDot = state[offset + 3];
  const force = action === 1 ? c.forceMag : -c.forceMag;
  const cosTheta = Math.cos(theta);
  const sinTheta = Math.sin(theta);
  // Same grouping as Gymnasium, so float64 results match bit for bit.
  const temp = (force + c.poleMassLength * (thetaDot * thetaDot) * sinTheta) / c.totalMass;
  const thetaAcc = (c.gravity * sinTheta - cosTheta * temp) / (c.length * (FOUR_THIRDS - (c.massPole * (cosTheta * cosTheta)) / c.totalMass));
  const xAcc = temp - (c.poleMassLength * thetaAcc * cosTheta) / c.totalMass;
  x = x + c.tau * xDot;
  xDot = xDot + c.tau * xAcc;
  theta = theta + c.tau * thetaDot;
  thetaDot = thetaDot + c.tau * thetaAcc;
  state[offset] = x;
  state[offset + 1] = xDot;
  state[offset + 2] = theta;
  state[offset + 3] = thetaDot;
  return x < -c.xThreshold || x > c.xThreshold || theta < -c.thetaThreshold || theta > c.thetaThreshold;
}

/** Draws a reset state U(−0.05, 0.05)⁴ into state[offset … offset+3]. */
export function cartPoleReset(state: Float64Array, offset: number, rng: Rng): void {
  for (let i = 0; i < 4; i++) state[offset + i] = rng.uniform(-CARTPOLE.resetBound, CARTPOLE.resetBound);
}

export type { StepResult } from "./env";

/** What a trainer needs to know of CartPole-v1 (envs/env.ts). */
export const CARTPOLE_SPEC: EnvSpec = {
  id: "CartPole-v1",
  observationSize: CARTPOLE.observationSize,
  actionSpace: discrete(CARTPOLE.actionCount),
  maxEpisodeSteps: CARTPOLE.maxEpisodeSteps,
  rewardThreshold: CARTPOLE.rewardThreshold,
};

/** One CartPole-v1 with Gymnasium's reset/step interface (including its time limit). */
export class CartPole extends SimulatedEnv {
  constructor(private readonly rng: Rng) {
    super(CARTPOLE_SPEC, ["x", "ẋ", "θ", "θ̇"]);
  }

  reset(): Float32Array {
    cartPoleReset(this.state, 0, this.rng);
    return this.begin();
  }

  step(action: Action): StepResult {
    this.checkRunning();
    if (action !== 0 && action !== 1) throw new Error(`CartPole actions are 0 (left) or 1 (right), got ${action}`);
    const terminated = cartPolePhysics(this.state, 0, action);
    const truncated = this.countStep(terminated);
    return { observation: this.observe(), reward: 1, terminated, truncated };
  }

  protected observe(): Float32Array {
    return Float32Array.from(this.state);
  }
}

/** CartPole-v1 as a kind of environment, for trainers and evaluation (the default everywhere). */
export const CARTPOLE_ENV: EnvType = { spec: CARTPOLE_SPEC, make: (rng) => new CartPole(rng) };
