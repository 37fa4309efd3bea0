// Small statistics used to check the lessons' claims: means, spreads, confidence intervals, fits.

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new Error("mean of an empty list");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Unbiased sample variance (divides by n − 1). */
export function variance(values: ArrayLike<number>): number {
  if (values.length < 2) throw new Error("variance needs at least two values");
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - 1);
}

export function std(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}

/** Standard error of the mean: std / √n. */
export function standardError(values: ArrayLike<number>): number {
  return std(values) / Math.sqrt(values.length);
}

/** Root-mean-square distance of the values from a known target. */
export function rmse(values: ArrayLike<number>, target: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - target) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Least-squares line y ≈ slope·x + intercept. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  if (x.length !== y.length || x.length < 2) throw new Error("fitLine needs two equally long lists of at least two points");
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Slope of log(y) against log(x): the exponent p in y ∝ x^p. */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return fitLine(Array.from(x, Math.log), Array.from(y, Math.log)).slope;
}

/** Evenly spaced numbers from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count < 2) return [start];
  return Array.from({ length: count }, (_, i) => start + ((stop - start) * i) / (count - 1));
}

/** Roughly log-spaced integers from `start` to `stop` inclusive, without repeats. */
export function logspaceInts(start: number, stop: number, count: number): number[] {
  const values = linspace(Math.log(start), Math.log(stop), count).map((v) => Math.round(Math.exp(v)));
  return [...new Set(values)];
}

/** Pearson correlation of two equally long lists. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length || x.length < 2) throw new Error("pearson needs two equally long lists of at least two values");
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The mean of each value and the `window − 1` before it (fewer at the start), for a readable curve. */
export function movingAverage(values: ArrayLike<number>, window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  // one square root, not two: parallel vectors come out at exactly 1 when their squares are exact
  return dot / Math.sqrt(aa * bb);
}

/** The angle between two vectors, in degrees (0: same direction, 90: orthogonal, 180: opposite). */
export function angleDegrees(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return (Math.acos(Math.max(-1, Math.min(1, cosine(a, b)))) * 180) / Math.PI;
}

/** log C(n, k). */
function logChoose(n: number, k: number): number {
  let total = 0;
  for (let i = 1; i <= k; i++) total += Math.log(n - k + i) - Math.log(i);
  return total;
}

/**
 * Fisher's exact test, two-sided: the probability, if both groups had the same success rate, of a
 * split of the successes at most as likely as the one seen (a successes of n in one group, b of m in
 * the other). Small counts (a few seeds per method) are what it is for.
 */
export function fisherExactTest(a: number, n: number, b: number, m: number): number {
  const successes = a + b;
  const logTotal = logChoose(n + m, successes);
  const probability = (k: number) => Math.exp(logChoose(n, k) + logChoose(m, successes - k) - logTotal);
  const observed = probability(a);
  let p = 0;
  for (let k = Math.max(0, successes - m); k <= Math.min(n, successes); k++) {
    const q = probability(k);
    if (q <= observed * (1 + 1e-9)) p += q;
  }
  return Math.min(1, p);
}

/**
 * The Wilson score interval for a success rate seen as `successes` of `n` (95% by default): unlike
 * p ± 1.96·√(p(1−p)/n) it stays inside [0, 1] and is not empty at 0 of n or n of n.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(n > 0) || successes < 0 || successes > n) throw new Error(`wilsonInterval needs 0 ≤ successes ≤ n and n > 0, got ${successes} of ${n}`);
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The index of the largest entry (the first, on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
