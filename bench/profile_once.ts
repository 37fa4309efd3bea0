// Where a CartPole run's time goes, for one method: acting (the policy's JavaScript forward pass and
// the draw), the environment, the critic's JavaScript values (GAE, n-step targets), and the
// TensorFlow.js losses and gradients of policy and critic. Each part is timed by wrapping the
// method that does it; the rest of the run (returns, Adam, bookkeeping) is what remains.
// Prints one JSON line. usage: node --import tsx bench/profile_once.ts <method> <episodes> <seed>
import { initBackend } from "../src/core/tf";
import { CartPole } from "../src/envs/cartpole";
import { CategoricalPolicy } from "../src/rl/categorical_policy";
import { ValueFunction } from "../src/rl/value_function";
import { METHODS, trainerFor, type MethodName } from "../src/studies/method_comparison";

const PARTS = [
  [CategoricalPolicy.prototype, "probabilities", "acting (policy forward in JavaScript)"],
  [CartPole.prototype, "step", "environment"],
  [ValueFunction.prototype, "values", "critic values in JavaScript"],
  [CategoricalPolicy.prototype, "surrogateLossAndGradient", "policy loss and gradient (TensorFlow.js)"],
  [ValueFunction.prototype, "lossAndGradient", "critic loss and gradient (TensorFlow.js)"],
] as const;

async function main() {
  const [method, episodesText, seedText] = process.argv.slice(2);
  if (!(method in METHODS)) throw new Error(`unknown method ${method}; the methods are ${Object.keys(METHODS).join(", ")}`);
  const backend = await initBackend();
  const milliseconds = new Map<string, number>();
  for (const [prototype, name, label] of PARTS) {
    const target = prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = target[name];
    target[name] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        milliseconds.set(label, (milliseconds.get(label) ?? 0) + performance.now() - started);
      }
    };
  }
  const trainer = trainerFor({ method: method as MethodName, episodes: Number(episodesText), seed: Number(seedText) });
  const started = performance.now();
  while (!trainer.finished) trainer.update();
  const total = performance.now() - started;
  const steps = trainer.envSteps;
  const parts = Object.fromEntries(PARTS.map(([, , label]) => [label, (1000 * (milliseconds.get(label) ?? 0)) / steps]));
  const measured = [...milliseconds.values()].reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ method, backend: backend.name, episodes: Number(episodesText), seed: Number(seedText), env_steps: steps, wall_seconds: total / 1000, us_per_step: (1000 * total) / steps, parts_us_per_step: { ...parts, "the rest (returns, Adam, bookkeeping)": (1000 * (total - measured)) / steps } }));
}

main().catch((error) => {
  console.error(String(error.message ?? error));
  process.exit(1);
});
