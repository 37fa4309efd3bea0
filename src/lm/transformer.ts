// A small GPT-style causal transformer in TensorFlow.js: token and position embeddings, pre-norm
// blocks of causal multi-head self-attention and an MLP, and either a language-model head (next-token
// logits: the policy) or a scalar head (a score: the reward model). All parameters live in one flat
// Float32Array, so the optimizer (src/nets/adam.ts), checkpoints and model files treat them as one vector.
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import { matmul, swapLast } from "../nets/matmul";

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
    const p = (name: string) => parameters[this.layout.slices.indexOf(this.layout.byName.get(name)!)];
    const [batch, length] = tokens.shape;
    if (length > c.context) throw new Error(`sequences of ${length} tokens exceed the context of ${c.context}`);
    const headSize = c.dModel / c.heads;
    // Embedding lookup as one-hot · E: tf.gather's gradient needs a kernel the wasm backend lacks.
    const oneHot = tf.oneHot(tokens.reshape([-1]) as tf.Tensor1D, c.vocabSize).toFloat();
    const embedded = matmul(oneHot, p("tokenEmbedding")).reshape([batch, length, c.dModel]);
    let x = tf.add(embedded, tf.slice(p("positionEmbedding"), [0, 0], [length, c.dModel]));
    // −∞ above the diagonal: position t sees positions ≤ t only.
    const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([length, length]), -1, 0)), -1e9);
    for (let l = 0; l < c.layers; l++) {
      const h = layerNorm(x, p(`block${l}.ln1.gain`), p(`block${l}.ln1.bias`));
      const qkv = linear(h, p(`block${l}.attention.qkv`), p(`block${l}.attention.qkvBias`)); // [B, T, 3d]
      const split = (i: number) => tf.transpose(tf.slice(qkv, [0, 0, i * c.dModel], [batch, length, c.dModel]).reshape([batch, length, c.heads, headSize]), [0, 2, 1, 3]);
      const [q, k, v] = [split(0), split(1), split(2)]; // [B, H, T, hs]
      const scores = tf.add(tf.mul(matmul(q, swapLast(k)), 1 / Math.sqrt(headSize)), mask);
      const attended = matmul(tf.softmax(scores), v); // [B, H, T, hs]
      const merged = tf.transpose(attended, [0, 2, 1, 3]).reshape([batch, length, c.dModel]);
      x = tf.add(x, linear(merged, p(`block${l}.attention.out`), p(`block${l}.attention.outBias`)));
      const h2 = layerNorm(x, p(`block${l}.ln2.gain`), p(`block${l}.ln2.bias`));
      x = tf.add(x, linear(gelu(linear(h2, p(`block${l}.mlp.in`), p(`block${l}.mlp.inBias`))), p(`block${l}.mlp.out`), p(`block${l}.mlp.outBias`)));
    }
    const out = linear(layerNorm(x, p("lnFinal.gain"), p("lnFinal.bias")), p("head.weight"), p("head.bias"));
    return c.head === "lm" ? out : out.reshape([batch, length]);
  }
}
