// Histogram of live particles' losses over [loss_min, loss_max] from the summary just reduced,
// and of every escaped particle's escape age over [0, escape_max].

// Loss bins, then escape-age bins.
var<workgroup> local_bins: array<atomic<u32>, 2 * HIST_BINS>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  if (li < 2u * HIST_BINS) { atomicStore(&local_bins[li], 0u); }
  workgroupBarrier();
  let lo = statistics.summary.loss_min;
  let width = statistics.summary.loss_max - lo;
  let escape_width = escape_bin_width(statistics.summary.escape_max);
  for (var p = wg.x * 256u + li; p < RP.n; p += REDUCE_GROUPS * 256u) {
    let s = particles[p];
    if (s.escape_age != NOT_ESCAPED) {
      atomicAdd(&local_bins[HIST_BINS + min(s.escape_age / escape_width, HIST_BINS - 1u)], 1u);
    }
    if ((s.flags & FLAG_DIVERGED) != 0u) { continue; }
    var bin = 0u;
    if (width > 0.0) {
      if (RP.log_bins != 0u) {
        let t = log(1.0 + HIST_LOG_K * (s.loss - lo) / width) / log(1.0 + HIST_LOG_K);
        bin = min(u32(f32(HIST_BINS) * t), HIST_BINS - 1u);
      } else {
        bin = min(u32(f32(HIST_BINS) * (s.loss - lo) / width), HIST_BINS - 1u);
      }
    }
    atomicAdd(&local_bins[bin], 1u);
  }
  workgroupBarrier();
  if (li < 2u * HIST_BINS) {
    let c = atomicLoad(&local_bins[li]);
    if (c > 0u && li < HIST_BINS) { atomicAdd(&statistics.loss_bins[li], c); }
    if (c > 0u && li >= HIST_BINS) { atomicAdd(&statistics.escape_bins[li - HIST_BINS], c); }
  }
}
