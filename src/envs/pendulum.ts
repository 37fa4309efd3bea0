// Pendulum-v1, step for step as Gymnasium 1.4.0 defines it (gymnasium/envs/classic_control/pendulum.py):
// a pole on a motor, θ = 0 upright, to be swung up and held there with a torque u ∈ [−2, 2]:
//   u ← clip(u, −2, 2)
//   cost = angle_normalize(θ)² + 0.1 θ̇² + 0.001 u²        (from the state before the step)
//   θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8),  θ' = θ + θ̇' dt
//   reward = −cost; observation [cos θ, sin θ, θ̇] as float32
// with g = 10, m = l = 1, dt = 0.05. It never terminates; the time limit truncates it at 200 steps. Reset
// draws θ ~ U(−π, π), θ̇ ~ U(−1, 1). The torque arrives as a float32 vector (a Box sample), and NumPy ≥ 2
// (NEP 50: a Python float does not widen a float32) keeps the terms made from it in float32 (0.001·u² and
// 3·u) before they meet the float64 state: done here the same way (Math.fround). test/unit/pendulum.test.ts replays Gymnasium's own trajectories.
import type { Rng } from "../core/random";
import type { Action, EnvSpec, EnvType, StepResult } from "./env";
import { SimulatedEnv } from "./simulated_env";
import { box } from "./spaces";

export const PENDULUM = {
  gravity: 10.0,
  mass: 1.0,
  length: 1.0,
  /** Seconds between state updates. */
  dt: 0.05,
  maxSpeed: 8,
  maxTorque: 2.0,
  maxEpisodeSteps: 200,
  observationSize: 3,
} as const;

/** θ wrapped into [−π, π), as NumPy computes ((θ + π) mod 2π) − π (a floored remainder). */
export function angleNormalize(theta: number): number {
  const period = 2 * Math.PI;
  let r = (theta + Math.PI) % period;
  if (r < 0) r += period;
  return r - Math.PI;
}

/** What a trainer needs to know of Pendulum-v1 (envs/env.ts). */
export const PENDULUM_SPEC: EnvSpec = {
  id: "Pendulum-v1",
  observationSize: PENDULUM.observationSize,
  actionSpace: box([-PENDULUM.maxTorque], [PENDULUM.maxTorque]),
  maxEpisodeSteps: PENDULUM.maxEpisodeSteps,
  // Gymnasium sets none; evaluation uses its own pass mark
  rewardThreshold: null,
};

/**
 * The step from which an episode's pendulum stays within `degrees` of upright to the end (its final state
 * included), or null when it is not upright at the end. θ comes from the observation's cos θ.
 */
export function uprightSince(episode: { observations: Float32Array; finalObservation: Float32Array; length: number }, degrees: number): number | null {
  if (episode.observations.length !== PENDULUM.observationSize * episode.length) {
    throw new Error(`uprightSince reads Pendulum-v1 observations [cos θ, sin θ, θ̇]: ${PENDULUM.observationSize} numbers a step, got ${episode.observations.length} for ${episode.length} steps`);
  }
  const limit = Math.cos((degrees * Math.PI) / 180);
  if (episode.finalObservation[0] < limit) return null;
  let t = episode.length;
  while (t > 0 && episode.observations[PENDULUM.observationSize * (t - 1)] >= limit) t--;
  return t;
}

/** One Pendulum-v1 with Gymnasium's reset/step interface (including its time limit). */
export class Pendulum extends SimulatedEnv {
  constructor(private readonly rng: Rng) {
    super(PENDULUM_SPEC, ["θ", "θ̇"]);
  }

  reset(): Float32Array {
    this.state[0] = this.rng.uniform(-Math.PI, Math.PI);
    this.state[1] = this.rng.uniform(-1, 1);
    return this.begin();
  }

  step(action: Action): StepResult {
    this.checkRunning();
    if (!(action instanceof Float32Array) || action.length !== 1) {
      throw new Error(`Pendulum-v1 takes a torque as a vector of one number, [u] with u in [-2, 2] (beyond is clipped); got ${typeof action === "number" ? `the number ${action}` : `${action.length} numbers`}`);
    }
    const p = PENDULUM;
    const u = Math.min(Math.max(action[0], -p.maxTorque), p.maxTorque); // float32 in, float32 out
    const [theta, thetaDot] = this.state;
    const cost = angleNormalize(theta) ** 2 + 0.1 * thetaDot ** 2 + Math.fround(Math.fround(0.001) * Math.fround(u * u));
    const torqueTerm = Math.fround((3.0 / (p.mass * p.length ** 2)) * u);
    let newThetaDot = thetaDot + ((3 * p.gravity) / (2 * p.length) * Math.sin(theta) + torqueTerm) * p.dt;
    newThetaDot = Math.min(Math.max(newThetaDot, -p.maxSpeed), p.maxSpeed);
    this.state[0] = theta + newThetaDot * p.dt;
    this.state[1] = newThetaDot;
    const truncated = this.countStep(false);
    return { observation: this.observe(), reward: -cost, terminated: false, truncated };
  }

  protected observe(): Float32Array {
    return Float32Array.from([Math.cos(this.state[0]), Math.sin(this.state[0]), this.state[1]]);
  }
}

/** Pendulum-v1 as a kind of environment, for trainers and evaluation. */
export const PENDULUM_ENV: EnvType = { spec: PENDULUM_SPEC, make: (rng) => new Pendulum(rng) };
