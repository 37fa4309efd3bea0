// The exercise checker: the library's version and the written solutions are accepted; every listed
// mistake is rejected with its name; a blank reports "not solved yet" with a hint; an exception in the
// learner's code is reported as theirs; progress survives in its file.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateAttempt } from "../../src/exercises/check";
import { yourCodeHere, type Exercise } from "../../src/exercises/exercise";
import { EXERCISES, hintText } from "../../src/exercises/hints";
import { pseudoLoss, rewardToGo, standardiseReturns } from "../../src/exercises/notebook03";
import { readProgress } from "../../src/exercises/progress";
import { progressRows } from "../../src/exercises/progress_table";
import { check } from "../../src/exercises/check";
import * as solutions03 from "../../solutions/03_reinforce_cartpole";
import * as solutions04 from "../../solutions/04_llm_policy_gradient";

before(() => {
  process.env.EXERCISES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "exercises-"));
});

const SOLUTIONS: Record<string, (...args: any[]) => unknown> = {
  "03.1": solutions03.rewardToGo,
  "03.2": solutions03.standardiseReturns,
  "03.3": solutions03.pseudoLoss,
  "04.1": solutions04.rlooAdvantage,
};

for (const exercise of EXERCISES as Exercise<any[], unknown>[]) {
  test(`exercise ${exercise.id} (${exercise.title}): the library's version and the solution are solved; every mistake is named`, () => {
    assert.equal(evaluateAttempt(exercise, exercise.reference).status, "solved");
    assert.ok(SOLUTIONS[exercise.id], `exercise ${exercise.id} has a solution in solutions/`);
    const solved = evaluateAttempt(exercise, SOLUTIONS[exercise.id]);
    assert.equal(solved.status, "solved", solved.message);
    for (const mistake of exercise.mistakes) {
      const result = evaluateAttempt(exercise, mistake.wrong);
      assert.equal(result.status, "wrong", `${mistake.name}: ${result.message}`);
      assert.equal(result.mistake, mistake.name, result.message);
      assert.match(result.message, new RegExp(`known mistake, ${mistake.name.replace(/[()]/g, "\\$&")}: `));
      assert.match(result.message, /expected .*, got /);
    }
    const blank = evaluateAttempt(exercise, () => yourCodeHere());
    assert.equal(blank.status, "not solved yet");
    assert.ok(blank.message.includes(exercise.hints[0]), "the first hint comes with it");
  });
}

test("a wrong answer that is no known mistake shows the first differing case and a hint", () => {
  const result = evaluateAttempt(rewardToGo, (rewards) => rewards.map(() => 0));
  assert.equal(result.status, "wrong");
  assert.equal(result.mistake, undefined);
  assert.match(result.message, /on an episode of one step, rewards \[1\], γ = 0\.990: expected \[1\], got \[0\]\. Hint: walk the episode backwards/);
});

test("an exception in the learner's code is reported as theirs, with the case, and no stack trace", () => {
  function myPseudoLoss(logProbs: number[]): number {
    const missing: number[] | undefined = undefined;
    return logProbs.length + missing!.length;
  }
  const result = evaluateAttempt(pseudoLoss, myPseudoLoss);
  assert.equal(result.status, "error");
  assert.match(result.message, /your code threw TypeError: .* \(in myPseudoLoss\) on a single step, log π \[-0\.500\], Ĝ \[1\]/);
  assert.doesNotMatch(result.message, /\n\s+at /);
});

test("the edge cases catch what random cases would not: the missing ε only shows when every return is equal", () => {
  const noEpsilon = standardiseReturns.mistakes.find((m) => m.name.includes("ε"))!;
  const result = evaluateAttempt(standardiseReturns, noEpsilon.wrong);
  assert.match(result.message, /returns that are all equal .*expected \[0, 0, 0\], got \[NaN, NaN, NaN\]/);
});

test("progress is kept across restarts: attempts counted, solved stays solved", () => {
  const log = console.log;
  console.log = () => undefined;
  try {
    check(rewardToGo, (rewards) => rewards);
    check(rewardToGo, solutions03.rewardToGo);
    check(rewardToGo, (rewards) => rewards);
  } finally {
    console.log = log;
  }
  const saved = readProgress()["03.1"];
  assert.equal(saved.solved, true);
  assert.equal(saved.attempts, 3);
  assert.equal(saved.last, "wrong");
  assert.ok(saved.solvedAt);
  const rows = progressRows("03");
  assert.deepEqual(rows.map((r) => r.exercise), ["03.1", "03.2", "03.3"]);
  assert.equal(rows[0].status, "solved ✓");
  assert.match(hintText("03.1", 2), /hint 2 of 2: let G = 0; .*solutions\/03_reinforce_cartpole\.ts/);
});
