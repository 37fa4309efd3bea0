// Who is running a run: the process (id, host, start time) that created it. A run whose record
// still says "running" but whose process is gone (killed with SIGKILL, out of memory, the machine
// stopped, or "Restart kernel" in JupyterLab during training) never got to write its final status;
// readers show it as "stopped unexpectedly" instead of "running" forever.
import * as os from "os";
import { processAlive, processStartTicks } from "../core/processes";

export interface RunOwner {
  pid: number;
  host: string;
  /** When the process started (ISO time), for people. */
  startedAt: string;
  /**
   * The kernel's start time of the process, in clock ticks since boot (Linux, /proc/<pid>/stat),
   * or null elsewhere. A process id can be reused by a later process; this tells them apart.
   */
  startTicks: number | null;
}

export function currentOwner(): RunOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    startTicks: processStartTicks(process.pid),
  };
}

export type OwnerState = "alive" | "gone" | "unknown";

/**
 * Whether the owner is still running: "gone" only when that is certain (same host, and no such
 * process, or a different process under the same id); "unknown" for another host.
 */
export function ownerState(owner: RunOwner | null | undefined): OwnerState {
  if (!owner || typeof owner.pid !== "number") return "unknown";
  if (owner.host !== os.hostname()) return "unknown";
  if (!processAlive(owner.pid)) return "gone";
  if (owner.startTicks !== null && owner.startTicks !== undefined) {
    const now = processStartTicks(owner.pid);
    if (now !== null && now !== owner.startTicks) return "gone";
  }
  return "alive";
}
