/**
 * Eigen-decomposition of a real symmetric matrix for reference computations in tests, by
 * ml-matrix (an independent, well-tested implementation: tridiagonalisation and QL in double precision).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** values ascending; vectors[k] (length n) is the unit eigenvector of values[k]. Row-major input, not mutated. */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array[] } {
  const m = new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j])));
  const eig = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((_, i) => i).sort((i, j) => eig.realEigenvalues[i] - eig.realEigenvalues[j]);
  const v = eig.eigenvectorMatrix;
  return {
    values: Float64Array.from(order, (i) => eig.realEigenvalues[i]),
    vectors: order.map((i) => {
      const col = Float64Array.from({ length: n }, (_, r) => v.get(r, i));
      const norm = Math.hypot(...col);
      return col.map((x) => x / norm);
    }),
  };
}
