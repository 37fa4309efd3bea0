// Backend choice is global to a process, so each case runs in a child process of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { NATIVE_PACKAGE } from "../../src/core/tf";

const SCRIPT = `
const { initBackend, describeBackend, tf } = require("./src/core/tf");
initBackend().then((info) => {
  const sum = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
  console.log(JSON.stringify({ name: info.name, active: tf.getBackend(), sum, line: describeBackend(info) }));
}).catch((error) => { console.error(error.name + ": " + error.message); process.exit(3); });
`;

function run(backend: string | undefined) {
  const env = { ...process.env };
  delete env.TFJS_BACKEND;
  if (backend !== undefined) env.TFJS_BACKEND = backend;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", SCRIPT], { env, encoding: "utf8" });
  return { status: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

function nativeInstalled(): boolean {
  try {
    require.resolve(NATIVE_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

test("by default the fastest backend that loads is used, and it computes", () => {
  const { status, out, err } = run(undefined);
  assert.equal(status, 0, err);
  const info = JSON.parse(out);
  assert.equal(info.name, nativeInstalled() ? "tensorflow" : "wasm");
  assert.equal(info.active, info.name);
  assert.equal(info.sum, 11);
  assert.match(info.line, new RegExp(`on the ${info.name} backend`));
});

for (const forced of ["cpu", "wasm"]) {
  test(`TFJS_BACKEND=${forced} forces that backend`, () => {
    const { status, out, err } = run(forced);
    assert.equal(status, 0, err);
    const info = JSON.parse(out);
    assert.equal(info.active, forced);
    assert.equal(info.sum, 11);
    assert.match(info.line, /forced by TFJS_BACKEND/);
  });
}

test("a forced backend that is not available fails with a message saying how to get it", { skip: nativeInstalled() && "the native backend is installed here" }, () => {
  const { status, err } = run("tensorflow");
  assert.equal(status, 3);
  assert.match(err, /BackendError: TFJS_BACKEND=tensorflow was requested but that backend is not available/);
  assert.match(err, /@tensorflow\/tfjs-node/);
  assert.match(err, /README/);
});

test("an unknown backend name fails listing the choices", () => {
  const { status, err } = run("gpu");
  assert.equal(status, 3);
  assert.match(err, /Unknown TensorFlow.js backend "gpu".*tensorflow, wasm, cpu/);
});
