// A lesson's decision tree as an Env (envs/env.ts), so the trainers that play CartPole can learn on
// it too: the observation is the current node, one-hot; each step pays the reward of the action
// taken at that node; the episode ends (terminated) at a leaf, after `horizon` steps.
import type { Action, Env, EnvSpec, EnvType, StepResult } from "./env";
import { discrete } from "./spaces";
import { childOf, nodeCount, type DecisionTree } from "./decision_tree";

export class DecisionTreeEnv implements Env {
  readonly spec: EnvSpec;
  private node = 0;
  private depth = 0;
  private finished = true;

  constructor(private readonly tree: DecisionTree) {
    this.spec = { id: `DecisionTree-h${tree.horizon}`, observationSize: nodeCount(tree.horizon), actionSpace: discrete(2), maxEpisodeSteps: tree.horizon, rewardThreshold: null };
  }

  reset(): Float32Array {
    this.node = 0;
    this.depth = 0;
    this.finished = false;
    return this.observe();
  }

  step(action: Action): StepResult {
    if (this.finished) throw new Error("DecisionTreeEnv.step() after the episode ended: call reset() first.");
    if (action !== 0 && action !== 1) throw new Error(`the tree's actions are 0 (${this.tree.actionNames[0]}) or 1 (${this.tree.actionNames[1]}), got ${action}`);
    const reward = this.tree.rewards[2 * this.node + action];
    this.depth++;
    this.finished = this.depth >= this.tree.horizon;
    // past a leaf there is no node: the final observation is all zeros
    this.node = this.finished ? -1 : childOf(this.node, action);
    return { observation: this.observe(), reward, terminated: this.finished, truncated: false };
  }

  private observe(): Float32Array {
    const observation = new Float32Array(this.spec.observationSize);
    if (this.node >= 0) observation[this.node] = 1;
    return observation;
  }
}

export function decisionTreeEnvType(tree: DecisionTree): EnvType {
  return { spec: new DecisionTreeEnv(tree).spec, make: () => new DecisionTreeEnv(tree) };
}
