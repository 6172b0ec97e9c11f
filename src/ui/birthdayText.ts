/** The birthday test's result in one paragraph, as the panel's notice shows it. */
import type { BirthdayReport } from '../analysis/BirthdayTest';

const n = (x: number) => (x >= 1e4 ? x.toExponential(2) : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

export function describeBirthday(r: BirthdayReport): string {
  const e = r.estimate;
  const sizes = r.sizes.map((s) => `${s.size}: ${Math.round(100 * s.duplicateShare)} %`).join(', ');
  const head = `Birthday test on ${r.samples.toLocaleString('en-US')} particles (D = ${r.dim}, pairs closer than ${r.threshold} count as the same point, ${r.batches} batches a size).`;
  let verdict: string;
  if (e.kind === 'estimate') {
    const range = e.range ? ` (95 %: ${n(e.range[0])}–${n(e.range[1])})` : '';
    const rule = e.usualRule !== null ? `; the usual rule s½² gives ${n(e.usualRule)}` : '';
    verdict = `About ${n(e.support)} distinct points${range} by the exact birthday formula, from s½ = ${e.halfSize?.toPrecision(3)}${rule}.`;
  } else if (e.kind === 'at-least') {
    verdict = `No batch held a duplicate: the support is larger than ${n(e.support)} points.`;
  } else {
    verdict = `Every batch held a duplicate: the support is smaller than ${n(e.support)} points.`;
  }
  const closest = r.sizes.at(-1)?.closest[0];
  const pair = closest ? ` Closest pair in the largest batch: particles ${closest.first} and ${closest.second}, ${closest.distance.toPrecision(3)} apart.` : '';
  return `${head} ${verdict} Share of batches with a duplicate by size: ${sizes}.${pair}`;
}
