// npm run evaluate -- --model <path> [--episodes 100] [--greedy] [--seed S] [--record FILE]
import * as path from "path";
import { MAX_SEED } from "../core/random";
import { writeFileAtomic } from "../core/files";
import { displayPath } from "../core/paths";
import { saveHtml } from "../display/export";
import { replayFigure } from "../display/replay";
import { replayGif } from "../display/replay_gif";
import { evaluatePolicy } from "../runs/evaluation";
import { loadPolicyModel } from "../runs/model_io";
import { describeBackend, initBackend } from "../core/tf";
import { ensureWritableDir, integerFlag, parseCommand, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";

const SPEC: FlagSpec = {
  model: { type: "string" },
  episodes: { type: "string" },
  greedy: { type: "boolean" },
  seed: { type: "string" },
  record: { type: "string" },
  help: { type: "boolean", short: "h" },
};

const USAGE = `Play a trained CartPole policy and report its return.

  npm run evaluate -- --model models/<run> [--episodes 100] [--greedy] [--seed S] [--record FILE]

  --model PATH     a folder written by \`npm run train\` (or its model.json)
  --episodes N     episodes to play (default 100)
  --greedy         always take the most likely action (default: sample, as in training)
  --seed S         seed for the environment and the sampling (default 12345)
  --record FILE    replay the first episode: FILE.html (an animation that plays offline in any browser)
                   and FILE.gif (an animated image), e.g. --record replays/cartpole-seed0`;

/** FILE.html and FILE.gif for --record FILE (a given .html or .gif ending is taken off first). */
export function recordFiles(target: string): { html: string; gif: string } {
  const base = target.replace(/\.(html?|gif)$/i, "");
  return { html: `${base}.html`, gif: `${base}.gif` };
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
  const { policy, file } = await loadPolicyModel(String(values.model));
  const result = evaluatePolicy(policy, { episodes, greedy: Boolean(values.greedy), seed });
  console.log(`${file}: ${policy.shape.sizes.join("→")} policy, ${result.greedy ? "greedy" : "sampled"} actions, ${episodes} episodes (seed ${seed})`);
  console.log(`return ${result.mean.toFixed(1)} ± ${result.std.toFixed(1)} (min ${result.min}, max ${result.max})`);
  if (record) {
    const label = `${path.basename(path.dirname(path.resolve(file)))}, ${result.greedy ? "greedy" : "sampled"} actions, seed ${seed}`;
    await saveHtml(replayFigure([{ label, episode: result.first }], { title: `CartPole replay: ${label}` }), record.html);
    writeFileAtomic(record.gif, replayGif(result.first));
    console.log(`replay of the first episode (${result.first.length} steps): ${displayPath(record.html)} (open in a browser, press Play) and ${displayPath(record.gif)}`);
  }
  return EXIT.ok;
}

runCommand(main);
