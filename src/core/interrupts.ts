// Interrupting long work: Ctrl-C in a terminal, or the interrupt button in JupyterLab (which sends
// SIGINT to the kernel), asks a training loop to stop after its current update.
//
// In the course kernel, tslab listens for SIGINT too: it abandons the running cell at once with
// "Error: Interrupted asynchronously" and a stack trace of its own internals, while the training
// goes on unseen. So while a loop runs in the kernel, its listener is the only one; tslab's are put
// back when the loop ends. A second interrupt before the loop has stopped hands over to them (the
// cell is then abandoned as tslab does it).
import { inKernel } from "./kernel";

/** A clean error for work that an interrupt ended: a notebook shows its message, never a stack trace. */
export class InterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterruptedError";
  }

  /** What util.inspect (and so tslab's report of a failed cell) shows: the message alone. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.message;
  }
}

/**
 * Calls `onInterrupt` on the first SIGINT until the returned function is called. Outside the kernel
 * the other SIGINT listeners (a command's own Ctrl-C handling) keep listening as before.
 */
export function captureInterrupts(onInterrupt: () => void): () => void {
  const others = inKernel() ? process.listeners("SIGINT") : [];
  for (const listener of others) process.off("SIGINT", listener);
  let count = 0;
  const listener = () => {
    count++;
    if (count === 1) onInterrupt();
    else for (const other of others) other("SIGINT");
  };
  process.on("SIGINT", listener);
  return () => {
    process.off("SIGINT", listener);
    for (const other of others) if (!process.listeners("SIGINT").includes(other)) process.on("SIGINT", other);
  };
}
