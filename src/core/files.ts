// Writing files so that nothing already written is lost: write a temporary file next to the
// target, then rename it over the target (atomic on one filesystem). A crash mid-write leaves the
// old file intact.
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { processAlive } from "./processes";

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const fd = fs.openSync(temporary, "w");
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}

const TEMPORARY = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files in `dir` that a process killed mid-write left behind (its id is in the
 * name, and it no longer runs). Files of running writers are left alone.
 */
export function removeAbandonedTemporaries(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = TEMPORARY.exec(name);
    if (match && !processAlive(Number(match[1]))) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}
