// The statistics read back each frame: small, whatever the particle count. HIST_BINS,
// REDUCE_GROUPS and HIST_LOG_K come from the prelude; log bins spread (loss - min) / (max - min)
// = t by log(1 + K t) / log(1 + K), as the view's log height does (src/engine/logScale.ts).

struct Summary {
  live: u32,
  converged: u32,
  diverged: u32,
  best: u32,
  loss_sum: f32,
  loss_min: f32,
  loss_max: f32,
  grad_norm_sum: f32,
  // Saddle escape over every particle, diverged ones included (escape came first).
  escaped: u32,
  escape_max: u32,
  escape_sum: f32,
  _pad0: u32,
}

// What one statistics readback carries: the summary, then the loss and escape-age histograms.
struct Statistics {
  summary: Summary,
  loss_bins: array<atomic<u32>, HIST_BINS>,
  escape_bins: array<atomic<u32>, HIST_BINS>,
}

struct ReduceParams {
  n: u32,
  log_bins: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> RP: ReduceParams;
@group(0) @binding(1) var<storage, read> particles: array<ParticleState>;
@group(0) @binding(2) var<storage, read_write> partials: array<Summary>;
@group(0) @binding(3) var<storage, read_write> statistics: Statistics;

// Steps per escape-age bin: whole steps, enough for HIST_BINS bins to reach the latest escape.
fn escape_bin_width(escape_max: u32) -> u32 {
  return escape_max / HIST_BINS + 1u;
}

fn empty_summary() -> Summary {
  return Summary(0u, 0u, 0u, 0xffffffffu, 0.0, 3.4e38, -3.4e38, 0.0, 0u, 0u, 0.0, 0u);
}

fn merge(a: Summary, b: Summary) -> Summary {
  var r = a;
  r.live += b.live;
  r.converged += b.converged;
  r.diverged += b.diverged;
  r.loss_sum += b.loss_sum;
  r.grad_norm_sum += b.grad_norm_sum;
  r.escaped += b.escaped;
  r.escape_sum += b.escape_sum;
  r.escape_max = max(a.escape_max, b.escape_max);
  r.loss_max = max(a.loss_max, b.loss_max);
  // Ties go to the lower particle index so the best particle is deterministic.
  if (b.loss_min < a.loss_min || (b.loss_min == a.loss_min && b.best < a.best)) {
    r.loss_min = b.loss_min;
    r.best = b.best;
  }
  return r;
}
