// npm run train:sft -- [--steps N] [--seed S] [--lr LR] [--out models/lm-sft]
// Supervised fine-tuning of the language-model policy on data/lm/sft.jsonl (the first stage of the
// RLHF pipeline); `npm run train -- --task lm` starts from the model this writes.
import * as path from "path";
import { LiveDisplay } from "../display/live";
import { evaluateLanguageModel } from "../lm/evaluation";
import { programmaticReward } from "../lm/rewards";
import { DEFAULT_SFT_DIR, SFT_CONFIG, trainSft } from "../lm_training/sft";
import { saveTransformer } from "../lm/model_files";
import { rlData, sftExamples } from "../lm/datasets";
import { fromRoot } from "../core/paths";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { parseCommand, ensureWritableDir, minibatchFlags, MINIBATCH_FLAGS } from "./args";
import { EXIT, runCommand } from "./main";


const USAGE = `Supervised fine-tuning of the language-model policy on data/lm/sft.jsonl.

  npm run train:sft -- [--steps ${SFT_CONFIG.steps}] [--seed ${SFT_CONFIG.seed}] [--lr ${SFT_CONFIG.learningRate}] [--out ${DEFAULT_SFT_DIR}] [--backend wasm|cpu|tensorflow]

The budget is small on purpose: the model is right only part of the time, so RL has room to improve it.`;

async function main(): Promise<number> {
  const values = parseCommand(process.argv.slice(2), MINIBATCH_FLAGS, "train:sft", USAGE, BACKEND_NAMES);
  if (!values) return EXIT.ok;
  const config = minibatchFlags(values, SFT_CONFIG);
  const out = ensureWritableDir(values.out !== undefined ? String(values.out) : fromRoot(DEFAULT_SFT_DIR), "--out");
  console.log(describeBackend(await initBackend()));
  const live = new LiveDisplay(250);
  const { model, history } = await trainSft(config, sftExamples(), (r) => live.update(`step ${r.step}/${config.steps} · loss ${r.loss.toFixed(4)} · ${r.wallSeconds.toFixed(1)} s`));
  const last = history[history.length - 1];
  await live.finish(`step ${last.step}/${config.steps} · loss ${last.loss.toFixed(4)} · ${last.wallSeconds.toFixed(1)} s`);
  const heldout = rlData().heldout;
  const exact = programmaticReward("exact-match");
  const greedy = evaluateLanguageModel(model, heldout, exact, { temperature: 0 });
  const sampled = evaluateLanguageModel(model, heldout, exact, { temperature: 1 });
  const file = saveTransformer(out, "policy", model.transformer, {
    made_by: "supervised fine-tuning",
    data: "data/lm/sft.jsonl",
    config,
    final_loss: last.loss,
    seconds: last.wallSeconds,
    heldout_accuracy_greedy: greedy.accuracy,
    heldout_accuracy_sampled: sampled.accuracy,
  });
  console.log(`Held-out accuracy (${heldout.length} prompts): ${(100 * greedy.accuracy).toFixed(1)}% greedy, ${(100 * sampled.accuracy).toFixed(1)}% sampled at temperature 1.`);
  console.log(`Model: ${path.relative(process.cwd(), file)}`);
  return EXIT.ok;
}

runCommand(main);
