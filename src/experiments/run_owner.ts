// Who is running a run: the process (id, host, start time) that created it. A run whose record
// still says "running" but whose process is gone (killed with SIGKILL, out of memory, the machine
// stopped, or "Restart kernel" in JupyterLab during training) never got to write its final status;
// readers show it as "stopped unexpectedly" instead of "running" forever.
import * as fs from "fs";
import * as os from "os";

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

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and brackets), or null. */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started. */
function processStartTicks(pid: number): number | null {
  const ticks = Number(procStat(pid)?.[19]);
  return Number.isFinite(ticks) ? ticks : null;
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
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return "gone";
  }
  const stat = procStat(owner.pid);
  if (stat) {
    // a killed process whose parent has not collected it yet (a zombie) is gone too
    if (stat[0] === "Z" || stat[0] === "X") return "gone";
    if (owner.startTicks !== null && owner.startTicks !== undefined && Number(stat[19]) !== owner.startTicks) return "gone";
  }
  return "alive";
}
