// Matrix products with a hand-written gradient for the transformer (src/lm/transformer.ts); the MLPs
// (src/nets/mlp_tensors.ts) write their own, which also skips the transpose of the weight.
import { tf } from "../core/tf";

type MatMul = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** Swaps the last two axes. */
export function swapLast(x: tf.Tensor): tf.Tensor {
  const rank = x.shape.length;
  const perm = x.shape.map((_, i) => (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));
  return tf.transpose(x, perm);
}

/**
 * a·b (batched over leading axes) with a gradient that uses explicit transposes: the wasm backend
 * multiplies a transposed operand about ten times slower than a plain one, and tfjs's own gradient
 * of matMul passes transposed operands.
 */
export const matmul: MatMul = tf.customGrad((...args: unknown[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, (t: tf.Tensor[]) => void];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      return [tf.matMul(dy as tf.Tensor3D, swapLast(sb) as tf.Tensor3D), tf.matMul(swapLast(sa) as tf.Tensor3D, dy as tf.Tensor3D)];
    },
  };
}) as unknown as MatMul;
