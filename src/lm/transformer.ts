// A small GPT-style causal transformer in TensorFlow.js: token and position embeddings, pre-norm
// blocks of causal multi-head self-attention and an MLP, and either a language-model head (next-token
// logits: the policy) or a scalar head (a score: the reward model). All parameters live in one flat
// Float32Array, so the optimizer (src/nets/adam.ts), checkpoints and model files treat them as one vector.
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import { matmul, swapLast } from "../nets/matmul";
import type { PromptGroupBatch } from "./sequences";

export { matmul };

export interface TransformerConfig {
  vocabSize: number;
  /** Longest sequence (tokens) the position embedding covers. */
  context: number;
  dModel: number;
  heads: number;
  layers: number;
  /** Hidden width of each block's MLP. */
  mlp: number;
  /** "lm": next-token logits at every position; "scalar": one number per sequence. */
  head: "lm" | "scalar";
}

interface Slice {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  init: "normal" | "zeros" | "ones" | "residual";
}

export interface TransformerLayout {
  config: TransformerConfig;
  slices: Slice[];
  byName: Map<string, Slice>;
  parameterCount: number;
}

export function validateTransformerConfig(config: TransformerConfig): TransformerConfig {
  const positive = ["vocabSize", "context", "dModel", "heads", "layers", "mlp"] as const;
  for (const key of positive) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new Error(`transformer ${key} must be a positive integer, got ${config[key]}`);
  }
  if (config.dModel % config.heads !== 0) throw new Error(`dModel (${config.dModel}) must be divisible by heads (${config.heads})`);
  if (config.head !== "lm" && config.head !== "scalar") throw new Error(`head must be "lm" or "scalar", got ${config.head}`);
  return { ...config };
}

export function transformerLayout(config: TransformerConfig): TransformerLayout {
  const c = validateTransformerConfig(config);
  const slices: Slice[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: Slice["init"]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    slices.push({ name, shape, offset, size, init });
    offset += size;
  };
  add("tokenEmbedding", [c.vocabSize, c.dModel], "normal");
  add("positionEmbedding", [c.context, c.dModel], "normal");
  for (let l = 0; l < c.layers; l++) {
    add(`block${l}.ln1.gain`, [c.dModel], "ones");
    add(`block${l}.ln1.bias`, [c.dModel], "zeros");
    add(`block${l}.attention.qkv`, [c.dModel, 3 * c.dModel], "normal");
    add(`block${l}.attention.qkvBias`, [3 * c.dModel], "zeros");
    add(`block${l}.attention.out`, [c.dModel, c.dModel], "residual");
    add(`block${l}.attention.outBias`, [c.dModel], "zeros");
    add(`block${l}.ln2.gain`, [c.dModel], "ones");
    add(`block${l}.ln2.bias`, [c.dModel], "zeros");
    add(`block${l}.mlp.in`, [c.dModel, c.mlp], "normal");
    add(`block${l}.mlp.inBias`, [c.mlp], "zeros");
    add(`block${l}.mlp.out`, [c.mlp, c.dModel], "residual");
    add(`block${l}.mlp.outBias`, [c.dModel], "zeros");
  }
  add("lnFinal.gain", [c.dModel], "ones");
  add("lnFinal.bias", [c.dModel], "zeros");
  const outputs = c.head === "lm" ? c.vocabSize : 1;
  add("head.weight", [c.dModel, outputs], "normal");
  add("head.bias", [outputs], "zeros");
  return { config: c, slices, byName: new Map(slices.map((s) => [s.name, s])), parameterCount: offset };
}

/** GPT-2's initialisation: N(0, 0.02²), residual projections scaled by 1/√(2·layers). */
export function initTransformerParameters(layout: TransformerLayout, rng: Rng): Float32Array {
  const params = new Float32Array(layout.parameterCount);
  const residualStd = 0.02 / Math.sqrt(2 * layout.config.layers);
  for (const s of layout.slices) {
    for (let i = s.offset; i < s.offset + s.size; i++) {
      params[i] = s.init === "ones" ? 1 : s.init === "zeros" ? 0 : rng.normal(0, s.init === "residual" ? residualStd : 0.02);
    }
  }
  return params;
}

/** x [..., in] · W [in, out] + b, by flattening the leading axes. */
function linear(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const shape = x.shape;
  const flat = x.reshape([-1, shape[shape.length - 1]]);
  const y = tf.add(matmul(flat, weight), bias);
  return y.reshape([...shape.slice(0, -1), weight.shape[1] as number]);
}

function layerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gain), bias);
}

function gelu(x: tf.Tensor): tf.Tensor {
  // tanh approximation, as GPT-2
  const cube = tf.mul(tf.mul(x, x), x);
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI)))));
}

export class Transformer {
  readonly layout: TransformerLayout;
  readonly config: TransformerConfig;

  constructor(config: TransformerConfig, readonly params: Float32Array) {
    this.layout = transformerLayout(config);
    this.config = this.layout.config;
    if (params.length !== this.layout.parameterCount) {
      throw new Error(`this transformer has ${this.layout.parameterCount} parameters, got ${params.length}`);
    }
  }

  static create(config: TransformerConfig, rng: Rng): Transformer {
    const layout = transformerLayout(config);
    return new Transformer(config, initTransformerParameters(layout, rng));
  }

  /** The parameters as tensors, in layout order (the caller disposes them, or runs inside tf.tidy). */
  parameterTensors(): tf.Tensor[] {
    return this.layout.slices.map((s) => tf.tensor(this.params.subarray(s.offset, s.offset + s.size), s.shape));
  }

  /**
   * Runs the network on token ids [B, T] (T ≤ context) with the given parameter tensors (from
   * parameterTensors, possibly being differentiated). Returns logits [B, T, vocab] for the "lm"
   * head, or the outputs [B, T] of the "scalar" head at every position.
   */
  apply(parameters: tf.Tensor[], tokens: tf.Tensor2D): tf.Tensor {
    const c = this.config;
    const [batch, length] = tokens.shape;
    if (length > c.context) throw new Error(`sequences of ${length} tokens exceed the context of ${c.context}`);
    const p = this.named(parameters);
    const embedded = this.embed(p, tokens.reshape([-1]) as tf.Tensor1D).reshape([batch, length, c.dModel]);
    let x = tf.add(embedded, tf.slice(p("positionEmbedding"), [0, 0], [length, c.dModel]));
    const mask = causalMask(length);
    for (let l = 0; l < c.layers; l++) x = this.mlpHalf(p, l, this.attentionHalf(p, l, x, (q, k, v) => attend(q, k, v, mask)).x);
    const out = this.head(p, x);
    return c.head === "lm" ? out : out.reshape([batch, length]);
  }

  /**
   * The "lm" head's logits at the suffix positions of a PromptGroupBatch (src/lm/sequences.ts):
   * each prompt's shared prefix runs once, and its keys and values serve all the prompt's rows.
   * The same numbers as apply() on the whole sequences, to float32 rounding, with far fewer rows
   * through the dense layers when G responses share each prompt. Returns [rows, suffixLength, vocab].
   */
  applyToPromptGroups(parameters: tf.Tensor[], batch: PromptGroupBatch): tf.Tensor3D {
    const c = this.config;
    if (c.head !== "lm") throw new Error("applyToPromptGroups needs an lm head");
    const { prompts, prefixLength, rows, suffixLength } = batch;
    const longest = Math.max(...Array.from(batch.suffixStarts, (start, i) => start + rowLength(batch, i)));
    if (longest > c.context) throw new Error(`sequences of ${longest} tokens exceed the context of ${c.context}`);
    const p = this.named(parameters);
    // 1. the prefixes: an ordinary causal pass, keeping every layer's keys and values
    const prefixKeys: tf.Tensor[] = [];
    const prefixValues: tf.Tensor[] = [];
    if (prefixLength > 0) {
      const tokens = tf.tensor1d(batch.prefixTokens, "int32");
      let x = tf.add(this.embed(p, tokens).reshape([prompts, prefixLength, c.dModel]), tf.slice(p("positionEmbedding"), [0, 0], [prefixLength, c.dModel]));
      const mask = causalMask(prefixLength);
      for (let l = 0; l < c.layers; l++) {
        const half = this.attentionHalf(p, l, x, (q, k, v) => attend(q, k, v, mask));
        prefixKeys.push(half.k);
        prefixValues.push(half.v);
        if (l + 1 < c.layers) x = this.mlpHalf(p, l, half.x); // the last layer's prefix outputs predict nothing
      }
    }
    // 2. the suffixes, at their own positions, attending to their prompt's prefix and to themselves
    const positions = new Int32Array(rows * suffixLength);
    for (let i = 0; i < rows; i++) {
      // padding positions past a row's end may lie beyond the context; they are masked, any position will do
      for (let t = 0; t < suffixLength; t++) positions[i * suffixLength + t] = Math.min(batch.suffixStarts[i] + t, c.context - 1);
    }
    const positionRows = matmul(tf.oneHot(tf.tensor1d(positions, "int32"), c.context).toFloat(), p("positionEmbedding"));
    let x = tf.add(this.embed(p, tf.tensor1d(batch.suffixTokens, "int32")), positionRows).reshape([rows, suffixLength, c.dModel]);
    // row i's copy of its prompt's keys: a one-hot [rows, prompts] selection (a gather without its missing gradient kernel)
    const promptOfRow = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, (_, i) => Math.floor(i / batch.groupSize)), "int32"), prompts).toFloat();
    const perRow = (t: tf.Tensor) => matmul(promptOfRow, t.reshape([prompts, -1])).reshape([rows, c.heads, prefixLength, c.dModel / c.heads]);
    const mask = tf.tensor4d(groupMask(batch), [rows, 1, suffixLength, prefixLength + suffixLength]);
    for (let l = 0; l < c.layers; l++) {
      const withPrefix = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
        prefixLength > 0 ? attend(q, tf.concat([perRow(prefixKeys[l]), k], 2), tf.concat([perRow(prefixValues[l]), v], 2), mask) : attend(q, k, v, mask);
      x = this.mlpHalf(p, l, this.attentionHalf(p, l, x, withPrefix).x);
    }
    return this.head(p, x) as tf.Tensor3D;
  }

  private named(parameters: tf.Tensor[]): (name: string) => tf.Tensor {
    return (name) => parameters[this.layout.slices.indexOf(this.layout.byName.get(name)!)];
  }

  /** Token embeddings [n, dModel] of token ids [n]. */
  private embed(p: (name: string) => tf.Tensor, tokens: tf.Tensor1D): tf.Tensor {
    // Embedding lookup as one-hot · E: tf.gather's gradient needs a kernel the wasm backend lacks.
    return matmul(tf.oneHot(tokens, this.config.vocabSize).toFloat(), p("tokenEmbedding"));
  }

  /** x + attention(LN1(x)) for x [B, T, d]; also returns this block's keys and values [B, H, T, hs]. */
  private attentionHalf(p: (name: string) => tf.Tensor, l: number, x: tf.Tensor, attention: (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor): { x: tf.Tensor; k: tf.Tensor; v: tf.Tensor } {
    const c = this.config;
    const [batch, length] = x.shape;
    const headSize = c.dModel / c.heads;
    const h = layerNorm(x, p(`block${l}.ln1.gain`), p(`block${l}.ln1.bias`));
    const qkv = linear(h, p(`block${l}.attention.qkv`), p(`block${l}.attention.qkvBias`)); // [B, T, 3d]
    const split = (i: number) => tf.transpose(tf.slice(qkv, [0, 0, i * c.dModel], [batch, length, c.dModel]).reshape([batch, length, c.heads, headSize]), [0, 2, 1, 3]);
    const [q, k, v] = [split(0), split(1), split(2)]; // [B, H, T, hs]
    const merged = tf.transpose(attention(q, k, v), [0, 2, 1, 3]).reshape([batch, length, c.dModel]);
    return { x: tf.add(x, linear(merged, p(`block${l}.attention.out`), p(`block${l}.attention.outBias`))), k, v };
  }

  /** x + MLP(LN2(x)). */
  private mlpHalf(p: (name: string) => tf.Tensor, l: number, x: tf.Tensor): tf.Tensor {
    const h = layerNorm(x, p(`block${l}.ln2.gain`), p(`block${l}.ln2.bias`));
    return tf.add(x, linear(gelu(linear(h, p(`block${l}.mlp.in`), p(`block${l}.mlp.inBias`))), p(`block${l}.mlp.out`), p(`block${l}.mlp.outBias`)));
  }

  private head(p: (name: string) => tf.Tensor, x: tf.Tensor): tf.Tensor {
    return linear(layerNorm(x, p("lnFinal.gain"), p("lnFinal.bias")), p("head.weight"), p("head.bias"));
  }
}

/** Scaled dot-product attention of queries [B, H, T, hs] over keys and values [B, H, S, hs], with an additive mask. */
function attend(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const scores = tf.add(tf.mul(matmul(q, swapLast(k)), 1 / Math.sqrt(q.shape[3] as number)), mask);
  return matmul(tf.softmax(scores), v);
}

/** −∞ above the diagonal: position t sees positions ≤ t only. */
function causalMask(length: number): tf.Tensor {
  return tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([length, length]), -1, 0)), -1e9);
}

/** How many suffix positions of row i are real (at least one). */
function rowLength(batch: PromptGroupBatch, i: number): number {
  let n = 0;
  for (let t = 0; t < batch.suffixLength; t++) n += batch.mask[i * batch.suffixLength + t];
  return Math.max(1, n);
}

/**
 * The additive mask [rows, 1, suffixLength, prefixLength + suffixLength] of the suffix queries: row i's
 * position t sees its prompt's real prefix keys, and its own suffix keys up to t.
 */
function groupMask(batch: PromptGroupBatch): Float32Array {
  const { rows, suffixLength, prefixLength, groupSize, prefixLengths } = batch;
  const keys = prefixLength + suffixLength;
  const mask = new Float32Array(rows * suffixLength * keys).fill(-1e9);
  for (let i = 0; i < rows; i++) {
    const prefix = prefixLengths[Math.floor(i / groupSize)];
    for (let t = 0; t < suffixLength; t++) {
      const row = (i * suffixLength + t) * keys;
      mask.fill(0, row, row + prefix);
      mask.fill(0, row + prefixLength, row + prefixLength + t + 1);
    }
  }
  return mask;
}
