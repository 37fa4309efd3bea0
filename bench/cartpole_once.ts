// One benchmark run of the source lesson's REINFORCE (no files written); prints one JSON line.
// usage: node --import tsx bench/cartpole_once.ts <backend> <seed> <episodes>
import { solvedEpisode } from "../src/rl/episode_records";
import { Reinforce, SOURCE_LESSON_CONFIG } from "../src/rl/reinforce";
import { initBackend } from "../src/core/tf";

async function main() {
  const [backend, seed, episodes] = process.argv.slice(2);
  const info = await initBackend(backend);
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, seed: Number(seed), episodes: Number(episodes) });
  while (!trainer.finished) trainer.update();
  const history = trainer.history;
  console.log(JSON.stringify({
    implementation: "typescript",
    backend: info.name,
    seed: Number(seed),
    episodes: trainer.episode,
    wall_seconds: trainer.wallSeconds,
    env_steps: trainer.envSteps,
    env_steps_per_second: trainer.envSteps / trainer.wallSeconds,
    solved_episode: solvedEpisode(history),
    final_mean_return_100: history[history.length - 1].meanReturn100,
    best_mean_return_100: Math.max(...history.map((r) => r.meanReturn100)),
  }));
}

main().catch((error) => {
  console.error(String(error.message ?? error));
  process.exit(1);
});
