// Which TensorFlow.js backend runs the maths: the one place that decides.
//
// Order of preference: the native TensorFlow library (@tensorflow/tfjs-node) when it is installed
// and loads, else WebAssembly (@tensorflow/tfjs-backend-wasm), else plain JavaScript (cpu).
// TFJS_BACKEND=tensorflow|wasm|cpu forces one and fails loudly when it is not available.
import * as tf from "@tensorflow/tfjs";
import { UserError } from "./user_error";

export { tf };

/** Runs `compute` and then frees every tensor it made (tf.tidy, for functions that return plain numbers). */
export function freeingTensors<T>(compute: () => T): T {
  tf.engine().startScope();
  try {
    return compute();
  } finally {
    tf.engine().endScope();
  }
}

export const BACKEND_NAMES = ["tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  name: BackendName;
  /** Why this backend: forced by TFJS_BACKEND, or the best one that loaded. */
  reason: string;
  tfjsVersion: string;
}

/** tfjs-node is installed under this alias: danfojs-node's own copy of the real name is pure tfjs. */
export const NATIVE_PACKAGE = "tfjs-node-native";

const HOW_TO_GET: Record<BackendName, string> = {
  tensorflow:
    `It needs @tensorflow/tfjs-node (installed as "${NATIVE_PACKAGE}") with its native TensorFlow ` +
    "library. Its installer downloads that library from storage.googleapis.com, so it is missing on " +
    "machines that reach only the package registries; see the README section \"Backends\". " +
    "Unset TFJS_BACKEND to fall back to wasm.",
  wasm: "It comes with @tensorflow/tfjs-backend-wasm: run `npm ci` in the project folder.",
  cpu: "It ships with @tensorflow/tfjs: run `npm ci` in the project folder.",
};

export class BackendError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "BackendError";
  }
}

/**
 * Defaults for the native library, unless already set: quiet start-up (its notices would land on
 * stderr, in every notebook), and oneDNN off with one thread per op pool, which measured fastest on
 * this course's small networks (see the README, "Backends").
 */
const NATIVE_DEFAULTS: Record<string, string> = {
  TF_CPP_MIN_LOG_LEVEL: "2",
  TF_ENABLE_ONEDNN_OPTS: "0",
  TF_NUM_INTRAOP_THREADS: "1",
  TF_NUM_INTEROP_THREADS: "1",
};

function loadNative(): string | null {
  for (const [key, value] of Object.entries(NATIVE_DEFAULTS)) process.env[key] ??= value;
  try {
    require(NATIVE_PACKAGE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === "MODULE_NOT_FOUND" ? `${NATIVE_PACKAGE} is not installed` : String(error).split("\n")[0];
  }
  return tf.findBackendFactory("tensorflow") ? null : `${NATIVE_PACKAGE} loaded but registered no "tensorflow" backend`;
}

function loadWasm(): string | null {
  try {
    require("@tensorflow/tfjs-backend-wasm");
  } catch (error) {
    return String(error).split("\n")[0];
  }
  return null;
}

/** Makes `name` the active backend; returns why it could not, or null on success. */
async function activate(name: BackendName): Promise<string | null> {
  const loadProblem = name === "tensorflow" ? loadNative() : name === "wasm" ? loadWasm() : null;
  if (loadProblem) return loadProblem;
  try {
    if (!(await tf.setBackend(name))) return `tf.setBackend("${name}") failed to initialise it`;
  } catch (error) {
    return String(error).split("\n")[0];
  }
  await tf.ready();
  return null;
}

export function parseBackendName(value: string): BackendName {
  const name = value.trim().toLowerCase();
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendName;
  throw new BackendError(
    `Unknown TensorFlow.js backend "${value}" (from TFJS_BACKEND). Choose one of: ${BACKEND_NAMES.join(", ")}, ` +
      "or unset TFJS_BACKEND to pick the fastest one available.",
  );
}

let current: { request: string; info: Promise<BackendInfo> } | undefined;

/**
 * Picks and activates the backend once per process (later calls return the same answer).
 * `request` defaults to the TFJS_BACKEND environment variable; empty means "best available".
 */
export function initBackend(request: string = process.env.TFJS_BACKEND ?? ""): Promise<BackendInfo> {
  if (current && current.request === request) return current.info;
  const info = chooseBackend(request);
  current = { request, info };
  info.catch(() => {
    if (current?.info === info) current = undefined;
  });
  return info;
}

async function chooseBackend(request: string): Promise<BackendInfo> {
  // Production mode only silences tfjs's console hints (in 4.22 it changes nothing else), such as
  // the banner urging tfjs-node: every notebook and command states the backend in use instead.
  tf.enableProdMode();
  const tfjsVersion = tf.version.tfjs;
  if (request.trim() !== "") {
    const name = parseBackendName(request);
    const problem = await activate(name);
    if (problem) {
      throw new BackendError(`TFJS_BACKEND=${name} was requested but that backend is not available: ${problem}. ${HOW_TO_GET[name]}`);
    }
    return { name, reason: "forced by TFJS_BACKEND", tfjsVersion };
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    const problem = await activate(name);
    if (!problem) {
      const reason = skipped.length === 0 ? "the fastest one" : `the fastest that loaded; skipped ${skipped.join("; ")}`;
      return { name, reason, tfjsVersion };
    }
    skipped.push(`${name}: ${problem}`);
  }
  throw new BackendError(`No TensorFlow.js backend could start: ${skipped.join("; ")}. ${HOW_TO_GET.cpu}`);
}

export function describeBackend(info: BackendInfo): string {
  return `TensorFlow.js ${info.tfjsVersion} on the ${info.name} backend (${info.reason})`;
}
