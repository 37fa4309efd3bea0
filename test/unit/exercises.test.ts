// The exercise checker: the library's version and the written solutions are accepted; every listed
// mistake is rejected with its name; a blank reports "not solved yet" with a hint; an exception in the
// learner's code is reported as theirs; progress survives in its file.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateAttempt } from "../../src/exercises/check";
import { yourCodeHere, type Exercise } from "../../src/exercises/exercise";
import { EXERCISES, hintText } from "../../src/exercises/hints";
import { pseudoLoss, rewardToGo, standardiseReturns } from "../../src/exercises/notebook03";
import { clippedObjective } from "../../src/exercises/notebook05";
import { sampleAction } from "../../src/exercises/notebook01";
import { readProgress } from "../../src/exercises/progress";
import { progressRows, solvedSummary } from "../../src/exercises/progress_table";
import { check } from "../../src/exercises/check";
import { EXERCISES_BY_NOTEBOOK, SOLUTION_FILES } from "../../src/exercises";
import { fillInSolutions } from "../support/solved_notebook";
import { FLOAT32_SOLUTIONS } from "../support/float32_solutions";
import { tf } from "../../src/core/tf";
import { FLOAT32_TOLERANCE, sameAnswer } from "../../src/exercises/compare";

before(() => {
  process.env.EXERCISES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "exercises-"));
});

// Each exercise's written solution: the function of the same name in its notebook's solutions/ file.
const SOLUTIONS: Record<string, (...args: any[]) => unknown> = {};
for (const [notebook, exercises] of Object.entries(EXERCISES_BY_NOTEBOOK)) {
  const file = require(path.join(__dirname, "..", "..", SOLUTION_FILES[notebook])) as Record<string, (...args: any[]) => unknown>;
  for (const [name, exercise] of Object.entries(exercises)) SOLUTIONS[exercise.id] = file[name];
}

test("every exercise belongs to its notebook's list, numbered in order", () => {
  const listed = Object.entries(EXERCISES_BY_NOTEBOOK).flatMap(([notebook, exercises]) => Object.values(exercises).map((e) => ({ notebook, id: e.id })));
  assert.deepEqual(listed.map((e) => e.id), EXERCISES.map((e) => e.id));
  for (const { notebook, id } of listed) assert.ok(id.startsWith(`${notebook}.`), id);
});

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
  assert.match(result.message, /on an episode of one step, rewards \[1\], γ = 0\.99: expected \[1\], got \[0\]\. Hint: walk the episode backwards/);
});

test("a mistake is named only when it fits the attempt on every case, not just the first that failed", () => {
  // 05.1 with a sum where the mean belongs: on a one-sample case it equals another mistake's answer
  const summed = evaluateAttempt(clippedObjective, (ratios, advantages, clip) =>
    -ratios.reduce((s, r, t) => s + Math.min(r * advantages[t], Math.min(Math.max(r, 1 - clip), 1 + clip) * advantages[t]), 0));
  assert.equal(summed.status, "wrong");
  assert.equal(summed.mistake, undefined, summed.message);
  assert.match(summed.message, /expected .*, got .*Hint: /);
  // 03.2 dividing by the variance (n − 1) instead of the standard deviation: not "the population standard deviation"
  const byVariance = evaluateAttempt(standardiseReturns, (returns) => {
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const variance = returns.length > 1 ? returns.reduce((a, g) => a + (g - mean) ** 2, 0) / (returns.length - 1) : 0;
    return returns.map((g) => (g - mean) / (variance + 1e-8));
  });
  assert.equal(byVariance.status, "wrong");
  assert.equal(byVariance.mistake, undefined, byVariance.message);
});

test("an exception in the learner's code is reported as theirs, with the case, and no stack trace", () => {
  function myPseudoLoss(logProbs: number[]): number {
    const missing: number[] | undefined = undefined;
    return logProbs.length + missing!.length;
  }
  const result = evaluateAttempt(pseudoLoss, myPseudoLoss);
  assert.equal(result.status, "error");
  assert.match(result.message, /your code threw TypeError: .* \(in myPseudoLoss\) on a single step, log π \[-0\.5\], Ĝ \[1\]/);
  assert.doesNotMatch(result.message, /\n\s+at /);
});

test("the edge cases catch what random cases would not: the missing ε only shows when every return is equal", () => {
  const noEpsilon = standardiseReturns.mistakes.find((m) => m.name.includes("ε"))!;
  const result = evaluateAttempt(standardiseReturns, noEpsilon.wrong);
  assert.match(result.message, /returns that are all equal .*expected \[0, 0, 0\], got \[NaN, NaN, NaN\]/);
});

/** Runs `checks` without the verdicts they print. */
function quietly(checks: () => void): void {
  const log = console.log;
  console.log = () => undefined;
  try {
    checks();
  } finally {
    console.log = log;
  }
}

test("progress is kept across restarts: attempts counted, solved stays solved, and a wrong try after it shows", () => {
  const solution = SOLUTIONS["03.1"] as (rewards: number[], gamma: number) => number[];
  quietly(() => {
    check(rewardToGo, (rewards) => rewards);
    check(rewardToGo, solution);
    check(rewardToGo, (rewards) => rewards);
  });
  const saved = readProgress()["03.1"];
  assert.equal(saved.solved, true);
  assert.equal(saved.attempts, 3);
  assert.equal(saved.last, "wrong");
  assert.ok(saved.solvedAt);
  const rows = progressRows("03");
  assert.deepEqual(rows.map((r) => r.exercise), ["03.1", "03.2", "03.3"]);
  // solved, then a wrong answer: the table says both
  assert.equal(rows[0].status, "solved ✓ before; last try: wrong ✗");
  quietly(() => check(rewardToGo, solution));
  assert.equal(progressRows("03")[0].status, "solved ✓");
  quietly(() => check(rewardToGo, (rewards) => rewards));
  assert.match(solvedSummary(progressRows("03")), /^1 of 3 exercises solved \(1 of them failed the last try: the code in the notebook is no longer the solution\)$/);
  assert.match(hintText("03.1", 2), /hint 2 of 2: let G = 0; .*solutions\/03_reinforce_cartpole\.ts/);
});

test("a progress entry recorded under another exercise's title (renumbered since) does not count for this one", () => {
  const file = path.join(process.env.EXERCISES_DIR!, "progress.json");
  const progress = readProgress();
  progress["04.1"] = { title: "an exercise that was 04.1 before", solved: true, attempts: 1, last: "solved", solvedAt: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(progress));
  assert.equal(progressRows("04")[0].status, "not tried");
});

test("fillInSolutions types each solution into the cell that checks it, under the learner's function name", () => {
  const cell = ["import { check, exercises03, yourCodeHere } from \"./src/exercises\";\n", "\n", "function myPseudoLoss(logProbs: number[], weights: number[]): number {\n", "  return yourCodeHere();\n", "}\n", "check(exercises03.pseudoLoss, myPseudoLoss);"];
  const { notebook, filled } = fillInSolutions({ cells: [{ cell_type: "markdown", source: "check(exercises03.pseudoLoss, x)" }, { cell_type: "code", source: cell }] }, path.join(__dirname, "..", ".."));
  assert.deepEqual(filled, ["03.3"]);
  const source = String(notebook.cells[1].source);
  assert.match(source, /^import .*\n\nfunction myPseudoLoss\(logProbs: number\[\], weights: number\[\]\): number \{\n  return -logProbs\.reduce/);
  assert.doesNotMatch(source, /yourCodeHere\(\);|export/);
  assert.match(source, /\}\ncheck\(exercises03\.pseudoLoss, myPseudoLoss\);$/);
  assert.throws(() => fillInSolutions({ cells: [{ cell_type: "code", source: "check(exercises03.pseudoLoss, missing);" }] }, "."), /does not declare function missing/);
});

test("npm run exercises lists the course's progress from the same file; a notebook without exercises is refused", () => {
  const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "..", "..", "src", "cli", "exercises.ts"), ...args], { encoding: "utf8", env: { ...process.env } });
  const solvedBefore = progressRows().filter((r) => r.solved).length;
  const all = run([]);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /03\.1 +the discounted reward-to-go +solved ✓/);
  assert.match(all.stdout, new RegExp(`${solvedBefore} of ${EXERCISES.length} exercises solved`));
  const one = run(["3"]);
  assert.match(one.stdout, /of 3 exercises solved in notebook 03/);
  assert.doesNotMatch(one.stdout, /04\.1/);
  const bad = run(["9"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /notebook "9" has no exercises: the notebooks with exercises are 01, 02, 03, 04, 05, 06\./);
});

/** `value` with every number in it replaced by `constant`: a scalar argument hard-coded, an array argument replaced by a fixed array of its length. */
function constantLike(value: unknown, constant: number): unknown {
  return Array.isArray(value) ? value.map((v) => constantLike(v, constant)) : typeof value === "number" ? constant : value;
}

/** Every number in a value (the leaves of nested arrays). */
const numbersIn = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(numbersIn) : typeof value === "number" ? [value] : []);

for (const exercise of EXERCISES as Exercise<any[], unknown>[]) {
  test(`exercise ${exercise.id}: an answer that ignores any one argument (hard-coded, or a fixed array of its length) fails`, () => {
    const cases = exercise.cases();
    for (let index = 0; index < cases[0].args.length; index++) {
      // the constants a learner would hard-code: the values this argument takes in the edge cases (the first
      // is the notebook's demonstration), and 0 and ±1
      const edgeCases = cases.filter((c) => !c.label.startsWith("random"));
      const constants = [...new Set([0, 1, -1, ...edgeCases.flatMap((c) => numbersIn(c.args[index]))])];
      for (const constant of constants) {
        const ignoring = (...args: unknown[]) => exercise.reference(...args.map((a, i) => (i === index ? constantLike(a, constant) : a)));
        const result = evaluateAttempt(exercise, ignoring);
        assert.notEqual(result.status, "solved", `argument ${index + 1} replaced by ${constant} everywhere: ${result.message}`);
      }
    }
  });
}

for (const exercise of EXERCISES as Exercise<any[], unknown>[]) {
  test(`exercise ${exercise.id}: the right formula in float32 (TensorFlow.js) is solved, and the tolerance stays far below every named mistake`, () => {
    assert.ok(FLOAT32_SOLUTIONS[exercise.id], `exercise ${exercise.id} has a float32 solution in test/support/float32_solutions.ts`);
    const float32 = evaluateAttempt(exercise, FLOAT32_SOLUTIONS[exercise.id]);
    assert.equal(float32.status, "solved", float32.message);
    // each named mistake is more than 100 tolerances away from the right answer on some case, so that
    // accepting rounding cannot accept a mistake
    const tolerance = exercise.tolerance ?? FLOAT32_TOLERANCE;
    for (const mistake of exercise.mistakes) {
      const apart = exercise.cases().some((c) => !sameAnswer(mistake.wrong(...structuredClone(c.args)), exercise.reference(...c.args), 100 * tolerance));
      assert.ok(apart, `${mistake.name} is within 100 tolerances of the right answer on every case`);
    }
  });
}

test("a small variant of the right formula is solved: max(std, 1e-8) for std + 1e-8", () => {
  const result = evaluateAttempt(standardiseReturns, (returns) => {
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const std = Math.sqrt(returns.reduce((s, g) => s + (g - mean) ** 2, 0) / (returns.length - 1));
    return returns.map((g) => (g - mean) / Math.max(std, 1e-8));
  });
  assert.equal(result.status, "solved", result.message);
});

test("an answer off by more than rounding shows where it differs: enough digits, and the first differing entry of a list", () => {
  const slightly = evaluateAttempt(clippedObjective, (ratios, advantages, clip) => clippedObjective.reference(ratios, advantages, clip) * (1 + 1e-4));
  assert.equal(slightly.status, "wrong");
  const [, expected, got] = /expected (\S+), got (\S+)\./.exec(slightly.message) ?? [];
  assert.notEqual(expected, got, slightly.message); // 4 digits would show -0.05000 twice
  assert.ok(Math.abs(Number(got) / Number(expected) - 1 - 1e-4) < 1e-5, slightly.message);
  // a reward-to-go wrong only at its last step, in an episode longer than the 8 entries shown
  const lastStep = evaluateAttempt(rewardToGo, (rewards, gamma) => {
    const right = rewardToGo.reference(rewards, gamma);
    if (right.length > 8) right[right.length - 1] += 0.5;
    return right;
  });
  assert.equal(lastStep.status, "wrong");
  assert.match(lastStep.message, /the first difference is at index (\d+): expected (\S+), got (\S+)\./);
  const [, index, e, g] = /at index (\d+): expected (\S+), got (\S+)\./.exec(lastStep.message)!;
  assert.ok(Math.abs(Number(g) - Number(e) - 0.5) < 1e-3, lastStep.message);
  assert.ok(Number(index) >= 8, lastStep.message);
});

test("a throw inside a built-in or a callback the learner passed to one still names the learner's function", () => {
  // reduce of an empty slice, with no start value: the TypeError comes from Array.reduce itself
  function mySampleAction(probabilities: number[], u: number): number {
    const below = probabilities.map((_, a) => probabilities.slice(0, a).reduce((x, y) => x + y));
    return below.filter((b) => b <= u).length - 1;
  }
  const inBuiltIn = evaluateAttempt(sampleAction, mySampleAction);
  assert.equal(inBuiltIn.status, "error");
  assert.match(inBuiltIn.message, /your code threw TypeError: Reduce of empty array with no initial value \(in mySampleAction\) on /);
  // a throw in the learner's own (unnamed) arrow function, called by map
  const myRewardToGo = (rewards: number[]): number[] =>
    rewards.map((r) => {
      if (r !== Math.floor(r)) return r;
      throw new RangeError("not written for integer rewards");
    });
  const inCallback = evaluateAttempt(rewardToGo, myRewardToGo);
  assert.match(inCallback.message, /your code threw RangeError: not written for integer rewards \(in myRewardToGo\) on /);
});

test("a named mistake written in float32 (TensorFlow.js) is still named: mistakes are matched within the tolerance", () => {
  const maxForMin = (ratios: number[], advantages: number[], clip: number) =>
    tf.tidy(() => {
      const r = tf.tensor1d(ratios);
      const a = tf.tensor1d(advantages);
      return tf.neg(tf.mean(tf.maximum(r.mul(a), tf.clipByValue(r, 1 - clip, 1 + clip).mul(a)))).dataSync()[0];
    });
  const result = evaluateAttempt(clippedObjective, maxForMin);
  assert.equal(result.status, "wrong");
  assert.equal(result.mistake, "max where min belongs", result.message);
});

test("each exercise has a code cell of its own in its notebook, tagged raises-exception (a typo there stops that cell only)", () => {
  const notebooksDir = path.join(__dirname, "..", "..", "notebooks");
  for (const [notebook, exercises] of Object.entries(EXERCISES_BY_NOTEBOOK)) {
    const file = fs.readdirSync(notebooksDir).find((name) => name.startsWith(`${notebook}_`) && name.endsWith(".ipynb"))!;
    const cells = (JSON.parse(fs.readFileSync(path.join(notebooksDir, file), "utf8")).cells as { cell_type: string; source: string[]; metadata: { tags?: string[] } }[])
      .filter((c) => c.cell_type === "code");
    for (const name of Object.keys(exercises)) {
      const checking = cells.filter((c) => c.source.join("").includes(`check(exercises${notebook}.${name},`));
      assert.equal(checking.length, 1, `${file}: one cell checks ${name}`);
      const [cell] = checking;
      assert.equal(cell.source.join("").match(/check\(exercises/g)?.length, 1, `${file}: the cell of ${name} checks nothing else`);
      assert.ok(cell.metadata.tags?.includes("raises-exception"), `${file}: the cell of ${name} is tagged raises-exception`);
      assert.doesNotMatch(cell.source.join(""), /^import /m, `${file}: the cell of ${name} imports nothing (a typo there would leave the import undone)`);
    }
  }
});

test("an infinite answer, or numbers written as strings or wrapped in lists, never passes", () => {
  for (const exercise of EXERCISES as Exercise<any[], unknown>[]) {
    const [first] = exercise.cases();
    const right = exercise.reference(...first.args);
    const like = (entry: (v: number) => unknown) => () => (Array.isArray(right) ? right.map(entry) : entry(right as number));
    for (const [what, attempt] of [["+∞", like(() => Infinity)], ["−∞", like(() => -Infinity)], ["strings", like(String)], ["one-entry lists", like((v) => [v])]] as const) {
      const result = evaluateAttempt(exercise, attempt);
      assert.notEqual(result.status, "solved", `exercise ${exercise.id}, ${what}: ${result.message}`);
    }
  }
  assert.ok(!sameAnswer(Infinity, -Infinity) && sameAnswer(Infinity, Infinity) && !sameAnswer(Infinity, 1e300));
});

test("a throw of something other than an Error (a string, null) is reported as the learner's, not as the checker's crash", () => {
  const fromString = evaluateAttempt(rewardToGo, () => {
    throw "no idea";
  });
  assert.equal(fromString.status, "error");
  assert.match(fromString.message, /your code threw a string, not an Error: no idea on an episode of one step/);
  const fromNull = evaluateAttempt(rewardToGo, () => {
    throw null;
  });
  assert.match(fromNull.message, /your code threw a null, not an Error: null on /);
});
