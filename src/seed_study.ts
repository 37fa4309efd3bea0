// The same configuration trained once per seed, to see how much REINFORCE's outcome depends on
// luck. No files are written; each run's history comes back for plotting and tables.
import { Reinforce, solvedEpisode, type EpisodeRecord, type ReinforceConfig } from "./reinforce";
import { trainLoop, type RunStatus } from "./train_loop";

export interface SeedRun {
  seed: number;
  status: RunStatus;
  history: EpisodeRecord[];
  solvedEpisode: number | null;
  wallSeconds: number;
  envSteps: number;
}

/** Trains `config` for each seed in turn; `onUpdate` sees every update (for a live display). */
export async function trainSeeds(
  config: ReinforceConfig,
  seeds: number[],
  onUpdate?: (seed: number, trainer: Reinforce, finished: SeedRun[]) => void | Promise<void>,
): Promise<SeedRun[]> {
  const runs: SeedRun[] = [];
  for (const seed of seeds) {
    const trainer = Reinforce.create({ ...config, seed });
    const { status } = await trainLoop<EpisodeRecord, Reinforce>(trainer, { onRecords: async () => onUpdate?.(seed, trainer, runs) });
    runs.push({ seed, status, history: trainer.history, solvedEpisode: solvedEpisode(trainer.history), wallSeconds: trainer.wallSeconds(), envSteps: trainer.envSteps });
    if (status === "interrupted") break;
  }
  return runs;
}
