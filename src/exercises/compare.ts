// How answers are compared: numbers and lists of numbers, equal up to rounding, with NaN equal only to
// NaN (a missing ε shows as NaN where the library gives 0).
//
// Rounding: the library computes in float64; a learner's right formula written with TensorFlow.js
// computes in float32, whose rounding (about 6e-8 per operation) leaves the answers of the exercises'
// cases up to 2e-6 apart (test/support/float32_solutions.ts). Two numbers are the same answer when
//   |a − b| ≤ tolerance · max(1, |a|, |b|),
// with a tolerance of 1e-5 unless an exercise sets its own: above float32 rounding, and far below what
// any named mistake changes on some case (a third or more; the tests check both for every exercise).

/** The default tolerance: five times the largest float32 rounding error of any exercise's right formula. */
export const FLOAT32_TOLERANCE = 1e-5;

function sameNumber(a: number, b: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true; // also equal infinities
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

const isList = (value: unknown): value is ArrayLike<unknown> => ArrayBuffer.isView(value) || Array.isArray(value);

export function sameAnswer(got: unknown, expected: unknown, tolerance = FLOAT32_TOLERANCE): boolean {
  if (typeof expected === "number") return typeof got === "number" && sameNumber(got, expected, tolerance);
  if (isList(expected)) {
    if (!isList(got)) return false;
    const g = Array.from(got as ArrayLike<number>);
    const e = Array.from(expected as ArrayLike<number>);
    return g.length === e.length && e.every((v, i) => sameNumber(g[i], v, tolerance));
  }
  return JSON.stringify(got) === JSON.stringify(expected);
}

const shown = (v: number, digits = 4) => (Number.isInteger(v) ? String(v) : Number.isNaN(v) ? "NaN" : v.toPrecision(digits));

/** A short rendering of an answer for the report: numbers to 4 significant digits, long lists shortened. */
export function showAnswer(value: unknown): string {
  if (typeof value === "number") return shown(value);
  if (isList(value)) {
    const items = Array.from(value as ArrayLike<number>);
    const first = items.slice(0, 8).map((v) => (typeof v === "number" ? shown(v) : String(v)));
    return `[${first.join(", ")}${items.length > 8 ? `, … (${items.length} in all)` : ""}]`;
  }
  return value === undefined ? "undefined (did the function return its result?)" : JSON.stringify(value);
}

/** Two numbers that differ, to as many digits as it takes to see it (at least 4). */
function twoNumbers(expected: number, got: number): [string, string] {
  let digits = 4;
  while (digits < 17 && Number(shown(expected, digits)) === Number(shown(got, digits))) digits++;
  return [shown(expected, digits), shown(got, digits)];
}

/**
 * "expected …, got …" for an answer that is not the expected one, so that the learner can see where it
 * differs: numbers to as many digits as it takes, and for lists of the same length the first entry that
 * differs (a list shortened to its first 8 entries, or rounded to 4 digits, can look the same).
 */
export function showDifference(expected: unknown, got: unknown, tolerance = FLOAT32_TOLERANCE): string {
  if (typeof expected === "number" && typeof got === "number") {
    const [e, g] = twoNumbers(expected, got);
    return `expected ${e}, got ${g}`;
  }
  const plain = `expected ${showAnswer(expected)}, got ${showAnswer(got)}`;
  if (isList(expected) && isList(got) && expected.length === got.length) {
    const e = Array.from(expected as ArrayLike<number>);
    const g = Array.from(got as ArrayLike<number>);
    const k = e.findIndex((v, i) => typeof g[i] !== "number" || !sameNumber(g[i], v, tolerance));
    // said only where the list as shown hides it: past the 8 entries shown, or alike to 4 digits
    if (k >= 0 && typeof g[k] === "number" && (k >= 8 || Number(shown(e[k])) === Number(shown(g[k])))) {
      const [ek, gk] = twoNumbers(e[k], g[k]);
      return `${plain}; the first difference is at index ${k}: expected ${ek}, got ${gk}`;
    }
  }
  return plain;
}

/** A number in a case's description: as it is when short (0.2, 0.99), else to 3 decimals. */
export const short = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3))));

/** Inputs of a case, for the report: integers as they are, others to 3 decimals. */
export const listOf = (values: ArrayLike<number>) => `[${Array.from(values, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3))).join(", ")}]`;
