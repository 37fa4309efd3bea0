// The same configuration trained once per seed, to see how much REINFORCE's outcome depends on
// luck. Each run's history comes back for plotting and tables, and each is recorded in output/runs
// (no metric files, models or checkpoints are written).
import { inKernel } from "../core/kernel";
import { recordCartPoleTraining, type CartPoleRecordSpec } from "../runs/cartpole_records";
import { solvedEpisode, type EpisodeRecord } from "../rl/episode_records";
import { Reinforce, type ReinforceConfig } from "../rl/reinforce";
import { trainLoop, type RunStatus } from "../rl/train_loop";

export interface SeedRun {
  seed: number;
  status: RunStatus;
  history: EpisodeRecord[];
  solvedEpisode: number | null;
  wallSeconds: number;
  envSteps: number;
  /** Its id in output/runs (null when not recorded). */
  runId: string | null;
}

/**
 * Trains `config` for each seed in turn; `onUpdate` sees every update (for a live display). Each run
 * is recorded as `<record.name>-seed<S>` (default "seed-study"), unless `record` is false.
 */
export async function trainSeeds(
  config: ReinforceConfig,
  seeds: number[],
  onUpdate?: (seed: number, trainer: Reinforce, finished: SeedRun[]) => void | Promise<void>,
  record: CartPoleRecordSpec | false = { name: "seed-study" },
): Promise<SeedRun[]> {
  const runs: SeedRun[] = [];
  for (const seed of seeds) {
    const trainer = Reinforce.create({ ...config, seed });
    const { status, stoppedBy } = await trainLoop<EpisodeRecord, Reinforce>(trainer, { onRecords: async () => onUpdate?.(seed, trainer, runs) });
    const runId = record === false ? null : recordCartPoleTraining(trainer, status, { ...record, name: `${record.name}-seed${seed}` });
    runs.push({ seed, status, history: trainer.history, solvedEpisode: solvedEpisode(trainer.history), wallSeconds: trainer.wallSeconds, envSteps: trainer.envSteps, runId });
    if (status === "interrupted") {
      if (stoppedBy === "interrupt" && inKernel()) {
        console.log(
          `Interrupted: the seed study stopped during seed ${seed}, after episode ${trainer.episode} of ${config.episodes}; ` +
            `${runs.length - 1} seed(s) had finished. A seed study keeps no checkpoints: run the cell again to start over. ` +
            `The cells below work with the seeds trained so far.`,
        );
      }
      break;
    }
  }
  return runs;
}
