// The checker: a learner's function against the library's, case by case. It reports in one short
// paragraph: solved; not solved yet (still blank), with the first hint; or the first case that differs
// (its inputs, the expected and the learner's answer, to as many digits as it takes to see the
// difference) and, when the attempt gives a known mistake's answer on every case, the mistake's name and
// why it is wrong. Answers equal up to float32 rounding count as the same (src/exercises/compare.ts). An
// exception in the learner's code is reported as theirs, naming their function (not a line number:
// tslab's compiled lines differ from the cell's). Every attempt is kept in the progress file
// (src/exercises/progress.ts).
import { FLOAT32_TOLERANCE, sameAnswer, showDifference } from "./compare";
import { ExerciseBlank, type Case, type Exercise } from "./exercise";
import { recordAttempt } from "./progress";

export type ExerciseStatus = "solved" | "not solved yet" | "wrong" | "error";

export interface ExerciseResult {
  id: string;
  status: ExerciseStatus;
  /** The paragraph the learner reads. */
  message: string;
  /** The known mistake the answer matched, if any. */
  mistake?: string;
}

/**
 * The learner's function in a stack trace ("myRewardToGo"): the first named frame outside this library.
 * Frames of built-ins (Array.reduce, at "<anonymous>") and of unnamed callbacks are passed over, so that a
 * throw inside `rewards.reduce(...)` or inside an arrow function given to `map` still names the learner's
 * function that called them.
 */
function learnersFunction(error: Error): string | null {
  const frames = (error.stack ?? "").split("\n").slice(1).map((line) => line.trim());
  for (const frame of frames) {
    if (/[\\/](src|node_modules)[\\/]/.test(frame) || /node:internal/.test(frame)) continue;
    if (/\((<anonymous>|native)\)$/.test(frame)) continue; // a built-in, such as Array.reduce
    const name = /^at (?:Object\.)?([\w$]+) \(/.exec(frame)?.[1];
    if (name) return name;
  }
  return null;
}

const toleranceOf = (exercise: Exercise<any, any>) => exercise.tolerance ?? FLOAT32_TOLERANCE;

function label<A extends unknown[], R>(exercise: Exercise<A, R>): string {
  return `Exercise ${exercise.id} (${exercise.title})`;
}

/** A function's answer on a copy of these inputs (the learner's or a known mistake's), or undefined if it throws. */
function answerOf(compute: (...args: any[]) => unknown, args: unknown[]): unknown {
  try {
    return compute(...structuredClone(args));
  } catch {
    return undefined;
  }
}

/**
 * The known mistake behind a wrong answer: a mistake is named only when it gives the learner's answer on
 * every case, not just on the one that failed (dividing by the variance and dividing by the population
 * standard deviation can coincide on one case and not on the next). Otherwise the learner gets the plain
 * feedback: the first case that differs.
 */
function knownMistake<E extends Exercise<any, any>>(exercise: E, cases: Case<any[]>[], attempt: Attempt<E>, args: unknown[], got: unknown, expected: unknown) {
  const same = (a: unknown, b: unknown) => sameAnswer(a, b, toleranceOf(exercise));
  const candidates = exercise.mistakes.filter((m) => {
    const its = answerOf(m.wrong, args);
    return !same(its, expected) && same(got, its);
  });
  if (candidates.length === 0) return undefined;
  const answers = cases.map((c) => answerOf(attempt, c.args));
  return candidates.find((m) => cases.every((c, k) => same(answers[k], answerOf(m.wrong, c.args))));
}

// The attempt's type comes from the exercise alone, so that a learner's function is checked against
// it (and a shorter parameter list cannot change what the exercise expects).
type Attempt<E extends Exercise<any, any>> = (...args: Parameters<E["reference"]>) => ReturnType<E["reference"]>;

/** Tries `attempt` on every case of `exercise`; returns the verdict without printing it. */
export function evaluateAttempt<E extends Exercise<any, any>>(exercise: E, attempt: Attempt<E>): ExerciseResult {
  const name = label(exercise);
  const cases = exercise.cases();
  for (const testCase of cases) {
    const expected = exercise.reference(...testCase.args);
    let got: unknown;
    try {
      got = attempt(...(structuredClone(testCase.args) as Parameters<E["reference"]>));
    } catch (error) {
      if (error instanceof ExerciseBlank) {
        return { id: exercise.id, status: "not solved yet", message: `${name}: not solved yet. Hint: ${exercise.hints[0]} (More: hint("${exercise.id}", 2).)` };
      }
      // (a learner may throw anything: a string, null)
      const err = error instanceof Error ? error : Object.assign(new Error(String(error)), { name: `a ${error === null ? "null" : typeof error}, not an Error` });
      const where = error instanceof Error ? learnersFunction(err) : null;
      return { id: exercise.id, status: "error", message: `${name}: your code threw ${err.name}: ${err.message}${where ? ` (in ${where})` : ""} on ${testCase.label}, ${exercise.describe(testCase.args)}.` };
    }
    if (sameAnswer(got, expected, toleranceOf(exercise))) continue;
    const mistake = knownMistake(exercise, cases, attempt, testCase.args, got, expected);
    const differs = `on ${testCase.label}, ${exercise.describe(testCase.args)}: ${showDifference(expected, got, toleranceOf(exercise))}.`;
    return mistake
      ? { id: exercise.id, status: "wrong", mistake: mistake.name, message: `${name}: not yet. This looks like a known mistake, ${mistake.name}: ${mistake.why} It differs ${differs}` }
      : { id: exercise.id, status: "wrong", message: `${name}: not yet. It differs ${differs} Hint: ${exercise.hints[0]}` };
  }
  return { id: exercise.id, status: "solved", message: `${name}: solved ✓ (${cases.length} cases, edge cases included, agree with the library).` };
}

/**
 * Checks the learner's function, prints the verdict (one paragraph) and keeps it in the progress file.
 * Returns nothing, so that the notebook shows the paragraph only (evaluateAttempt gives the verdict as data).
 */
export function check<E extends Exercise<any, any>>(exercise: E, attempt: Attempt<E>): void {
  const result = evaluateAttempt(exercise, attempt);
  recordAttempt(exercise.id, exercise.title, result.status);
  console.log(`${result.status === "solved" ? "✓" : result.status === "not solved yet" ? "·" : "✗"} ${result.message}`);
}
