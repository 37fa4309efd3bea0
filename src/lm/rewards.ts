// Reward models (奖励模型): what scores a response. Built-in programmatic rewards check the answer
// (the verifiable-reward setting); a learned reward model is a network trained on human-style
// preferences (src/lm/reward_model.ts, trained in src/lm_training/reward_model_training.ts), the
// RLHF setting. `--reward-model` takes a built-in name or the folder of a learned one.
import * as fs from "fs";
import { answerTo } from "./arithmetic";
import { UserError } from "../core/user_error";

export interface RewardModel {
  readonly name: string;
  readonly kind: "programmatic" | "learned";
  readonly description: string;
  /** One reward per (prompt, response) pair. */
  score(prompts: string[], responses: string[]): Float64Array;
}

/** Fraction of the answer's digits matched position by position from the right, over the longer length. */
export function digitMatch(answer: string, response: string): number {
  const length = Math.max(answer.length, response.length);
  if (length === 0) return 0;
  let matched = 0;
  for (let i = 1; i <= Math.min(answer.length, response.length); i++) if (answer[answer.length - i] === response[response.length - i]) matched++;
  return matched / length;
}

const BUILT_IN: Record<string, { description: string; reward: (prompt: string, response: string) => number }> = {
  "exact-match": {
    description: "1 when the response is the correct sum, else 0",
    reward: (prompt, response) => (response === answerTo(prompt) ? 1 : 0),
  },
  "digit-match": {
    description: "partial credit: the share of digits right, aligned from the right, over the longer of answer and response",
    reward: (prompt, response) => digitMatch(answerTo(prompt), response),
  },
};

export const BUILT_IN_REWARDS = Object.keys(BUILT_IN);

export function programmaticReward(name: string): RewardModel {
  const entry = BUILT_IN[name];
  if (!entry) throw new RewardModelError(`"${name}" is not a built-in reward (${BUILT_IN_REWARDS.join(", ")})`);
  return {
    name,
    kind: "programmatic",
    description: entry.description,
    score: (prompts, responses) => Float64Array.from(prompts, (p, i) => entry.reward(p, responses[i])),
  };
}

export class RewardModelError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "RewardModelError";
  }
}

/** What `--reward-model` accepts, for messages. */
export function rewardModelChoices(): string {
  return (
    BUILT_IN_REWARDS.map((name) => `${name} (${BUILT_IN[name].description})`).join("; ") +
    "; or the folder of a learned reward model, such as models/lm-reward-model (make it with `npm run train:reward-model`)"
  );
}

/** A built-in reward by name, or a learned reward model from a folder. */
export function resolveRewardModel(spec: string, loadLearned: (path: string) => RewardModel): RewardModel {
  const name = spec.trim();
  if (name in BUILT_IN) return programmaticReward(name);
  if (name !== "" && fs.existsSync(name)) return loadLearned(name);
  throw new RewardModelError(`Unknown reward model "${spec}": it is neither a built-in name nor an existing path. Choose one of: ${rewardModelChoices()}.`);
}
