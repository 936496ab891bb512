// Multilabel-indicator targets (n x k, row-major): every count the set-wise
// metrics, accuracy, Hamming loss and multilabel_confusion_matrix need, in ONE
// pass over the two matrices (chunk by chunk), plus the target-type state of
// each matrix. sklearn counts nonzero cells of csr matrices: a cell is
// "positive" when it is != 0; weighted column sums are sequential in row order
// (np.bincount over csr indices), per-row counts are exact integers.
import { sumF64 } from "./pairwise";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/**
 * One chunk of `rows` rows of T and P (k columns each). `st` (f64[12]) carries
 * the state between chunks: [0..3] T's first value a, second value b, number
 * of values seen (1 or 2), 1 when a third value (or NaN) occurred; [4..7] the
 * same for P; [8] rows with T == P everywhere; [9] cells with T != P.
 * Column sums (when cols != 0; w = 0: weight 1): cols[j] += w·[t≠0 ∧ p≠0],
 * cols[k + j] += w·[p≠0], cols[2k + j] += w·[t≠0]. Per-row counts over the
 * selected columns (when rowTP != 0; mult[j] = times column j is selected):
 * rowTP/rowPred/rowTrue[i] (f64). Per-row mismatch counts over all columns
 * (when rowDiff != 0): rowDiff[i].
 */
export function mlCountChunk(
  T: usize, P: usize, rows: i32, k: i32, w: usize, mult: usize, cols: usize,
  rowTP: usize, rowPred: usize, rowTrue: usize, rowDiff: usize, st: usize,
): void {
  let ta = f(st, 0), tb = f(st, 1), tn = f(st, 2), tbad = f(st, 3);
  let pa = f(st, 4), pb = f(st, 5), pn = f(st, 6), pbad = f(st, 7);
  let equalRows = f(st, 8), diffCells = f(st, 9);
  const cTP = cols, cPred = cols + (<usize>k << 3), cTrue = cols + (<usize>k << 4);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    const wi = w != 0 ? f(w, i) : 1.0;
    let rtp = 0.0, rpred = 0.0, rtrue = 0.0;
    let rdiff: i32 = 0;
    let j = 0;
    if (ASC_FEATURE_SIMD && k >= 2 && tn == 2.0 && pn == 2.0) {
      // SIMD over pairs of columns once both matrices have shown their two values: a row whose
      // cells are all among them is counted two columns at a time (each column's sum still adds
      // the rows in order: the same additions as the scalar loop); any other row goes scalar.
      const TA = f64x2.splat(ta), TB = f64x2.splat(tb), PA = f64x2.splat(pa), PB = f64x2.splat(pb);
      const k2 = k & ~1;
      let ok = v128.not(f64x2.splat(0.0)); // all ones
      for (let c = 0; c < k2; c += 2) {
        const o = <usize>(base + c) << 3;
        const t = v128.load(T + o), p = v128.load(P + o);
        ok = v128.and(ok, v128.and(v128.or(f64x2.eq(t, TA), f64x2.eq(t, TB)), v128.or(f64x2.eq(p, PA), f64x2.eq(p, PB))));
      }
      if (k2 < k) {
        const t = f(T, base + k2), p = f(P, base + k2);
        if (!(((t == ta) | (t == tb)) & ((p == pa) | (p == pb)))) ok = f64x2.splat(0.0);
      }
      if (i64x2.all_true(ok)) {
        const Z = f64x2.splat(0.0), W = f64x2.splat(wi);
        let D = i64x2.splat(0);
        // per-row counts over the selected columns: integers, exact in any order
        let RTP = Z, RPRED = Z, RTRUE = Z;
        for (let c = 0; c < k2; c += 2) {
          const o = <usize>(base + c) << 3;
          const t = v128.load(T + o), p = v128.load(P + o);
          const tz = f64x2.ne(t, Z), pz = f64x2.ne(p, Z);
          D = i64x2.sub(D, f64x2.ne(t, p));
          if (cols != 0) {
            const q = <usize>c << 3;
            v128.store(cTP + q, f64x2.add(v128.load(cTP + q), v128.and(v128.and(tz, pz), W)));
            v128.store(cPred + q, f64x2.add(v128.load(cPred + q), v128.and(pz, W)));
            v128.store(cTrue + q, f64x2.add(v128.load(cTrue + q), v128.and(tz, W)));
          }
          if (rowTP != 0) {
            const M = v128.load(mult + (<usize>c << 3));
            RTP = f64x2.add(RTP, v128.and(v128.and(tz, pz), M));
            RPRED = f64x2.add(RPRED, v128.and(pz, M));
            RTRUE = f64x2.add(RTRUE, v128.and(tz, M));
          }
        }
        rdiff = <i32>(i64x2.extract_lane(D, 0) + i64x2.extract_lane(D, 1));
        rtp = f64x2.extract_lane(RTP, 0) + f64x2.extract_lane(RTP, 1);
        rpred = f64x2.extract_lane(RPRED, 0) + f64x2.extract_lane(RPRED, 1);
        rtrue = f64x2.extract_lane(RTRUE, 0) + f64x2.extract_lane(RTRUE, 1);
        j = k2; // the odd last column, if any, below
      }
    }
    for (; j < k; j++) {
      const t = f(T, base + j);
      const p = f(P, base + j);
      if (!((t == ta) | (t == tb))) {
        if (tn < 2.0 && t == t) { tb = t; tn = 2.0; } else tbad = 1.0;
      }
      if (!((p == pa) | (p == pb))) {
        if (pn < 2.0 && p == p) { pb = p; pn = 2.0; } else pbad = 1.0;
      }
      const tz = t != 0.0, pz = p != 0.0;
      rdiff += i32(t != p);
      if (cols != 0) {
        // branch-free (the cells are random bits): x + 0.0 = x, so the sums are those of sklearn's
        // bincount over the nonzero cells only, in the same (row) order
        const o = <usize>j << 3;
        store<f64>(cTP + o, load<f64>(cTP + o) + select<f64>(wi, 0.0, tz & pz));
        store<f64>(cPred + o, load<f64>(cPred + o) + select<f64>(wi, 0.0, pz));
        store<f64>(cTrue + o, load<f64>(cTrue + o) + select<f64>(wi, 0.0, tz));
      }
      if (rowTP != 0) {
        const m = f(mult, j);
        rtp += select<f64>(m, 0.0, tz & pz);
        rpred += select<f64>(m, 0.0, pz);
        rtrue += select<f64>(m, 0.0, tz);
      }
    }
    if (rowTP != 0) {
      put(rowTP, i, rtp);
      put(rowPred, i, rpred);
      put(rowTrue, i, rtrue);
    }
    if (rowDiff != 0) put(rowDiff, i, <f64>rdiff);
    equalRows += rdiff == 0 ? 1.0 : 0.0;
    diffCells += <f64>rdiff;
  }
  put(st, 0, ta); put(st, 1, tb); put(st, 2, tn); put(st, 3, tbad);
  put(st, 4, pa); put(st, 5, pb); put(st, 6, pn); put(st, 7, pbad);
  put(st, 8, equalRows); put(st, 9, diffCells);
}

/**
 * Target-type scan of one matrix chunk (the slow path after mlCountChunk
 * flagged a third value): st (f64[3]) |= [NaN seen, ±inf seen, a finite value
 * that is not an integer below 2^63 in magnitude (numpy's int64 round trip)].
 */
export function mlTypeChunk(X: usize, m: i32, st: usize): void {
  let nan = f(st, 0), inf = f(st, 1), nonInt = f(st, 2);
  for (let i = 0; i < m; i++) {
    const v = f(X, i);
    if (v != v) nan = 1.0;
    else if (v == Infinity || v == -Infinity) inf = 1.0;
    else if (v != Math.floor(v) || !(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) nonInt = 1.0;
  }
  put(st, 0, nan); put(st, 1, inf); put(st, 2, nonInt);
}

/**
 * Per-row set-wise scores for average='samples' from mlCountChunk's row counts
 * (c: counts over the selected columns), as sklearn computes them from the
 * samplewise multilabel_confusion_matrix: tp = c_tp·w, fp = c_pred·w − tp,
 * fn = c_true·w − tp (w = 0: unweighted, counts as they are), then pred = tp
 * + fp, true = tp + fn. kind 0: precision, recall and F-beta into outA, outB,
 * outC (fmode 0: F from beta2, 1: F = recall (beta = inf), 2: F = precision
 * (beta = 0)); kind 1: Jaccard tp / (tp + fp + fn) into outA. 0/0 → zd.
 * zeros[0..2] = how many denominators were 0 (precision, recall, F / Jaccard).
 */
export function mlSamplesScores(
  rowTP: usize, rowPred: usize, rowTrue: usize, w: usize, n: i32, kind: i32, beta2: f64, fmode: i32, zd: f64,
  outA: usize, outB: usize, outC: usize, zeros: usize,
): void {
  let z0 = 0.0, z1 = 0.0, z2 = 0.0;
  for (let i = 0; i < n; i++) {
    let tp = f(rowTP, i), pred = f(rowPred, i), tru = f(rowTrue, i);
    let fp = pred - tp, fn = tru - tp;
    if (w != 0) {
      const wi = f(w, i);
      tp = tp * wi;
      fp = pred * wi - tp;
      fn = tru * wi - tp;
    }
    pred = tp + fp;
    tru = tp + fn;
    if (kind == 1) {
      const den = tp + fp + fn;
      if (den == 0.0) { z2 += 1.0; put(outA, i, zd); } else put(outA, i, tp / den);
      continue;
    }
    let prec: f64, rec: f64, fs: f64;
    if (pred == 0.0) { z0 += 1.0; prec = zd; } else prec = tp / pred;
    if (tru == 0.0) { z1 += 1.0; rec = zd; } else rec = tp / tru;
    if (fmode == 1) fs = rec;
    else if (fmode == 2) fs = prec;
    else {
      const den = beta2 * tru + pred;
      if (den == 0.0) { z2 += 1.0; fs = zd; } else fs = ((1.0 + beta2) * tp) / den;
    }
    put(outA, i, prec);
    put(outB, i, rec);
    put(outC, i, fs);
  }
  put(zeros, 0, z0); put(zeros, 1, z1); put(zeros, 2, z2);
}

/**
 * sklearn's _nanaverage / np.average of the n values at `a`, with optional
 * weights w (0: none). out: [0] NaN count. Unweighted (np.nanmean): [1] the
 * pairwise sum of a with NaN as 0 over all n. Weighted: the non-NaN entries
 * compacted (a·w into s1, w into s2, a into s3), [1] Σ a·w, [2] Σ w, [3] Σ a
 * (pairwise, over the m compacted entries), [4] m.
 */
export function mlNanAverage(a: usize, w: usize, n: i32, s1: usize, s2: usize, s3: usize, out: usize): void {
  let nans = 0.0;
  if (w == 0) {
    for (let i = 0; i < n; i++) {
      const v = f(a, i);
      if (v != v) { nans += 1.0; put(s1, i, 0.0); } else put(s1, i, v);
    }
    put(out, 0, nans);
    put(out, 1, sumF64(s1, n));
    return;
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = f(a, i);
    if (v != v) { nans += 1.0; continue; }
    const wi = f(w, i);
    put(s1, m, v * wi);
    put(s2, m, wi);
    put(s3, m, v);
    m++;
  }
  put(out, 0, nans);
  put(out, 1, sumF64(s1, m));
  put(out, 2, sumF64(s2, m));
  put(out, 3, sumF64(s3, m));
  put(out, 4, <f64>m);
}

/** w·[d == 0] (accuracy's weighted hits) or d·w (Hamming's weighted mismatches) into out; returns the pairwise sum. */
export function mlRowWeighted(d: usize, w: usize, n: i32, hits: i32, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const v = f(d, i);
    put(out, i, (hits != 0 ? (v == 0.0 ? 1.0 : 0.0) : v) * f(w, i));
  }
  return sumF64(out, n);
}
