import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPolicyModel, savePolicyModel } from "../../src/runs/model_io";
import { CategoricalPolicy } from "../../src/rl/categorical_policy";
import { Rng } from "../../src/core/random";
import { initBackend, tf } from "../../src/core/tf";

before(async () => {
  await initBackend();
});

test("a saved policy is a TensorFlow.js Layers model that predicts the same probabilities, and loads back exactly", async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "model-")), "cartpole");
  const policy = CategoricalPolicy.create([4, 16, 8, 2], new Rng(3));
  await savePolicyModel(dir, policy, { env: "CartPole-v1", note: "test" });
  assert.deepEqual(fs.readdirSync(dir).sort(), ["model.json", "weights.bin"]);

  const { policy: loaded, metadata } = await loadPolicyModel(dir);
  assert.deepEqual(loaded.shape.sizes, [4, 16, 8, 2]);
  assert.deepEqual(loaded.params, policy.params);
  assert.deepEqual(metadata, { env: "CartPole-v1", note: "test" });

  // Any tfjs program can use it: load through tf.loadLayersModel and predict.
  const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const weights = fs.readFileSync(path.join(dir, "weights.bin"));
  const model = await tf.loadLayersModel(tf.io.fromMemory(json.modelTopology, json.weightsManifest[0].weights, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)));
  const obs = [0.02, -0.3, 0.05, 0.4];
  const predicted = (model.predict(tf.tensor2d([obs])) as tf.Tensor).dataSync();
  const ours = policy.probabilities(obs);
  predicted.forEach((p, a) => assert.ok(Math.abs(p - ours[a]) < 1e-6));
  model.dispose();
});

test("a missing model or weights file is reported clearly", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "model-"));
  await assert.rejects(loadPolicyModel(path.join(dir, "nothing")), /There is no model at/);
  await savePolicyModel(dir, CategoricalPolicy.create([4, 4, 2], new Rng(1)));
  fs.rmSync(path.join(dir, "weights.bin"));
  await assert.rejects(loadPolicyModel(dir), /needs its weights file .*missing/);
  fs.writeFileSync(path.join(dir, "model.json"), "{ not json");
  await assert.rejects(loadPolicyModel(dir), /not a readable model.json/);
});
