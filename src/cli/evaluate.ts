// npm run evaluate -- --model <path> [--episodes 100] [--greedy] [--seed S]
import { MAX_SEED } from "../core/random";
import { evaluatePolicy } from "../runs/evaluation";
import { loadPolicyModel } from "../runs/model_io";
import { describeBackend, initBackend } from "../core/tf";
import { integerFlag, parseCommand, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";

const SPEC: FlagSpec = {
  model: { type: "string" },
  episodes: { type: "string" },
  greedy: { type: "boolean" },
  seed: { type: "string" },
  help: { type: "boolean", short: "h" },
};

const USAGE = `Play a trained CartPole policy and report its return.

  npm run evaluate -- --model models/<run> [--episodes 100] [--greedy] [--seed S]

  --model PATH     a folder written by \`npm run train\` (or its model.json)
  --episodes N     episodes to play (default 100)
  --greedy         always take the most likely action (default: sample, as in training)
  --seed S         seed for the environment and the sampling (default 12345)`;

async function main(): Promise<number> {
  const values = parseCommand(process.argv.slice(2), SPEC, "evaluate", USAGE, []);
  if (!values) return EXIT.ok;
  if (values.model === undefined) throw new UsageError("--model is required: pass the folder that `npm run train` wrote under models/ (e.g. models/cartpole-seed0).");
  const episodes = integerFlag(values, "episodes", 100, 1, 100_000);
  const seed = integerFlag(values, "seed", 12345, 0, MAX_SEED);
  console.log(describeBackend(await initBackend()));
  const { policy, file } = await loadPolicyModel(String(values.model));
  const result = evaluatePolicy(policy, { episodes, greedy: Boolean(values.greedy), seed });
  console.log(`${file}: ${policy.shape.sizes.join("→")} policy, ${result.greedy ? "greedy" : "sampled"} actions, ${episodes} episodes (seed ${seed})`);
  console.log(`return ${result.mean.toFixed(1)} ± ${result.std.toFixed(1)} (min ${result.min}, max ${result.max})`);
  return EXIT.ok;
}

runCommand(main);
