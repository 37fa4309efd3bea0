// Saving and loading the course's transformers (the language-model policy and the learned reward
// model): a folder with transformer.json (what it is: kind, architecture, vocabulary, how it was
// made, and a checksum of the weights) and weights.bin (the flat float32 parameters).
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic, writeJsonAtomic } from "../core/files";
import { VOCABULARY } from "./tokenizer";
import { Transformer, type TransformerConfig } from "./transformer";
import { UserError } from "../core/user_error";

export const TRANSFORMER_FILE = "transformer.json";
export const TRANSFORMER_WEIGHTS = "weights.bin";
const FORMAT = "policy-gradient-course/transformer";

export type ModelKind = "policy" | "reward-model";

export class TransformerFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "TransformerFileError";
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function saveTransformer(dir: string, kind: ModelKind, model: Transformer, metadata: Record<string, unknown> = {}): string {
  const bytes = new Uint8Array(model.params.buffer, model.params.byteOffset, model.params.byteLength);
  writeFileAtomic(path.join(dir, TRANSFORMER_WEIGHTS), bytes);
  const file = path.join(dir, TRANSFORMER_FILE);
  writeJsonAtomic(file, { format: FORMAT, kind, config: model.config, vocabulary: VOCABULARY, weights: TRANSFORMER_WEIGHTS, sha256: sha256(bytes), metadata });
  return file;
}

export interface LoadedTransformer {
  model: Transformer;
  kind: ModelKind;
  metadata: Record<string, unknown>;
  file: string;
}

/** Loads a folder written by saveTransformer (or its transformer.json), checking kind and checksum. */
export function loadTransformer(target: string, kind: ModelKind): LoadedTransformer {
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, TRANSFORMER_FILE) : target;
  if (!fs.existsSync(file)) throw new TransformerFileError(`There is no ${kind} at ${target} (no ${TRANSFORMER_FILE}).`);
  let info: { format?: string; kind?: ModelKind; config: TransformerConfig; vocabulary?: string[]; weights: string; sha256: string; metadata?: Record<string, unknown> };
  try {
    info = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new TransformerFileError(`${file} is not readable JSON (${(error as Error).message}).`);
  }
  if (info.format !== FORMAT) throw new TransformerFileError(`${file} is not a model file of this course.`);
  if (info.kind !== kind) throw new TransformerFileError(`${file} holds a ${info.kind}, not a ${kind}.`);
  if (JSON.stringify(info.vocabulary) !== JSON.stringify(VOCABULARY)) throw new TransformerFileError(`${file} was made with another vocabulary.`);
  const weightsFile = path.join(path.dirname(file), info.weights);
  if (!fs.existsSync(weightsFile)) throw new TransformerFileError(`${file} needs ${weightsFile}, which is missing.`);
  const bytes = fs.readFileSync(weightsFile);
  if (sha256(bytes) !== info.sha256) throw new TransformerFileError(`${weightsFile} is corrupt: it does not match the checksum in ${file}.`);
  const params = new Float32Array(bytes.length / 4);
  new Uint8Array(params.buffer).set(bytes);
  try {
    return { model: new Transformer(info.config, params), kind, metadata: info.metadata ?? {}, file };
  } catch (error) {
    throw new TransformerFileError(`${file} does not describe its weights: ${(error as Error).message}`);
  }
}
