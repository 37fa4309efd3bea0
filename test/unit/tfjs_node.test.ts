// The native TensorFlow backend (tfjs-node, installed as "tfjs-node-native" by `npm run setup:tfjs-node`)
// trains: a REINFORCE update runs on it, its first update agrees with the wasm backend's, and its
// gradient matches central finite differences of the float64 loss. Each backend runs in a child
// process of its own, since the backend is global to a process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { NATIVE_PACKAGE } from "../../src/core/tf";

const ROOT = path.resolve(__dirname, "..", "..");

function nativeInstalled(): boolean {
  try {
    require.resolve(NATIVE_PACKAGE, { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

const SKIP = nativeInstalled()
  ? false
  : `${NATIVE_PACKAGE} is not installed (npm cannot download libtensorflow here); ` +
    "`npm run setup:tfjs-node` builds it from npm and PyPI packages, see the README section \"Backends\"";

// Runs in the child: three REINFORCE updates on a 4→32→32→2 policy, then a gradient check.
const SCRIPT = `
const { initBackend, tf } = require("./src/core/tf");
const { Reinforce, SOURCE_LESSON_CONFIG } = require("./src/rl/reinforce");
const { CategoricalPolicy } = require("./src/rl/categorical_policy");
const { mlpShape } = require("./src/nets/mlp");
const { Rng } = require("./src/core/random");

function referenceLogProb(sizes, params, x, action) {
  const layers = mlpShape(sizes).layers;
  let h = Array.from(x);
  layers.forEach((layer, l) => {
    const next = [];
    for (let o = 0; o < layer.outputs; o++) {
      let s = params[layer.biasOffset + o];
      for (let i = 0; i < layer.inputs; i++) s += params[layer.weightOffset + o * layer.inputs + i] * h[i];
      next.push(l < layers.length - 1 ? Math.max(0, s) : s);
    }
    h = next;
  });
  const max = Math.max(...h);
  return h[action] - max - Math.log(h.reduce((s, v) => s + Math.exp(v - max), 0));
}

initBackend().then((info) => {
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [32, 32], episodes: 3 });
  const initial = Float32Array.from(trainer.policy.params);
  const records = [...trainer.update()];
  const tensorsAfterFirst = tf.memory().numTensors;
  while (!trainer.finished) records.push(...trainer.update());
  let moved = 0;
  trainer.policy.params.forEach((v, i) => { moved = Math.max(moved, Math.abs(v - initial[i])); });

  const rng = new Rng(8);
  const sizes = [4, 16, 16, 2];
  const policy = CategoricalPolicy.create(sizes, rng);
  const steps = 40;
  const observations = Float32Array.from({ length: steps * 4 }, () => rng.normal(0, 1));
  const actions = Int32Array.from({ length: steps }, () => rng.int(2));
  const weights = Float32Array.from({ length: steps }, () => rng.normal(0, 1));
  const { loss, gradient } = policy.lossAndGradient(observations, actions, weights);
  const params = Float64Array.from(policy.params);
  const exactLoss = (p) => {
    let sum = 0;
    for (let t = 0; t < steps; t++) sum -= weights[t] * referenceLogProb(sizes, p, observations.subarray(4 * t, 4 * t + 4), actions[t]);
    return sum;
  };
  const h = 1e-6;
  let worstGradient = 0;
  for (let k = 0; k < 60; k++) {
    const i = rng.int(params.length);
    const up = Float64Array.from(params);
    const down = Float64Array.from(params);
    up[i] += h;
    down[i] -= h;
    const numeric = (exactLoss(up) - exactLoss(down)) / (2 * h);
    worstGradient = Math.max(worstGradient, Math.abs(gradient[i] - numeric) / (1e-4 + 1e-3 * Math.abs(numeric)));
  }
  console.log(JSON.stringify({
    backend: tf.getBackend(), requested: info.name, records, moved,
    tensorsAfterFirst, tensorsAtEnd: tf.memory().numTensors,
    loss, exactLoss: exactLoss(params), worstGradient,
  }));
}).catch((error) => { console.error(error.name + ": " + error.message); process.exit(3); });
`;

interface Result {
  backend: string;
  requested: string;
  records: { episode: number; return: number; length: number; loss: number; entropy: number; gradNorm: number }[];
  moved: number;
  tensorsAfterFirst: number;
  tensorsAtEnd: number;
  loss: number;
  exactLoss: number;
  /** Largest |tf − finite difference| as a fraction of the tolerance 1e-4 + 1e-3·|fd|: below 1 passes. */
  worstGradient: number;
}

function runOn(backend: string): Result {
  // TF_CPP_MIN_LOG_LEVEL=2 keeps TensorFlow's start-up notices (oneDNN, CPU features) off stderr.
  const env = { ...process.env, TFJS_BACKEND: backend, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? "2" };
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", SCRIPT], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, `the ${backend} child failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "");
}

test("a REINFORCE training step and a gradient check on the native tensorflow backend (tfjs-node)", { skip: SKIP }, () => {
  const native = runOn("tensorflow");
  assert.equal(native.backend, "tensorflow");
  assert.equal(native.requested, "tensorflow");

  // Three updates ran, learned something, and left no tensors behind.
  assert.deepEqual(native.records.map((r) => r.episode), [1, 2, 3]);
  for (const r of native.records) {
    assert.ok(r.length > 0 && r.return === r.length, `episode ${r.episode}: return ${r.return}, length ${r.length}`);
    assert.ok(Number.isFinite(r.loss) && r.gradNorm > 0 && Number.isFinite(r.gradNorm), `episode ${r.episode}: loss ${r.loss}, |g| ${r.gradNorm}`);
    assert.ok(r.entropy > 0 && r.entropy <= Math.LN2 + 1e-9, `episode ${r.episode}: entropy ${r.entropy}`);
  }
  assert.ok(native.moved > 0, "the weights changed");
  assert.equal(native.tensorsAtEnd, native.tensorsAfterFirst, "no tensors leak across updates");

  // The gradient is right: float32 TensorFlow against float64 finite differences.
  assert.ok(Math.abs(native.loss - native.exactLoss) < 1e-4 * Math.max(1, Math.abs(native.exactLoss)), `loss ${native.loss} vs ${native.exactLoss}`);
  assert.ok(native.worstGradient < 1, `worst gradient error is ${native.worstGradient.toFixed(2)}× the tolerance`);

  // The first update sees the same episode on both backends (episodes are played in JavaScript), so
  // its loss and gradient norm must agree with wasm's up to float32 rounding.
  const wasm = runOn("wasm");
  assert.equal(wasm.backend, "wasm");
  const [a, b] = [native.records[0], wasm.records[0]];
  assert.equal(a.length, b.length);
  assert.ok(Math.abs(a.loss - b.loss) <= 1e-4 * Math.max(1, Math.abs(b.loss)), `first loss: tensorflow ${a.loss}, wasm ${b.loss}`);
  assert.ok(Math.abs(a.gradNorm - b.gradNorm) <= 1e-4 * Math.max(1, b.gradNorm), `first |g|: tensorflow ${a.gradNorm}, wasm ${b.gradNorm}`);
});
