import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPolicyModel, savePolicyModel } from "../../src/runs/model_io";
import { CategoricalPolicy } from "../../src/rl/categorical_policy";
import { GaussianPolicy } from "../../src/rl/gaussian_policy";
import { box } from "../../src/envs/spaces";
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

test("a Gaussian policy is saved as its mean network (a linear top) with log σ and bounds beside it, and loads back exactly", async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "model-")), "pendulum");
  const space = box([-2, -1], [2, 1]);
  const policy = GaussianPolicy.create([3, 16, 2], space, new Rng(5), -0.7);
  policy.logStd[1] = 0.25; // the two dimensions' σ differ, so a swap would show
  await savePolicyModel(dir, policy, { env: "Pendulum-v1" });

  const { policy: loaded, metadata } = await loadPolicyModel(dir);
  assert.ok(loaded instanceof GaussianPolicy);
  assert.deepEqual(loaded.params, policy.params);
  assert.deepEqual(loaded.actionSpace, space);
  assert.deepEqual(metadata, { env: "Pendulum-v1" });

  // tf.loadLayersModel predicts the mean: the deterministic action
  const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const weights = fs.readFileSync(path.join(dir, "weights.bin"));
  const model = await tf.loadLayersModel(tf.io.fromMemory(json.modelTopology, json.weightsManifest[0].weights, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)));
  const obs = [0.6, -0.8, 1.5];
  const predicted = (model.predict(tf.tensor2d([obs])) as tf.Tensor).dataSync();
  const mean = policy.mean(obs);
  predicted.forEach((m, i) => assert.ok(Math.abs(m - mean[i]) < 1e-5, `${m} vs ${mean[i]}`));
  model.dispose();

  // without its log σ the file is not a policy: refused, naming what is missing
  json.userDefinedMetadata.policyHead.logStd = [0.1];
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
  await assert.rejects(loadPolicyModel(dir), /neither a categorical policy \(softmax on top\) nor a Gaussian one \(a linear top with log σ and action bounds for each of its 2 outputs.*Train the policy again/);
  json.userDefinedMetadata.policyHead = { kind: "gaussian", logStd: [0, 0], low: [1, 1], high: [0, 2] };
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
  await assert.rejects(loadPolicyModel(dir), /the action bounds in its metadata are unusable \(a box action space needs bounds low < high/);
});
