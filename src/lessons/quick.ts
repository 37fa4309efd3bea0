// Quick mode: QUICK=1 (set by the tests) shrinks sample and episode counts so every notebook runs
// in seconds; without it the lessons use their real sizes.

export function isQuick(): boolean {
  const value = (process.env.QUICK ?? "").trim().toLowerCase();
  return value !== "" && value !== "0" && value !== "false" && value !== "no";
}

/** `full` normally, `quick` in quick mode. */
export function lessonSize<T>(full: T, quick: T): T {
  return isQuick() ? quick : full;
}
