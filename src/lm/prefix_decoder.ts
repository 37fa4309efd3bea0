// The transformer of src/lm/transformer.ts run one token at a time in plain JavaScript, for sampling.
// Writing a response needs the next-token distribution after every prefix. Run as one TensorFlow.js
// forward pass per new token, that recomputes every earlier position, for every row, through dozens
// of small calls. Here each prefix is a node of a tree: a node keeps its position's keys and values
// (the key/value cache) and its next-token logits, so a new token costs one position's arithmetic,
// and rows that share a prefix (the G responses to one prompt, mostly, and every <bos>) share its
// nodes: each distinct prefix is computed once. tested against Transformer.apply (test/unit/lm_model.test.ts).
import type { Transformer } from "./transformer";

interface Weights {
  tokenEmbedding: Float32Array;
  positionEmbedding: Float32Array;
  blocks: {
    ln1Gain: Float32Array;
    ln1Bias: Float32Array;
    qkv: Float32Array;
    qkvBias: Float32Array;
    out: Float32Array;
    outBias: Float32Array;
    ln2Gain: Float32Array;
    ln2Bias: Float32Array;
    mlpIn: Float32Array;
    mlpInBias: Float32Array;
    mlpOut: Float32Array;
    mlpOutBias: Float32Array;
  }[];
  lnFinalGain: Float32Array;
  lnFinalBias: Float32Array;
  head: Float32Array;
  headBias: Float32Array;
}

/** One prefix: the keys and values of its last position (per layer) and the logits of the token after it. */
export interface PrefixNode {
  readonly parent: PrefixNode | null;
  readonly token: number;
  /** Position of this node's token (0 for the first token). */
  readonly position: number;
  readonly keys: Float32Array[];
  readonly values: Float32Array[];
  /** Next-token logits after this prefix, float32 as the TensorFlow.js forward pass gives them. */
  readonly logits: Float32Array;
  readonly children: Map<number, PrefixNode>;
}

/**
 * y = x·W + b for x [n], W [n × m] row-major (the layout of the transformer's parameters). Eight rows
 * of W per pass over y: an eighth of the loads and stores of y, which bound this loop in JavaScript.
 */
function affine(x: Float64Array, weight: Float32Array, bias: Float32Array, y: Float64Array): Float64Array {
  const m = bias.length;
  const n = x.length;
  for (let j = 0; j < m; j++) y[j] = bias[j];
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a0 = x[i], a1 = x[i + 1], a2 = x[i + 2], a3 = x[i + 3], a4 = x[i + 4], a5 = x[i + 5], a6 = x[i + 6], a7 = x[i + 7];
    const r0 = i * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m, r4 = r3 + m, r5 = r4 + m, r6 = r5 + m, r7 = r6 + m;
    for (let j = 0; j < m; j++) y[j] += a0 * weight[r0 + j] + a1 * weight[r1 + j] + a2 * weight[r2 + j] + a3 * weight[r3 + j] + a4 * weight[r4 + j] + a5 * weight[r5 + j] + a6 * weight[r6 + j] + a7 * weight[r7 + j];
  }
  for (; i < n; i++) {
    const a = x[i];
    const row = i * m;
    for (let j = 0; j < m; j++) y[j] += a * weight[row + j];
  }
  return y;
}

function layerNorm(x: Float64Array, gain: Float32Array, bias: Float32Array, y: Float64Array): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mean) ** 2;
  variance /= n;
  const scale = 1 / Math.sqrt(variance + 1e-5);
  for (let i = 0; i < n; i++) y[i] = (x[i] - mean) * scale * gain[i] + bias[i];
  return y;
}

/** GPT-2's tanh approximation, as Transformer.apply. */
function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}

export class PrefixDecoder {
  private readonly weights: Weights;
  private readonly dModel: number;
  private readonly heads: number;
  private readonly headSize: number;
  private readonly context: number;
  private readonly vocab: number;
  /** Added to every node's logits (the language model's tokens it never writes). */
  private readonly logitOffset: Float32Array;
  /** Every prefix starts here: the tree's root has no token and no position. */
  private readonly roots = new Map<number, PrefixNode>();
  // scratch buffers, reused by every step
  private readonly x: Float64Array;
  private readonly h: Float64Array;
  private readonly qkv: Float64Array;
  private readonly attended: Float64Array;
  private readonly projected: Float64Array;
  private readonly hidden: Float64Array;
  private readonly headOut: Float64Array;
  private readonly scores: Float64Array;
  /** How many nodes (prefix positions) were computed: the work done. */
  computedNodes = 0;

  constructor(transformer: Transformer, logitOffset?: Float32Array) {
    const c = transformer.config;
    if (c.head !== "lm") throw new Error("the prefix decoder needs a transformer with an lm head");
    const slice = (name: string) => {
      const s = transformer.layout.byName.get(name);
      if (!s) throw new Error(`the transformer has no parameter ${name}`);
      return transformer.params.subarray(s.offset, s.offset + s.size);
    };
    this.weights = {
      tokenEmbedding: slice("tokenEmbedding"),
      positionEmbedding: slice("positionEmbedding"),
      blocks: Array.from({ length: c.layers }, (_, l) => ({
        ln1Gain: slice(`block${l}.ln1.gain`),
        ln1Bias: slice(`block${l}.ln1.bias`),
        qkv: slice(`block${l}.attention.qkv`),
        qkvBias: slice(`block${l}.attention.qkvBias`),
        out: slice(`block${l}.attention.out`),
        outBias: slice(`block${l}.attention.outBias`),
        ln2Gain: slice(`block${l}.ln2.gain`),
        ln2Bias: slice(`block${l}.ln2.bias`),
        mlpIn: slice(`block${l}.mlp.in`),
        mlpInBias: slice(`block${l}.mlp.inBias`),
        mlpOut: slice(`block${l}.mlp.out`),
        mlpOutBias: slice(`block${l}.mlp.outBias`),
      })),
      lnFinalGain: slice("lnFinal.gain"),
      lnFinalBias: slice("lnFinal.bias"),
      head: slice("head.weight"),
      headBias: slice("head.bias"),
    };
    this.dModel = c.dModel;
    this.heads = c.heads;
    this.headSize = c.dModel / c.heads;
    this.context = c.context;
    this.vocab = c.vocabSize;
    this.logitOffset = logitOffset ?? new Float32Array(c.vocabSize);
    this.x = new Float64Array(c.dModel);
    this.h = new Float64Array(c.dModel);
    this.qkv = new Float64Array(3 * c.dModel);
    this.attended = new Float64Array(c.dModel);
    this.projected = new Float64Array(c.dModel);
    this.hidden = new Float64Array(c.mlp);
    this.headOut = new Float64Array(c.vocabSize);
    this.scores = new Float64Array(c.context);
  }

  /** The node of `parent`'s prefix followed by `token` (null parent: the sequence's first token), computed once. */
  extend(parent: PrefixNode | null, token: number): PrefixNode {
    const siblings = parent ? parent.children : this.roots;
    const known = siblings.get(token);
    if (known) return known;
    const node = this.compute(parent, token);
    siblings.set(token, node);
    return node;
  }

  /** The node of a whole token sequence, extending the tree along it. */
  prefix(tokens: ArrayLike<number>): PrefixNode {
    if (tokens.length === 0) throw new Error("a prefix needs at least one token");
    let node: PrefixNode | null = null;
    for (let i = 0; i < tokens.length; i++) node = this.extend(node, tokens[i]);
    return node!;
  }

  private compute(parent: PrefixNode | null, token: number): PrefixNode {
    const { dModel: d, heads, headSize, weights: w } = this;
    const position = parent ? parent.position + 1 : 0;
    if (position >= this.context) throw new Error(`sequences of ${position + 1} tokens exceed the context of ${this.context}`);
    if (!(token >= 0 && token < this.vocab)) throw new Error(`token ${token} is outside the vocabulary of ${this.vocab}`);
    // the ancestors, first to last, whose keys and values this position attends to (itself included)
    const path: PrefixNode[] = [];
    for (let n = parent; n; n = n.parent) path.push(n);
    path.reverse();
    const { x, h, qkv, attended, projected, hidden, scores } = this;
    for (let i = 0; i < d; i++) x[i] = w.tokenEmbedding[token * d + i] + w.positionEmbedding[position * d + i];
    const keys: Float32Array[] = [];
    const values: Float32Array[] = [];
    for (let l = 0; l < w.blocks.length; l++) {
      const b = w.blocks[l];
      affine(layerNorm(x, b.ln1Gain, b.ln1Bias, h), b.qkv, b.qkvBias, qkv);
      const key = Float32Array.from(qkv.subarray(d, 2 * d));
      const value = Float32Array.from(qkv.subarray(2 * d, 3 * d));
      keys.push(key);
      values.push(value);
      const scale = 1 / Math.sqrt(headSize);
      for (let head = 0; head < heads; head++) {
        const from = head * headSize;
        let max = -Infinity;
        for (let j = 0; j <= path.length; j++) {
          const k = j < path.length ? path[j].keys[l] : key;
          let s = 0;
          for (let e = 0; e < headSize; e++) s += qkv[from + e] * k[from + e];
          scores[j] = s * scale;
          if (scores[j] > max) max = scores[j];
        }
        let total = 0;
        for (let j = 0; j <= path.length; j++) {
          scores[j] = Math.exp(scores[j] - max);
          total += scores[j];
        }
        for (let e = 0; e < headSize; e++) attended[from + e] = 0;
        for (let j = 0; j <= path.length; j++) {
          const v = j < path.length ? path[j].values[l] : value;
          const p = scores[j] / total;
          for (let e = 0; e < headSize; e++) attended[from + e] += p * v[from + e];
        }
      }
      affine(attended, b.out, b.outBias, projected);
      for (let i = 0; i < d; i++) x[i] += projected[i];
      affine(layerNorm(x, b.ln2Gain, b.ln2Bias, h), b.mlpIn, b.mlpInBias, hidden);
      for (let i = 0; i < hidden.length; i++) hidden[i] = gelu(hidden[i]);
      affine(hidden, b.mlpOut, b.mlpOutBias, projected);
      for (let i = 0; i < d; i++) x[i] += projected[i];
    }
    affine(layerNorm(x, w.lnFinalGain, w.lnFinalBias, h), w.head, w.headBias, this.headOut);
    const logits = new Float32Array(this.vocab);
    for (let v = 0; v < this.vocab; v++) logits[v] = this.headOut[v] + this.logitOffset[v];
    this.computedNodes++;
    return { parent, token, position, keys, values, logits, children: new Map() };
  }
}
