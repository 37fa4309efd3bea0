// Which policy an environment gets, by its action space (src/envs/spaces.ts): the one place that maps a
// kind of action to the policy that produces it. Adding a kind of action (a box of reals for a Gaussian
// policy) is a policy file (src/rl/policy.ts's interface) and a line here; the trainers, rollout and
// evaluation see only `Policy`.
import type { Rng } from "../core/random";
import { UserError } from "../core/user_error";
import type { EnvSpec } from "../envs/env";
import { describeSpace } from "../envs/spaces";
import { CategoricalPolicy } from "./categorical_policy";
import type { Policy } from "./policy";

export class UnsupportedActionSpaceError extends UserError {
  constructor(spec: EnvSpec) {
    super(`${spec.id} has actions in ${describeSpace(spec.actionSpace)}, and no policy in this library produces those yet: the trainers need a discrete action space`);
    this.name = "UnsupportedActionSpaceError";
  }
}

/** The policy network's layer sizes: the environment's observations in, one output per discrete action. */
export function policySizes(config: { hidden: number[] }, spec: EnvSpec): number[] {
  if (spec.actionSpace.kind !== "discrete") throw new UnsupportedActionSpaceError(spec);
  return [spec.observationSize, ...config.hidden, spec.actionSpace.n];
}

/** A policy for `spec` with these parameters (shared, not copied). */
export function policyWithParams(config: { hidden: number[] }, spec: EnvSpec, params: Float32Array): Policy {
  return new CategoricalPolicy(policySizes(config, spec), params);
}

/** A fresh policy for `spec`, its weights initialised from `rng` (as PyTorch initialises nn.Linear). */
export function newPolicy(config: { hidden: number[] }, spec: EnvSpec, rng: Rng): Policy {
  return CategoricalPolicy.create(policySizes(config, spec), rng);
}
