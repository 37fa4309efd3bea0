// Training a reward model on preference pairs with the Bradley–Terry model, the RLHF standard:
// P(chosen ≻ rejected) = σ(r(x, y_c) − r(x, y_r)), so the loss is −log σ(r_c − r_r). The model
// learns whatever separates chosen from rejected in its data, flaws included.
import { Rng } from "../core/random";
import { tf } from "../core/tf";
import type { PreferencePair } from "../lm/datasets";
import { LearnedRewardModel, REWARD_MODEL_CONFIG } from "../lm/reward_model";
import { Transformer } from "../lm/transformer";
import { trainOnMinibatches, type MinibatchConfig, type MinibatchRecord } from "./batching";

export type RewardModelTrainingConfig = MinibatchConfig;

export const REWARD_MODEL_TRAINING: RewardModelTrainingConfig = { steps: 400, batchSize: 64, learningRate: 1e-3, seed: 0 };

/** −mean log σ(r_c − r_r) over the pairs (softplus(−d) is −log σ(d), computed stably). */
export function bradleyTerryLoss(model: LearnedRewardModel, parameters: tf.Tensor[], pairs: PreferencePair[]): tf.Scalar {
  const prompts = pairs.map((p) => p.prompt);
  const chosen = model.scoreTensor(parameters, prompts, pairs.map((p) => p.chosen));
  const rejected = model.scoreTensor(parameters, prompts, pairs.map((p) => p.rejected));
  return tf.mean(tf.softplus(tf.neg(tf.sub(chosen, rejected)))) as tf.Scalar;
}

/** `loss` is the minibatch's Bradley–Terry loss. */
export type RewardModelRecord = MinibatchRecord;

export async function trainRewardModel(
  config: RewardModelTrainingConfig,
  pairs: PreferencePair[],
  onStep?: (record: RewardModelRecord, model: LearnedRewardModel) => void | Promise<void>,
): Promise<{ model: LearnedRewardModel; history: RewardModelRecord[] }> {
  const rng = new Rng(config.seed);
  const model = new LearnedRewardModel(Transformer.create(REWARD_MODEL_CONFIG, rng));
  const history = await trainOnMinibatches(model.transformer, rng, config, pairs, (p, batch) => bradleyTerryLoss(model, p, batch), "reward-model training", (record) => onStep?.(record, model));
  return { model, history };
}
