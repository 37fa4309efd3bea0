// Episodes made by hand for tests of advantage estimators, where every number can be worked out on paper.
import type { Episode } from "../../src/rl/rollout";

/** An episode of `length` steps, each with reward 1; the first component of observation t is t (the others 0), of the final observation `length`. */
export function handMadeEpisode(length: number, ending: "terminated" | "truncated"): Episode {
  const observations = new Float32Array(4 * length).map((_, i) => (i % 4 === 0 ? i / 4 : 0));
  return {
    observations, actions: new Float32Array(length), rewards: new Float32Array(length).fill(1), logProbs: new Float32Array(length),
    finalObservation: Float32Array.from([length, 0, 0, 0]), length, meanEntropy: 0, terminated: ending === "terminated", truncated: ending === "truncated",
  };
}
