// The language-model policy π_θ(y | x): a causal transformer over characters. It writes a response
// one token at a time (sampling, 采样), and scores a given response by
//   log π(y | x) = Σ_t log π(y_t | x, y_<t),
// a sum over the response's tokens only: the prompt was given, not chosen.
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import { MAX_RESPONSE_CHARS } from "./arithmetic";
import { packSequences, responseTargets, type PromptGroupBatch, type SequenceBatch } from "./sequences";
import { BOS, EOS, PAD, VOCAB_SIZE } from "./tokenizer";
import { KeptDecoder, PrefixDecoder } from "./prefix_decoder";
import { Transformer, type TransformerConfig } from "./transformer";

/** The policy's architecture: 2 layers, width 64, 4 heads, about 100 k parameters. */
export const POLICY_CONFIG: TransformerConfig = { vocabSize: VOCAB_SIZE, context: 14, dModel: 64, heads: 4, layers: 2, mlp: 256, head: "lm" };

/** Per-sequence quantities over the response tokens, as tensors (for use inside a gradient). */
export interface ResponseTensors {
  /** Σ_t log π(y_t | …) per sequence [B]. */
  logProb: tf.Tensor1D;
  /** Σ_t H(π(· | …)) per sequence [B]: the entropy of every response position. */
  entropy: tf.Tensor1D;
  /** 1 at the positions that predict a response token, [B, positions]. */
  mask: tf.Tensor2D;
}

/** Added to the logits: the policy never writes <bos> or <pad>, so π spreads over writable tokens only. */
const UNWRITABLE = Float32Array.from({ length: VOCAB_SIZE }, (_, v) => (v === BOS || v === PAD ? -1e9 : 0));

export class LanguageModel {
  /** The decoder responseLogProbs reads, kept while the weights stay the same. */
  private readonly scorer: KeptDecoder;

  constructor(readonly transformer: Transformer) {
    if (transformer.config.head !== "lm") throw new Error("a language model needs a transformer with an lm head");
    this.scorer = new KeptDecoder(transformer, UNWRITABLE);
  }

  get params(): Float32Array {
    return this.transformer.params;
  }

  /**
   * Response log-probabilities and entropies, computed with `parameters`, for a packed batch (every
   * sequence whole) or a prompt-group batch (each prompt computed once for its G responses: the same
   * numbers to float32 rounding, in a fraction of the work).
   */
  responseTensors(parameters: tf.Tensor[], batch: SequenceBatch | PromptGroupBatch): ResponseTensors {
    const grouped = "groupSize" in batch;
    const { targets, mask } = grouped ? batch : responseTargets(batch);
    const [size, length] = grouped ? [batch.rows, batch.suffixLength] : [batch.size, batch.length];
    const logits = grouped ? this.transformer.applyToPromptGroups(parameters, batch) : this.transformer.apply(parameters, tf.tensor2d(batch.tokens, [size, length], "int32"));
    const logProbs = tf.logSoftmax(tf.add(logits, tf.tensor1d(UNWRITABLE)));
    const maskTensor = tf.tensor2d(mask, [size, length]);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor2d(targets, [size, length], "int32"), VOCAB_SIZE)), -1);
    const logProb = tf.sum(tf.mul(picked, maskTensor), 1) as tf.Tensor1D;
    const positionEntropy = tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), -1));
    const entropy = tf.sum(tf.mul(positionEntropy, maskTensor), 1) as tf.Tensor1D;
    return { logProb, entropy, mask: maskTensor };
  }

  /**
   * log π(y | x) for each (prompt, response) pair, without gradients: from a PrefixDecoder's next-token
   * logits (float32, as Transformer.apply's to rounding), summed in float64 over the response tokens.
   * The decoder is kept while the weights stay the same (a frozen reference computes each prefix once).
   */
  responseLogProbs(prompts: number[][], responses: number[][]): Float64Array {
    // the node before each response token: the prompt and the response up to that token
    const ends = this.scorer.current().prefixes(prompts.map((prompt, i) => [BOS, ...prompt, ...responses[i].slice(0, -1)]));
    return Float64Array.from(responses, (response, i) => {
      let node = ends[i];
      let sum = 0;
      for (let t = response.length - 1; t >= 0; t--) {
        sum += logSoftmaxAt(node.outputs, response[t]);
        node = node.parent!;
      }
      return sum;
    });
  }

  /**
   * Every token of one prompt + response with log π(token | what came before) and whether it
   * counts in log π(response | prompt) (response tokens do; prompt tokens were given).
   */
  tokenBreakdown(prompt: number[], response: number[]): { token: number; logProb: number; inResponse: boolean }[] {
    const batch = packSequences([prompt], [response]);
    const { targets, mask } = responseTargets(batch);
    const logProbs = tf.tidy(() => {
      const logits = this.transformer.apply(this.transformer.parameterTensors(), tf.tensor2d(batch.tokens, [1, batch.length], "int32"));
      return tf.logSoftmax(tf.add(logits, tf.tensor1d(UNWRITABLE))).dataSync();
    });
    return Array.from({ length: batch.totalLengths[0] - 1 }, (_, k) => ({
      token: targets[k],
      logProb: logProbs[k * VOCAB_SIZE + targets[k]],
      inResponse: mask[k] === 1,
    }));
  }

  /**
   * Writes `samples` responses for every prompt, one token at a time: sampled from π at the given
   * temperature (0 = always the most likely token). A response ends with <eos>; one that has not
   * ended after MAX_RESPONSE_CHARS + 1 tokens is cut there, without <eos>. The distributions come
   * from a PrefixDecoder (each distinct prefix computed once, with its key/value cache), the same
   * numbers as Transformer.apply to float32 rounding.
   */
  generate(prompts: number[][], samples: number, rng: Rng, options: { temperature?: number; maxChars?: number } = {}): number[][] {
    const temperature = options.temperature ?? 1;
    const maxChars = options.maxChars ?? MAX_RESPONSE_CHARS;
    const rows = prompts.flatMap((p) => Array.from({ length: samples }, () => p));
    const responses: number[][] = rows.map(() => []);
    const open = new Set(rows.map((_, i) => i));
    const maxTokens = maxChars + 1;
    const width = 1 + Math.max(...rows.map((p) => p.length)) + maxTokens;
    if (width > this.transformer.config.context) throw new Error(`prompts and responses need ${width} positions, the model has ${this.transformer.config.context}`);
    const decoder = new PrefixDecoder(this.transformer, UNWRITABLE);
    const nodes = decoder.prefixes(rows.map((prompt) => [BOS, ...prompt]));
    const probabilities = new Float64Array(VOCAB_SIZE);
    for (let step = 0; step < maxTokens && open.size > 0; step++) {
      // every open row draws its token; then the new prefixes are computed together, one batch per step
      const growing: number[] = [];
      for (const i of [...open]) {
        const logits = nodes[i].outputs;
        let token: number;
        if (temperature === 0) {
          token = 0;
          for (let v = 1; v < VOCAB_SIZE; v++) if (logits[v] > logits[token]) token = v;
        } else {
          let max = -Infinity;
          for (let v = 0; v < VOCAB_SIZE; v++) max = Math.max(max, logits[v]);
          for (let v = 0; v < VOCAB_SIZE; v++) probabilities[v] = Math.exp((logits[v] - max) / temperature);
          token = rng.categorical(probabilities);
        }
        responses[i].push(token);
        if (token === EOS) open.delete(i);
        else if (step + 1 < maxTokens) growing.push(i);
      }
      const extended = decoder.extendAll(growing.map((i) => nodes[i]), growing.map((i) => responses[i][step]));
      growing.forEach((i, k) => (nodes[i] = extended[k]));
    }
    return responses;
  }
}

/** log softmax(logits)[token], in float64. */
function logSoftmaxAt(logits: Float32Array, token: number): number {
  let max = -Infinity;
  for (let v = 0; v < logits.length; v++) max = Math.max(max, logits[v]);
  let total = 0;
  for (let v = 0; v < logits.length; v++) total += Math.exp(logits[v] - max);
  return logits[token] - max - Math.log(total);
}
