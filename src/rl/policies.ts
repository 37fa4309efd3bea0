// Which policy an environment gets, by its action space (src/envs/spaces.ts): the one place that maps a
// kind of action to the policy that produces it. The trainers, rollout and evaluation see only `Policy`
// (src/rl/policy.ts); a new kind of action is a policy file and a case here.
//   Discrete(n): a categorical policy, n logits (src/rl/categorical_policy.ts)
//   Box(low, high): a diagonal Gaussian, one mean per dimension and a learned log σ (src/rl/gaussian_policy.ts)
import type { Rng } from "../core/random";
import type { EnvSpec } from "../envs/env";
import { actionSize, describeSpace } from "../envs/spaces";
import { ConfigError } from "./settings";
import { CategoricalPolicy } from "./categorical_policy";
import { GaussianPolicy } from "./gaussian_policy";
import type { Policy } from "./policy";

/** The policy network's layer sizes: the observations in; a logit per discrete action, or a mean per action dimension, out. */
export function policySizes(config: { hidden: number[] }, spec: EnvSpec): number[] {
  const outputs = spec.actionSpace.kind === "discrete" ? spec.actionSpace.n : actionSize(spec.actionSpace);
  return [spec.observationSize, ...config.hidden, outputs];
}

/** A policy for `spec` with these parameters (shared, not copied). */
export function policyWithParams(config: { hidden: number[] }, spec: EnvSpec, params: Float32Array): Policy {
  const sizes = policySizes(config, spec);
  return spec.actionSpace.kind === "discrete" ? new CategoricalPolicy(sizes, params) : new GaussianPolicy(sizes, params, spec.actionSpace);
}

/** Refuses a setting the space's policy does not have: a σ for a categorical policy (rather than ignoring it). */
export function checkPolicySettings(config: { initialLogStd?: number }, spec: EnvSpec): void {
  if (spec.actionSpace.kind === "discrete" && config.initialLogStd !== undefined) {
    throw new ConfigError(`initialLogStd (--initial-log-std) is the starting log σ of a Gaussian policy, for continuous actions; ${spec.id}'s actions are ${describeSpace(spec.actionSpace)}, chosen by a categorical policy, which has no σ. Leave the setting out.`);
  }
}

/** A fresh policy for `spec`, its weights initialised from `rng` (as PyTorch initialises nn.Linear); a Gaussian starts at `initialLogStd` (its default when absent). */
export function newPolicy(config: { hidden: number[]; initialLogStd?: number }, spec: EnvSpec, rng: Rng): Policy {
  checkPolicySettings(config, spec);
  const sizes = policySizes(config, spec);
  return spec.actionSpace.kind === "discrete" ? CategoricalPolicy.create(sizes, rng) : GaussianPolicy.create(sizes, spec.actionSpace, rng, config.initialLogStd);
}
