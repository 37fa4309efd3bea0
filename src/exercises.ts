// Everything a notebook needs for its exercises, in one import (tslab cannot import a folder's index):
//   import { check, yourCodeHere, hint, exerciseProgress, exercises03 } from "./src/exercises";
export { check, evaluateAttempt, type ExerciseResult } from "./exercises/check";
import type { Exercise } from "./exercises/exercise";
export { yourCodeHere, type Exercise } from "./exercises/exercise";
export { EXERCISES, hint, SOLUTION_FILES } from "./exercises/hints";
export { exerciseProgress } from "./exercises/progress_table";
import { monteCarloObjective, sampleAction } from "./exercises/notebook01";
import { optimalBaseline, softmaxScoreExercise } from "./exercises/notebook02";
import { pseudoLoss, rewardToGo, standardiseReturns } from "./exercises/notebook03";
import { responseLogProb, rlooAdvantage } from "./exercises/notebook04";
import { clippedObjective, gae } from "./exercises/notebook05";
import { gaussianLogProb } from "./exercises/notebook06";

// One object per notebook; its keys are the names of the solutions in solutions/.
export const exercises01 = { sampleAction, monteCarloObjective };
export const exercises02 = { softmaxScore: softmaxScoreExercise, optimalBaseline };
export const exercises03 = { rewardToGo, standardiseReturns, pseudoLoss };
export const exercises04 = { responseLogProb, rlooAdvantage };
export const exercises05 = { clippedObjective, gae };
export const exercises06 = { gaussianLogProb };

/** Each notebook's exercises by name (the solution in SOLUTION_FILES[notebook] has the same name). */
export const EXERCISES_BY_NOTEBOOK: Record<string, Record<string, Exercise<any, any>>> = { "01": exercises01, "02": exercises02, "03": exercises03, "04": exercises04, "05": exercises05, "06": exercises06 };
