// The TensorFlow.js side of the MLPs in src/nets/mlp.ts: the same flat parameters as tensors, a batched
// forward pass that can be differentiated, and the gradient of any scalar loss flattened back into
// the parameters' layout. The policy and the value function both learn through it.
import type { MlpShape } from "./mlp";
import { tf } from "../core/tf";
import { matmul } from "./matmul";

/**
 * y = x·Wᵀ + b with W stored [out, in] (PyTorch's layout), through the shared matmul whose gradient
 * avoids transposed operands (src/nets/matmul.ts).
 */
function dense(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(matmul(x, tf.transpose(weight)), bias) as tf.Tensor2D;
}

export interface LossAndGradient {
  loss: number;
  gradient: Float32Array;
}

/** The parameters as tensors [W₀, b₀, W₁, b₁, …] (the caller disposes them). */
export function mlpParameterTensors(shape: MlpShape, params: Float32Array): tf.Tensor[] {
  return shape.layers.flatMap((layer) => [
    tf.tensor2d(params.subarray(layer.weightOffset, layer.biasOffset), [layer.outputs, layer.inputs]),
    tf.tensor1d(params.subarray(layer.biasOffset, layer.biasOffset + layer.outputs)),
  ]);
}

/** The network's raw outputs for a batch [N, inputs] → [N, outputs] (ReLU between layers). */
export function applyMlp(shape: MlpShape, parameters: tf.Tensor[], inputs: tf.Tensor2D): tf.Tensor2D {
  let h = inputs;
  const layers = shape.layers.length;
  for (let l = 0; l < layers; l++) {
    h = dense(h, parameters[2 * l] as tf.Tensor2D, parameters[2 * l + 1] as tf.Tensor1D);
    if (l < layers - 1) h = tf.relu(h);
  }
  return h;
}

/**
 * The value of `loss` (built from the parameter tensors inside a gradient scope) and its gradient,
 * flat in the layout of `params`. Everything made on the way is freed.
 */
export function mlpLossAndGradient(shape: MlpShape, params: Float32Array, loss: (parameters: tf.Tensor[]) => tf.Scalar): LossAndGradient {
  const parameters = mlpParameterTensors(shape, params);
  try {
    const { value, grads } = tf.tidy(() => tf.valueAndGrads((...p: tf.Tensor[]) => loss(p))(parameters));
    const gradient = new Float32Array(shape.parameterCount);
    shape.layers.forEach((layer, l) => {
      gradient.set(grads[2 * l].dataSync(), layer.weightOffset);
      gradient.set(grads[2 * l + 1].dataSync(), layer.biasOffset);
    });
    const lossValue = value.dataSync()[0];
    tf.dispose([value, ...grads]);
    return { loss: lossValue, gradient };
  } finally {
    tf.dispose(parameters);
  }
}
