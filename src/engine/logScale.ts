/**
 * The log compression shared by the log height, the colour bar and the histogram's log bins:
 * t in [0, 1] (loss above the minimum, as a share of the range) maps to log(1 + K t) / log(1 + K).
 * shaders/summary.wgsl's HIST_LOG_K is the same K (a test checks it).
 */
export const LOG_K = 1000;

export function logLevel(t: number): number {
  return Math.log(1 + Math.max(t, 0) * LOG_K) / Math.log(1 + LOG_K);
}

/** The inverse of logLevel. */
export function logLevelInverse(u: number): number {
  return (Math.exp(u * Math.log(1 + LOG_K)) - 1) / LOG_K;
}
