// One coordinate's update for each optimizer (PyTorch's conventions).
// m and v are that coordinate's first and second moment; bias = (1 - beta1^t, 1 - beta2^t).
fn optimizer_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, bias: vec2f) -> f32 {
  switch OPTIMIZER {
    case OPT_MOMENTUM: {
      *m = R.momentum * *m + g;
      return x - R.lr * *m;
    }
    case OPT_NESTEROV: {
      *m = R.momentum * *m + g;
      return x - R.lr * (g + R.momentum * *m);
    }
    case OPT_ADAM: {
      *m = R.beta1 * *m + (1.0 - R.beta1) * g;
      *v = R.beta2 * *v + (1.0 - R.beta2) * g * g;
      return x - R.lr * (*m / bias.x) / (sqrt(*v / bias.y) + R.eps);
    }
    case OPT_RMSPROP: {
      *v = R.rho * *v + (1.0 - R.rho) * g * g;
      return x - R.lr * g / (sqrt(*v) + R.eps);
    }
    case OPT_ADAGRAD: {
      *v = *v + g * g;
      return x - R.lr * g / (sqrt(*v) + R.eps);
    }
    default: {
      return x - R.lr * g;
    }
  }
}
