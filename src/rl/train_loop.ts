// The outer loop shared by every way of training (command line, notebooks, many seeds): update
// until done, hand each update's records to a callback, and stop cleanly when asked.
import { captureInterrupts } from "../core/interrupts";

export type RunStatus = "completed" | "interrupted" | "diverged";

/** Raised by an update whose loss or gradient is not finite; the update leaves the weights unchanged. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, what: string) {
    super(`the ${what} became NaN or infinite in update ${step}; the weights were not changed`);
    this.name = "NonFiniteLossError";
  }
}

/**
 * ‖gradient‖ after checking that the loss and every gradient entry are finite; a NonFiniteLossError
 * for `step` otherwise (thrown before any weight changes).
 */
export function checkedGradientNorm(loss: number, gradient: ArrayLike<number>, step: number): number {
  if (!Number.isFinite(loss)) throw new NonFiniteLossError(step, "loss");
  let squares = 0;
  for (let i = 0; i < gradient.length; i++) squares += gradient[i] * gradient[i];
  if (!Number.isFinite(squares)) throw new NonFiniteLossError(step, "gradient");
  return Math.sqrt(squares);
}

/** Anything trained update by update: REINFORCE on CartPole, or on a language model. */
export interface Trainable<R> {
  readonly finished: boolean;
  update(): R[];
}

export interface LoopHooks<R, T extends Trainable<R>> {
  onRecords?: (records: R[], trainer: T) => void | Promise<void>;
  /** Polled after every update; true ends the loop early. */
  shouldStop?: () => boolean;
}

/** How a loop ended early: by SIGINT (Ctrl-C, Jupyter's interrupt button) or because shouldStop said so. */
export type StopCause = "interrupt" | "request";

/**
 * Trains until the configured number of episodes. Ctrl-C in a terminal, or Jupyter's interrupt
 * button (which sends SIGINT to the kernel), ends the loop after the current update rather than
 * leaving it running unseen (src/core/interrupts.ts). A NaN loss ends it with status "diverged" and the
 * weights untouched.
 */
export async function trainLoop<R, T extends Trainable<R>>(trainer: T, hooks: LoopHooks<R, T> = {}): Promise<{ status: RunStatus; error?: Error; stoppedBy?: StopCause }> {
  let interrupted = false;
  const release = captureInterrupts(() => {
    interrupted = true;
  });
  try {
    while (!trainer.finished) {
      let records: R[];
      try {
        records = trainer.update();
      } catch (error) {
        if (error instanceof NonFiniteLossError) return { status: "diverged", error };
        throw error;
      }
      if (hooks.onRecords) await hooks.onRecords(records, trainer);
      // Let signal handlers, timers and the kernel's messages in between updates.
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted) return { status: "interrupted", stoppedBy: "interrupt" };
      if (hooks.shouldStop?.()) return { status: "interrupted", stoppedBy: "request" };
    }
    return { status: "completed" };
  } finally {
    release();
  }
}
