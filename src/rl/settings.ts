// The settings every episodic algorithm (REINFORCE, A2C, PPO) has, and their rows of the settings
// table (src/core/config_schema.ts), written once; each algorithm's schema adds its own rows.
import { validateConfigWith, type ConfigField, type ConfigSchema } from "../core/config_schema";
import { MAX_SEED } from "../core/random";
import { UserError } from "../core/user_error";

export class ConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The settings every episodic trainer has (each algorithm adds its own). */
export interface EpisodicConfig {
  /** Episodes to train for in total. */
  episodes: number;
  /** Episodes played with the same weights before each update. */
  episodesPerUpdate: number;
  gamma: number;
  learningRate: number;
  hidden: number[];
  seed: number;
  /** A Gaussian policy's log σ before training (box action spaces only; src/rl/gaussian_policy.ts's default when absent). */
  initialLogStd?: number;
}

const SHARED_FIELDS: ConfigField<EpisodicConfig>[] = [
  { key: "episodes", kind: "integer", min: 1, max: 1_000_000, flag: "episodes", placeholder: "N", help: "total episodes", resumable: true },
  { key: "episodesPerUpdate", kind: "integer", min: 1, max: 1000, flag: "episodes-per-update", placeholder: "K", help: "episodes played before each update" },
  { key: "gamma", kind: "number", min: 0, max: 1, flag: "gamma", placeholder: "G", help: "discount factor in [0, 1]" },
  { key: "learningRate", kind: "number", min: 0, max: 1, openMin: true, flag: "lr", placeholder: "LR", help: "Adam learning rate of the policy" },
  { key: "hidden", kind: "sizes", flag: "hidden", placeholder: "SIZES", help: "hidden layer sizes, comma-separated" },
  { key: "seed", kind: "integer", min: 0, max: MAX_SEED, flag: "seed", placeholder: "S", help: "random seed for weights, environment and sampling" },
  { key: "initialLogStd", kind: "number", min: -5, max: 2, flag: "initial-log-std", placeholder: "L", help: "a Gaussian policy's log σ before training (continuous actions only; default -0.5)", optional: true },
];

/** A shared setting's row for an algorithm's schema, with its own help text where it says more. */
export function sharedField<C extends EpisodicConfig>(key: keyof EpisodicConfig, help?: string): ConfigField<C> {
  const field = SHARED_FIELDS.find((f) => f.key === key)!;
  return { ...field, ...(help === undefined ? {} : { help }) } as ConfigField<C>;
}

/** Checks a config against its schema; the message names each bad field and what is allowed. */
export function validateWith<C extends object>(schema: ConfigSchema<C>, config: C): C {
  return validateConfigWith(schema, config, (message) => new ConfigError(message));
}

