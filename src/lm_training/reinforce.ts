// REINFORCE for a language model (在 LLM 中的对应), the source lesson's pseudo-code made real:
//
//   for prompt in prompts:
//       response = model.generate(prompt)            → policy.generate(prompts, G, rng)
//       reward = reward_model(prompt, response)      → reward.score(prompts, responses)
//       log_prob = model.log_prob(response | prompt) → Σ over response tokens only (src/lm/sequences.ts)
//       loss = -log_prob * reward                    → −(1/N) Σ_i A_i · log π(y_i | x_i)
//       loss.backward()                              → gradient by TensorFlow.js, then Adam
//
// with what makes it work in practice: G responses per prompt and a baseline (the advantage A_i
// replaces the raw reward), and a KL penalty that keeps the policy near the supervised model:
// r'_i = r_i − β (log π(y_i|x_i) − log π_ref(y_i|x_i)), as in TRL's RLOO.
import { Adam, copyAdamState, type AdamState } from "../nets/adam";
import { Rng, type RngState } from "../core/random";
import { tf } from "../core/tf";
import { checkedGradientNorm } from "../rl/train_loop";
import { computeAdvantages } from "./advantages";
import { validateLmConfig, type LmRlConfig } from "./reinforce_config";
import type { Problem } from "../lm/arithmetic";
import type { LmData } from "../lm/datasets";
import { lossAndFlatGradient, sampleBatch } from "./batching";
import { evaluateLanguageModel, type LmEvaluation } from "../lm/evaluation";
import { LanguageModel } from "../lm/language_model";
import type { RewardModel } from "../lm/rewards";
import { packPromptGroups } from "../lm/sequences";
import { decode, EOS, promptTokens } from "../lm/tokenizer";
import { Transformer } from "../lm/transformer";
import type { Trainer } from "../rl/trainer";

export { LM_RL_CONFIG, LM_SCHEMA, LmConfigError, validateLmConfig, type LmRlConfig } from "./reinforce_config";

export interface LmUpdateRecord {
  step: number;
  /** Mean and spread of the reward model's scores of this update's responses (before the KL penalty). */
  rewardMean: number;
  rewardStd: number;
  /** Mean over responses of log π(y|x) − log π_ref(y|x): the sampled estimate of KL(π ‖ π_ref). */
  kl: number;
  /** Mean entropy of π per response token, in nats. */
  entropy: number;
  /** Mean response length in characters. */
  responseLength: number;
  /** Share of this update's responses that are the correct sum. */
  accuracy: number;
  /** The pseudo-loss −(1/N) Σ A_i log π(y_i|x_i) (not a performance measure). */
  loss: number;
  /** Reward and accuracy on held-out prompts, on evaluation steps; null otherwise. */
  heldoutReward: number | null;
  heldoutAccuracy: number | null;
  wallSeconds: number;
}

/** Where the language model's RL state keeps its arrays, for the checkpoint codec (src/runs/state_codec.ts). */
export const LM_STATE_ARRAYS = {
  paths: ["params", "reference", "adam.m", "adam.v"],
  sameLength: [["params", "reference", "adam.m", "adam.v"]],
} as const;

export interface LmRlState {
  config: LmRlConfig;
  step: number;
  params: Float32Array;
  reference: Float32Array;
  adam: AdamState;
  rng: RngState;
  history: LmUpdateRecord[];
  wallSeconds: number;
  tokensSampled: number;
  samplingSeconds: number;
  /** Tokens of the sequences the updates scored (prompt and response, every row counted whole), and the time that took. */
  tokensUpdated: number;
  updateSeconds: number;
  /** Held-out reward and accuracy of the supervised model, before any update. */
  initial: { heldoutReward: number; heldoutAccuracy: number };
}

export class LmReinforce implements Trainer<LmUpdateRecord, LmRlState> {
  readonly config: LmRlConfig;
  readonly policy: LanguageModel;
  readonly reference: LanguageModel;
  readonly optimizer: Adam;
  readonly rng: Rng;
  readonly history: LmUpdateRecord[];
  step: number;
  tokensSampled: number;
  samplingSeconds: number;
  tokensUpdated: number;
  updateSeconds: number;
  readonly initial: { heldoutReward: number; heldoutAccuracy: number };
  private trainingSeconds: number;

  private constructor(state: LmRlState, private readonly reward: RewardModel, private readonly data: LmData, config: LanguageModel["transformer"]["config"]) {
    this.config = validateLmConfig(state.config);
    this.policy = new LanguageModel(new Transformer(config, state.params));
    this.reference = new LanguageModel(new Transformer(config, state.reference));
    this.optimizer = new Adam(state.params.length, { learningRate: this.config.learningRate }, state.adam);
    this.rng = Rng.fromState(state.rng);
    this.history = state.history;
    this.step = state.step;
    this.trainingSeconds = state.wallSeconds;
    this.tokensSampled = state.tokensSampled;
    this.samplingSeconds = state.samplingSeconds;
    this.tokensUpdated = state.tokensUpdated;
    this.updateSeconds = state.updateSeconds;
    this.initial = state.initial;
  }

  /** Starts from the supervised model, which also becomes the frozen reference. */
  static create(config: LmRlConfig, sft: LanguageModel, reward: RewardModel, data: LmData): LmReinforce {
    const clean = validateLmConfig(config);
    const params = Float32Array.from(sft.params);
    const before = evaluateLanguageModel(sft, data.heldout.slice(0, clean.evalPrompts), reward, { temperature: clean.temperature, seed: 1000 + clean.seed });
    return new LmReinforce(
      {
        config: clean,
        step: 0,
        params,
        reference: Float32Array.from(sft.params),
        adam: new Adam(params.length, { learningRate: clean.learningRate }).state,
        rng: new Rng(clean.seed).state(),
        history: [],
        wallSeconds: 0,
        tokensSampled: 0,
        samplingSeconds: 0,
        tokensUpdated: 0,
        updateSeconds: 0,
        initial: { heldoutReward: before.meanReward, heldoutAccuracy: before.accuracy },
      },
      reward,
      data,
      sft.transformer.config,
    );
  }

  static fromState(state: LmRlState, reward: RewardModel, data: LmData, config: LanguageModel["transformer"]["config"]): LmReinforce {
    return new LmReinforce(
      {
        ...state,
        params: Float32Array.from(state.params),
        reference: Float32Array.from(state.reference),
        adam: copyAdamState(state.adam),
        history: state.history.map((r) => ({ ...r })),
      },
      reward,
      data,
      config,
    );
  }

  get finished(): boolean {
    return this.step >= this.config.updates;
  }

  get rewardModel(): RewardModel {
    return this.reward;
  }

  get wallSeconds(): number {
    return this.trainingSeconds;
  }

  /** The current policy on the first `evalPrompts` held-out prompts (its own seed: no effect on training). */
  evaluate(model: LanguageModel = this.policy): LmEvaluation {
    return evaluateLanguageModel(model, this.data.heldout.slice(0, this.config.evalPrompts), this.reward, { temperature: this.config.temperature, seed: 1000 + this.config.seed });
  }

  /** One update: sample, score, compare with the reference, weigh by advantage, step. */
  update(): LmUpdateRecord[] {
    const started = performance.now();
    const c = this.config;
    const problems = sampleBatch(this.data.prompts, c.promptsPerUpdate, this.rng);
    const promptIds = problems.map((p) => promptTokens(p.prompt));

    // 1. response = model.generate(prompt), G times per prompt
    const sampleStart = performance.now();
    const responses = this.policy.generate(promptIds, c.groupSize, this.rng, { temperature: c.temperature });
    this.samplingSeconds += (performance.now() - sampleStart) / 1000;
    const responseTokens = responses.reduce((n, r) => n + r.length, 0);
    this.tokensSampled += responseTokens;
    const rowPrompts = problems.flatMap((p) => Array.from({ length: c.groupSize }, () => p));
    const texts = responses.map((r) => decode(r));

    // 2. reward = reward_model(prompt, response)
    const rewards = this.reward.score(rowPrompts.map((p) => p.prompt), texts);

    // 3. log_prob = model.log_prob(response | prompt), and the reference's, for the KL penalty
    const updateStart = performance.now();
    // each prompt computed once for its G responses (the same numbers as packSequences, to float32 rounding)
    const batch = packPromptGroups(promptIds, responses, c.groupSize);
    const referenceLogProbs = this.reference.responseLogProbs(promptIds.flatMap((p) => Array.from({ length: c.groupSize }, () => p)), responses);
    let kl = new Float64Array(0);
    let entropySums = new Float32Array(0);
    // 4. loss = −A · log_prob, with the advantage A from the group's baseline. The policy's log_prob is
    // read from the same forward pass the gradient goes through (one pass, not two).
    const result = lossAndFlatGradient(this.policy.transformer, (p) => {
      const mine = this.policy.responseTensors(p, batch);
      const logProbs = mine.logProb.dataSync() as Float32Array;
      entropySums = mine.entropy.dataSync() as Float32Array;
      kl = Float64Array.from(logProbs, (lp, i) => lp - referenceLogProbs[i]);
      const shaped = Float64Array.from(rewards, (r, i) => r - c.klBeta * kl[i]);
      const advantages = computeAdvantages(shaped, c.groupSize, c.baseline);
      return tf.neg(tf.mean(tf.mul(mine.logProb, tf.tensor1d(Float32Array.from(advantages))))) as tf.Scalar;
    });
    checkedGradientNorm(result.loss, result.gradient, this.step + 1); // throws before any weight changes
    this.optimizer.step(this.policy.params, result.gradient);
    this.step++;
    this.updateSeconds += (performance.now() - updateStart) / 1000;
    this.tokensUpdated += promptIds.reduce((n, p) => n + c.groupSize * (1 + p.length), 0) + responseTokens;

    const n = rewards.length;
    const rewardMean = rewards.reduce((a, b) => a + b, 0) / n;
    this.trainingSeconds += (performance.now() - started) / 1000;
    const evaluation = this.step % c.evalEvery === 0 || this.finished ? this.evaluate() : null;
    const record: LmUpdateRecord = {
      step: this.step,
      rewardMean,
      rewardStd: Math.sqrt(rewards.reduce((s, r) => s + (r - rewardMean) ** 2, 0) / n),
      kl: kl.reduce((a, b) => a + b, 0) / n,
      entropy: entropySums.reduce((a, b) => a + b, 0) / responseTokens,
      responseLength: texts.reduce((s, t) => s + t.length, 0) / n,
      accuracy: texts.filter((t, i) => t === rowPrompts[i].answer && responses[i][responses[i].length - 1] === EOS).length / n,
      loss: result.loss,
      heldoutReward: evaluation ? evaluation.meanReward : null,
      heldoutAccuracy: evaluation ? evaluation.accuracy : null,
      wallSeconds: this.trainingSeconds,
    };
    this.history.push(record);
    return [record];
  }

  state(): LmRlState {
    return {
      config: { ...this.config },
      step: this.step,
      params: Float32Array.from(this.policy.params),
      reference: Float32Array.from(this.reference.params),
      adam: copyAdamState(this.optimizer.state),
      rng: this.rng.state(),
      history: this.history.map((r) => ({ ...r })),
      wallSeconds: this.trainingSeconds,
      tokensSampled: this.tokensSampled,
      samplingSeconds: this.samplingSeconds,
      tokensUpdated: this.tokensUpdated,
      updateSeconds: this.updateSeconds,
      initial: { ...this.initial },
    };
  }
}
