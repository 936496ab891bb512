// Hand-written JavaScript baselines: what a careful developer would write
// without a library. Fused loops, native Float64Array.prototype.sort (numeric,
// no comparator) for ROC AUC and quantiles; no input validation.

/** RMSE, MAE, MAPE, R² in one fused pass plus the deviation pass for R². */
export function jsRegression(yt, yp) {
  const n = yt.length;
  let se2 = 0, sae = 0, sape = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    const y = yt[i], e = y - yp[i], a = Math.abs(e);
    se2 += e * e; sae += a; sape += a / Math.max(Math.abs(y), 2.220446049250313e-16); sy += y;
  }
  const my = sy / n;
  let dy2 = 0;
  for (let i = 0; i < n; i++) { const d = yt[i] - my; dy2 += d * d; }
  return { rmse: Math.sqrt(se2 / n), mae: sae / n, mape: 100 * (sape / n), r2: 1 - se2 / dy2, n };
}

/** ROC AUC: split by label, sort each, merge descending (ties = half credit). */
export function jsRocAuc(y, s) {
  const n = y.length;
  let np = 0;
  for (let i = 0; i < n; i++) np += y[i] === 1 ? 1 : 0;
  const pos = new Float64Array(np), neg = new Float64Array(n - np);
  for (let i = 0, a = 0, b = 0; i < n; i++) { if (y[i] === 1) pos[a++] = s[i]; else neg[b++] = s[i]; }
  pos.sort(); neg.sort();
  let i = pos.length - 1, j = neg.length - 1, tp = 0, fp = 0, area = 0;
  while (i >= 0 || j >= 0) {
    const v = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    let dtp = 0, dfp = 0;
    while (i >= 0 && pos[i] === v) { dtp++; i--; }
    while (j >= 0 && neg[j] === v) { dfp++; j--; }
    area += dfp * (tp + tp + dtp) / 2;
    tp += dtp; fp += dfp;
  }
  return area / (tp * fp);
}

/** Binary log loss with sklearn's clipping (float64 eps). */
export function jsLogLoss(y, p) {
  const n = y.length, eps = 2.220446049250313e-16, hi = 1 - eps;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const q = y[i] === 1 ? p[i] : 1 - p[i];
    s -= Math.log(q < eps ? eps : q > hi ? hi : q);
  }
  return s / n;
}

/** F1 for the positive class 1: one counting loop. */
export function jsF1(yt, yp) {
  const n = yt.length;
  let tp = 0, t1 = 0, p1 = 0;
  for (let i = 0; i < n; i++) {
    const a = yt[i] === 1 ? 1 : 0, b = yp[i] === 1 ? 1 : 0;
    tp += a & b; t1 += a; p1 += b;
  }
  return (2 * tp) / (t1 + p1);
}

/** 7 quantiles (sort + linear interpolation), mean, std (two-pass), histogram (10 bins). */
export function jsScoreDistribution(x, qs = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99], bins = 10) {
  const n = x.length;
  let s = 0, mn = Infinity, mx = -Infinity;
  for (let i = 0; i < n; i++) { const v = x[i]; s += v; if (v < mn) mn = v; if (v > mx) mx = v; }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - mean; ss += d * d; }
  const sorted = Float64Array.from(x).sort();
  const quantiles = qs.map((q) => {
    const v = (n - 1) * q, lo = Math.floor(v), hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (v - lo);
  });
  const counts = new Int32Array(bins);
  const w = (mx - mn) / bins;
  for (let i = 0; i < n; i++) { let b = Math.floor((x[i] - mn) / w); if (b >= bins) b = bins - 1; counts[b]++; }
  return { count: n, min: mn, max: mx, mean, std: Math.sqrt(ss / n), quantiles, counts };
}
