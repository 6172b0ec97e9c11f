// The control point c of a quadratic Bezier curve between two fixed points a and b, trained by
// SGD on the loss averaged along the curve, E_{t ~ U(0, 1)} L(phi_c(t)) (Garipov et al. 2018).
// Each step, `sample` evaluates the gradient at S points phi_c(t_s), t_s drawn by the
// counter-based generator from (seed, sample, step), and `update` moves c by
// -lr * sum_s 2 t_s (1 - t_s) grad L(phi_c(t_s)) / S (2 t (1 - t) is dphi/dc). Concatenated after
// path_profile.wgsl, whose buffers hold a, c, b, the gradients and the samples (slots = S).
// The step counter lives on the GPU, so many steps go in one submit with no uniform rewritten.
// TypeScript twin: bezierFitReference in src/analysis/curveReference.ts.

struct FitParams {
  lr: f32,
  seed: u32,
  // The mean sampled loss of step j is kept when j is a multiple of record_every, in history slot j / record_every.
  record_every: u32,
  // Slots in fit_history.
  records: u32,
}

struct FitState {
  step: u32,
}

@group(0) @binding(5) var<uniform> FP: FitParams;
@group(0) @binding(6) var<storage, read_write> fit_state: FitState;
@group(0) @binding(7) var<storage, read_write> fit_history: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn sample(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = particle_index(gid, nwg);
  if (i >= PP.count) { return; }
  let s = PP.base + i;
  let t = u01(rng_bits(FP.seed, STREAM_CURVE_FIT, s, fit_state.step, 0u).x);
  path_results[s] = path_evaluate(s, t);
}

// One invocation per coordinate of c; invocation 0 also keeps the loss history and advances the step.
@compute @workgroup_size(WORKGROUP_SIZE)
fn update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let d = particle_index(gid, nwg);
  if (d >= DIM) { return; }
  let samples = PP.points;
  var g = 0.0;
  for (var s = 0u; s < samples; s++) {
    let t = path_results[s].t;
    g += 2.0 * t * (1.0 - t) * path_grads[d * PP.slots + s];
  }
  path_points[DIM + d] -= FP.lr * (g / f32(samples));
  if (d == 0u) {
    let step = fit_state.step;
    let slot = step / FP.record_every;
    if (step % FP.record_every == 0u && slot < FP.records) {
      var sum = 0.0;
      for (var s = 0u; s < samples; s++) { sum += path_results[s].loss; }
      fit_history[slot] = sum / f32(samples);
    }
    fit_state.step = step + 1u;
  }
}
