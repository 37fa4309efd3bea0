// Supervised fine-tuning (the "SFT" model of the RLHF pipeline): teach the transformer to continue
// "23+45=" with "68<eos>" by maximising log π(response | prompt) on data/lm/sft.jsonl. Its budget is
// deliberately small, so the model it makes is right only part of the time, which leaves RL
// something to improve.
import * as fs from "fs";
import * as path from "path";
import { Rng } from "../core/random";
import { tf } from "../core/tf";
import { trainOnMinibatches, type MinibatchConfig, type MinibatchRecord } from "./batching";
import { sftExamples } from "../lm/datasets";
import { LanguageModel, POLICY_CONFIG } from "../lm/language_model";
import { loadTransformer, saveTransformer, TRANSFORMER_FILE } from "../lm/model_files";
import { packSequences } from "../lm/sequences";
import { promptTokens, responseTokens } from "../lm/tokenizer";
import { Transformer, type TransformerConfig } from "../lm/transformer";

export type SftConfig = MinibatchConfig;

export const SFT_CONFIG: SftConfig = { steps: 350, batchSize: 128, learningRate: 2e-3, seed: 0 };

/** `loss` is the minibatch's mean −log π per response token. */
export type SftRecord = MinibatchRecord;

/** Mean over response tokens of −log π(y_t | x, y_<t): the SFT (cross-entropy) loss. */
export function sftLoss(model: LanguageModel, parameters: tf.Tensor[], pairs: { prompt: string; response: string }[]): tf.Scalar {
  const batch = packSequences(pairs.map((p) => promptTokens(p.prompt)), pairs.map((p) => responseTokens(p.response)));
  const { logProb, mask } = model.responseTensors(parameters, batch);
  return tf.div(tf.neg(tf.sum(logProb)), tf.sum(mask)) as tf.Scalar;
}

export async function trainSft(
  config: SftConfig,
  data: { prompt: string; response: string }[],
  onStep?: (record: SftRecord, model: LanguageModel) => void | Promise<void>,
  architecture: TransformerConfig = POLICY_CONFIG,
): Promise<{ model: LanguageModel; history: SftRecord[] }> {
  const rng = new Rng(config.seed);
  const model = new LanguageModel(Transformer.create(architecture, rng));
  const history = await trainOnMinibatches(model.transformer, rng, config, data, (p, batch) => sftLoss(model, p, batch), "supervised training", (record) => onStep?.(record, model));
  return { model, history };
}


export const DEFAULT_SFT_DIR = "models/lm-sft";

/**
 * The supervised model in `dir`, trained first (and saved there) if the folder has none yet. The
 * RL lessons and commands start from it.
 */
export async function ensureSftModel(
  dir: string,
  options: { config?: SftConfig; onStep?: (record: SftRecord, model: LanguageModel) => void | Promise<void>; log?: (line: string) => void } = {},
): Promise<{ model: LanguageModel; trained: boolean; file: string }> {
  const config = options.config ?? SFT_CONFIG;
  if (fs.existsSync(path.join(dir, TRANSFORMER_FILE))) {
    const { model, file } = loadTransformer(dir, "policy");
    return { model: new LanguageModel(model), trained: false, file };
  }
  options.log?.(`No supervised model in ${dir} yet: training one on data/lm/sft.jsonl (${config.steps} steps) …`);
  const { model, history } = await trainSft(config, sftExamples(), options.onStep);
  const file = saveTransformer(dir, "policy", model.transformer, {
    made_by: "supervised fine-tuning",
    data: "data/lm/sft.jsonl",
    config,
    final_loss: history[history.length - 1]?.loss ?? null,
    seconds: history[history.length - 1]?.wallSeconds ?? null,
  });
  return { model, trained: true, file };
}
