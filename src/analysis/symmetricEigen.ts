/**
 * Eigen-decomposition of a real symmetric n x n matrix (row-major, length n*n) by cyclic Jacobi
 * rotations, in double precision. values ascending; vectors[k] (length n) is the unit eigenvector
 * of values[k]. The input must be symmetric (not checked) and is not changed.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array[] } {
  if (!Number.isInteger(n) || n < 0 || a.length < n * n) throw new Error(`symmetricEigen: need an n*n matrix, n = ${n}, length ${a.length}`);
  const m = Float64Array.from({ length: n * n }, (_, i) => a[i]);
  // v[k*n + i]: component i of the k-th vector, rows contiguous so rotations walk memory in order.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let norm2 = 0;
  for (let i = 0; i < n * n; i++) norm2 += m[i] * m[i];
  const norm = Math.sqrt(norm2);
  // Stopping at off-diagonal norm <= eps |A|_F leaves a backward error at rounding level.
  const stop = Number.EPSILON * norm;
  // Entries this small cannot matter to the stop test (n^2/2 of them stay below stop / 10).
  const negligible = (0.1 * stop) / Math.max(n, 1);

  for (let sweep = 0; sweep < 100; sweep++) {
    let off2 = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off2 += m[p * n + q] * m[p * n + q];
    if (Math.sqrt(off2) <= stop) break;
    // In the first sweeps skip entries well below the mean, so big ones go first (Rutishauser's threshold).
    const threshold = sweep < 3 ? Math.max(negligible, (0.2 * Math.sqrt(off2)) / (n * n)) : negligible;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) <= threshold) continue;
        rotate(m, v, n, p, q, apq);
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = Float64Array.from(order, (k) => m[k * n + k]);
  const vectors = order.map((k) => v.slice(k * n, k * n + n));
  return { values, vectors };
}

/** Zero m[p][q] by the rotation J (J_pp = J_qq = c, J_pq = s = -J_qp): m <- J^T m J, v rows <- rotated alike. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number, apq: number): void {
  const app = m[p * n + p];
  const aqq = m[q * n + q];
  const theta = (aqq - app) / (2 * apq);
  // The smaller root of t^2 + 2 theta t - 1 = 0 keeps the rotation angle below pi/4 (stable);
  // hypot avoids overflow when apq is tiny beside the diagonal gap.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(theta, 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  m[p * n + p] = app - t * apq;
  m[q * n + q] = aqq + t * apq;
  m[p * n + q] = 0;
  m[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    if (k === p || k === q) continue;
    const akp = m[k * n + p];
    const akq = m[k * n + q];
    const np = c * akp - s * akq;
    const nq = s * akp + c * akq;
    m[k * n + p] = np;
    m[p * n + k] = np;
    m[k * n + q] = nq;
    m[q * n + k] = nq;
  }
  const rp = p * n;
  const rq = q * n;
  for (let k = 0; k < n; k++) {
    const vp = v[rp + k];
    const vq = v[rq + k];
    v[rp + k] = c * vp - s * vq;
    v[rq + k] = s * vp + c * vq;
  }
}
