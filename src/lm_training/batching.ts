// Minibatches drawn from a dataset with the run's own random generator (so a resumed run draws the
// same ones), the gradient of a scalar loss with respect to a transformer's flat parameters, and a
// plain minibatch training loop.
import { Adam } from "../nets/adam";
import type { Rng } from "../core/random";
import { tf } from "../core/tf";
import { checkedGradientNorm } from "../rl/train_loop";
import type { Transformer } from "../lm/transformer";

export function sampleBatch<T>(items: T[], size: number, rng: Rng): T[] {
  return Array.from({ length: size }, () => items[rng.int(items.length)]);
}

/**
 * The value of `loss(parameters)` and its gradient, flat in the transformer's layout. Every tensor
 * made on the way is freed.
 */
export function lossAndFlatGradient(model: Transformer, loss: (parameters: tf.Tensor[]) => tf.Scalar): { loss: number; gradient: Float32Array } {
  const parameters = model.parameterTensors();
  try {
    const { value, grads } = tf.tidy(() => tf.valueAndGrads((...p: tf.Tensor[]) => loss(p))(parameters));
    const gradient = new Float32Array(model.params.length);
    model.layout.slices.forEach((slice, i) => gradient.set(grads[i].dataSync(), slice.offset));
    const lossValue = value.dataSync()[0];
    tf.dispose([value, ...grads]);
    return { loss: lossValue, gradient };
  } finally {
    tf.dispose(parameters);
  }
}

export interface MinibatchConfig {
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface MinibatchRecord {
  step: number;
  /** The minibatch's loss before the step. */
  loss: number;
  wallSeconds: number;
}

/**
 * Plain minibatch training with Adam: `steps` times, draw a batch from `data` with the run's own
 * generator, compute `loss` and its gradient, step. Used by the supervised model and the reward
 * model; `what` names the training in the error a NaN loss raises.
 */
export async function trainOnMinibatches<T>(
  model: Transformer,
  rng: Rng,
  config: MinibatchConfig,
  data: T[],
  loss: (parameters: tf.Tensor[], batch: T[]) => tf.Scalar,
  what: string,
  onStep?: (record: MinibatchRecord) => void | Promise<void>,
): Promise<MinibatchRecord[]> {
  const adam = new Adam(model.params.length, { learningRate: config.learningRate });
  const history: MinibatchRecord[] = [];
  let seconds = 0;
  for (let step = 1; step <= config.steps; step++) {
    const started = performance.now();
    const batch = sampleBatch(data, config.batchSize, rng);
    const result = lossAndFlatGradient(model, (p) => loss(p, batch));
    try {
      checkedGradientNorm(result.loss, result.gradient, step);
    } catch (error) {
      throw new Error(`${what} diverged: ${(error as Error).message}`);
    }
    adam.step(model.params, result.gradient);
    seconds += (performance.now() - started) / 1000;
    const record = { step, loss: result.loss, wallSeconds: seconds };
    history.push(record);
    if (onStep) await onStep(record);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return history;
}
