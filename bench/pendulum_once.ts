// One Pendulum-v1 run per line: an algorithm with its Pendulum settings (src/rl/pendulum_configs.ts) for
// one seed, then its deterministic policy (the Gaussian's mean) over 100 evaluation episodes. Prints one
// JSON line per run.
// usage: node --import tsx bench/pendulum_once.ts <algorithm> <seed> [episodes]
import { initBackend } from "../src/core/tf";
import { PENDULUM_ENV } from "../src/envs/pendulum";
import { algorithmNamed } from "../src/rl/algorithms";
import { PENDULUM_A2C_CONFIG, PENDULUM_PASS_MARK, PENDULUM_PPO_CONFIG, PENDULUM_REINFORCE_CONFIG } from "../src/rl/pendulum_configs";
import { evaluatePolicy } from "../src/runs/evaluation";
import type { EpisodicConfig } from "../src/rl/trainer";
import { mean } from "../src/core/stats";

const CONFIGS: Record<string, EpisodicConfig> = { ppo: PENDULUM_PPO_CONFIG, reinforce: PENDULUM_REINFORCE_CONFIG, a2c: PENDULUM_A2C_CONFIG };

async function main() {
  const [algorithm, seedText, episodesText] = process.argv.slice(2);
  if (!(algorithm in CONFIGS)) throw new Error(`the algorithms with Pendulum settings are ${Object.keys(CONFIGS).join(", ")}; got ${algorithm}`);
  const backend = (await initBackend()).name;
  const config = { ...CONFIGS[algorithm], seed: Number(seedText), ...(episodesText ? { episodes: Number(episodesText) } : {}) };
  const trainer = algorithmNamed(algorithm).create(config, PENDULUM_ENV);
  while (!trainer.finished) trainer.update();
  const evaluation = evaluatePolicy(trainer.policy, { episodes: 100, greedy: true, seed: 10_000 + config.seed, env: PENDULUM_ENV });
  console.log(JSON.stringify({
    algorithm,
    seed: config.seed,
    backend,
    env_steps: trainer.envSteps,
    train_seconds: trainer.wallSeconds,
    last_100_training_mean: mean(trainer.history.slice(-100).map((r) => r.return)),
    eval_mean: evaluation.mean,
    eval_std: evaluation.std,
    passed: evaluation.mean >= PENDULUM_PASS_MARK,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
