// Step 1 of the loop, sampling (采样): play one whole episode with the current policy and keep what
// the update needs: the observations, the actions taken, the rewards, and how uncertain the policy was.
import type { Env } from "../envs/env";
import { actionSize, describeSpace } from "../envs/spaces";
import { policyFits, type Policy } from "./policy";
import type { Rng } from "../core/random";

export interface Episode {
  /** Observations s_0 … s_{T−1}, flattened (T × the observation size). */
  observations: Float32Array;
  /** Actions a_0 … a_{T−1}, flattened (T × actionSize of the space: the index of a discrete action). */
  actions: Float32Array;
  rewards: Float32Array;
  /** log π(a_t|s_t) of each action when it was sampled (PPO's π_old). */
  logProbs: Float32Array;
  /** The observation after the last step (what a critic bootstraps from when the time limit cut the episode). */
  finalObservation: Float32Array;
  length: number;
  /** Mean entropy of π(·|s_t) over the episode, in nats (ln 2 ≈ 0.693 is a coin flip between two actions; a Gaussian's differential entropy may be negative). */
  meanEntropy: number;
  terminated: boolean;
  truncated: boolean;
}

/** Plays the policy from a fresh reset until the episode terminates or hits the time limit. */
export function playEpisode(env: Env, policy: Policy, rng: Rng, options: { greedy?: boolean } = {}): Episode {
  const { observationSize: size, maxEpisodeSteps } = env.spec;
  if (!policyFits(policy, env.spec)) {
    throw new Error(`this policy (observations of ${policy.observationSize}, actions in ${describeSpace(policy.actionSpace)}) cannot play ${env.spec.id} (observations of ${size}, actions in ${describeSpace(env.spec.actionSpace)})`);
  }
  const perAction = actionSize(env.spec.actionSpace);
  const observations = new Float32Array(maxEpisodeSteps * size);
  const actions = new Float32Array(maxEpisodeSteps * perAction);
  const rewards = new Float32Array(maxEpisodeSteps);
  const logProbs = new Float32Array(maxEpisodeSteps);
  let observation = env.reset();
  let entropySum = 0;
  for (let t = 0; ; t++) {
    observations.set(observation, t * size);
    const choice = policy.act(observation, rng, Boolean(options.greedy));
    entropySum += choice.entropy;
    if (typeof choice.action === "number") actions[t] = choice.action;
    else actions.set(choice.action, t * perAction);
    logProbs[t] = choice.logProb;
    const step = env.step(choice.action);
    rewards[t] = step.reward;
    observation = step.observation;
    if (step.terminated || step.truncated) {
      const length = t + 1;
      return {
        observations: observations.slice(0, length * size),
        actions: actions.slice(0, length * perAction),
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
export function playEpisodes(env: Env, policy: Policy, rng: Rng, count: number): Episode[] {
  return Array.from({ length: count }, () => playEpisode(env, policy, rng));
}

/** The steps of several episodes end to end, as one batch for a loss. */
export function stackEpisodes(episodes: Episode[]): { steps: number; observations: Float32Array; actions: Float32Array; logProbs: Float32Array } {
  const size = episodes.length > 0 ? episodes[0].observations.length / episodes[0].length : 0;
  const perAction = episodes.length > 0 ? episodes[0].actions.length / episodes[0].length : 0;
  const steps = episodes.reduce((n, e) => n + e.length, 0);
  const observations = new Float32Array(steps * size);
  const actions = new Float32Array(steps * perAction);
  const logProbs = new Float32Array(steps);
  let offset = 0;
  for (const e of episodes) {
    observations.set(e.observations, offset * size);
    actions.set(e.actions, offset * perAction);
    logProbs.set(e.logProbs, offset);
    offset += e.length;
  }
  return { steps, observations, actions, logProbs };
}
