// The arc-cosine kernel of ReLU units under Gaussian inputs, shared by the teacher-student
// landscapes (concatenated in front of each: src/landscapes/teacherStudent.ts, teacherStudentSample.ts):
// K(w, v) = E[relu(w.x) relu(v.x)] = |w||v| (sin t + (pi - t) cos t) / 2pi, x ~ N(0, I).

// acos to a few ulp (Cephes asinf): WGSL only promises acos to thousands of ulp, and near
// cos t = 1 it is better computed as 2 asin(sqrt((1 - c) / 2)), 1 - c being exact there.
fn ts_asin_small(x: f32) -> f32 {
  let z = x * x;
  return ((((4.2163199048e-2 * z + 2.4181311049e-2) * z + 4.5470025998e-2) * z + 7.4953002686e-2) * z + 1.6666752422e-1) * z * x + x;
}

fn ts_acos(c: f32) -> f32 {
  if (c > 0.5) { return 2.0 * ts_asin_small(sqrt(0.5 * (1.0 - c))); }
  if (c < -0.5) { return PI - 2.0 * ts_asin_small(sqrt(0.5 * (1.0 + c))); }
  return 0.5 * PI - ts_asin_small(c);
}

// (K(w, u), sin t / 2pi, (pi - t) / 2pi) from w.u and the norms: grad_w K = |u| (sin t / 2pi) w/|w| + ((pi - t) / 2pi) u.
fn ts_pair(dot: f32, nw: f32, nu: f32) -> vec3f {
  let p = nw * nu;
  let c = select(0.0, clamp(dot / p, -1.0, 1.0), p > 0.0);
  let s = sqrt(max((1.0 - c) * (1.0 + c), 0.0)) * (0.5 / PI);
  let q = (PI - ts_acos(c)) * (0.5 / PI);
  return vec3f(p * (s + q * c), s, q);
}
