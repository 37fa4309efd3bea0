// One benchmark run of RL fine-tuning of the language model with the exact-match reward: the
// supervised model and the fine-tuned one, both measured on all 1000 held-out prompts. Prints one
// JSON line. usage: node --import tsx bench/lm_once.ts <seed> <updates>
import { rlData } from "../src/lm/datasets";
import { evaluateLanguageModel } from "../src/lm/evaluation";
import { programmaticReward } from "../src/lm/rewards";
import { LM_RL_CONFIG, LmReinforce } from "../src/lm_training/reinforce";
import { DEFAULT_SFT_DIR, ensureSftModel } from "../src/lm_training/sft";
import { fromRoot } from "../src/core/paths";
import { initBackend } from "../src/core/tf";

async function main() {
  const [seed, updates] = process.argv.slice(2).map(Number);
  const info = await initBackend();
  const { model: sft } = await ensureSftModel(fromRoot(DEFAULT_SFT_DIR));
  const data = rlData();
  const reward = programmaticReward("exact-match");
  const measure = (model: typeof sft) => evaluateLanguageModel(model, data.heldout, reward, { temperature: 1, seed: 4242 });
  const before = measure(sft);
  const trainer = LmReinforce.create({ ...LM_RL_CONFIG, seed, updates, evalEvery: updates }, sft, reward, data);
  while (!trainer.finished) trainer.update();
  const after = measure(trainer.policy);
  console.log(JSON.stringify({
    implementation: "typescript",
    backend: info.name,
    seed,
    updates,
    wall_seconds: trainer.wallSeconds,
    sft_heldout_accuracy: before.accuracy,
    rl_heldout_accuracy: after.accuracy,
    sampling_tokens_per_second: trainer.tokensSampled / trainer.samplingSeconds,
    update_tokens_per_second: trainer.tokensUpdated / trainer.updateSeconds,
  }));
}

main().catch((error) => {
  console.error(String(error.message ?? error));
  process.exit(1);
});
