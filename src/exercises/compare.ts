// How answers are compared: numbers and lists of numbers, equal up to floating-point rounding, with
// NaN equal only to NaN (a missing ε shows as NaN where the library gives 0).

/** Within 1e-9 of each other, relative to their size. */
function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function sameAnswer(got: unknown, expected: unknown): boolean {
  if (typeof expected === "number") return typeof got === "number" && sameNumber(got, expected);
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    if (!(ArrayBuffer.isView(got) || Array.isArray(got))) return false;
    const g = Array.from(got as ArrayLike<number>);
    const e = Array.from(expected as ArrayLike<number>);
    return g.length === e.length && e.every((v, i) => sameNumber(g[i], v));
  }
  return JSON.stringify(got) === JSON.stringify(expected);
}

/** A short rendering of an answer for the report: numbers to 4 significant digits, long lists shortened. */
export function showAnswer(value: unknown): string {
  const number = (v: number) => (Number.isInteger(v) ? String(v) : Number.isNaN(v) ? "NaN" : v.toPrecision(4));
  if (typeof value === "number") return number(value);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const items = Array.from(value as ArrayLike<number>);
    const shown = items.slice(0, 8).map((v) => (typeof v === "number" ? number(v) : String(v)));
    return `[${shown.join(", ")}${items.length > 8 ? `, … (${items.length} in all)` : ""}]`;
  }
  return value === undefined ? "undefined (did the function return its result?)" : JSON.stringify(value);
}

/** Inputs of a case, for the report: integers as they are, others to 3 decimals. */
export const listOf = (values: ArrayLike<number>) => `[${Array.from(values, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3))).join(", ")}]`;
