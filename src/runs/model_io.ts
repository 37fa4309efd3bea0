// Final weights for inference (models/): the policy as a TensorFlow.js Layers model, model.json +
// weights.bin, the format tf.loadLayersModel reads: a Sequential of ReLU Dense layers with
//   softmax on top for a categorical policy: the model predicts π(·|s);
//   a linear top for a Gaussian policy: the model predicts the mean μ(s), the deterministic action; its
//   log σ and the action bounds are kept in model.json's metadata ("policyHead"), for sampling.
// Plain tfjs has no file-system handler (that lives in tfjs-node), so the two files are written
// and read here through tfjs's own (de)serialisers.
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../core/files";
import { box, type BoxSpace } from "../envs/spaces";
import { CategoricalPolicy } from "../rl/categorical_policy";
import { GaussianPolicy } from "../rl/gaussian_policy";
import type { Policy } from "../rl/policy";
import { tf } from "../core/tf";
import { UserError } from "../core/user_error";

export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

export class ModelFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "ModelFileError";
  }
}

/** What the Dense stack alone does not say: a Gaussian's log σ and action bounds. */
type PolicyHead = { kind: "categorical" } | { kind: "gaussian"; logStd: number[]; low: number[]; high: number[] };
const HEAD_KEY = "policyHead";

function headOf(policy: Policy): PolicyHead {
  if (policy instanceof CategoricalPolicy) return { kind: "categorical" };
  if (policy instanceof GaussianPolicy) return { kind: "gaussian", logStd: Array.from(policy.logStd), low: policy.actionSpace.low, high: policy.actionSpace.high };
  throw new ModelFileError(`a ${policy.constructor.name} has no model-file form here; categorical and Gaussian policies do`);
}

function toLayersModel(policy: Policy, head: PolicyHead): tf.Sequential {
  const model = tf.sequential();
  const layers = policy.shape.layers;
  layers.forEach((layer, l) => {
    model.add(tf.layers.dense({
      units: layer.outputs,
      activation: l < layers.length - 1 ? "relu" : head.kind === "categorical" ? "softmax" : "linear",
      inputShape: l === 0 ? [layer.inputs] : undefined,
    }));
  });
  // Our weights are [out, in] (PyTorch's layout); a Dense kernel is [in, out].
  const weights = layers.flatMap((layer) => [
    tf.tidy(() => tf.transpose(tf.tensor2d(policy.params.subarray(layer.weightOffset, layer.biasOffset), [layer.outputs, layer.inputs]))),
    tf.tensor1d(policy.params.subarray(layer.biasOffset, layer.biasOffset + layer.outputs)),
  ]);
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** The policy a loaded network and its head make; `network` is the Dense stack's parameters in our layout. */
function policyFrom(file: string, sizes: number[], network: number[], head: unknown, topActivation: string): Policy {
  if (topActivation === "softmax") return new CategoricalPolicy(sizes, Float32Array.from(network));
  const h = head as Partial<{ kind: string; logStd: unknown; low: unknown; high: unknown }> | undefined;
  const numbers = (value: unknown) => Array.isArray(value) && value.length === sizes[sizes.length - 1] && value.every((x) => typeof x === "number" && Number.isFinite(x));
  if (topActivation !== "linear" || h?.kind !== "gaussian" || !numbers(h.logStd) || !numbers(h.low) || !numbers(h.high)) {
    throw new ModelFileError(
      `${file} is neither a categorical policy (softmax on top) nor a Gaussian one (a linear top with log σ and action bounds for each of its ${sizes[sizes.length - 1]} outputs in its metadata "${HEAD_KEY}"): ` +
        `it was not written by \`npm run train\`, or was edited since. Train the policy again to get a model file that loads.`,
    );
  }
  const params = Float32Array.from([...network, ...(h.logStd as number[])]);
  let space: BoxSpace;
  try {
    space = box(h.low as number[], h.high as number[]);
  } catch (error) {
    throw new ModelFileError(`${file}: the action bounds in its metadata are unusable (${(error as Error).message}). Train the policy again to get a model file that loads.`);
  }
  return new GaussianPolicy(sizes, params, space);
}

/** Writes `dir/model.json` and `dir/weights.bin`; `metadata` is kept in model.json. */
export async function savePolicyModel(dir: string, policy: Policy, metadata: Record<string, unknown> = {}): Promise<string> {
  const head = headOf(policy);
  const model = toLayersModel(policy, head);
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weightData = artifacts.weightData as ArrayBuffer;
        const manifest = [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }];
        const modelJson: tf.io.ModelJSON = {
          modelTopology: artifacts.modelTopology as object,
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
          weightsManifest: manifest,
          userDefinedMetadata: { ...metadata, [HEAD_KEY]: head } as { [key: string]: {} },
        };
        writeFileAtomic(path.join(dir, WEIGHTS_FILE), new Uint8Array(weightData));
        writeFileAtomic(path.join(dir, MODEL_FILE), JSON.stringify(modelJson, null, 1));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
  } finally {
    model.dispose();
  }
  return path.join(dir, MODEL_FILE);
}

/** Reads a policy saved by savePolicyModel (pass its folder or its model.json). */
export async function loadPolicyModel(target: string): Promise<{ policy: Policy; metadata: Record<string, unknown>; file: string }> {
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, MODEL_FILE) : target;
  if (!fs.existsSync(file)) throw new ModelFileError(`There is no model at ${target}. Training writes one to models/<run>/model.json; pass that file or its folder.`);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ModelFileError(`${file} is not a readable model.json (${(error as Error).message}).`);
  }
  const weightsPaths = modelJson.weightsManifest?.[0]?.paths ?? [];
  if (!modelJson.modelTopology || weightsPaths.length !== 1) throw new ModelFileError(`${file} is not a TensorFlow.js Layers model with one weights file.`);
  const weightsFile = path.join(path.dirname(file), weightsPaths[0]);
  if (!fs.existsSync(weightsFile)) throw new ModelFileError(`${file} needs its weights file ${weightsFile}, which is missing.`);
  const bytes = fs.readFileSync(weightsFile);
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, modelJson.weightsManifest[0].weights, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelFileError(`${file} could not be loaded: ${(error as Error).message}`);
  }
  try {
    const dense = model.layers;
    const sizes = [dense[0].batchInputShape?.[1] as number, ...dense.map((layer) => (layer.getConfig() as { units: number }).units)];
    const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const params: number[] = [];
    dense.forEach((_, l) => {
      const [inputs, outputs] = [sizes[l], sizes[l + 1]];
      const kernel = values[2 * l];
      for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) params.push(kernel[i * outputs + o]);
      params.push(...values[2 * l + 1]);
    });
    const { [HEAD_KEY]: head, ...metadata } = (modelJson.userDefinedMetadata ?? {}) as Record<string, unknown>;
    const topActivation = String((dense[dense.length - 1].getConfig() as { activation: string }).activation);
    return { policy: policyFrom(file, sizes, params, head, topActivation), metadata, file };
  } finally {
    model.dispose();
  }
}
