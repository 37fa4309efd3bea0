// The language model's RL settings (src/lm_training/reinforce.ts), declared once: defaults, ranges,
// flags and help.
import { MAX_SEED } from "../core/random";
import { UserError } from "../core/user_error";
import { validateConfigWith, type ConfigSchema } from "../core/config_schema";
import { LM_BASELINES, type LmBaseline } from "./advantages";

export interface LmRlConfig {
  updates: number;
  promptsPerUpdate: number;
  /** G: responses sampled per prompt. */
  groupSize: number;
  baseline: LmBaseline;
  /** β of the KL penalty to the supervised (reference) model; 0 turns it off. */
  klBeta: number;
  learningRate: number;
  temperature: number;
  seed: number;
  /** Evaluate on held-out prompts every this many updates (and before the first and after the last). */
  evalEvery: number;
  evalPrompts: number;
}

export const LM_RL_CONFIG: LmRlConfig = {
  updates: 500,
  promptsPerUpdate: 16,
  groupSize: 8,
  baseline: "rloo",
  klBeta: 0.05,
  learningRate: 3e-4,
  temperature: 1,
  seed: 0,
  evalEvery: 20,
  evalPrompts: 200,
};

export class LmConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "LmConfigError";
  }
}

/** The language model's RL settings: each field's range, default, command-line flag and help, declared once. */
export const LM_SCHEMA: ConfigSchema<LmRlConfig> = {
  defaults: LM_RL_CONFIG,
  fields: [
    { key: "updates", kind: "integer", min: 1, max: 1_000_000, flag: "updates", placeholder: "N", help: "updates in total", resumable: true },
    { key: "seed", kind: "integer", min: 0, max: MAX_SEED, flag: "seed", placeholder: "S", help: "random seed" },
    { key: "promptsPerUpdate", kind: "integer", min: 1, max: 512, flag: "prompts-per-update", placeholder: "P", help: "prompts per update" },
    { key: "groupSize", kind: "integer", min: 1, max: 64, flag: "group-size", placeholder: "G", help: "responses sampled per prompt" },
    { key: "baseline", kind: "choice", choices: LM_BASELINES, flag: "baseline", help: "the advantage's baseline" },
    { key: "klBeta", kind: "number", min: 0, max: 10, flag: "kl-beta", placeholder: "B", help: "weight of the KL penalty to the supervised model, 0 = off" },
    { key: "learningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "lr", placeholder: "LR", help: "Adam learning rate" },
    { key: "temperature", kind: "number", min: 0, max: 5, openMin: true, flag: "temperature", placeholder: "T", help: "sampling temperature" },
    { key: "evalEvery", kind: "integer", min: 1, max: 1_000_000, flag: "eval-every", placeholder: "K", help: "held-out evaluation every K updates" },
    { key: "evalPrompts", kind: "integer", min: 1, max: 1000, flag: null, help: "held-out prompts per evaluation" },
  ],
  checks: [(config) => (config.baseline === "rloo" && config.groupSize < 2 ? ["the rloo baseline needs groupSize ≥ 2"] : [])],
};

export function validateLmConfig(config: LmRlConfig): LmRlConfig {
  return validateConfigWith(LM_SCHEMA, config, (message) => new LmConfigError(message));
}
