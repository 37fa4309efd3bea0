// Training snapshots (断点续训): everything a run needs to continue exactly, in one JSON file with a
// checksum. Files are written atomically (temporary file, then rename), so a crash or Ctrl-C never
// leaves a half-written checkpoint in place of a good one, and a damaged file is refused with a
// message instead of resuming from garbage.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { removeAbandonedTemporaries, writeFileAtomic } from "../core/files";
import { checkpointPath, listCheckpoints } from "../core/checkpoint_files";
import { UserError } from "../core/user_error";

export { checkpointPath, checkpointStep, listCheckpoints } from "../core/checkpoint_files";

export const CHECKPOINT_FORMAT = "policy-gradient-course/checkpoint";
export const CHECKPOINT_VERSION = 1;

export class CheckpointError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

interface CheckpointFile {
  format: string;
  version: number;
  task: string;
  step: number;
  savedAt: string;
  sha256: string;
  payload: unknown;
}

function digest(payload: unknown): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}

/** Float32Array ⇄ base64 (exact, and a third of the size of a JSON number list). */
export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

export function decodeFloat32(text: string, expectedLength?: number): Float32Array {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0 || (expectedLength !== undefined && bytes.length !== expectedLength * 4)) {
    throw new CheckpointError(`an array in the checkpoint has the wrong size (${bytes.length} bytes${expectedLength !== undefined ? `, expected ${expectedLength * 4}` : ""})`);
  }
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}


/** Writes the checkpoint atomically, then keeps only the newest `keep` in its folder. */
export function saveCheckpoint(dir: string, task: string, step: number, payload: unknown, keep = 3): string {
  const file = checkpointPath(dir, step);
  const record: CheckpointFile = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    task,
    step,
    savedAt: new Date().toISOString(),
    sha256: digest(payload),
    payload,
  };
  writeFileAtomic(file, JSON.stringify(record));
  for (const old of listCheckpoints(dir).slice(0, -keep)) fs.rmSync(old, { force: true });
  removeAbandonedTemporaries(dir); // half-written snapshots of a run that was killed

  return file;
}

/** A checkpoint file, or the newest one in a folder. */
export function resolveCheckpoint(target: string): string {
  if (!fs.existsSync(target)) throw new CheckpointError(`There is no checkpoint at ${target}: the path does not exist. Checkpoints are written to checkpoints/<run>/step-NNNNNN.json; pass one of those files or its folder.`);
  if (fs.statSync(target).isDirectory()) {
    const files = listCheckpoints(target);
    if (files.length === 0) throw new CheckpointError(`The folder ${target} holds no checkpoint (no step-NNNNNN.json files).`);
    return files[files.length - 1];
  }
  return target;
}

/** Reads and verifies a checkpoint for `task`; returns its payload and step. */
export function loadCheckpoint(target: string, task: string): { file: string; step: number; payload: unknown } {
  const file = resolveCheckpoint(target);
  let record: CheckpointFile;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CheckpointError(`${file} is not a readable checkpoint (${(error as Error).message}); the file is damaged or truncated. Resume from an older checkpoint in the same folder, or start a new run.`);
  }
  if (record?.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${file} is not a checkpoint of this course (format "${record?.format}").`);
  if (record.version !== CHECKPOINT_VERSION) throw new CheckpointError(`${file} has checkpoint version ${record.version}; this code reads version ${CHECKPOINT_VERSION}.`);
  if (record.task !== task) throw new CheckpointError(`${file} is a checkpoint of a "${record.task}" run, not "${task}"; resume it with --task ${record.task}.`);
  if (digest(record.payload) !== record.sha256) {
    throw new CheckpointError(`${file} is corrupt: its contents do not match their checksum. Resume from an older checkpoint in the same folder, or start a new run.`);
  }
  return { file, step: record.step, payload: record.payload };
}
