// Step 1 of the loop, sampling (采样): play one whole episode with the current policy and keep what
// the update needs: the observations, the actions taken, the rewards, and how uncertain the policy was.
import type { Env } from "../envs/env";
import { entropy, type CategoricalPolicy } from "./policy";
import type { Rng } from "../core/random";

export interface Episode {
  /** Observations s_0 … s_{T−1}, flattened (T × the observation size). */
  observations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  /** log π(a_t|s_t) of each action when it was sampled (PPO's π_old). */
  logProbs: Float32Array;
  /** The observation after the last step (what a critic bootstraps from when the time limit cut the episode). */
  finalObservation: Float32Array;
  length: number;
  /** Mean entropy of π(·|s_t) over the episode, in nats (ln 2 ≈ 0.693 is a coin flip). */
  meanEntropy: number;
  terminated: boolean;
  truncated: boolean;
}

/** Plays the policy from a fresh reset until the episode terminates or hits the time limit. */
export function playEpisode(env: Env, policy: CategoricalPolicy, rng: Rng, options: { greedy?: boolean } = {}): Episode {
  const { observationSize: size, maxEpisodeSteps } = env.spec;
  const observations = new Float32Array(maxEpisodeSteps * size);
  const actions = new Int32Array(maxEpisodeSteps);
  const rewards = new Float32Array(maxEpisodeSteps);
  const logProbs = new Float32Array(maxEpisodeSteps);
  let observation = env.reset();
  let entropySum = 0;
  for (let t = 0; ; t++) {
    observations.set(observation, t * size);
    const probabilities = policy.probabilities(observation);
    entropySum += entropy(probabilities);
    const action = options.greedy ? policy.greedy(observation) : rng.categorical(probabilities);
    const step = env.step(action);
    actions[t] = action;
    logProbs[t] = Math.log(probabilities[action]);
    rewards[t] = step.reward;
    observation = step.observation;
    if (step.terminated || step.truncated) {
      const length = t + 1;
      return {
        observations: observations.slice(0, length * size),
        actions: actions.slice(0, length),
        rewards: rewards.slice(0, length),
        logProbs: logProbs.slice(0, length),
        finalObservation: observation,
        length,
        meanEntropy: entropySum / length,
        terminated: step.terminated,
        truncated: step.truncated,
      };
    }
  }
}

/** A batch of episodes played one after another. */
export function playEpisodes(env: Env, policy: CategoricalPolicy, rng: Rng, count: number): Episode[] {
  return Array.from({ length: count }, () => playEpisode(env, policy, rng));
}

/** The steps of several episodes end to end, as one batch for a loss. */
export function stackEpisodes(episodes: Episode[]): { steps: number; observations: Float32Array; actions: Int32Array; logProbs: Float32Array } {
  const size = episodes.length > 0 ? episodes[0].observations.length / episodes[0].length : 0;
  const steps = episodes.reduce((n, e) => n + e.length, 0);
  const observations = new Float32Array(steps * size);
  const actions = new Int32Array(steps);
  const logProbs = new Float32Array(steps);
  let offset = 0;
  for (const e of episodes) {
    observations.set(e.observations, offset * size);
    actions.set(e.actions, offset);
    logProbs.set(e.logProbs, offset);
    offset += e.length;
  }
  return { steps, observations, actions, logProbs };
}
