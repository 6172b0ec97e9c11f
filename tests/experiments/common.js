// Shared by the census experiments: Spearman rank correlation and a census row.
const spearman = (xs, ys) => {
  const rank = (v) => { const o = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]); const r = new Array(v.length); o.forEach(([, i], k) => (r[i] = k)); return r; };
  const [rx, ry] = [rank(xs), rank(ys)];
  const n = xs.length; const m = (n - 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - m) * (ry[i] - m); sxx += (rx[i] - m) ** 2; syy += (ry[i] - m) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
};
const censusRow = (c, dim) => {
  const live = c.points.filter((p) => p.kind !== 'diverged');
  return { nearMin: c.nearMinima / c.samples, nearSaddle: c.nearSaddles / c.samples, elsewhere: c.elsewhere / c.samples,
    meanIndex: c.meanIndexFraction * dim, withNegative: live.filter((p) => p.lambdaMin < -1e-3 * Math.max(Math.abs(p.lambdaMin), Math.abs(p.lambdaMax))).length / live.length,
    rho: spearman(live.map((p) => p.loss), live.map((p) => p.indexFraction)) };
};
// A key=false argument arrives as the string 'false'.
const off = (v) => v === false || v === 'false';
