// Makes sure the supervised language model exists (trains it once if not), so that a timed notebook
// run measures the lesson and not this one-off training. usage: node --import tsx bench/sft_ready.ts
import { fromRoot } from "../src/core/paths";
import { initBackend } from "../src/core/tf";
import { DEFAULT_SFT_DIR, ensureSftModel } from "../src/lm_training/sft";

initBackend()
  .then(() => ensureSftModel(fromRoot(DEFAULT_SFT_DIR), { log: (line) => console.log(line) }))
  .catch((error) => {
    console.error(String(error.message ?? error));
    process.exit(1);
  });
