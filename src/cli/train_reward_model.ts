// npm run train:reward-model -- [--steps N] [--seed S] [--lr LR] [--out models/lm-reward-model]
// Trains the learned reward model on data/lm/preferences.jsonl with the Bradley–Terry loss.
import * as path from "path";
import { LiveDisplay } from "../display/live";
import { preferencePairs } from "../lm/datasets";
import { preferenceAccuracy, saveRewardModel } from "../lm/reward_model";
import { REWARD_MODEL_TRAINING, trainRewardModel } from "../lm_training/reward_model_training";
import { fromRoot } from "../core/paths";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { parseCommand, ensureWritableDir, minibatchFlags, MINIBATCH_FLAGS } from "./args";
import { EXIT, runCommand } from "./main";

export const DEFAULT_REWARD_MODEL_DIR = "models/lm-reward-model";


const USAGE = `Train the learned reward model on preference pairs (Bradley–Terry: −log σ(r(chosen) − r(rejected))).

  npm run train:reward-model -- [--steps ${REWARD_MODEL_TRAINING.steps}] [--seed ${REWARD_MODEL_TRAINING.seed}] [--lr ${REWARD_MODEL_TRAINING.learningRate}] [--out ${DEFAULT_REWARD_MODEL_DIR}]

Then: npm run train -- --task lm --reward-model ${DEFAULT_REWARD_MODEL_DIR}`;

async function main(): Promise<number> {
  const values = parseCommand(process.argv.slice(2), MINIBATCH_FLAGS, "train:reward-model", USAGE, BACKEND_NAMES);
  if (!values) return EXIT.ok;
  const config = minibatchFlags(values, REWARD_MODEL_TRAINING);
  const out = ensureWritableDir(values.out !== undefined ? String(values.out) : fromRoot(DEFAULT_REWARD_MODEL_DIR), "--out");
  console.log(describeBackend(await initBackend()));
  const pairs = preferencePairs();
  const live = new LiveDisplay(250);
  const { model, history } = await trainRewardModel(config, pairs.train, (r) => live.update(`step ${r.step}/${config.steps} · Bradley–Terry loss ${r.loss.toFixed(4)} · ${r.wallSeconds.toFixed(1)} s`));
  const last = history[history.length - 1];
  await live.finish(`step ${last.step}/${config.steps} · Bradley–Terry loss ${last.loss.toFixed(4)} · ${last.wallSeconds.toFixed(1)} s`);
  const accuracy = preferenceAccuracy(model, pairs.heldout);
  const file = saveRewardModel(out, model, { made_by: "Bradley–Terry on data/lm/preferences.jsonl", config, final_loss: last.loss, heldout_preference_accuracy: accuracy });
  console.log(`On ${pairs.heldout.length} held-out preference pairs it agrees with the labeller ${(100 * accuracy).toFixed(1)}% of the time.`);
  console.log(`Reward model: ${path.relative(process.cwd(), file)}  (use it with --reward-model ${path.relative(process.cwd(), out)})`);
  return EXIT.ok;
}

runCommand(main);
