// Two-pass reduction of the particle states: REDUCE_GROUPS partial summaries, then one.

var<workgroup> shared_summary: array<Summary, 256>;

fn tree_reduce(li: u32) {
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) { shared_summary[li] = merge(shared_summary[li], shared_summary[li + s]); }
    workgroupBarrier();
  }
}

@compute @workgroup_size(256)
fn partial(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  var acc = empty_summary();
  for (var p = wg.x * 256u + li; p < RP.n; p += REDUCE_GROUPS * 256u) {
    let s = particles[p];
    if (s.escape_age != NOT_ESCAPED) {
      acc.escaped += 1u;
      acc.escape_sum += f32(s.escape_age);
      acc.escape_max = max(acc.escape_max, s.escape_age);
    }
    if ((s.flags & FLAG_DIVERGED) != 0u) {
      acc.diverged += 1u;
      continue;
    }
    var one = empty_summary();
    one.live = 1u;
    one.converged = select(0u, 1u, (s.flags & FLAG_CONVERGED) != 0u);
    one.loss_sum = s.loss;
    one.loss_min = s.loss;
    one.loss_max = s.loss;
    one.best = p;
    one.grad_norm_sum = s.grad_norm;
    acc = merge(acc, one);
  }
  shared_summary[li] = acc;
  tree_reduce(li);
  if (li == 0u) { partials[wg.x] = shared_summary[0]; }
}

@compute @workgroup_size(256)
fn finalize(@builtin(local_invocation_index) li: u32) {
  shared_summary[li] = partials[li];
  tree_reduce(li);
  if (li == 0u) { statistics.summary = shared_summary[0]; }
}
