// The RL side of the language-model lesson: advantages by hand, reward models (built-in, learned,
// save/load, bad names), a quick RL run whose reward rises, and an exact resume.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { computeAdvantages } from "../../src/lm_training/advantages";
import { rlData } from "../../src/lm/datasets";
import { decodeLmState, encodeLmState } from "../../src/runs/lm_run";
import { LanguageModel } from "../../src/lm/language_model";
import { LearnedRewardModel, loadRewardModel, preferenceAccuracy, saveRewardModel } from "../../src/lm/reward_model";
import { bradleyTerryLoss, trainRewardModel } from "../../src/lm_training/reward_model_training";
import { digitMatch, programmaticReward, resolveRewardModel, RewardModelError, type RewardModel } from "../../src/lm/rewards";
import { LM_RL_CONFIG, LmReinforce, type LmUpdateRecord } from "../../src/lm_training/reinforce";
import { trainSft } from "../../src/lm_training/sft";
import { Transformer, type TransformerConfig } from "../../src/lm/transformer";
import { VOCAB_SIZE } from "../../src/lm/tokenizer";
import { Rng } from "../../src/core/random";
import { Adam } from "../../src/nets/adam";
import { lossAndFlatGradient, sampleBatch } from "../../src/lm_training/batching";
import { packPromptGroups } from "../../src/lm/sequences";
import { decode, promptTokens } from "../../src/lm/tokenizer";
import { initBackend, tf } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

const close = (a: ArrayLike<number>, b: number[], tol = 1e-9) => b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol, `index ${i}: ${a[i]} vs ${v}`));

test("advantages by hand: none, batch mean, leave-one-out (RLOO), group-normalised (GRPO)", () => {
  const rewards = [1, 0, 0, 1, /* second prompt */ 3, 1, 2, 2];
  close(computeAdvantages(rewards, 4, "none"), rewards);
  close(computeAdvantages(rewards, 4, "mean"), rewards.map((r) => r - 10 / 8));
  // RLOO: r_i − mean of the other three in the same group
  close(computeAdvantages(rewards, 4, "rloo"), [1 - 1 / 3, 0 - 2 / 3, 0 - 2 / 3, 1 - 1 / 3, 3 - 5 / 3, 1 - 7 / 3, 2 - 2, 2 - 2]);
  // GRPO: (r − group mean) / (sample std + 1e-4); group 1: mean 0.5, std √(1/3); group 2: mean 2, std √(2/3)
  const s1 = Math.sqrt(1 / 3) + 1e-4;
  const s2 = Math.sqrt(2 / 3) + 1e-4;
  close(computeAdvantages(rewards, 4, "grpo"), [0.5 / s1, -0.5 / s1, -0.5 / s1, 0.5 / s1, 1 / s2, -1 / s2, 0, 0]);
  // a group where every response got the same reward teaches nothing
  close(computeAdvantages([1, 1, 1], 3, "rloo"), [0, 0, 0]);
  close(computeAdvantages([1, 1, 1], 3, "grpo"), [0, 0, 0]);
  assert.throws(() => computeAdvantages([1, 2, 3], 2, "rloo"), /do not split into groups of 2/);
  assert.throws(() => computeAdvantages([1, 2], 1, "rloo"), /at least 2 responses/);
});

test("built-in rewards score answers; an unknown name or a missing path lists the choices", () => {
  const exact = programmaticReward("exact-match");
  assert.deepEqual(Array.from(exact.score(["12+30=", "12+30=", "9+9="], ["42", "43", "18"])), [1, 0, 1]);
  assert.equal(digitMatch("42", "42"), 1);
  assert.equal(digitMatch("42", "52"), 0.5);
  assert.equal(digitMatch("42", "142"), 2 / 3);
  assert.equal(digitMatch("42", ""), 0);
  const learned = () => {
    throw new Error("not called");
  };
  assert.equal(resolveRewardModel("exact-match", learned).name, "exact-match");
  for (const bad of ["exact_match", "models/no-such-reward-model"]) {
    assert.throws(
      () => resolveRewardModel(bad, learned),
      (e: Error) => e instanceof RewardModelError && /Unknown reward model/.test(e.message) && /exact-match/.test(e.message) && /digit-match/.test(e.message) && /npm run train:reward-model/.test(e.message),
    );
  }
});

test("a learned reward model trains with Bradley–Terry, and survives a save/load round trip", async () => {
  // the labeller of this test likes answers ending in 7
  const pairs = Array.from({ length: 64 }, (_, i) => ({ prompt: `${i % 10}+${i % 7}=`, chosen: `${i % 3}7`, rejected: `${i % 3}2` }));
  const before = new LearnedRewardModel(Transformer.create({ vocabSize: VOCAB_SIZE, context: 14, dModel: 16, heads: 2, layers: 1, mlp: 32, head: "scalar" }, new Rng(0)));
  const lossBefore = tf.tidy(() => bradleyTerryLoss(before, before.transformer.parameterTensors(), pairs).dataSync()[0]);
  assert.ok(Math.abs(lossBefore - Math.LN2) < 0.05, "an untrained model is indifferent: loss ≈ ln 2");
  const { model, history } = await trainRewardModel({ steps: 60, batchSize: 32, learningRate: 3e-3, seed: 1 }, pairs);
  assert.ok(history[history.length - 1].loss < 0.5 * history[0].loss, `loss ${history[0].loss} → ${history[history.length - 1].loss}`);
  assert.ok(preferenceAccuracy(model, pairs) > 0.9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rm-"));
  saveRewardModel(dir, model, { test: true });
  const loaded = resolveRewardModel(dir, loadRewardModel);
  assert.equal(loaded.kind, "learned");
  const prompts = pairs.map((p) => p.prompt);
  const responses = pairs.map((p) => p.chosen);
  assert.deepEqual(loaded.score(prompts, responses), model.score(prompts, responses));
});

test("a learned reward model's score equals its TensorFlow.js forward pass, and follows its weights when they change", () => {
  const model = new LearnedRewardModel(Transformer.create({ vocabSize: VOCAB_SIZE, context: 14, dModel: 16, heads: 2, layers: 2, mlp: 32, head: "scalar" }, new Rng(3)));
  model.transformer.params.forEach((w, i) => (model.transformer.params[i] = w * 40)); // far from the initial near-constant score
  const prompts = ["12+34=", "7+8=", "12+34=", "99+99=", "5+60="];
  const responses = ["46", "15", "4", "198", ""];
  const byTensor = () => tf.tidy(() => Array.from(model.scoreTensor(model.transformer.parameterTensors(), prompts, responses).dataSync()));
  const expected = byTensor();
  assert.ok(Math.max(...expected) - Math.min(...expected) > 1, `the scores differ: ${expected}`);
  close(model.score(prompts, responses), expected, 1e-4);
  model.transformer.params.forEach((w, i) => (model.transformer.params[i] = i % 7 === 0 ? -w : w)); // in place, as an optimizer step
  const changed = byTensor();
  assert.ok(changed.some((v, i) => Math.abs(v - expected[i]) > 1e-2), "the change moved the scores");
  close(model.score(prompts, responses), changed, 1e-4);
});

/** A task small enough to learn in seconds: whatever the prompt, answer "7". */
const sevens: RewardModel = {
  name: "answers 7",
  kind: "programmatic",
  description: "1 for the response 7",
  score: (_prompts, responses) => Float64Array.from(responses, (r) => (r === "7" ? 1 : 0)),
};

const tinyPolicy: TransformerConfig = { vocabSize: VOCAB_SIZE, context: 14, dModel: 16, heads: 2, layers: 1, mlp: 32, head: "lm" };

/** A tiny policy after a little supervised training on one-digit answers: short responses, as after SFT. */
async function tinyStart(seed: number): Promise<LanguageModel> {
  const data = Array.from({ length: 50 }, (_, i) => ({ prompt: `${i % 10}+0=`, response: String(i % 10) }));
  const { model } = await trainSft({ steps: 40, batchSize: 32, learningRate: 3e-3, seed }, data, undefined, tinyPolicy);
  return model;
}

const quick = { ...LM_RL_CONFIG, promptsPerUpdate: 8, groupSize: 4, learningRate: 3e-3, evalEvery: 1000, evalPrompts: 20 };
// (through JSON, as a checkpoint stores them: −0 and 0 are the same number)
const withoutTime = (records: LmUpdateRecord[]) => JSON.parse(JSON.stringify(records.map(({ wallSeconds, ...rest }) => rest)));

test("quick RL run: the reward of a tiny task rises", async () => {
  const start = await tinyStart(5);
  const trainer = LmReinforce.create({ ...quick, updates: 40 }, start, sevens, rlData());
  const records: LmUpdateRecord[] = [];
  while (!trainer.finished) records.push(...trainer.update());
  const early = records.slice(0, 5).reduce((s, r) => s + r.rewardMean, 0) / 5;
  const late = records.slice(-5).reduce((s, r) => s + r.rewardMean, 0) / 5;
  assert.ok(late > early + 0.3, `reward ${early.toFixed(2)} → ${late.toFixed(2)}`);
  assert.ok(records.every((r) => Number.isFinite(r.kl) && r.entropy > 0 && r.responseLength >= 0));
  assert.ok(records[records.length - 1].kl > 0, "the policy moved away from the reference");
});

test("RL resume: N updates, a checkpoint round trip, and N more equal 2N straight", async () => {
  const start = await tinyStart(6);
  const data = rlData();
  const config = { ...quick, updates: 8, evalEvery: 4 };
  const straight = LmReinforce.create(config, start, sevens, data);
  while (!straight.finished) straight.update();
  const first = LmReinforce.create(config, start, sevens, data);
  while (first.step < 4) first.update();
  const payload = JSON.parse(JSON.stringify(encodeLmState(first.state(), "sevens", start.transformer.config)));
  const { state, architecture } = decodeLmState(payload);
  const resumed = LmReinforce.fromState(state, sevens, data, architecture);
  while (!resumed.finished) resumed.update();
  assert.deepEqual(withoutTime(resumed.history), withoutTime(straight.history));
  assert.ok(straight.history.some((r) => r.rewardMean > 0), "the runs had something to learn from");
  assert.deepEqual(resumed.policy.params, straight.policy.params);
});

test("a NaN in the policy stops the update before anything changes", () => {
  const start = new LanguageModel(Transformer.create(tinyPolicy, new Rng(7)));
  const trainer = LmReinforce.create({ ...quick, updates: 5 }, start, sevens, rlData());
  trainer.update();
  trainer.policy.params[3] = Number.NaN;
  const step = trainer.optimizer.state.step;
  assert.throws(() => trainer.update(), /NaN or infinite/);
  assert.equal(trainer.optimizer.state.step, step);
});

test("one RL update of the language model written out (as notebook 04 does) equals LmReinforce.update, bit for bit", async () => {
  const start = await tinyStart(6);
  const config = { ...quick, updates: 1 };
  const data = rlData();
  const G = config.groupSize;
  // written out: one generator for the prompts and the sampling, the SFT model as the frozen reference
  const rng = new Rng(config.seed);
  const policy = new LanguageModel(new Transformer(start.transformer.config, Float32Array.from(start.params)));
  const adam = new Adam(policy.params.length, { learningRate: config.learningRate });
  const problems = sampleBatch(data.prompts, config.promptsPerUpdate, rng);
  const promptIds = problems.map((p) => promptTokens(p.prompt));
  const responses = policy.generate(promptIds, G, rng, { temperature: config.temperature });
  const rowPrompts = problems.flatMap((p) => Array.from({ length: G }, () => p.prompt));
  const rewards = sevens.score(rowPrompts, responses.map((r) => decode(r)));
  const batch = packPromptGroups(promptIds, responses, G);
  const logProbs = tf.tidy(() => policy.responseTensors(policy.transformer.parameterTensors(), batch).logProb.dataSync() as Float32Array);
  const referenceLogProbs = start.responseLogProbs(promptIds.flatMap((p) => Array.from({ length: G }, () => p)), responses);
  const shaped = Float64Array.from(rewards, (r, i) => r - config.klBeta * (logProbs[i] - referenceLogProbs[i]));
  const weights = tf.tensor1d(Float32Array.from(computeAdvantages(shaped, G, config.baseline)));
  const { gradient } = lossAndFlatGradient(policy.transformer, (p) => tf.neg(tf.mean(tf.mul(policy.responseTensors(p, batch).logProb, weights))) as tf.Scalar);
  weights.dispose();
  adam.step(policy.params, gradient);

  const trainer = LmReinforce.create(config, start, sevens, data);
  trainer.update();
  assert.ok(trainer.policy.params.every((w, i) => Object.is(w, policy.params[i])), "every weight identical");
  assert.deepEqual(trainer.optimizer.state, adam.state);
});
