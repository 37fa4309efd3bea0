// The TensorFlow.js side of the MLPs in src/nets/mlp.ts: the same flat parameters as tensors, a batched
// forward pass that can be differentiated, and the gradient of any scalar loss flattened back into
// the parameters' layout. The policy and the value function both learn through it.
//
// The flat parameters keep each weight as PyTorch does, [out, in]; a batch multiplies by its
// transpose, [in, out]. The wasm backend transposes slowly (about 100 µs for 128 × 128, as long as
// the 256-row product itself), so the transposes happen in JavaScript instead: each weight goes in
// both ways round (one for the forward product, one for the gradient with respect to its input), and
// its gradient comes back [in, out] and is transposed into the flat layout.
import type { MlpShape } from "./mlp";
import { tf } from "../core/tf";
import { swapLast } from "./matmul";

export interface LossAndGradient {
  loss: number;
  gradient: Float32Array;
}

/** One layer's weight both ways round, and its bias. */
export interface DenseTensors {
  /** W [out, in], the flat layout (used for the gradient with respect to the layer's input). */
  weight: tf.Tensor2D;
  /** Wᵀ [in, out], what the batch multiplies by (the parameter the gradient is taken for). */
  weightT: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** Writes the transpose of the [rows × cols] matrix at `source[from…]` into `target[to…]` as [cols × rows]. */
function transposeInto(source: ArrayLike<number>, from: number, rows: number, cols: number, target: Float32Array, to: number): Float32Array {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) target[to + c * rows + r] = source[from + r * cols + c];
  }
  return target;
}

/** Each layer's tensors (the caller disposes them). */
export function mlpParameterTensors(shape: MlpShape, params: Float32Array): DenseTensors[] {
  return shape.layers.map((layer) => ({
    weight: tf.tensor2d(params.subarray(layer.weightOffset, layer.biasOffset), [layer.outputs, layer.inputs]),
    weightT: tf.tensor2d(transposeInto(params, layer.weightOffset, layer.outputs, layer.inputs, new Float32Array(layer.inputs * layer.outputs), 0), [layer.inputs, layer.outputs]),
    bias: tf.tensor1d(params.subarray(layer.biasOffset, layer.biasOffset + layer.outputs)),
  }));
}

/**
 * y = x·Wᵀ + b, differentiable in x, Wᵀ and b: ∂x = dy·W with W as given (no transpose), ∂Wᵀ = xᵀ·dy
 * with an explicit transpose (the wasm backend multiplies a transposed operand far slower still).
 */
function dense(x: tf.Tensor2D, layer: DenseTensors): tf.Tensor2D {
  const product = tf.customGrad((...args: unknown[]) => {
    const [input, weightT, save] = args as [tf.Tensor2D, tf.Tensor2D, (t: tf.Tensor[]) => void];
    save([input]);
    return {
      value: tf.matMul(input, weightT),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, layer.weight), tf.matMul(swapLast(saved[0]) as tf.Tensor2D, dy as tf.Tensor2D)],
    };
  }) as unknown as (input: tf.Tensor2D, weightT: tf.Tensor2D) => tf.Tensor2D;
  return tf.add(product(x, layer.weightT), layer.bias) as tf.Tensor2D;
}

/** The network's raw outputs for a batch [N, inputs] → [N, outputs] (ReLU between layers). */
export function applyMlp(layers: DenseTensors[], inputs: tf.Tensor2D): tf.Tensor2D {
  let h = inputs;
  layers.forEach((layer, l) => {
    h = dense(h, layer);
    if (l < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

/**
 * The value of `loss` (built from the layers' tensors inside a gradient scope) and its gradient,
 * flat in the layout of `params`. Parameters after the network's (params beyond shape.parameterCount,
 * such as a Gaussian policy's log σ) come to `loss` as one more tensor and are differentiated too.
 * Everything made on the way is freed.
 */
export function mlpLossAndGradient(shape: MlpShape, params: Float32Array, loss: (layers: DenseTensors[], extra: tf.Tensor1D | null) => tf.Scalar): LossAndGradient {
  const extraCount = params.length - shape.parameterCount;
  if (extraCount < 0) throw new Error(`a ${shape.sizes.join("→")} network has ${shape.parameterCount} parameters, got ${params.length}`);
  const layers = mlpParameterTensors(shape, params);
  const extra = extraCount > 0 ? tf.tensor1d(params.subarray(shape.parameterCount)) : null;
  const differentiated = [...layers.flatMap((l) => [l.weightT, l.bias]), ...(extra ? [extra] : [])];
  try {
    const { value, grads } = tf.tidy(() =>
      tf.valueAndGrads((...p: tf.Tensor[]) =>
        loss(layers.map((l, i) => ({ weight: l.weight, weightT: p[2 * i] as tf.Tensor2D, bias: p[2 * i + 1] as tf.Tensor1D })), extra ? (p[2 * layers.length] as tf.Tensor1D) : null),
      )(differentiated),
    );
    const gradient = new Float32Array(params.length);
    shape.layers.forEach((layer, l) => {
      transposeInto(grads[2 * l].dataSync(), 0, layer.inputs, layer.outputs, gradient, layer.weightOffset); // [in, out] back to [out, in]
      gradient.set(grads[2 * l + 1].dataSync(), layer.biasOffset);
    });
    if (extra) gradient.set(grads[2 * layers.length].dataSync(), shape.parameterCount);
    const lossValue = value.dataSync()[0];
    tf.dispose([value, ...grads]);
    return { loss: lossValue, gradient };
  } finally {
    tf.dispose([...layers.flatMap((l) => [l.weight, l.weightT, l.bias]), ...(extra ? [extra] : [])]);
  }
}
