// Each configuration declared once: the validator, the command's flags, --help and the settings a
// resume may not change all come from one table per trainer (src/core/config_schema.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedOnResume, usageLines, validateConfigWith, type ConfigSchema } from "../../src/core/config_schema";
import { configFromFlags, schemaFlagSpec } from "../../src/cli/args";
import { LM_RL_CONFIG, LM_SCHEMA } from "../../src/lm_training/reinforce";
import { PPO_CONFIG, PPO_SCHEMA } from "../../src/rl/ppo";
import { REINFORCE_SCHEMA, SOURCE_LESSON_CONFIG } from "../../src/rl/reinforce";

interface Demo {
  steps: number;
  rate: number;
  clip: number;
  mode: string;
  hidden: number[];
  extra?: number;
}

const DEMO: ConfigSchema<Demo> = {
  defaults: { steps: 10, rate: 0.1, clip: 0.2, mode: "a", hidden: [4], extra: 7 },
  fields: [
    { key: "steps", kind: "integer", min: 1, max: 100, flag: "steps", placeholder: "N", help: "how many", resumable: true },
    { key: "rate", kind: "number", min: 0, max: 1, openMin: true, flag: "rate", placeholder: "R", help: "a rate" },
    { key: "clip", kind: "number", min: 0, max: 1, openMin: true, openMax: true, flag: null, help: "a clip" },
    { key: "mode", kind: "choice", choices: ["a", "b"], flag: "mode", help: "a mode" },
    { key: "hidden", kind: "sizes", flag: "hidden", placeholder: "SIZES", help: "layer sizes" },
    { key: "extra", kind: "integer", min: 0, max: 9, flag: null, help: "filled when missing", optional: true },
  ],
  checks: [(c) => (c.mode === "b" && c.steps < 5 ? ["mode b needs steps ≥ 5"] : [])],
};
const fail = (message: string) => new Error(message);

test("the validator names every field that is out of range, and fills optional fields", () => {
  const { extra: _extra, ...withoutExtra } = DEMO.defaults;
  assert.deepEqual(validateConfigWith(DEMO, withoutExtra as Demo, fail), DEMO.defaults);
  assert.throws(
    () => validateConfigWith(DEMO, { steps: 0.5, rate: 0, clip: 1, mode: "c", hidden: [0] }, fail),
    /steps must be an integer from 1 to 100, got 0\.5; rate must be in \(0, 1\], got 0; clip must be in \(0, 1\), got 1; mode must be one of a, b, got c; hidden must be up to 8 layer sizes/,
  );
  assert.throws(() => validateConfigWith(DEMO, { ...DEMO.defaults, mode: "b", steps: 2 }, fail), /mode b needs steps ≥ 5/);
  const given = { ...DEMO.defaults, hidden: [3] };
  const clean = validateConfigWith(DEMO, given, fail);
  assert.notEqual(clean.hidden, given.hidden, "layer sizes are copied");
});

test("flags, --help and the settings fixed on resume come from the same table", () => {
  assert.deepEqual(Object.keys(schemaFlagSpec(DEMO)), ["steps", "rate", "mode", "hidden"]);
  assert.deepEqual(fixedOnResume(DEMO), ["rate", "mode", "hidden"]);
  const help = usageLines(DEMO).join("\n");
  assert.match(help, /--steps N +how many \(default 10; with --resume, the new total\)/);
  assert.match(help, /--mode a\|b +a mode \(default a\)/);
  assert.match(help, /--hidden SIZES +layer sizes \(default 4\)/);
  assert.doesNotMatch(help, /clip|extra/);
  assert.deepEqual(configFromFlags(DEMO, { steps: "20", mode: "b", hidden: "8,8" }, DEMO.defaults), { ...DEMO.defaults, steps: 20, mode: "b", hidden: [8, 8] });
  assert.throws(() => configFromFlags(DEMO, { rate: "0" }, DEMO.defaults), /--rate must be greater than 0 and at most 1, got 0/);
  assert.throws(() => configFromFlags(DEMO, { mode: "z" }, DEMO.defaults), /--mode must be one of a, b, got "z"/);
});

test("every trainer's configuration is declared in its table, field for field", () => {
  for (const [name, schema, defaults] of [
    ["REINFORCE", REINFORCE_SCHEMA, SOURCE_LESSON_CONFIG],
    ["PPO", PPO_SCHEMA, PPO_CONFIG],
    ["the language model", LM_SCHEMA, LM_RL_CONFIG],
  ] as [string, ConfigSchema<object>, object][]) {
    // every field with a value is in the table; the table's only fields without one are optional (the code's own default applies)
    const withValue = Object.keys({ ...defaults, ...schema.defaults }).sort();
    const declared = schema.fields.filter((f) => !f.optional || withValue.includes(f.key as string)).map((f) => f.key).sort();
    assert.deepEqual(withValue, declared, `${name}: a field outside its table, or a required one without a default`);
    assert.deepEqual(validateConfigWith(schema, defaults, fail), { ...schema.defaults }, `${name}: the defaults pass`);
  }
  assert.deepEqual(fixedOnResume(REINFORCE_SCHEMA), ["episodes-per-update", "baseline", "gamma", "lr", "hidden", "seed", "initial-log-std"]);
  assert.deepEqual(fixedOnResume(LM_SCHEMA), ["seed", "prompts-per-update", "group-size", "baseline", "kl-beta", "lr", "temperature", "eval-every"]);
});
