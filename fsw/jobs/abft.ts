/**
 * Algorithm-based fault tolerance for matrix products (Huang and Abraham,
 * 1984). A is augmented with a row of column sums and B with a column of
 * row sums; the device computes C' = A' B', an (m+1) x (p+1) matrix whose
 * last row holds the column sums of C and whose last column the row sums
 * (the corner both). With integer inputs whose partial sums stay below 2^24
 * every float32 operation is exact (exactMatmul), so the relations hold
 * exactly and any changed element shows:
 *   one wrong element: exactly one row and one column disagree; it is
 *     located at their crossing and rebuilt from its column (checked
 *     against its row);
 *   more: detected, not correctable.
 * A correct product holds only integers below 2^24 and never -0 (sums
 * start at +0), so any other value is a corruption at a known place. Works
 * on the raw result bytes so that nothing is canonicalised on the way.
 */

const EXACT_LIMIT = 2 ** 24;

/** A (m x k) with a last row of column sums: (m+1) x k. */
export function augmentRows(a: Float32Array, m: number, k: number): Float32Array {
  const out = new Float32Array((m + 1) * k);
  out.set(a.subarray(0, m * k));
  for (let t = 0; t < k; t++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += a[i * k + t]!;
    out[m * k + t] = sum;
  }
  return out;
}

/** B (k x p) with a last column of row sums: k x (p+1). */
export function augmentColumns(b: Float32Array, k: number, p: number): Float32Array {
  const out = new Float32Array(k * (p + 1));
  for (let t = 0; t < k; t++) {
    let sum = 0;
    for (let j = 0; j < p; j++) {
      const value = b[t * p + j]!;
      out[t * (p + 1) + j] = value;
      sum += value;
    }
    out[t * (p + 1) + p] = sum;
  }
  return out;
}

/**
 * True when the device's float32 product of these augmented inputs is exact:
 * every input an integer and, for every row of A', sum_t |A'[r][t]| *
 * max_j |B'[t][j]| below 2^24 (a bound on every partial sum and product).
 */
export function exactMatmul(a: Float32Array, b: Float32Array, rows: number, k: number, cols: number): boolean {
  const rowMaxB = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    let max = 0;
    for (let j = 0; j < cols; j++) {
      const value = b[t * cols + j]!;
      if (!Number.isInteger(value)) return false;
      max = Math.max(max, Math.abs(value));
    }
    rowMaxB[t] = max;
  }
  for (let r = 0; r < rows; r++) {
    let bound = 0;
    for (let t = 0; t < k; t++) {
      const value = a[r * k + t]!;
      if (!Number.isInteger(value)) return false;
      bound += Math.abs(value) * rowMaxB[t]!;
    }
    if (bound >= EXACT_LIMIT) return false;
  }
  return true;
}

export type AbftOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'corrected'; readonly row: number; readonly col: number; readonly was: number; readonly now: number }
  | { readonly kind: 'detected'; readonly badRows: number; readonly badCols: number };

/**
 * A value a correct exact product cannot hold: not an integer (fractions,
 * denormals, NaN, infinities), at or above 2^24 in size, or -0. Such an
 * element is a corruption at a known place, and leaving it out keeps every
 * float64 sum of the others exact.
 */
function impossible(value: number): boolean {
  return !Number.isInteger(value) || Math.abs(value) >= EXACT_LIMIT || (value === 0 && 1 / value < 0);
}

/**
 * Checks C' ((m+1) x (p+1) float32, little-endian bytes) and corrects one
 * wrong element in place. m and p are the ground's problem dims.
 */
export function checkProduct(bytes: Uint8Array, m: number, p: number): AbftOutcome {
  const width = p + 1;
  const rows = m + 1;
  if (bytes.byteLength !== rows * width * 4) return { kind: 'detected', badRows: rows, badCols: width };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (r: number, c: number) => view.getFloat32((r * width + c) * 4, true);
  const anomalies: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) if (impossible(at(r, c))) anomalies.push([r, c]);
  if (anomalies.length > 1) return { kind: 'detected', badRows: new Set(anomalies.map(([r]) => r)).size, badCols: new Set(anomalies.map(([, c]) => c)).size };
  const badRows: number[] = [];
  const badCols: number[] = [];
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < p; c++) sum += at(r, c);
    if (!(sum === at(r, p))) badRows.push(r);
  }
  for (let c = 0; c < width; c++) {
    let sum = 0;
    for (let r = 0; r < m; r++) sum += at(r, c);
    if (!(sum === at(m, c))) badCols.push(c);
  }
  const anomaly = anomalies[0];
  if (anomaly === undefined && badRows.length === 0 && badCols.length === 0) return { kind: 'ok' };
  const row = anomaly?.[0] ?? badRows[0];
  const col = anomaly?.[1] ?? badCols[0];
  const onlyThere = badRows.every((r) => r === row) && badCols.every((c) => c === col);
  if (row === undefined || col === undefined || badRows.length > 1 || badCols.length > 1 || !onlyThere)
    return { kind: 'detected', badRows: badRows.length, badCols: badCols.length };
  // From the column: the checksum row holds sums of rows 0..m-1.
  let fromColumn = row === m ? 0 : at(m, col);
  for (let r = 0; r < m; r++) if (r !== row) fromColumn += row === m ? at(r, col) : -at(r, col);
  // From the row: the checksum column holds sums of columns 0..p-1.
  let fromRow = col === p ? 0 : at(row, p);
  for (let c = 0; c < p; c++) if (c !== col) fromRow += col === p ? at(row, c) : -at(row, c);
  if (fromColumn !== fromRow || impossible(fromColumn === 0 ? 0 : fromColumn)) return { kind: 'detected', badRows: badRows.length, badCols: badCols.length };
  const was = at(row, col);
  const now = fromColumn === 0 ? 0 : fromColumn;
  if (Object.is(was, now)) return { kind: 'ok' };
  view.setFloat32((row * width + col) * 4, now, true);
  return { kind: 'corrected', row, col, was, now };
}

/** The ground's C (m x p bytes) from C' ((m+1) x (p+1) bytes): checksum row and column removed. */
export function stripChecksums(bytes: Uint8Array, m: number, p: number): Uint8Array {
  const out = new Uint8Array(m * p * 4);
  for (let r = 0; r < m; r++) out.set(bytes.subarray(r * (p + 1) * 4, (r * (p + 1) + p) * 4), r * p * 4);
  return out;
}
