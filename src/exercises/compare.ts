// How answers are compared: numbers and lists of numbers, equal up to rounding, with NaN equal only to
// NaN (a missing ε shows as NaN where the library gives 0).
//
// Rounding: the library computes in float64; a learner's right formula written with TensorFlow.js
// computes in float32, whose rounding (about 6e-8 per operation) leaves the answers of the exercises'
// cases up to 2e-6 apart (test/support/float32_solutions.ts). Two finite numbers are the same answer when
//   |a − b| ≤ tolerance · max(1, |a|, |b|)
// (an absolute bound for answers below 1, a relative one above), with a tolerance of 1e-5 unless an
// exercise sets its own: above float32 rounding, and far below what any named mistake changes on some
// case (a third or more; the tests check both for every exercise). An infinity equals only itself.

/** The default tolerance: five times the largest float32 rounding error of any exercise's right formula. */
export const FLOAT32_TOLERANCE = 1e-5;

function sameNumber(a: number, b: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b; // |∞ − x| ≤ tolerance·∞ would hold for any x
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

const isList = (value: unknown): value is ArrayLike<unknown> => ArrayBuffer.isView(value) || Array.isArray(value);

/** One entry of a list answer: a number (not "0.5" or [0.5], which JavaScript subtracts as 0.5), the same as expected. */
const sameEntry = (got: unknown, expected: number, tolerance: number) => typeof got === "number" && sameNumber(got, expected, tolerance);

export function sameAnswer(got: unknown, expected: unknown, tolerance = FLOAT32_TOLERANCE): boolean {
  if (typeof expected === "number") return typeof got === "number" && sameNumber(got, expected, tolerance);
  if (isList(expected)) {
    if (!isList(got)) return false;
    const g = Array.from(got as ArrayLike<unknown>);
    const e = Array.from(expected as ArrayLike<number>);
    return g.length === e.length && e.every((v, i) => sameEntry(g[i], v, tolerance));
  }
  return JSON.stringify(got) === JSON.stringify(expected);
}

/** An answer's number to `digits` significant digits (integers, NaN and infinities as they are). */
const toDigits = (v: number, digits = 4) => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : v.toPrecision(digits));

/** A short rendering of an answer for the report: numbers to 4 significant digits, long lists shortened. */
export function showAnswer(value: unknown): string {
  if (typeof value === "number") return toDigits(value);
  if (isList(value)) {
    const items = Array.from(value as ArrayLike<number>);
    const first = items.slice(0, 8).map((v) => (typeof v === "number" ? toDigits(v) : JSON.stringify(v)));
    return `[${first.join(", ")}${items.length > 8 ? `, … (${items.length} in all)` : ""}]`;
  }
  return value === undefined ? "undefined (did the function return its result?)" : JSON.stringify(value);
}

/** Two numbers that differ, to as many digits as it takes to see it (at least 4). */
function twoNumbers(expected: number, got: number): [string, string] {
  let digits = 4;
  while (digits < 17 && Number(toDigits(expected, digits)) === Number(toDigits(got, digits))) digits++;
  return [toDigits(expected, digits), toDigits(got, digits)];
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
    const k = e.findIndex((v, i) => !sameEntry(g[i], v, tolerance));
    // said only where the list as shown hides it: past the 8 entries shown, or alike to 4 digits
    if (k >= 0 && typeof g[k] === "number" && (k >= 8 || Number(toDigits(e[k])) === Number(toDigits(g[k])))) {
      const [ek, gk] = twoNumbers(e[k], g[k]);
      return `${plain}; the first difference is at index ${k}: expected ${ek}, got ${gk}`;
    }
  }
  return plain;
}

/**
 * A number of a case's inputs, for the report: as it is when short (0.2, 0.99), else to 3 decimals, but
 * never rounded to a whole number it is not (u = 0.9999999999999999 is not u = 1).
 */
export function inputNumber(v: number): string {
  const rounded = Number(v.toFixed(3));
  return Number.isInteger(v) || !Number.isInteger(rounded) ? String(rounded) : String(v);
}

/** A list of a case's inputs, for the report, its numbers written as inputNumber writes them. */
export const listOf = (values: ArrayLike<number>) => `[${Array.from(values, inputNumber).join(", ")}]`;
