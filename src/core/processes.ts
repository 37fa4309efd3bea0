// Is a process still running? Asked by the file lock (is the lock's holder gone?), by the cleanup of
// half-written files (is their writer gone?) and by the run records (is a "running" run's owner
// gone?). A process that was killed but not yet collected by its parent (a zombie) counts as gone.
import * as fs from "fs";

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and brackets), or null (no such process, or not Linux). */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. Tells a reused process id apart. */
export function processStartTicks(pid: number): number | null {
  const ticks = Number(procStat(pid)?.[19]);
  return Number.isFinite(ticks) ? ticks : null;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const state = procStat(pid)?.[0];
  return state !== "Z" && state !== "X";
}
