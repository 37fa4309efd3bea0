// Step 2 of the loop, return calculation (回报计算): from the rewards of one episode to the weights
// that multiply ∇ log π in the gradient estimate.

/** R(τ) = Σ_t r_t, the undiscounted total reward of the episode. */
export function totalReturn(rewards: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < rewards.length; i++) sum += rewards[i];
  return sum;
}

/**
 * The reward-to-go G_t = Σ_{k≥t} γ^{k−t} r_k for every step t, computed backwards in one pass:
 * G_t = r_t + γ G_{t+1}. With γ = 1 it is the plain sum of the rewards from t on.
 */
export function discountedReturns(rewards: ArrayLike<number>, gamma: number): Float64Array {
  if (!(gamma >= 0 && gamma <= 1)) throw new Error(`the discount γ must be in [0, 1], got ${gamma}`);
  const returns = new Float64Array(rewards.length);
  let running = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    running = rewards[t] + gamma * running;
    returns[t] = running;
  }
  return returns;
}

/**
 * (x − mean) / (std + ε). The one copy of this formula; callers say which standard deviation:
 *   - ddof 1 (the default), the sample standard deviation, with ε 1e-8: the source lesson's PyTorch code,
 *     `(returns - returns.mean()) / (returns.std() + 1e-8)` (torch's std() divides by n − 1);
 *     GRPO's group-normalised rewards use it too, with ε 1e-4 (src/lm_training/advantages.ts);
 *   - ddof 0, the population standard deviation, as PPO implementations normalise a batch of
 *     advantages (numpy's std(); src/rl/ppo.ts).
 * Centring shifts every weight by the same amount; scaling changes the step size (notebook 02
 * measures what this does to the gradient). Fewer than two values have no spread and give 0 (where
 * PyTorch would give NaN).
 */
export function standardise(values: ArrayLike<number>, options: { ddof?: 0 | 1; epsilon?: number } = {}): Float64Array {
  const { ddof = 1, epsilon = 1e-8 } = options;
  const n = values.length;
  const out = new Float64Array(n);
  if (n < 2) return out;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const std = Math.sqrt(squares / (n - ddof));
  for (let i = 0; i < n; i++) out[i] = (values[i] - mean) / (std + epsilon);
  return out;
}

/**
 * Generalised advantage estimation (GAE, Schulman et al. 2016) for one episode:
 *   δ_t = r_t + γ V(s_{t+1}) − V(s_t),   A_t = Σ_k (γλ)^k δ_{t+k},
 * with V after the last step = `finalValue` (0 when the episode terminated; V of the last state when
 * it was cut off by a time limit). λ = 1 gives G_t − V(s_t); λ = 0 the one-step TD error.
 */
export function generalisedAdvantages(rewards: ArrayLike<number>, values: ArrayLike<number>, finalValue: number, gamma: number, lambda: number): Float64Array {
  if (values.length !== rewards.length) throw new Error(`${rewards.length} rewards need as many values, got ${values.length}`);
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`λ must be in [0, 1], got ${lambda}`);
  const advantages = new Float64Array(rewards.length);
  let running = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    const next = t + 1 < rewards.length ? values[t + 1] : finalValue;
    const delta = rewards[t] + gamma * next - values[t];
    running = delta + gamma * lambda * running;
    advantages[t] = running;
  }
  return advantages;
}

/**
 * n-step bootstrapped targets and advantages for one episode (A2C):
 *   y_t = r_t + γ r_{t+1} + … + γ^{m−1} r_{t+m−1} + γ^m V(s_{t+m}),   m = min(n, T − t),
 *   A_t = y_t − V(s_t),
 * with V(s_T) = `finalValue` (0 when the episode terminated; V of the last state when the time limit cut
 * it). n = 1 is the one-step TD error r_t + γV(s_{t+1}) − V(s_t); n ≥ T gives G_t − V(s_t) back.
 */
export function nStepAdvantages(rewards: ArrayLike<number>, values: ArrayLike<number>, finalValue: number, gamma: number, n: number): { advantages: Float64Array; targets: Float64Array } {
  const T = rewards.length;
  if (values.length !== T) throw new Error(`${T} rewards need as many values, got ${values.length}`);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`n must be a whole number of steps ≥ 1, got ${n}`);
  const targets = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const end = Math.min(t + n, T);
    let target = end < T ? values[end] : finalValue;
    for (let k = end - 1; k >= t; k--) target = rewards[k] + gamma * target;
    targets[t] = target;
  }
  return { targets, advantages: targets.map((y, t) => y - values[t]) };
}
