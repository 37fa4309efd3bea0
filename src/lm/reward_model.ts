// A learned reward model r_φ(x, y): a small transformer reads <bos> prompt response <eos> and its
// scalar head's output at the <eos> is the score. How it is trained on preference pairs is in
// src/lm_training/reward_model_training.ts; this file is the model, its scores, how often they agree with
// held-out preferences, and its files.
import { tf } from "../core/tf";
import { loadTransformer, saveTransformer } from "./model_files";
import type { PreferencePair } from "./datasets";
import type { RewardModel } from "./rewards";
import { packSequences } from "./sequences";
import { KeptDecoder } from "./prefix_decoder";
import { BOS, promptTokens, responseTokens, VOCAB_SIZE } from "./tokenizer";
import { Transformer, type TransformerConfig } from "./transformer";

export const REWARD_MODEL_CONFIG: TransformerConfig = { vocabSize: VOCAB_SIZE, context: 14, dModel: 48, heads: 4, layers: 2, mlp: 192, head: "scalar" };

export class LearnedRewardModel implements RewardModel {
  readonly kind = "learned" as const;
  readonly description = "a transformer trained on preference pairs (Bradley–Terry)";
  /** The decoder score reads, kept while the weights stay the same. */
  private readonly scorer: KeptDecoder;

  constructor(readonly transformer: Transformer, readonly name = "learned reward model") {
    if (transformer.config.head !== "scalar") throw new Error("a reward model needs a transformer with a scalar head");
    this.scorer = new KeptDecoder(transformer);
  }

  /** r(x, y) for each pair, as a tensor [B] computed with `parameters` (responses get an <eos> appended). */
  scoreTensor(parameters: tf.Tensor[], prompts: string[], responses: string[]): tf.Tensor1D {
    const batch = packSequences(prompts.map(promptTokens), responses.map(responseTokens));
    const outputs = this.transformer.apply(parameters, tf.tensor2d(batch.tokens, [batch.size, batch.length], "int32"));
    // the output at each sequence's last token, picked with a one-hot mask (a gather's gradient is not available on wasm)
    const last = tf.oneHot(tf.tensor1d(Array.from(batch.totalLengths, (n) => n - 1), "int32"), batch.length).toFloat();
    return tf.sum(tf.mul(outputs, last), 1) as tf.Tensor1D;
  }

  /**
   * r(x, y) for each pair, without gradients: the score at each sequence's <eos>, from a PrefixDecoder
   * (float32 as scoreTensor gives it, to rounding), kept while the weights stay the same: an RL run
   * scores thousands of responses with one frozen reward model, and most of their prefixes recur.
   */
  score(prompts: string[], responses: string[]): Float64Array {
    const sequences = prompts.map((prompt, i) => [BOS, ...promptTokens(prompt), ...responseTokens(responses[i])]);
    return Float64Array.from(this.scorer.current().prefixes(sequences), (node) => node.outputs[0]);
  }
}

/** Share of pairs where the model scores the chosen response above the rejected one. */
export function preferenceAccuracy(model: LearnedRewardModel, pairs: PreferencePair[]): number {
  const prompts = pairs.map((p) => p.prompt);
  const chosen = model.score(prompts, pairs.map((p) => p.chosen));
  const rejected = model.score(prompts, pairs.map((p) => p.rejected));
  return chosen.filter((c, i) => c > rejected[i]).length / Math.max(1, pairs.length);
}

export function saveRewardModel(dir: string, model: LearnedRewardModel, metadata: Record<string, unknown> = {}): string {
  return saveTransformer(dir, "reward-model", model.transformer, metadata);
}

export function loadRewardModel(target: string): LearnedRewardModel {
  const { model, file } = loadTransformer(target, "reward-model");
  return new LearnedRewardModel(model, `learned reward model (${file})`);
}
