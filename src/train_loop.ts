// The outer loop shared by every way of training (command line, notebooks, many seeds): update
// until done, hand each update's records to a callback, and stop cleanly when asked.
import { NonFiniteLossError, type EpisodeRecord, type Reinforce } from "./reinforce";

export type RunStatus = "completed" | "interrupted" | "diverged";

export interface LoopHooks {
  onRecords?: (records: EpisodeRecord[], trainer: Reinforce) => void | Promise<void>;
  /** Polled after every update; true ends the loop early. */
  shouldStop?: () => boolean;
}

/**
 * Trains until the configured number of episodes. Ctrl-C in a terminal, or Jupyter's interrupt
 * button (which sends SIGINT to the kernel), ends the loop after the current update rather than
 * leaving it running unseen. A NaN loss ends it with status "diverged" and the weights untouched.
 */
export async function trainLoop(trainer: Reinforce, hooks: LoopHooks = {}): Promise<{ status: RunStatus; error?: Error }> {
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on("SIGINT", onInterrupt);
  try {
    while (!trainer.finished) {
      let records: EpisodeRecord[];
      try {
        records = trainer.update();
      } catch (error) {
        if (error instanceof NonFiniteLossError) return { status: "diverged", error };
        throw error;
      }
      if (hooks.onRecords) await hooks.onRecords(records, trainer);
      // Let signal handlers, timers and the kernel's messages in between updates.
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted || hooks.shouldStop?.()) return { status: "interrupted" };
    }
    return { status: "completed" };
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
