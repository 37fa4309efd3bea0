// What an exercise is: the function a learner writes, the library's own version to compare it with,
// the cases it is tried on (seeded random ones and the edge cases where mistakes show), the classic
// mistakes it recognises by name, and hints in steps. The checker is src/exercises/check.ts.
//
// The tests hold every exercise to the same rules (test/unit/exercises.test.ts): the reference, the
// written solution (solutions/) and the right formula in float32 (test/support/float32_solutions.ts) are
// solved; every named mistake is named, and lies more than 100 tolerances from the right answer on some
// case; an answer that ignores any one argument (a scalar written in as a value of the edge cases, an
// array replaced by a constant array of its length) fails, so the cases vary every argument; and the
// exercise has a code cell of its own in its notebook, tagged "raises-exception", so that a typo there
// stops that cell only.
import { UserError } from "../core/user_error";

export interface Mistake<A extends unknown[], R> {
  /** What the learner did, in a few words ("rewards accumulated forwards"). */
  name: string;
  /** Why it is wrong, in a sentence. */
  why: string;
  /** The mistake itself, as a function: the checker names it when the learner's answer equals its answer. */
  wrong: (...args: A) => R;
}

export interface Case<A extends unknown[]> {
  args: A;
  /** What is special about the case ("an episode of one step", "γ = 0"). */
  label: string;
}

export interface Exercise<A extends unknown[], R> {
  /** "03.1": notebook and number. */
  id: string;
  title: string;
  /** The formula, as the notebook writes it beside the cell. */
  formula: string;
  /** The library's version: the answer every case is compared with. */
  reference: (...args: A) => R;
  cases: () => Case<A>[];
  mistakes: Mistake<A, R>[];
  /** Hints, from a nudge to almost the answer. */
  hints: string[];
  /** The inputs of a case, for the report. */
  describe: (args: A) => string;
  /**
   * How far an answer may be from the reference and still count as the same, relative to its size
   * (FLOAT32_TOLERANCE in src/exercises/compare.ts when not set): above float32 rounding of the right
   * formula, below what every named mistake changes.
   */
  tolerance?: number;
}

/** Thrown by `yourCodeHere()`: the exercise is still blank. */
export class ExerciseBlank extends UserError {
  constructor() {
    super("not written yet: replace yourCodeHere() with your code");
    this.name = "ExerciseBlank";
  }
}

/** What a blank exercise returns: the checker reports "not solved yet" and the notebook goes on. */
export function yourCodeHere(): never {
  throw new ExerciseBlank();
}
