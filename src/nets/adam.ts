// Adam, exactly as torch.optim.Adam computes it (no weight decay, no amsgrad), on one flat
// parameter vector. Its whole state is three arrays and a step count, so a checkpoint stores it
// exactly and a resumed run continues bit for bit (the bias corrections are recomputed from the
// step count instead of accumulated).

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  step: number;
  /** First-moment estimate m (running mean of gradients). */
  m: Float32Array;
  /** Second-moment estimate v (running mean of squared gradients). */
  v: Float32Array;
}

/** An independent copy (a snapshot for a checkpoint, or a fresh start from one). */
export function copyAdamState(state: AdamState): AdamState {
  return { step: state.step, m: Float32Array.from(state.m), v: Float32Array.from(state.v) };
}

export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  state: AdamState;

  constructor(parameterCount: number, options: AdamOptions, state?: AdamState) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.learningRate > 0)) throw new Error(`the learning rate must be positive, got ${this.learningRate}`);
    if (state && (state.m.length !== parameterCount || state.v.length !== parameterCount)) {
      throw new Error(`optimizer state is for ${state.m.length} parameters, the model has ${parameterCount}`);
    }
    this.state = state ?? { step: 0, m: new Float32Array(parameterCount), v: new Float32Array(parameterCount) };
  }

  /**
   * One descent step on `params` (in place) for the gradient of the loss:
   *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
   *   θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
   */
  step(params: Float32Array, gradient: Float32Array): void {
    const { m, v } = this.state;
    const t = ++this.state.step;
    const { beta1, beta2, epsilon } = this;
    const stepSize = this.learningRate / (1 - beta1 ** t);
    const secondCorrection = Math.sqrt(1 - beta2 ** t);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / secondCorrection + epsilon);
    }
  }
}
