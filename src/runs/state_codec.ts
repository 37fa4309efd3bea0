// One checkpoint encoding for every trainer's state (REINFORCE, PPO, the language model): the state
// object as it is, with each Float32Array (weights, optimizer moments) written as base64 text, which
// is exact and a third of the size of a list of numbers. A trainer declares where its arrays are
// (paths such as "critic.adam.m") and which of them belong together (a network's weights and its
// optimizer's moments have one length); decoding turns exactly those back and checks them.
import { decodeFloat32, encodeFloat32 } from "./checkpoint";

export interface StateArrays {
  /** Dotted paths of the Float32Arrays in the state; a path whose parent object is absent (no critic) is skipped, a missing array is an error. */
  paths: readonly string[];
  /** Groups of paths whose arrays must have the same length. */
  sameLength?: readonly (readonly string[])[];
}

type Tree = Record<string, unknown>;

/** Fields of a state that earlier versions of the library saved under another name: old name → name now. */
const RENAMED_FIELDS: Record<string, string> = { elapsedSeconds: "wallSeconds" };

/** The payload with each renamed field under its current name (a checkpoint from before the rename still resumes). */
function withCurrentNames(payload: Tree): Tree {
  const renamed = { ...payload };
  for (const [old, current] of Object.entries(RENAMED_FIELDS)) {
    if (old in renamed && !(current in renamed)) {
      renamed[current] = renamed[old];
      delete renamed[old];
    }
  }
  return renamed;
}

/** A copy of `tree` with the value at `path` replaced by `change(value)`, copying only the objects along the path. */
function mapAt(tree: Tree, path: string[], change: (value: unknown, where: string) => unknown, where: string): Tree {
  const [head, ...rest] = path;
  const value = tree[head];
  if (rest.length === 0) return { ...tree, [head]: change(value, where) };
  if (value === undefined || value === null) return tree; // an optional part (no critic): nothing to change
  if (typeof value !== "object" || value === null) throw new Error(`${where}: ${head} is not an object`);
  return { ...tree, [head]: mapAt(value as Tree, rest, change, where) };
}

function valueAt(tree: Tree, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Tree)[key] : undefined), tree);
}

/** The state as a JSON-ready checkpoint payload. */
export function encodeTrainerState(state: object, arrays: StateArrays): Tree {
  return arrays.paths.reduce(
    (tree, path) =>
      mapAt(tree, path.split("."), (value, where) => {
        if (!(value instanceof Float32Array)) throw new Error(`${where} is not a Float32Array`);
        return encodeFloat32(value);
      }, path),
    { ...(state as Tree) },
  );
}

/** The state back from a checkpoint payload; an Error naming the field when an array is missing, damaged or of the wrong length. */
export function decodeTrainerState<S>(payload: unknown, arrays: StateArrays): S {
  if (typeof payload !== "object" || payload === null) throw new Error("the training state is not an object");
  const decoded = arrays.paths.reduce(
    (tree, path) =>
      mapAt(tree, path.split("."), (value, where) => {
        if (typeof value !== "string") throw new Error(`${where} is missing or not an encoded array`);
        return decodeFloat32(value);
      }, path),
    withCurrentNames(payload as Tree),
  );
  for (const group of arrays.sameLength ?? []) {
    const present = group.filter((path) => valueAt(decoded, path) instanceof Float32Array);
    const lengths = present.map((path) => (valueAt(decoded, path) as Float32Array).length);
    if (new Set(lengths).size > 1) throw new Error(`${present.join(", ")} should have one length, got ${lengths.join(", ")}`);
  }
  return decoded as S;
}
