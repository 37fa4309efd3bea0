// The settings the course trains Pendulum-v1 with, one per algorithm, on one budget: 1000 episodes of
// 200 steps (200k environment steps). PPO's follow rl-baselines3-zoo's tuned Pendulum PPO (hyperparams/
// ppo.yml: γ 0.9, λ 0.95, 4 × 1024 steps per update, 10 epochs, learning rate 1e-3, clip 0.2, no
// normalisation), with 20 episodes (4000 steps) per update, minibatches of 256 steps, a 64×64 ReLU network
// and a state-independent log σ where the zoo explores with gSDE; γ = 0.9 is the zoo's choice (not measured
// against 0.99 here). REINFORCE and A2C get the same γ,
// network, learning rates and batch of episodes, untuned. `npm run bench -- --task pendulum` measures all
// three on five seeds.
import type { A2cConfig } from "./a2c";
import type { PpoConfig } from "./ppo";
import type { ReinforceConfig } from "./reinforce";

const SHARED = { episodes: 1000, gamma: 0.9, learningRate: 1e-3, hidden: [64, 64], seed: 0 };

export const PENDULUM_PPO_CONFIG: PpoConfig = { ...SHARED, episodesPerUpdate: 20, epochs: 10, minibatchSize: 256, clip: 0.2, lambda: 0.95, criticLearningRate: 1e-3 };

export const PENDULUM_REINFORCE_CONFIG: ReinforceConfig = { ...SHARED, episodesPerUpdate: 20, baseline: "value", criticLearningRate: 1e-3 };

export const PENDULUM_A2C_CONFIG: A2cConfig = { ...SHARED, episodesPerUpdate: 20, nSteps: 20, criticLearningRate: 1e-3 };

/** Tianshou's pass mark for Pendulum: a mean return of the deterministic policy of at least −250 over 100 episodes. */
export const PENDULUM_PASS_MARK = -250;
