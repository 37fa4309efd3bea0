// The environments the episodic algorithms train on, by the name `npm run train -- --env NAME` takes:
// each with its settings per algorithm and what a finished run is judged by. The trainers see only the
// environment's spec (src/envs/env.ts) and the policy its action space gets (src/rl/policies.ts); a
// new environment is its file in src/envs/ and a line here.
import { UserError } from "../core/user_error";
import { CARTPOLE_ENV } from "../envs/cartpole";
import type { EnvType } from "../envs/env";
import { PENDULUM_ENV } from "../envs/pendulum";
import { ALGORITHM_NAMES, ALGORITHMS } from "./algorithms";
import { PENDULUM_A2C_CONFIG, PENDULUM_PASS_MARK, PENDULUM_PPO_CONFIG, PENDULUM_REINFORCE_CONFIG } from "./pendulum_configs";
import type { EpisodicConfig } from "./settings";

/** A run's deterministic policy played for `episodes` episodes after training, against a pass mark. */
export interface PassMark {
  episodes: number;
  /** The mean return that passes. */
  mean: number;
  /** Whose mark it is. */
  source: string;
}

export interface TrainingEnvironment {
  /** The command-line name, the checkpoints' task and the first word of a run's name. */
  name: string;
  env: EnvType;
  /** The algorithm `npm run train -- --env NAME` uses when --algo is not given. */
  defaultAlgorithm: string;
  /** Each algorithm's settings for this environment (the command's defaults). */
  configs: Record<string, EpisodicConfig>;
  /** Judged by a greedy evaluation after training (Pendulum); CartPole is judged by its reward threshold instead. */
  passMark?: PassMark;
}

const CARTPOLE_CONFIGS = Object.fromEntries(ALGORITHM_NAMES.map((name) => [name, ALGORITHMS[name].schema.defaults as EpisodicConfig]));

export const ENVIRONMENTS: Record<string, TrainingEnvironment> = {
  cartpole: { name: "cartpole", env: CARTPOLE_ENV, defaultAlgorithm: "reinforce", configs: CARTPOLE_CONFIGS },
  pendulum: {
    name: "pendulum",
    env: PENDULUM_ENV,
    defaultAlgorithm: "ppo",
    configs: { reinforce: PENDULUM_REINFORCE_CONFIG, a2c: PENDULUM_A2C_CONFIG, ppo: PENDULUM_PPO_CONFIG },
    passMark: { episodes: 100, mean: PENDULUM_PASS_MARK, source: "Tianshou's pass mark for Pendulum" },
  },
};

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS);

export class UnknownEnvironmentError extends UserError {
  constructor(name: string) {
    super(`unknown environment "${name}": choose one of ${ENVIRONMENT_NAMES.join(", ")}`);
    this.name = "UnknownEnvironmentError";
  }
}

export function environmentNamed(name: string): TrainingEnvironment {
  const environment = Object.prototype.hasOwnProperty.call(ENVIRONMENTS, name) ? ENVIRONMENTS[name] : undefined;
  if (!environment) throw new UnknownEnvironmentError(name);
  return environment;
}

/** The environment whose Gymnasium id is `id` ("Pendulum-v1"), as a saved model names it; null if none. */
export function environmentWithId(id: string): TrainingEnvironment | null {
  return Object.values(ENVIRONMENTS).find((environment) => environment.env.spec.id === id) ?? null;
}
