// The language-model lessons' datasets, committed in data/lm/ (made by scripts/make_arithmetic_data.ts).
import { fromRoot } from "../core/paths";
import { readJsonLines, type Problem } from "./arithmetic";

const file = (name: string) => fromRoot("data", "lm", name);

export function sftExamples(): { prompt: string; response: string }[] {
  return readJsonLines(file("sft.jsonl"));
}

export interface LmData {
  /** Prompts (with answers) to train on. */
  prompts: Problem[];
  /** Prompts never trained on, for evaluation. */
  heldout: Problem[];
}

/** RL training prompts, and the held-out prompts no model ever trains on. */
export function rlData(): LmData {
  return { prompts: readJsonLines<Problem>(file("rl_prompts.jsonl")), heldout: readJsonLines<Problem>(file("heldout.jsonl")) };
}

/** Two responses to one prompt, the first preferred: what a reward model learns from. */
export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

export function preferencePairs(): { train: PreferencePair[]; heldout: PreferencePair[] } {
  return { train: readJsonLines(file("preferences.jsonl")), heldout: readJsonLines(file("preferences_heldout.jsonl")) };
}
