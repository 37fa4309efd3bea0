// Reading a reference trajectory file recorded from Gymnasium (scripts/record_*_reference.py): each case
// starts from a fixed state and lists every step's action, the state after it, the observation, the
// reward and how the episode ended.
import * as fs from "fs";
import * as path from "path";

export interface FixtureStep<A> {
  action: A;
  state: number[];
  observation: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

export interface FixtureCase<A> {
  name: string;
  initial_state: number[];
  initial_observation: number[];
  rule: string | null;
  steps: FixtureStep<A>[];
}

/** test/fixtures/`file`: the Gymnasium version it was recorded with, and its cases. */
export function readGymnasiumFixture<A>(file: string): { gymnasium: string; cases: FixtureCase<A>[] } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", file), "utf8"));
}
