// Hints in steps, and the list of every exercise: hint("03.1", 2) shows the second hint of exercise
// 03.1. Solutions are never printed here: they are in solutions/, to open on purpose.
import type { Exercise } from "./exercise";
import { NOTEBOOK_01 } from "./notebook01";
import { NOTEBOOK_02 } from "./notebook02";
import { NOTEBOOK_03 } from "./notebook03";
import { NOTEBOOK_04 } from "./notebook04";
import { NOTEBOOK_05 } from "./notebook05";
import { NOTEBOOK_06 } from "./notebook06";

// exercises differ in their argument types, so the list holds them as any
export const EXERCISES: Exercise<any, any>[] = [...NOTEBOOK_01, ...NOTEBOOK_02, ...NOTEBOOK_03, ...NOTEBOOK_04, ...NOTEBOOK_05, ...NOTEBOOK_06];

/** Where each notebook's solutions are. */
export const SOLUTION_FILES: Record<string, string> = {
  "01": "solutions/01_objective.ts",
  "02": "solutions/02_log_derivative_trick.ts",
  "03": "solutions/03_reinforce_cartpole.ts",
  "04": "solutions/04_llm_policy_gradient.ts",
  "05": "solutions/05_beyond_reinforce.ts",
  "06": "solutions/06_continuous_actions.ts",
};

export function exerciseById(id: string): Exercise<any, any> {
  const exercise = EXERCISES.find((e) => e.id === id);
  if (!exercise) throw new Error(`there is no exercise "${id}": the exercises are ${EXERCISES.map((e) => e.id).join(", ")}`);
  return exercise;
}

/** The text of hint number `level` (1 = a nudge, the last = almost the answer) of an exercise. */
export function hintText(id: string, level = 1): string {
  const exercise = exerciseById(id);
  const index = Math.min(Math.max(1, Math.round(level)), exercise.hints.length) - 1;
  const text = `Exercise ${exercise.id}, hint ${index + 1} of ${exercise.hints.length}: ${exercise.hints[index]}${index + 1 < exercise.hints.length ? ` (More: hint("${exercise.id}", ${index + 2}).)` : ` (The solution: ${SOLUTION_FILES[exercise.id.slice(0, 2)]}.)`}`;
  return text;
}

/** Prints hint number `level` of an exercise (nothing else, so the notebook shows the hint once). */
export function hint(id: string, level = 1): void {
  console.log(hintText(id, level));
}
