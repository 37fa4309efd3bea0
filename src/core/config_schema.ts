// Each training configuration is declared once, as a table of fields (name, kind, range, default,
// command-line flag, help). From it come the validator, the command's flags and their parsing, the
// lines of --help, and the list of settings a resumed run may not change. (A schema library such
// as zod would give the validator only; the flags, help and resume rules would still be written by
// hand, so the table is the course's own, in one file.)

/** What a field holds, and what is allowed. */
export type FieldKind =
  | { kind: "integer"; min: number; max: number }
  /** A number in [min, max]; `openMin`/`openMax` exclude an end: (0, 1] is { min: 0, max: 1, openMin: true }. */
  | { kind: "number"; min: number; max: number; openMin?: boolean; openMax?: boolean }
  | { kind: "choice"; choices: readonly string[] }
  /** Hidden layer sizes: up to 8, each an integer from 1 to 4096. */
  | { kind: "sizes" };

export type ConfigField<C> = FieldKind & {
  key: keyof C & string;
  /** The command-line flag (without --), or null when the field is not set from the command line. */
  flag: string | null;
  /** What the flag takes, in --help ("N", "LR", "SIZES"). */
  placeholder?: string;
  help: string;
  /** A resumed run may change it (the total number of episodes or updates). */
  resumable?: boolean;
  /** Filled in with the default when a config leaves it out (older configs and checkpoints lack it). */
  optional?: boolean;
};

export interface ConfigSchema<C> {
  fields: ConfigField<C>[];
  defaults: C;
  /** Checks across fields ("rloo needs groupSize ≥ 2"); each returns the problems it found. */
  checks?: ((config: C) => string[])[];
}

const interval = (f: Extract<FieldKind, { kind: "number" }>) => `${f.openMin ? "(" : "["}${f.min}, ${f.max}${f.openMax ? ")" : "]"}`;

/** What is wrong with one field's value, or null. */
function problemWith<C>(field: ConfigField<C>, value: unknown): string | null {
  const name = field.key;
  if (field.optional && value === undefined) return null; // absent, and no default: the code's own default applies
  switch (field.kind) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= field.min && value <= field.max ? null : `${name} must be an integer from ${field.min} to ${field.max}, got ${value}`;
    case "number": {
      const ok = typeof value === "number" && (field.openMin ? value > field.min : value >= field.min) && (field.openMax ? value < field.max : value <= field.max);
      return ok ? null : `${name} must be in ${interval(field)}, got ${value}`;
    }
    case "choice":
      return field.choices.includes(value as string) ? null : `${name} must be one of ${field.choices.join(", ")}, got ${value}`;
    case "sizes": {
      const ok = Array.isArray(value) && value.length <= 8 && value.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096);
      return ok ? null : `${name} must be up to 8 layer sizes, each an integer from 1 to 4096, got [${value}]`;
    }
  }
}

/**
 * Checks every field (and the cross-field checks) and returns a clean copy, with optional fields
 * filled in; otherwise throws `makeError` with every problem, each naming the field and what is allowed.
 */
export function validateConfigWith<C extends object>(schema: ConfigSchema<C>, config: C, makeError: (message: string) => Error): C {
  const clean = { ...config } as Record<string, unknown>;
  for (const field of schema.fields) {
    const fallback = (schema.defaults as Record<string, unknown>)[field.key];
    // an optional field without a default stays absent (not a key holding undefined)
    if (field.optional && clean[field.key] === undefined && fallback !== undefined) clean[field.key] = fallback;
    if (field.kind === "sizes" && Array.isArray(clean[field.key])) clean[field.key] = [...(clean[field.key] as number[])];
  }
  const problems = schema.fields.map((field) => problemWith(field, clean[field.key])).filter((p): p is string => p !== null);
  for (const check of schema.checks ?? []) problems.push(...check(clean as C));
  if (problems.length > 0) throw makeError(problems.join("; "));
  return clean as C;
}

/** The fields set from the command line. */
export function flagFields<C>(schema: ConfigSchema<C>): (ConfigField<C> & { flag: string })[] {
  return schema.fields.filter((field): field is ConfigField<C> & { flag: string } => field.flag !== null);
}

/** Flags that define the training configuration: fixed by the checkpoint when resuming. */
export function fixedOnResume<C>(schema: ConfigSchema<C>): string[] {
  return flagFields(schema)
    .filter((field) => !field.resumable)
    .map((field) => field.flag);
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** The --help lines of the schema's flags: "  --gamma G    discount factor in [0, 1] (default 0.99)". */
export function usageLines<C>(schema: ConfigSchema<C>): string[] {
  return flagFields(schema).map((field) => {
    const takes = field.kind === "choice" ? field.choices.join("|") : field.placeholder ?? "X";
    const left = `  --${field.flag} ${takes}`;
    const fallback = (schema.defaults as Record<string, unknown>)[field.key];
    const notes = [...(fallback === undefined ? [] : [`default ${formatDefault(fallback)}`]), ...(field.resumable ? ["with --resume, the new total"] : [])];
    const help = notes.length > 0 ? `${field.help} (${notes.join("; ")})` : field.help;
    return left.length < 30 ? `${left.padEnd(30)}${help}` : `${left}   ${help}`;
  });
}
