// The language-model pieces: packing and the response mask, log π(response | prompt) against a
// hand computation, the transformer's hand-written matmul gradient, sampling, model files.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LanguageModel, POLICY_CONFIG } from "../../src/lm/language_model";
import { PrefixDecoder } from "../../src/lm/prefix_decoder";
import { MAX_RESPONSE_CHARS } from "../../src/lm/arithmetic";
import { loadTransformer, saveTransformer } from "../../src/lm/model_files";
import { packPromptGroups, packSequences, responseTargets } from "../../src/lm/sequences";
import { lossAndFlatGradient } from "../../src/lm_training/batching";
import { BOS, decode, encode, EOS, PAD, VOCAB_SIZE } from "../../src/lm/tokenizer";
import { matmul, Transformer, type TransformerConfig } from "../../src/lm/transformer";
import { Rng } from "../../src/core/random";
import { initBackend, tf } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

const tiny: TransformerConfig = { vocabSize: VOCAB_SIZE, context: 14, dModel: 16, heads: 2, layers: 1, mlp: 32, head: "lm" };

test("the tokenizer round-trips and refuses unknown characters", () => {
  assert.deepEqual(decode(encode("12+34=46")), "12+34=46");
  assert.equal(decode([...encode("7"), EOS, ...encode("9")]), "7", "decoding stops at <eos>");
  assert.throws(() => encode("1-2"), /only knows the characters/);
});

test("packing and the response mask, by hand: <bos> 1 + 2 = | 3 <eos>", () => {
  const batch = packSequences([encode("1+2="), encode("10+5=")], [[...encode("3"), EOS], [...encode("15"), EOS]]);
  assert.equal(batch.length, 9);
  assert.deepEqual(Array.from(batch.tokens.subarray(0, 9)), [BOS, ...encode("1+2="), ...encode("3"), EOS, PAD, PAD]);
  assert.deepEqual(Array.from(batch.promptLengths), [5, 6]);
  assert.deepEqual(Array.from(batch.totalLengths), [7, 9]);
  const { targets, mask } = responseTargets(batch);
  // row 0: positions 4 and 5 predict "3" and <eos>; nothing else counts
  assert.deepEqual(Array.from(mask.subarray(0, 9)), [0, 0, 0, 0, 1, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(targets.subarray(4, 6)), [...encode("3"), EOS]);
  assert.deepEqual(Array.from(mask.subarray(9, 18)), [0, 0, 0, 0, 0, 1, 1, 1, 0]);
});

test("log π(response | prompt) sums the response tokens' log-probabilities only", () => {
  const model = new LanguageModel(Transformer.create(tiny, new Rng(4)));
  const prompt = encode("12+7=");
  const response = [...encode("19"), EOS];
  const tokens = [BOS, ...prompt, ...response];
  // by hand: the logits at every position, then log-softmax over the writable tokens
  const logits = tf.tidy(() => model.transformer.apply(model.transformer.parameterTensors(), tf.tensor2d([tokens], [1, tokens.length], "int32")).arraySync()) as number[][][];
  const logSoftmaxAt = (position: number, token: number) => {
    const z = logits[0][position].map((v, i) => (i === BOS || i === PAD ? -Infinity : v));
    const max = Math.max(...z);
    return z[token] - max - Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
  };
  const firstResponse = 1 + prompt.length;
  let expected = 0;
  for (let t = firstResponse; t < tokens.length; t++) expected += logSoftmaxAt(t - 1, tokens[t]);
  const [computed] = model.responseLogProbs([prompt], [response]);
  assert.ok(Math.abs(computed - expected) < 1e-4, `${computed} vs ${expected}`);
  // the prompt's own tokens are not in it: it differs from the log-probability of the whole sequence
  let whole = 0;
  for (let t = 1; t < tokens.length; t++) whole += logSoftmaxAt(t - 1, tokens[t]);
  assert.ok(Math.abs(computed - whole) > 0.5);
  // and it does not depend on the padding around it
  const [padded] = model.responseLogProbs([prompt, encode("99+99=")], [response, [...encode("198"), EOS]]);
  assert.ok(Math.abs(padded - computed) < 1e-5);
  // after the weights change in place (an optimizer step), it reads the new weights, as a new model would
  model.params.forEach((w, i) => (model.params[i] = i % 5 === 0 ? 3 * w : w));
  const [moved] = model.responseLogProbs([prompt], [response]);
  assert.ok(Math.abs(moved - computed) > 1e-3, `${moved} vs ${computed}`);
  assert.equal(moved, new LanguageModel(new Transformer(tiny, Float32Array.from(model.params))).responseLogProbs([prompt], [response])[0]);
});

test("the hand-written matmul gradient equals tfjs's own, for matrices and batched 4-D tensors", () => {
  const rng = new Rng(2);
  for (const [aShape, bShape] of [[[5, 3], [3, 4]], [[2, 3, 5, 4], [2, 3, 4, 6]]] as number[][][]) {
    const a = tf.tensor(Array.from({ length: aShape.reduce((x, y) => x * y) }, () => rng.normal()), aShape);
    const b = tf.tensor(Array.from({ length: bShape.reduce((x, y) => x * y) }, () => rng.normal()), bShape);
    const weights = tf.randomNormal([...aShape.slice(0, -1), bShape[bShape.length - 1]], 0, 1, "float32", 3);
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matmul(x, y), weights)))([a, b]);
    const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), weights)))([a, b]);
    ours.forEach((g, i) => {
      const diff = tf.max(tf.abs(tf.sub(g, theirs[i]))).dataSync()[0];
      assert.ok(diff < 1e-4, `gradient ${i} of ${aShape}×${bShape}: ${diff}`);
    });
    tf.dispose([a, b, weights, ...ours, ...theirs]);
  }
});

test("sampling: reproducible from the seed, never writes <bos> or <pad>, greedy is deterministic", () => {
  const model = new LanguageModel(Transformer.create(tiny, new Rng(1)));
  const prompts = [encode("3+4="), encode("50+50=")];
  const a = model.generate(prompts, 5, new Rng(9));
  assert.deepEqual(model.generate(prompts, 5, new Rng(9)), a);
  assert.equal(a.length, 10);
  for (const r of a) {
    assert.ok(r.length >= 1 && r.length <= 6);
    assert.ok(!r.includes(BOS) && !r.includes(PAD));
    assert.ok(r.indexOf(EOS) === -1 || r.indexOf(EOS) === r.length - 1, "nothing after <eos>");
  }
  assert.deepEqual(model.generate(prompts, 1, new Rng(1), { temperature: 0 }), model.generate(prompts, 1, new Rng(2), { temperature: 0 }));
});

/** The course's architecture with weights 15 times GPT-2's initial scale: peaked attention and next-token distributions. */
function sharpModel(seed: number): Transformer {
  const transformer = Transformer.create(POLICY_CONFIG, new Rng(seed));
  transformer.params.forEach((w, i) => (transformer.params[i] = 15 * w));
  return transformer;
}

/** The sampler as it was before the prefix decoder: one full forward pass over the padded batch per new token. */
function generateByFullForward(model: LanguageModel, prompts: number[][], samples: number, rng: Rng, temperature: number): number[][] {
  const unwritable = Float32Array.from({ length: VOCAB_SIZE }, (_, v) => (v === BOS || v === PAD ? -1e9 : 0));
  const rows = prompts.flatMap((p) => Array.from({ length: samples }, () => p));
  const responses: number[][] = rows.map(() => []);
  const open = new Set(rows.map((_, i) => i));
  const maxTokens = MAX_RESPONSE_CHARS + 1;
  const width = 1 + Math.max(...rows.map((p) => p.length)) + maxTokens;
  const probabilities = new Float64Array(VOCAB_SIZE);
  for (let step = 0; step < maxTokens && open.size > 0; step++) {
    const batch = packSequences(rows, responses, width);
    const t = model.transformer;
    const logits = tf.tidy(() => tf.add(t.apply(t.parameterTensors(), tf.tensor2d(batch.tokens, [batch.size, batch.length], "int32")), tf.tensor1d(unwritable)).dataSync());
    for (const i of [...open]) {
      const at = (i * batch.length + batch.totalLengths[i] - 1) * VOCAB_SIZE;
      let max = -Infinity;
      for (let v = 0; v < VOCAB_SIZE; v++) max = Math.max(max, logits[at + v]);
      for (let v = 0; v < VOCAB_SIZE; v++) probabilities[v] = Math.exp((logits[at + v] - max) / temperature);
      const token = rng.categorical(probabilities);
      responses[i].push(token);
      if (token === EOS) open.delete(i);
    }
  }
  return responses;
}

test("the prefix decoder's next-token logits equal Transformer.apply's at every position, to float32 rounding", () => {
  const transformer = sharpModel(3);
  const rng = new Rng(4);
  const sequences = Array.from({ length: 12 }, () => [BOS, ...Array.from({ length: 1 + rng.int(12) }, () => 3 + rng.int(12))]);
  const width = Math.max(...sequences.map((s) => s.length));
  const tokens = new Int32Array(sequences.length * width).fill(PAD);
  sequences.forEach((s, i) => tokens.set(s, i * width));
  const reference = tf.tidy(() => transformer.apply(transformer.parameterTensors(), tf.tensor2d(tokens, [sequences.length, width], "int32")).dataSync());
  const decoder = new PrefixDecoder(transformer);
  let largest = 0;
  let spread = 0;
  sequences.forEach((sequence, i) => {
    for (let t = 0; t < sequence.length; t++) {
      const logits = decoder.prefix(sequence.slice(0, t + 1)).outputs;
      for (let v = 0; v < VOCAB_SIZE; v++) {
        const expected = reference[(i * width + t) * VOCAB_SIZE + v];
        largest = Math.max(largest, Math.abs(logits[v] - expected));
        spread = Math.max(spread, Math.abs(expected));
      }
    }
  });
  assert.ok(spread > 3, `the test model's logits are far from uniform (largest ${spread})`);
  assert.ok(largest < 1e-4 * spread, `largest difference ${largest} against logits up to ${spread}`);
});

test("the prefix decoder computes each distinct prefix once, and refuses one longer than the context", () => {
  const decoder = new PrefixDecoder(sharpModel(5));
  const a = decoder.prefix([BOS, 3, 4]);
  assert.equal(decoder.computedNodes, 3);
  assert.equal(decoder.prefix([BOS, 3, 4]), a, "the same prefix is the same node");
  decoder.prefix([BOS, 3, 5]);
  assert.equal(decoder.computedNodes, 4, "<bos> 3 is shared");
  assert.throws(() => decoder.prefix(Array.from({ length: POLICY_CONFIG.context + 1 }, () => 3)), /exceed the context of 14/);
});

test("the prefix decoder gives every prefix the same logits computed in a batch as alone, and computes a repeated one once", () => {
  const transformer = sharpModel(8);
  const rng = new Rng(9);
  // 13 sequences: more than one block of four rows at every level, and two that are the same
  const sequences = Array.from({ length: 12 }, () => [BOS, ...Array.from({ length: 1 + rng.int(10) }, () => 3 + rng.int(12))]);
  sequences.push([...sequences[5]]);
  const batched = new PrefixDecoder(transformer);
  const together = batched.prefixes(sequences);
  assert.equal(together[12], together[5], "the same sequence is the same node");
  const alone = new PrefixDecoder(transformer);
  sequences.forEach((sequence, i) => {
    for (let t = sequence.length; t >= 1; t--) {
      let node = together[i];
      for (let up = sequence.length; up > t; up--) node = node.parent!;
      assert.deepEqual(node.outputs, alone.prefix(sequence.slice(0, t)).outputs, `sequence ${i}, prefix of ${t} tokens`);
    }
  });
  assert.equal(batched.computedNodes, alone.computedNodes, "each distinct prefix computed once either way");
  const [a, b] = batched.extendAll([together[0], together[0]], [4, 4]);
  assert.equal(a, b);
  assert.equal(batched.computedNodes, alone.computedNodes + 1, "a pair asked for twice in one batch is computed once");
});

test("generate samples the same responses as one full forward pass per token, for the same seed", () => {
  const model = new LanguageModel(sharpModel(6));
  const prompts = ["12+34=", "7+8=", "99+99=", "5+60="].map(encode);
  const fast = model.generate(prompts, 8, new Rng(11), { temperature: 1 });
  const full = generateByFullForward(model, prompts, 8, new Rng(11), 1);
  assert.deepEqual(fast, full);
  assert.ok(new Set(fast.map((r) => r.join(","))).size > 4, "the responses differ from one another: the sampling was exercised");
});

test("prompt groups, by hand: each prompt's prefix once, each response's suffix from the prompt's last token", () => {
  const batch = packPromptGroups([encode("1+2="), encode("10+5=")], [[...encode("3"), EOS], [EOS], [...encode("15"), EOS], []], 2);
  assert.equal(batch.prefixLength, 5);
  assert.deepEqual(Array.from(batch.prefixTokens), [BOS, ...encode("1+2"), PAD, BOS, ...encode("10+5")]);
  assert.deepEqual(Array.from(batch.prefixLengths), [4, 5]);
  assert.equal(batch.suffixLength, 3);
  // row 0: "=" then "3" predict "3" and <eos>; row 3's empty response keeps one masked position
  assert.deepEqual(Array.from(batch.suffixTokens), [...encode("=3"), PAD, ...encode("="), PAD, PAD, ...encode("=15"), ...encode("="), PAD, PAD]);
  assert.deepEqual(Array.from(batch.targets.subarray(0, 3)), [...encode("3"), EOS, PAD]);
  assert.deepEqual(Array.from(batch.mask), [1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(batch.suffixStarts), [4, 4, 5, 5]);
  assert.throws(() => packPromptGroups([encode("1+2=")], [[EOS]], 2), /need 2 responses, got 1/);
});

test("prompt groups give the packed batch's log-probabilities, entropies and gradient, to float32 rounding", () => {
  const model = new LanguageModel(sharpModel(7));
  const prompts = ["12+34=", "7+8=", "99+99=", "7+8="].map(encode); // two lengths, and one prompt drawn twice
  const responses = model.generate(prompts, 4, new Rng(3), { temperature: 1 });
  responses[5] = [...encode("1234"), EOS]; // a long one: the suffix reaches the end of the context
  const rows = prompts.flatMap((p) => Array.from({ length: 4 }, () => p));
  const packed = packSequences(rows, responses);
  const grouped = packPromptGroups(prompts, responses, 4);
  const read = (batch: Parameters<LanguageModel["responseTensors"]>[1]) =>
    tf.tidy(() => {
      const r = model.responseTensors(model.transformer.parameterTensors(), batch);
      return { logProb: Array.from(r.logProb.dataSync()), entropy: Array.from(r.entropy.dataSync()) };
    });
  const [whole, shared] = [read(packed), read(grouped)];
  const close = (a: number[], b: number[], what: string) =>
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-4 * Math.max(1, Math.abs(x)), `${what} of row ${i}: ${x} vs ${b[i]}`));
  close(whole.logProb, shared.logProb, "log π");
  close(whole.entropy, shared.entropy, "entropy");
  assert.ok(Math.max(...whole.logProb.map(Math.abs)) > 1, "the log-probabilities are far from 0: the model is not trivial");
  const weights = Float32Array.from(responses, (_, i) => (i % 3) - 1);
  const gradientOf = (batch: Parameters<LanguageModel["responseTensors"]>[1]) =>
    lossAndFlatGradient(model.transformer, (p) => tf.sum(tf.mul(model.responseTensors(p, batch).logProb, tf.tensor1d(weights))) as tf.Scalar).gradient;
  const [g1, g2] = [gradientOf(packed), gradientOf(grouped)];
  const scale = g1.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  const worst = g1.reduce((m, g, i) => Math.max(m, Math.abs(g - g2[i])), 0);
  assert.ok(scale > 0.1 && worst < 1e-4 * scale, `largest gradient difference ${worst} against gradients up to ${scale}`);
});

test("a saved transformer loads back exactly; a damaged or mismatched one is refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transformer-"));
  const model = Transformer.create(tiny, new Rng(3));
  saveTransformer(dir, "policy", model, { note: "x" });
  const loaded = loadTransformer(dir, "policy");
  assert.deepEqual(loaded.model.params, model.params);
  assert.deepEqual(loaded.model.config, tiny);
  assert.deepEqual(loaded.metadata, { note: "x" });
  assert.throws(() => loadTransformer(dir, "reward-model"), /holds a policy, not a reward-model/);
  const weights = path.join(dir, "weights.bin");
  const bytes = fs.readFileSync(weights);
  bytes[10] ^= 0xff;
  fs.writeFileSync(weights, bytes);
  assert.throws(() => loadTransformer(dir, "policy"), /is corrupt/);
  assert.throws(() => loadTransformer(path.join(dir, "nope"), "policy"), /There is no policy at/);
});
