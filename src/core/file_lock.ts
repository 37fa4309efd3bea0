// A lock between processes on one machine: whoever creates the lock file (O_EXCL) holds it. Two
// training runs started at the same moment in two terminals then take turns at a shared file
// instead of overwriting each other's changes. A lock left behind by a crashed process (its pid
// gone, or the file older than `staleMs`) is broken rather than waited on forever.
import * as fs from "fs";
import * as path from "path";
import { UserError } from "./user_error";
import { processAlive } from "./processes";

export class LockTimeoutError extends UserError {
  constructor(file: string, seconds: number) {
    super(`waited ${seconds} s for ${file}, held by another process; if no other training run or \`npm run runs\` command is running, delete that file and try again`);
    this.name = "LockTimeoutError";
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` milliseconds (the critical sections are a few milliseconds long). */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** The lock file's inode when it was left by a process that is gone (or is very old), else null. */
function staleInode(file: string, staleMs: number): number | null {
  try {
    const stat = fs.statSync(file);
    if (Date.now() - stat.mtimeMs > staleMs) return stat.ino;
    const pid = Number(fs.readFileSync(file, "utf8").split(/\s/)[0]);
    return Number.isInteger(pid) && pid > 0 && !processAlive(pid) ? stat.ino : null;
  } catch {
    return null; // gone already, or being written: try again
  }
}

/** Removes the lock file only if it is still the stale one (not a fresh lock taken meanwhile). */
function breakStaleLock(file: string, inode: number): void {
  try {
    if (fs.statSync(file).ino === inode) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/** Runs `critical` while holding the lock file `file`; always releases it. */
export function withFileLock<T>(file: string, critical: () => T, options: { timeoutMs?: number; staleMs?: number } = {}): T {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  let fd: number | null = null;
  for (let attempt = 0; fd === null; attempt++) {
    try {
      fd = fs.openSync(file, "wx");
      fs.writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const inode = staleInode(file, staleMs);
      if (inode !== null) {
        breakStaleLock(file, inode);
        continue;
      }
      if (Date.now() - started > timeoutMs) throw new LockTimeoutError(file, Math.round(timeoutMs / 1000));
      sleepSync(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
    }
  }
  try {
    return critical();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}
