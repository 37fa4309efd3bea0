// npm run evaluate -- --model <path> [--env NAME] [--episodes 100] [--greedy] [--seed S] [--record FILE]
import * as path from "path";
import { MAX_SEED } from "../core/random";
import { writeFileAtomic } from "../core/files";
import { displayPath } from "../core/paths";
import { saveHtml } from "../display/export";
import { replayFigure } from "../display/replay";
import { replayGif } from "../display/replay_gif";
import { sceneFor } from "../display/scenes";
import { describeSpace } from "../envs/spaces";
import { ENVIRONMENT_NAMES, environmentNamed, environmentWithId, type TrainingEnvironment } from "../rl/environments";
import { policyFits, type Policy } from "../rl/policy";
import { evaluatePolicy } from "../runs/evaluation";
import { loadPolicyModel } from "../runs/model_io";
import { describeBackend, initBackend } from "../core/tf";
import { ensureWritableDir, integerFlag, parseCommand, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";

const SPEC: FlagSpec = {
  model: { type: "string" },
  env: { type: "string" },
  episodes: { type: "string" },
  greedy: { type: "boolean" },
  seed: { type: "string" },
  record: { type: "string" },
  help: { type: "boolean", short: "h" },
};

const USAGE = `Play a trained policy (CartPole or Pendulum) and report its return.

  npm run evaluate -- --model models/<run> [--episodes 100] [--greedy] [--seed S] [--record FILE]

  --model PATH     a folder written by \`npm run train\` (or its model.json)
  --env NAME       the environment to play: ${ENVIRONMENT_NAMES.join(", ")} (default: the one the model was trained on)
  --episodes N     episodes to play (default 100)
  --greedy         always take the most likely action, or a Gaussian's mean (default: sample, as in training)
  --seed S         seed for the environment and the sampling (default 12345)
  --record FILE    replay the first episode: FILE.html (an animation that plays offline in any browser)
                   and FILE.gif (an animated image), e.g. --record replays/cartpole-seed0`;

/** FILE.html and FILE.gif for --record FILE (a given .html or .gif ending is taken off first). */
export function recordFiles(target: string): { html: string; gif: string } {
  const base = target.replace(/\.(html?|gif)$/i, "");
  return { html: `${base}.html`, gif: `${base}.gif` };
}

/**
 * --env, or the environment the model's metadata names (CartPole for a model that names none); refused when
 * the policy's observations or actions are not that environment's.
 */
function environmentToPlay(given: unknown, metadata: Record<string, unknown>, policy: Policy, file: string): TrainingEnvironment {
  let environment: TrainingEnvironment;
  if (given !== undefined) {
    const name = String(given).trim().toLowerCase();
    if (!ENVIRONMENT_NAMES.includes(name)) throw new UsageError(`--env must be one of ${ENVIRONMENT_NAMES.join(", ")}, got "${given}".`);
    environment = environmentNamed(name);
  } else {
    const id = typeof metadata.env === "string" ? metadata.env : "CartPole-v1";
    const known = environmentWithId(id);
    if (!known) throw new UsageError(`${file} was trained on ${id}, which this course does not have; pass --env with one of ${ENVIRONMENT_NAMES.join(", ")}.`);
    environment = known;
  }
  if (!policyFits(policy, environment.env.spec)) {
    const spec = environment.env.spec;
    const playable = ENVIRONMENT_NAMES.filter((name) => policyFits(policy, environmentNamed(name).env.spec));
    const way = playable.length > 0 ? `It fits ${playable.map((name) => `--env ${name}`).join(" or ")}.` : "No environment of this course fits it.";
    throw new UsageError(
      `${file} cannot play ${spec.id}: it takes ${policy.observationSize} observations and gives actions in ${describeSpace(policy.actionSpace)}, ` +
        `and ${spec.id} gives ${spec.observationSize} observations and takes actions in ${describeSpace(spec.actionSpace)}. ${way}`,
    );
  }
  return environment;
}

async function main(): Promise<number> {
  const values = parseCommand(process.argv.slice(2), SPEC, "evaluate", USAGE, []);
  if (!values) return EXIT.ok;
  if (values.model === undefined) throw new UsageError("--model is required: pass the folder that `npm run train` wrote under models/ (e.g. models/cartpole-seed0).");
  const episodes = integerFlag(values, "episodes", 100, 1, 100_000);
  const record = values.record !== undefined ? recordFiles(String(values.record)) : null;
  if (record) ensureWritableDir(path.dirname(path.resolve(record.html)), "--record");
  const seed = integerFlag(values, "seed", 12345, 0, MAX_SEED);
  console.log(describeBackend(await initBackend()));
  const { policy, file, metadata } = await loadPolicyModel(String(values.model));
  const environment = environmentToPlay(values.env, metadata, policy, file);
  const result = evaluatePolicy(policy, { episodes, greedy: Boolean(values.greedy), seed, env: environment.env });
  console.log(`${file}: ${policy.shape.sizes.join("→")} policy on ${environment.env.spec.id}, ${result.greedy ? "greedy" : "sampled"} actions, ${episodes} episodes (seed ${seed})`);
  const round = (x: number) => Number(x.toFixed(1));
  console.log(`return ${result.mean.toFixed(1)} ± ${result.std.toFixed(1)} (min ${round(result.min)}, max ${round(result.max)})`);
  if (record) {
    const scene = sceneFor(environment.env.spec.id);
    const label = `${path.basename(path.dirname(path.resolve(file)))}, ${result.greedy ? "greedy" : "sampled"} actions, seed ${seed}`;
    await saveHtml(replayFigure([{ label, episode: result.first }], { title: `${scene.name} replay: ${label}`, scene }), record.html);
    writeFileAtomic(record.gif, replayGif(result.first, 2, scene));
    console.log(`replay of the first episode (${result.first.length} steps): ${displayPath(record.html)} (open in a browser, press Play) and ${displayPath(record.gif)}`);
  }
  return EXIT.ok;
}

runCommand(main);
