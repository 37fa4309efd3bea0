// The CartPole-style algorithms by name: what `npm run train -- --algo NAME`, the checkpoints and the
// method comparison look up. Adding an algorithm is one file (a subclass of EpisodicTrainer in
// src/rl/trainer.ts: its name, settings and learn step) and one line here.
import { UserError } from "../core/user_error";
import { A2c } from "./a2c";
import { Ppo } from "./ppo";
import { Reinforce } from "./reinforce";
import type { EpisodicAlgorithm, EpisodicConfig } from "./trainer";

// Each entry keeps its own config type (a schema of A2C's fields is not one of REINFORCE's), so the table holds them as any.
export const ALGORITHMS: Record<string, EpisodicAlgorithm<any>> = Object.fromEntries([Reinforce, A2c, Ppo].map((algorithm) => [algorithm.algorithmName, algorithm]));

export const ALGORITHM_NAMES = Object.keys(ALGORITHMS);

export class UnknownAlgorithmError extends UserError {
  constructor(name: string) {
    super(`unknown algorithm "${name}": choose one of ${ALGORITHM_NAMES.join(", ")}`);
    this.name = "UnknownAlgorithmError";
  }
}

export function algorithmNamed(name: string): EpisodicAlgorithm<EpisodicConfig> {
  const algorithm = Object.prototype.hasOwnProperty.call(ALGORITHMS, name) ? ALGORITHMS[name] : undefined;
  if (!algorithm) throw new UnknownAlgorithmError(name);
  return algorithm;
}
