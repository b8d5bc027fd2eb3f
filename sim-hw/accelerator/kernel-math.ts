/**
 * The proxy kernels' arithmetic, in IEEE float32: every product and sum is
 * rounded to float32 (Math.fround, or a store into a Float32Array) in a fixed
 * order, so a run is bit-reproducible and resuming between steps changes
 * nothing. No allocation: outputs and scratch are passed in.
 */

const f32 = Math.fround;

/** C[r0..r1) = A[r0..r1) B, with A (m x k), B (k x p), C (m x p), sums over k in increasing order. */
export function matmulRows(a: Float32Array, b: Float32Array, c: Float32Array, k: number, p: number, r0: number, r1: number): void {
  for (let i = r0; i < r1; i++) {
    const rowC = i * p;
    const rowA = i * k;
    c.fill(0, rowC, rowC + p);
    for (let t = 0; t < k; t++) {
      const aValue = a[rowA + t]!;
      const rowB = t * p;
      for (let j = 0; j < p; j++) c[rowC + j] = c[rowC + j]! + f32(aValue * b[rowB + j]!);
    }
  }
}

/**
 * Y[r0..r1) = relu(X W1 + b1) W2 + b2 for a batch block; X (b x d), W1 (d x h),
 * b1 (h), W2 (h x o), b2 (o), Y (b x o); hidden is scratch of length h.
 */
export function mlpRows(
  x: Float32Array,
  w1: Float32Array,
  b1: Float32Array,
  w2: Float32Array,
  b2: Float32Array,
  y: Float32Array,
  hidden: Float32Array,
  dims: readonly [number, number, number],
  r0: number,
  r1: number,
): void {
  const [d, h, o] = dims;
  for (let i = r0; i < r1; i++) {
    hidden.fill(0, 0, h);
    for (let t = 0; t < d; t++) {
      const xValue = x[i * d + t]!;
      for (let j = 0; j < h; j++) hidden[j] = hidden[j]! + f32(xValue * w1[t * h + j]!);
    }
    for (let j = 0; j < h; j++) {
      const z = f32(hidden[j]! + b1[j]!);
      hidden[j] = z > 0 ? z : 0;
    }
    const rowY = i * o;
    y.fill(0, rowY, rowY + o);
    for (let j = 0; j < h; j++) {
      const hValue = hidden[j]!;
      for (let q = 0; q < o; q++) y[rowY + q] = y[rowY + q]! + f32(hValue * w2[j * o + q]!);
    }
    for (let q = 0; q < o; q++) y[rowY + q] = y[rowY + q]! + b2[q]!;
  }
}

/**
 * One full-batch gradient-descent epoch on the mean squared error
 * L(w) = (1/n) sum_i (x_i . w - y_i)^2: w -= rate * (2/n) X^T (X w - y).
 * residual (n) and gradient (d) are scratch.
 */
export function trainingEpoch(
  x: Float32Array,
  y: Float32Array,
  w: Float32Array,
  residual: Float32Array,
  gradient: Float32Array,
  n: number,
  d: number,
  learningRate: number,
): void {
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum = f32(sum + f32(x[i * d + t]! * w[t]!));
    residual[i] = sum - y[i]!;
  }
  gradient.fill(0, 0, d);
  for (let i = 0; i < n; i++) {
    const r = residual[i]!;
    for (let t = 0; t < d; t++) gradient[t] = gradient[t]! + f32(x[i * d + t]! * r);
  }
  const scale = f32((2 / n) * learningRate);
  for (let t = 0; t < d; t++) w[t] = w[t]! - f32(scale * gradient[t]!);
}

/** Mean squared error of a linear model (float64, for tests and reports). */
export function meanSquaredError(x: Float32Array, y: Float32Array, w: Float32Array, n: number, d: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += x[i * d + t]! * w[t]!;
    total += (sum - y[i]!) ** 2;
  }
  return total / n;
}
