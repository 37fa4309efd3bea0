// How good is a language-model policy? Let it answer prompts it was never trained on and count:
// exact-match accuracy (the task's own check) and the mean reward from any reward model.
import { Rng } from "../core/random";
import type { Problem } from "./arithmetic";
import type { LanguageModel } from "./language_model";
import type { RewardModel } from "./rewards";
import { promptTokens } from "./tokenizer";
import { decode } from "./tokenizer";

export interface LmEvaluation {
  prompts: number;
  accuracy: number;
  meanReward: number;
  meanLength: number;
  samples: { prompt: string; answer: string; response: string; reward: number; correct: boolean }[];
}

/** One response per problem, sampled at `temperature` (0 = greedy), scored by `reward`. */
export function evaluateLanguageModel(model: LanguageModel, problems: Problem[], reward: RewardModel, options: { temperature?: number; seed?: number } = {}): LmEvaluation {
  const rng = new Rng(options.seed ?? 7);
  const responses = model.generate(problems.map((p) => promptTokens(p.prompt)), 1, rng, { temperature: options.temperature ?? 1 }).map((r) => decode(r));
  const rewards = reward.score(problems.map((p) => p.prompt), responses);
  const samples = problems.map((p, i) => ({ prompt: p.prompt, answer: p.answer, response: responses[i], reward: rewards[i], correct: responses[i] === p.answer }));
  return {
    prompts: problems.length,
    accuracy: samples.filter((s) => s.correct).length / Math.max(1, samples.length),
    meanReward: samples.reduce((s, x) => s + x.reward, 0) / Math.max(1, samples.length),
    meanLength: responses.reduce((s, r) => s + r.length, 0) / Math.max(1, responses.length),
    samples,
  };
}
