// Everything a notebook needs for its exercises, in one import (tslab cannot import a folder's index):
//   import { check, yourCodeHere, hint, exerciseProgress, exercises03 } from "./src/exercises";
export { check, evaluateAttempt, type ExerciseResult } from "./exercises/check";
export { yourCodeHere, type Exercise } from "./exercises/exercise";
export { EXERCISES, hint } from "./exercises/hints";
export { exerciseProgress } from "./exercises/progress_table";
import { pseudoLoss, rewardToGo, standardiseReturns } from "./exercises/notebook03";
import { rlooAdvantage } from "./exercises/notebook04";

export const exercises03 = { rewardToGo, standardiseReturns, pseudoLoss };
export const exercises04 = { rlooAdvantage };
