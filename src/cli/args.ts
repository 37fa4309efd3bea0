// Command-line parsing for the course's commands: node's util.parseArgs for the syntax, then
// checks that name the flag, the value and what is allowed. Every problem is a UsageError, which
// the commands print as one paragraph and exit with status 2, before anything is written.
import { MAX_SEED } from "../core/random";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { flagFields, type ConfigSchema } from "../core/config_schema";
import { UserError } from "../core/user_error";

export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

/** Every value given to --name in argv (--name V or --name=V), read before the flags are parsed (a missing value is ""). */
export function rawFlagValues(argv: string[], name: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    const match = new RegExp(`^--${name}(?:=(.*))?$`).exec(arg);
    if (match) values.push(match[1] ?? argv[i + 1] ?? "");
  });
  return values;
}

/** `--flag -0.5` as `--flag=-0.5` for a flag that takes a value: parseArgs would read a negative number as a flag of its own. */
function withNegativeValues(argv: string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i])?.[1];
    if (name && spec[name]?.type === "string" && /^-(\d|\.\d)/.test(argv[i + 1] ?? "")) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** Parses argv strictly: unknown flags and missing values are errors; so are stray arguments unless allowed. */
export function parseArguments(argv: string[], spec: FlagSpec, command: string, allowPositionals = false): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: withNegativeValues(argv, spec), options: spec, strict: true, allowPositionals });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${message}. Run \`npm run ${command} -- --help\` to see the options.`);
  }
}

export function parseFlags(argv: string[], spec: FlagSpec, command: string): Record<string, string | boolean | undefined> {
  return parseArguments(argv, spec, command).values;
}

export function integerFlag(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim().replace(/_/g, "");
  const value = Number(text);
  if (text === "" || !Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number, got "${raw}".`);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${value}.`);
  return value;
}

export function numberFlag(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number, { exclusiveMin = false, exclusiveMax = false } = {}): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(String(raw).trim());
  if (String(raw).trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${raw}".`);
  if (value > max || value < min || (exclusiveMin && value === min) || (exclusiveMax && value === max)) {
    throw new UsageError(`--${name} must be ${exclusiveMin ? "greater than" : "at least"} ${min} and ${exclusiveMax ? "less than" : "at most"} ${max}, got ${value}.`);
  }
  return value;
}

export function choiceFlag<T extends string>(values: Record<string, unknown>, name: string, fallback: T, choices: readonly T[]): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = String(raw).trim().toLowerCase();
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got "${raw}".`);
  return value as T;
}

/** A comma-separated list of layer sizes, e.g. "128,128". */
export function sizesFlag(values: Record<string, unknown>, name: string, fallback: number[]): number[] {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const parts = String(raw).split(",").map((p) => p.trim());
  const sizes = parts.map(Number);
  if (parts.length === 0 || parts.length > 8 || sizes.some((n, i) => parts[i] === "" || !Number.isInteger(n) || n < 1 || n > 4096)) {
    throw new UsageError(`--${name} takes up to 8 comma-separated layer sizes from 1 to 4096 (e.g. 128,128), got "${raw}".`);
  }
  return sizes;
}

/** --tag a,b: tags to find a recorded run by later (letters, digits, ".", "-", "_"). */
export function tagsFlag(values: Record<string, unknown>): string[] {
  const raw = values.tag;
  if (raw === undefined) return [];
  const tags = String(raw).split(",").map((t) => t.trim()).filter((t) => t !== "");
  const bad = tags.filter((t) => !/^[\w.-]{1,40}$/.test(t));
  if (tags.length === 0 || bad.length > 0) throw new UsageError(`--tag takes comma-separated tags of letters, digits, ".", "-" and "_" (e.g. --tag lr-sweep,baseline), got "${raw}".`);
  return tags;
}

/**
 * Makes sure `dir` can be created and written, by writing and removing a probe file. Fails with a
 * UsageError naming the folder, so nothing starts that could not save its results.
 */
export function ensureWritableDir(dir: string, flag: string): string {
  const resolved = path.resolve(dir);
  try {
    fs.mkdirSync(resolved, { recursive: true });
    const probe = path.join(resolved, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    throw new UsageError(`Cannot write to ${resolved} (${flag}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Choose a folder you can write to.`);
  }
  return resolved;
}

/** --backend NAME: sets TFJS_BACKEND for this process (before the backend is chosen). */
export function applyBackendFlag(values: Record<string, unknown>, names: readonly string[]): void {
  if (values.backend !== undefined) process.env.TFJS_BACKEND = choiceFlag(values, "backend", names[0], names);
}

/** The flags of a minibatch training (supervised fine-tuning, the reward model). */
export const MINIBATCH_FLAGS: FlagSpec = {
  steps: { type: "string" },
  seed: { type: "string" },
  lr: { type: "string" },
  out: { type: "string" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** --steps, --seed and --lr over the defaults of a minibatch training. */
export function minibatchFlags<C extends { steps: number; seed: number; learningRate: number }>(values: Record<string, unknown>, defaults: C): C {
  return {
    ...defaults,
    steps: integerFlag(values, "steps", defaults.steps, 1, 1_000_000),
    seed: integerFlag(values, "seed", defaults.seed, 0, MAX_SEED),
    learningRate: numberFlag(values, "lr", defaults.learningRate, 0, 1, { exclusiveMin: true }),
  };
}

/**
 * A command's flags: parsed strictly, --help printed (then null is returned: the command ends), and
 * --backend applied when the command has it.
 */
export function parseCommand(argv: string[], spec: FlagSpec, command: string, usage: string, backends: readonly string[]): Record<string, string | boolean | undefined> | null {
  const values = parseFlags(argv, spec, command);
  if (values.help) {
    console.log(usage);
    return null;
  }
  if ("backend" in spec) applyBackendFlag(values, backends);
  return values;
}

/** The command-line flags of a configuration's schema (src/core/config_schema.ts), each taking a value. */
export function schemaFlagSpec<C>(schema: ConfigSchema<C>): FlagSpec {
  return Object.fromEntries(flagFields(schema).map((field) => [field.flag, { type: "string" as const }]));
}

/** `base` with every schema field given on the command line parsed and checked (a UsageError naming the flag otherwise). */
export function configFromFlags<C extends object>(schema: ConfigSchema<C>, values: Record<string, unknown>, base: C): C {
  const config = { ...base } as Record<string, unknown>;
  for (const field of flagFields(schema)) {
    const fallback = config[field.key];
    switch (field.kind) {
      case "integer":
        config[field.key] = integerFlag(values, field.flag, fallback as number, field.min, field.max);
        break;
      case "number":
        config[field.key] = numberFlag(values, field.flag, fallback as number, field.min, field.max, { exclusiveMin: field.openMin, exclusiveMax: field.openMax });
        break;
      case "choice":
        config[field.key] = choiceFlag(values, field.flag, fallback as string, field.choices);
        break;
      case "sizes":
        config[field.key] = sizesFlag(values, field.flag, fallback as number[]);
        break;
    }
    if (config[field.key] === undefined) delete config[field.key]; // an optional setting neither given nor defaulted
  }
  return config as C;
}
