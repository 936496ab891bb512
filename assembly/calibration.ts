// sklearn.calibration.calibration_curve's pass over the data: bin of each
// probability = np.searchsorted(inner_edges, p) (side 'left': the number of
// inner edges strictly below p), then np.bincount's sums in sample order.

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * p, y: n f64; edges: ne ascending f64 (bins[1:-1]); sums, trues: (ne+1) f64,
 * totals: (ne+1) f64, zeroed by the caller. sums[b] += p (sequential, as
 * np.bincount with weights), trues[b] += (y == pos), totals[b] += 1.
 */
export function calibrationBins(p: usize, y: usize, n: i32, pos: f64, edges: usize, ne: i32,
                                sums: usize, trues: usize, totals: usize): void {
  for (let i = 0; i < n; i++) {
    const v = f(p, i);
    // lower bound: first edge >= v
    let lo = 0, hi = ne;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (f(edges, mid) < v) lo = mid + 1; else hi = mid;
    }
    const o = <usize>lo << 3;
    store<f64>(sums + o, load<f64>(sums + o) + v);
    if (f(y, i) == pos) store<f64>(trues + o, load<f64>(trues + o) + 1.0);
    store<f64>(totals + o, load<f64>(totals + o) + 1.0);
  }
}
