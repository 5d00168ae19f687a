// Softmax regression trained by full-batch gradient descent, as core.gradient_descent trains it, step for step in
// float64: pure functions with no DOM access, so the explorer can train live and node can test them against core
// (tests/ui/test_descent_js.py).
//
// The parameters are one Float64Array θ of K rows [w₁, w₂, b]: the bias is the weight of a constant input 1, as in
// core's _with_bias_column. Points are one flat list x₁, x₂, x₁, x₂, …; labels are classes 0..K−1.

/** How far rounding may have moved a score, as core.activations.score_rounding: TIE of its terms, DRIFT per √step
 * of the most a step can change it. */
export const TIE = 2 ** -44;
export const DRIFT = 2 ** -48;

/** [μ₁, μ₂], the mean |x₁| and |x₂| of the points: a step of rate η changes a score at x by at most
 * η (μ₁|x₁| + μ₂|x₂| + 1) (core.activations.step_reach). */
export function meanSizes(points) {
  const mu = [0, 0];
  for (let i = 0; i < points.length; i++) mu[i % 2] += Math.abs(points[i]);
  const n = Math.max(1, points.length / 2);
  return [mu[0] / n, mu[1] / n];
}

/** The scores z = θ[x, 1] of the K classes at x into z, and into u how far rounding may have moved each after t
 * steps of rate η, u_k = TIE (|w_k1 x₁| + |w_k2 x₂| + |b_k|) + drifted, with drifted = moved(driftFactor(η, t),
 * μ, x) (core.activations.score_rounding); returns the top class, the first of equal ones as numpy's argmax. */
export function scores(theta, K, x1, x2, drifted, z, u) {
  let top = 0;
  for (let k = 0; k < K; k++) {
    const a = theta[3 * k] * x1;
    const c = theta[3 * k + 1] * x2;
    const b = theta[3 * k + 2];
    z[k] = a + c + b;
    u[k] = TIE * (Math.abs(a) + Math.abs(c) + Math.abs(b)) + drifted;
    if (z[k] > z[top]) top = k;
  }
  return top;
}

/** DRIFT η √t, once for all the points of a state after t steps of rate η (0 before any step). */
export function driftFactor(lr, t) {
  return lr * t === 0 ? 0 : DRIFT * lr * Math.sqrt(t);
}

/** DRIFT η √t (μ₁|x₁| + μ₂|x₂| + 1) from factor = driftFactor(η, t): the rounding t steps of rate η on points of mean
 * sizes mu leave in a score at x (core.activations.score_rounding); 0 where the factor is 0, also where the reach
 * overflows (|x| ~ 1e154). */
export function moved(factor, mu, x1, x2) {
  return factor === 0 ? 0 : factor * (mu[0] * Math.abs(x1) + mu[1] * Math.abs(x2) + 1);
}

/** The class the scores z predict: the top one, or −1 where another class k is as high up to rounding,
 * z_top − z_k ≤ u_top + u_k (a tie: no class), as core.activations.predicted_classes. */
export function predictedClass(z, u, K, top) {
  for (let k = 0; k < K; k++) if (k !== top && z[top] - z[k] <= u[top] + u[k]) return -1;
  return top;
}

/** A trainer for N points with K classes, its work buffers allocated once: the explorer steps it about 100 times a
 * frame. Each call evaluates a state θ point by point in core's order: logits z = θ[x, 1] (and their rounding u,
 * scores, where two are close); the top class (the first of equal ones, as numpy's argmax); z − z_top, so every
 * exponent is ≤ 0 and e^{z_top} is exactly 1; the loss logsumexp(z) − z_y = log1p(Σ_{k≠top} e^{z_k}) − z_y;
 * ŷ = e^z / (1 + Σ_{k≠top} e^{z_k}); and the sum Σᵢ (ŷᵢ − yᵢ) ⊗ [xᵢ, 1]. A point is right when its label's class
 * is predicted, tied when another class is as high up to rounding (predictedClass after t steps of rate η: a tie, as
 * everywhere at a zero start, predicts no class). */
export function trainer(points, labels, K) {
  const N = labels.length;
  const z = new Float64Array(K);
  const [zRule, u] = [new Float64Array(K), new Float64Array(K)];
  const sum = new Float64Array(3 * K);
  const mu = meanSizes(points);

  /** { loss, right, tied } of θ, the state after t steps of rate η (the loss is the mean over the points), and
   * Σᵢ (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] into sum. */
  function measure(theta, lr, t) {
    sum.fill(0);
    const factor = driftFactor(lr, t);
    // Every u_k is at most TIE (largest terms) + drifted (rounding is monotone), so only a point whose top two scores
    // are within twice that, near = a₁|x₁| + a₂|x₂| + a₀, can tie: only there are the u computed (into other
    // buffers), by the rule itself.
    const largest = [0, 1, 2].map((d) => Math.max(...Array.from({ length: K }, (_, k) => Math.abs(theta[3 * k + d]))));
    const [a1, a2, a0] = [0, 1, 2].map((d) => 2 * (TIE * largest[d] + factor * (d < 2 ? mu[d] : 1)));
    let losses = 0;
    let right = 0;
    let tied = 0;
    for (let i = 0; i < N; i++) {
      const x1 = points[2 * i];
      const x2 = points[2 * i + 1];
      const y = labels[i];
      let top = 0;
      for (let k = 0; k < K; k++) {
        z[k] = theta[3 * k] * x1 + theta[3 * k + 1] * x2 + theta[3 * k + 2];
        if (z[k] > z[top]) top = k;
      }
      const near = a1 * Math.abs(x1) + a2 * Math.abs(x2) + a0;
      const zTop = z[top];
      const zy = z[y] - zTop;
      let close = false;
      let others = 0;
      for (let k = 0; k < K; k++) {
        if (k === top) continue;
        const shifted = z[k] - zTop;
        close ||= -shifted <= near;
        z[k] = Math.exp(shifted);
        others += z[k];
      }
      z[top] = 1;
      const predicted = close
        ? predictedClass(zRule, u, K, scores(theta, K, x1, x2, moved(factor, mu, x1, x2), zRule, u)) : top;
      if (predicted < 0) tied++;
      else if (predicted === y) right++;
      losses += Math.log1p(others) - zy;
      const total = 1 + others;
      for (let k = 0; k < K; k++) {
        const r = z[k] / total - (k === y ? 1 : 0); // dL/dz = y_hat - y
        sum[3 * k] += r * x1;
        sum[3 * k + 1] += r * x2;
        sum[3 * k + 2] += r;
      }
    }
    return { loss: losses / N, right, tied };
  }

  return {
    /** [μ₁, μ₂] of the points trained on (meanSizes). */
    mu,
    /** Evaluates θ, the state after t steps, and writes the next state θ − (η/N) Σᵢ (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] into next
     * (not θ itself). */
    advance(theta, lr, next, t) {
      const state = measure(theta, lr, t);
      const scale = lr / N;
      for (let j = 0; j < 3 * K; j++) next[j] = theta[j] - scale * sum[j];
      return state;
    },
    /** Steps from state(0), θ after t0 steps of rate η: state(i + 1) ← advance(state(i)) for i = 0, 1, … below
     * `most`, each step's { loss, right, tied } of state(i) handed to record(i, …), until a next state is not finite
     * (not recorded: the weights overflowed) or `deadline` has passed (checked against now() every 8 steps). The
     * loop of the page's own training (History.advance) and of the worker's (Ahead.batch), so theirs are the same
     * states. Returns { done, overflowed }. */
    run(lr, t0, most, state, record, deadline = Infinity, now = () => 0) {
      let done = 0;
      while (done < most) {
        const next = state(done + 1); // first: it may move the states, and state(done) is then read from there
        const { loss, right, tied } = this.advance(state(done), lr, next, t0 + done);
        if (!next.every(Number.isFinite)) return { done, overflowed: true };
        record(done, loss, right, tied);
        done += 1;
        if ((done & 7) === 0 && now() > deadline) break;
      }
      return { done, overflowed: false };
    },
    /** { loss, right, tied } of θ after t steps of rate η, without a step. */
    evaluate: measure,
    /** ∇L̄ = (Ŷ − Y)ᵀ[X 1] / N, the gradient of the mean loss at θ, into out (K rows [∂w₁, ∂w₂, ∂b]). */
    gradient(theta, out) {
      measure(theta, 0, 0);
      for (let j = 0; j < 3 * K; j++) out[j] = sum[j] / N;
      return out;
    },
  };
}

/** ŷ = softmax(z) of one point, e^{z − max z} / Σⱼ e^{zⱼ − max z}: shifted by the largest score, so no exponent
 * overflows and scores of ±1e6 give 0 and 1, not NaN. */
export function probabilities(theta, K, x1, x2) {
  const p = new Float64Array(K);
  for (let k = 0; k < K; k++) p[k] = theta[3 * k] * x1 + theta[3 * k + 1] * x2 + theta[3 * k + 2];
  const top = Math.max(...p);
  let total = 0;
  for (let k = 0; k < K; k++) {
    p[k] = Math.exp(p[k] - top);
    total += p[k];
  }
  for (let k = 0; k < K; k++) p[k] /= total;
  return p;
}

/** How one point of n moves each row of θ in a step of rate η: −η (ŷ_k − y_k) [x₁, x₂, 1] / n. They sum to 0 over
 * the K rows, as ŷ and y both sum to 1; for a label the model has no row for yet (label ≥ K), y is all zeros. */
export function pushes(theta, K, x1, x2, label, lr, n) {
  const yHat = probabilities(theta, K, x1, x2);
  const out = new Float64Array(3 * K);
  for (let k = 0; k < K; k++) {
    const r = yHat[k] - (k === label ? 1 : 0);
    out[3 * k] = (-lr * r * x1) / n;
    out[3 * k + 1] = (-lr * r * x2) / n;
    out[3 * k + 2] = (-lr * r) / n;
  }
  return out;
}

/** [mean w₁, mean w₂, mean b] over the K rows of θ. */
export function rowsMean(theta, K) {
  const mean = [0, 0, 0];
  for (let k = 0; k < K; k++) for (let j = 0; j < 3; j++) mean[j] += theta[3 * k + j];
  return mean.map((s) => s / K);
}
