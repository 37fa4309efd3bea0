// The transformer of src/lm/transformer.ts run in plain JavaScript, a position at a time, for sampling.
// Writing a response needs the next-token distribution after every prefix. Run as one TensorFlow.js
// forward pass per new token, that recomputes every earlier position, for every row, through dozens
// of small calls. Here each prefix is a node of a tree: a node keeps its position's keys and values
// (the key/value cache) and its head's outputs, so a new token costs one position's arithmetic,
// and rows that share a prefix (the G responses to one prompt, mostly, and every <bos>) share its
// nodes: each distinct prefix is computed once. The new nodes of one step are computed together, as
// the rows of one batch, so each weight is read once per four rows. A scalar head (the reward model)
// works the same way: its output at a sequence's last token is the score. Tested against
// Transformer.apply (test/unit/lm_model.test.ts, and the reward model's in test/unit/lm_rl.test.ts).
import type { Transformer } from "./transformer";

/** The transformer's parameters as float64 (exact copies of the float32 values: the loops then skip a conversion per multiply). */
interface Weights {
  tokenEmbedding: Float64Array;
  positionEmbedding: Float64Array;
  blocks: {
    ln1Gain: Float64Array;
    ln1Bias: Float64Array;
    qkv: Float64Array;
    qkvBias: Float64Array;
    out: Float64Array;
    outBias: Float64Array;
    ln2Gain: Float64Array;
    ln2Bias: Float64Array;
    mlpIn: Float64Array;
    mlpInBias: Float64Array;
    mlpOut: Float64Array;
    mlpOutBias: Float64Array;
  }[];
  lnFinalGain: Float64Array;
  lnFinalBias: Float64Array;
  head: Float64Array;
  headBias: Float64Array;
}

/** One prefix: the keys and values of its last position and the head's outputs there. */
export interface PrefixNode {
  readonly parent: PrefixNode | null;
  readonly token: number;
  /** Position of this node's token (0 for the first token). */
  readonly position: number;
  /** Per layer l, this position's key at [2·l·d, (2·l+1)·d) and its value at [(2·l+1)·d, (2·l+2)·d), float32. */
  readonly keyValues: Float32Array;
  /**
   * The head's outputs at this prefix's last position, float32 as the TensorFlow.js forward pass gives
   * them: the next token's logits (an lm head) or the score (a scalar head: one number).
   */
  readonly outputs: Float32Array;
  readonly children: Map<number, PrefixNode>;
}

/**
 * Y = X·W + b for the `rows` rows of X [rows × n] and W [n × m] row-major (the layout of the
 * transformer's parameters). Every output is bias + one sum of eight products per eight rows of W,
 * in the same order whichever rows are computed together, so a prefix gets the same bits alone or in
 * a batch. Four rows of X per pass share each weight load, and eight rows of W per pass share each
 * load and store of Y: loads, not multiplies, bound this loop in JavaScript.
 */
function affineRows(x: Float64Array, rows: number, weight: Float64Array, bias: Float64Array, y: Float64Array): void {
  const m = bias.length;
  const n = weight.length / m;
  const groups = n - (n % 8);
  for (let r = 0; r < rows; r++) y.set(bias, r * m);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const xa = r * n, xb = xa + n, xc = xb + n, xd = xc + n;
    const ya = r * m, yb = ya + m, yc = yb + m, yd = yc + m;
    for (let i = 0; i < groups; i += 8) {
      const a0 = x[xa + i], a1 = x[xa + i + 1], a2 = x[xa + i + 2], a3 = x[xa + i + 3], a4 = x[xa + i + 4], a5 = x[xa + i + 5], a6 = x[xa + i + 6], a7 = x[xa + i + 7];
      const b0 = x[xb + i], b1 = x[xb + i + 1], b2 = x[xb + i + 2], b3 = x[xb + i + 3], b4 = x[xb + i + 4], b5 = x[xb + i + 5], b6 = x[xb + i + 6], b7 = x[xb + i + 7];
      const c0 = x[xc + i], c1 = x[xc + i + 1], c2 = x[xc + i + 2], c3 = x[xc + i + 3], c4 = x[xc + i + 4], c5 = x[xc + i + 5], c6 = x[xc + i + 6], c7 = x[xc + i + 7];
      const d0 = x[xd + i], d1 = x[xd + i + 1], d2 = x[xd + i + 2], d3 = x[xd + i + 3], d4 = x[xd + i + 4], d5 = x[xd + i + 5], d6 = x[xd + i + 6], d7 = x[xd + i + 7];
      const r0 = i * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m, r4 = r3 + m, r5 = r4 + m, r6 = r5 + m, r7 = r6 + m;
      for (let j = 0; j < m; j++) {
        const w0 = weight[r0 + j], w1 = weight[r1 + j], w2 = weight[r2 + j], w3 = weight[r3 + j], w4 = weight[r4 + j], w5 = weight[r5 + j], w6 = weight[r6 + j], w7 = weight[r7 + j];
        y[ya + j] += a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3 + a4 * w4 + a5 * w5 + a6 * w6 + a7 * w7;
        y[yb + j] += b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3 + b4 * w4 + b5 * w5 + b6 * w6 + b7 * w7;
        y[yc + j] += c0 * w0 + c1 * w1 + c2 * w2 + c3 * w3 + c4 * w4 + c5 * w5 + c6 * w6 + c7 * w7;
        y[yd + j] += d0 * w0 + d1 * w1 + d2 * w2 + d3 * w3 + d4 * w4 + d5 * w5 + d6 * w6 + d7 * w7;
      }
    }
    for (let k = 0; k < 4; k++) affineTail(x, (r + k) * n, groups, n, weight, m, y, (r + k) * m);
  }
  for (; r < rows; r++) {
    const xa = r * n, ya = r * m;
    for (let i = 0; i < groups; i += 8) {
      const a0 = x[xa + i], a1 = x[xa + i + 1], a2 = x[xa + i + 2], a3 = x[xa + i + 3], a4 = x[xa + i + 4], a5 = x[xa + i + 5], a6 = x[xa + i + 6], a7 = x[xa + i + 7];
      const r0 = i * m, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m, r4 = r3 + m, r5 = r4 + m, r6 = r5 + m, r7 = r6 + m;
      for (let j = 0; j < m; j++) y[ya + j] += a0 * weight[r0 + j] + a1 * weight[r1 + j] + a2 * weight[r2 + j] + a3 * weight[r3 + j] + a4 * weight[r4 + j] + a5 * weight[r5 + j] + a6 * weight[r6 + j] + a7 * weight[r7 + j];
    }
    affineTail(x, xa, groups, n, weight, m, y, ya);
  }
}

/** The rows of W past the last whole group of eight, one at a time (none for the course's widths). */
function affineTail(x: Float64Array, xa: number, from: number, n: number, weight: Float64Array, m: number, y: Float64Array, ya: number): void {
  for (let i = from; i < n; i++) {
    const a = x[xa + i];
    const row = i * m;
    for (let j = 0; j < m; j++) y[ya + j] += a * weight[row + j];
  }
}

/** LayerNorm of each row of x [rows × width]. */
function layerNormRows(x: Float64Array, rows: number, gain: Float64Array, bias: Float64Array, y: Float64Array): void {
  const n = gain.length;
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[at + i];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[at + i] - mean) ** 2;
    variance /= n;
    const scale = 1 / Math.sqrt(variance + 1e-5);
    for (let i = 0; i < n; i++) y[at + i] = (x[at + i] - mean) * scale * gain[i] + bias[i];
  }
}

/** The sizes attention needs: model width, heads, and each head's width. */
interface AttentionShape {
  d: number;
  heads: number;
  headSize: number;
}

/**
 * Causal self-attention of one position in one layer, per head: softmax(q·k / √(head size)) · v
 * over its ancestors' keys and values and its own (`own`). The query is qkv[q, q + d); the result
 * goes to attended[out, out + d).
 */
function attend(shape: AttentionShape, qkv: Float64Array, q: number, path: readonly PrefixNode[], own: Float32Array, layer: number, scores: Float64Array, attended: Float64Array, out: number): void {
  const { d, heads, headSize } = shape;
  const keyAt = 2 * layer * d;
  const valueAt = keyAt + d;
  const scale = 1 / Math.sqrt(headSize);
  for (let head = 0; head < heads; head++) {
    const from = head * headSize;
    let max = -Infinity;
    for (let j = 0; j <= path.length; j++) {
      const kv = j < path.length ? path[j].keyValues : own;
      let s = 0;
      for (let e = 0; e < headSize; e++) s += qkv[q + from + e] * kv[keyAt + from + e];
      scores[j] = s * scale;
      if (scores[j] > max) max = scores[j];
    }
    let total = 0;
    for (let j = 0; j <= path.length; j++) {
      scores[j] = Math.exp(scores[j] - max);
      total += scores[j];
    }
    for (let e = 0; e < headSize; e++) attended[out + from + e] = 0;
    for (let j = 0; j <= path.length; j++) {
      const kv = j < path.length ? path[j].keyValues : own;
      const p = scores[j] / total;
      for (let e = 0; e < headSize; e++) attended[out + from + e] += p * kv[valueAt + from + e];
    }
  }
}

const GELU_SCALE = Math.sqrt(2 / Math.PI);

/**
 * GPT-2's tanh approximation, as Transformer.apply: ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³),
 * written as x − x / (e^{2u} + 1), the same function (Math.exp costs about half of Math.tanh here).
 */
function gelu(x: number): number {
  const u = GELU_SCALE * (x + 0.044715 * x * x * x);
  return x - x / (Math.exp(2 * u) + 1);
}

/** Grows on demand and is reused: the rows × width scratch matrices of one batch of prefixes. */
class Scratch {
  private buffer = new Float64Array(0);
  constructor(private readonly width: number) {}
  rows(count: number): Float64Array {
    if (this.buffer.length < count * this.width) this.buffer = new Float64Array(count * this.width);
    return this.buffer;
  }
}

export class PrefixDecoder {
  private readonly weights: Weights;
  private readonly shape: AttentionShape;
  private readonly context: number;
  private readonly vocab: number;
  /** The head's outputs per position: the vocabulary (lm head) or 1 (scalar head). */
  private readonly outputCount: number;
  private readonly mlpWidth: number;
  /** Added to every node's outputs (the language model's tokens it never writes). */
  private readonly outputOffset: Float32Array;
  /** Every prefix starts here: the tree's root has no token and no position. */
  private readonly roots = new Map<number, PrefixNode>();
  private readonly x: Scratch;
  private readonly h: Scratch;
  private readonly qkv: Scratch;
  private readonly attended: Scratch;
  private readonly projected: Scratch;
  private readonly hidden: Scratch;
  private readonly headOut: Scratch;
  private readonly scores: Float64Array;
  /** How many nodes (prefix positions) were computed: the work done. */
  computedNodes = 0;

  constructor(transformer: Transformer, outputOffset?: Float32Array) {
    const c = transformer.config;
    const slice = (name: string) => {
      const s = transformer.layout.byName.get(name);
      if (!s) throw new Error(`the transformer has no parameter ${name}`);
      return Float64Array.from(transformer.params.subarray(s.offset, s.offset + s.size));
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
    this.shape = { d: c.dModel, heads: c.heads, headSize: c.dModel / c.heads };
    this.context = c.context;
    this.vocab = c.vocabSize;
    this.outputCount = this.weights.headBias.length;
    if (outputOffset && outputOffset.length !== this.outputCount) throw new Error(`the offset has ${outputOffset.length} entries, the head ${this.outputCount} outputs`);
    this.mlpWidth = c.mlp;
    this.outputOffset = outputOffset ?? new Float32Array(this.outputCount);
    this.x = new Scratch(c.dModel);
    this.h = new Scratch(c.dModel);
    this.qkv = new Scratch(3 * c.dModel);
    this.attended = new Scratch(c.dModel);
    this.projected = new Scratch(c.dModel);
    this.hidden = new Scratch(c.mlp);
    this.headOut = new Scratch(this.outputCount);
    this.scores = new Float64Array(c.context);
  }

  /**
   * The node of each parents[k] followed by tokens[k]. The ones not yet in the tree are computed
   * together, each once however often it is asked for: one batch shares the weights' passes.
   */
  extendAll(parents: readonly (PrefixNode | null)[], tokens: readonly number[]): PrefixNode[] {
    const found: (PrefixNode | undefined)[] = [];
    const missing: { parent: PrefixNode | null; token: number; askedBy: number[] }[] = [];
    const missingIn = new Map<Map<number, PrefixNode>, Map<number, number>>();
    parents.forEach((parent, k) => {
      const siblings = parent ? parent.children : this.roots;
      const token = tokens[k];
      found[k] = siblings.get(token);
      if (found[k]) return;
      let pending = missingIn.get(siblings);
      if (!pending) missingIn.set(siblings, (pending = new Map()));
      const index = pending.get(token);
      if (index !== undefined) missing[index].askedBy.push(k);
      else {
        pending.set(token, missing.length);
        missing.push({ parent, token, askedBy: [k] });
      }
    });
    const computed = this.compute(missing.map((m) => m.parent), missing.map((m) => m.token));
    missing.forEach(({ parent, token, askedBy }, index) => {
      (parent ? parent.children : this.roots).set(token, computed[index]);
      for (const k of askedBy) found[k] = computed[index];
    });
    return found as PrefixNode[];
  }

  /** The node of a whole token sequence, extending the tree along it. */
  prefix(tokens: ArrayLike<number>): PrefixNode {
    return this.prefixes([tokens])[0];
  }

  /** The node of each token sequence, the tree extended one position at a time for all of them together. */
  prefixes(sequences: readonly ArrayLike<number>[]): PrefixNode[] {
    if (sequences.some((s) => s.length === 0)) throw new Error("a prefix needs at least one token");
    const nodes: (PrefixNode | null)[] = sequences.map(() => null);
    const longest = Math.max(...sequences.map((s) => s.length));
    for (let t = 0; t < longest; t++) {
      const growing = sequences.flatMap((s, i) => (t < s.length ? [i] : []));
      const extended = this.extendAll(growing.map((i) => nodes[i]), growing.map((i) => sequences[i][t]));
      growing.forEach((i, k) => (nodes[i] = extended[k]));
    }
    return nodes as PrefixNode[];
  }

  /** New nodes for these (parent, token) pairs, computed as the rows of one batch. */
  private compute(parents: (PrefixNode | null)[], tokens: number[]): PrefixNode[] {
    const { weights: w, vocab } = this;
    const { d } = this.shape;
    const rows = tokens.length;
    if (rows === 0) return [];
    const positions = parents.map((parent) => (parent ? parent.position + 1 : 0));
    positions.forEach((position, r) => {
      if (position >= this.context) throw new Error(`sequences of ${position + 1} tokens exceed the context of ${this.context}`);
      if (!(tokens[r] >= 0 && tokens[r] < vocab)) throw new Error(`token ${tokens[r]} is outside the vocabulary of ${vocab}`);
    });
    // each row's ancestors, first to last, whose keys and values its position attends to (itself included)
    const paths = parents.map((parent) => {
      const path: PrefixNode[] = [];
      for (let n = parent; n; n = n.parent) path.push(n);
      return path.reverse();
    });
    const x = this.x.rows(rows);
    const h = this.h.rows(rows);
    const qkv = this.qkv.rows(rows);
    const attended = this.attended.rows(rows);
    const projected = this.projected.rows(rows);
    const hidden = this.hidden.rows(rows);
    const headOut = this.headOut.rows(rows);
    const { scores } = this;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < d; i++) x[r * d + i] = w.tokenEmbedding[tokens[r] * d + i] + w.positionEmbedding[positions[r] * d + i];
    }
    const keyValues = tokens.map(() => new Float32Array(2 * w.blocks.length * d));
    for (let l = 0; l < w.blocks.length; l++) {
      const b = w.blocks[l];
      layerNormRows(x, rows, b.ln1Gain, b.ln1Bias, h);
      affineRows(h, rows, b.qkv, b.qkvBias, qkv);
      for (let r = 0; r < rows; r++) {
        keyValues[r].set(qkv.subarray(r * 3 * d + d, r * 3 * d + 3 * d), 2 * l * d);
        attend(this.shape, qkv, r * 3 * d, paths[r], keyValues[r], l, scores, attended, r * d);
      }
      affineRows(attended, rows, b.out, b.outBias, projected);
      for (let i = 0; i < rows * d; i++) x[i] += projected[i];
      layerNormRows(x, rows, b.ln2Gain, b.ln2Bias, h);
      affineRows(h, rows, b.mlpIn, b.mlpInBias, hidden);
      for (let i = 0; i < rows * this.mlpWidth; i++) hidden[i] = gelu(hidden[i]);
      affineRows(hidden, rows, b.mlpOut, b.mlpOutBias, projected);
      for (let i = 0; i < rows * d; i++) x[i] += projected[i];
    }
    layerNormRows(x, rows, w.lnFinalGain, w.lnFinalBias, h);
    affineRows(h, rows, w.head, w.headBias, headOut);
    this.computedNodes += rows;
    return tokens.map((token, r) => {
      const outputs = new Float32Array(this.outputCount);
      for (let v = 0; v < outputs.length; v++) outputs[v] = headOut[r * outputs.length + v] + this.outputOffset[v];
      return { parent: parents[r], token, position: positions[r], keyValues: keyValues[r], outputs, children: new Map() };
    });
  }
}

/**
 * A PrefixDecoder kept from call to call while the transformer's weights stay the same, so that a
 * frozen model (RL's reference, a reward model) computes each prefix once over many calls. It is made
 * afresh when the weights changed (compared with a copy taken when it was made) or when it holds
 * `limit` prefixes (a bound on memory, about 1 kB each); the outputs are the same bits either way.
 */
export class KeptDecoder {
  private decoder: PrefixDecoder | null = null;
  private madeFrom = new Float32Array(0);

  constructor(
    private readonly transformer: Transformer,
    private readonly outputOffset?: Float32Array,
    private readonly limit = 50_000,
  ) {}

  current(): PrefixDecoder {
    const params = this.transformer.params;
    if (this.decoder === null || this.decoder.computedNodes >= this.limit || !sameBits(this.madeFrom, params)) {
      this.decoder = new PrefixDecoder(this.transformer, this.outputOffset);
      this.madeFrom = Float32Array.from(params);
    }
    return this.decoder;
  }
}

/** Whether two float arrays hold the same bits (−0 is not 0, NaN is itself), compared as integers: fast. */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
