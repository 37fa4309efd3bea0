// Records a CartPole training that ran outside `runCartPole` (a seed study, one job of a method
// comparison in a worker process) in the run store, so it can be listed, annotated and compared.
import { recordFinishedRun } from "../experiments/recording";
import { cartPoleResults, type EpisodeRecord } from "../rl/episode_records";
import { tf } from "../core/tf";
import type { RunStatus } from "../rl/train_loop";

/** CartPole runs are plotted against the episode, by the mean return of the last 100 episodes. */
export const CARTPOLE_RECORD_KEYS = { stepKey: "episode", metric: "meanReturn100" } as const;

export interface CartPoleRecordSpec {
  name: string;
  tags?: string[];
  /** Where it ran, e.g. "notebook (worker process)". */
  source?: string;
}

export interface FinishedCartPoleTraining {
  readonly config: { seed: number };
  readonly history: EpisodeRecord[];
  readonly envSteps: number;
  readonly wallSeconds: number;
}

/** Returns the run's id (null if the store could not be written; training results are unaffected). */
export function recordCartPoleTraining(trainer: FinishedCartPoleTraining, status: RunStatus, spec: CartPoleRecordSpec, extraConfig: Record<string, unknown> = {}): string | null {
  return recordFinishedRun(
    {
      ...CARTPOLE_RECORD_KEYS,
      task: "cartpole",
      name: spec.name,
      tags: spec.tags,
      source: spec.source,
      seed: trainer.config.seed,
      config: { ...extraConfig, ...trainer.config },
      backend: tf.getBackend(),
    },
    status,
    trainer.history,
    { ...cartPoleResults(trainer.history), episodes: trainer.history.length, env_steps: trainer.envSteps, wall_seconds: Number(trainer.wallSeconds.toFixed(3)) },
  );
}
