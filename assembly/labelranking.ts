// Label-ranking kernels on n x k row-major matrices (T: relevance / indicator,
// S: scores): one row at a time, a stable insertion sort of the k column
// indices (rows are short: labels, not samples), then sklearn's per-row
// arithmetic in its order. Per-row results land in `out`.
import { rowSum } from "./multiclass";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline function ix(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function setIx(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

/** Stable insertion sort of idx[0..k) = 0..k-1 by S[base + j], descending (desc) or ascending. */
function sortRow(S: usize, base: i32, k: i32, idx: usize, desc: bool): void {
  for (let j = 0; j < k; j++) {
    const v = f(S, base + j);
    let m = j;
    while (m > 0) {
      const u = f(S, base + ix(idx, m - 1));
      if (desc ? u < v : u > v) {
        setIx(idx, m, ix(idx, m - 1));
        m--;
      } else break;
    }
    setIx(idx, m, j);
  }
}

/**
 * coverage_error rows: #{j : S[i,j] >= min over relevant S}, 0 without relevant labels
 * (the minimum stays +Infinity and no finite score reaches it). Branch-free: the labels
 * of a row are unpredictable.
 */
export function coverageRows(T: usize, S: usize, n: i32, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const b = i * k;
    let m = Infinity;
    for (let j = 0; j < k; j++) m = select<f64>(min<f64>(m, f(S, b + j)), m, f(T, b + j) != 0);
    let c = 0;
    for (let j = 0; j < k; j++) c += <i32>(f(S, b + j) >= m);
    put(out, i, <f64>c);
  }
}

/**
 * label_ranking_loss rows: the (true, false) pairs with score(true) <= score(false)
 * (sklearn: dot(cumsum(true per ascending unique score), false per score)), divided
 * by (k - npos) * npos; 0 when npos is 0 or k.
 */
export function rankingLossRows(T: usize, S: usize, n: i32, k: i32, idx: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const b = i * k;
    sortRow(S, b, k, idx, false);
    let cumTrue: i64 = 0, loss: i64 = 0, npos: i64 = 0;
    let j = 0;
    while (j < k) {
      const v = f(S, b + ix(idx, j));
      let t: i64 = 0, fl: i64 = 0;
      while (j < k && f(S, b + ix(idx, j)) == v) {
        if (f(T, b + ix(idx, j)) != 0) t++; else fl++;
        j++;
      }
      cumTrue += t;
      npos += t;
      loss += cumTrue * fl;
    }
    let r = <f64>loss / <f64>((<i64>k - npos) * npos);
    if (npos == 0 || npos == <i64>k) r = 0.0;
    put(out, i, r);
  }
}

/**
 * label_ranking_average_precision_score: per row the mean (numpy's pairwise order,
 * relevant labels in column order) of L_j / rank_j, rank_j = #{l : S_l >= S_j},
 * L_j = #{relevant l : S_l >= S_j}; 1 when no or every label is relevant. Times
 * w[i] when w != 0; returns the sequential sum over rows (sklearn's Python loop).
 */
export function lrapSum(T: usize, S: usize, n: i32, k: i32, w: usize, tmp: usize): f64 {
  let out = 0.0;
  for (let i = 0; i < n; i++) {
    const b = i * k;
    let r = 0;
    for (let j = 0; j < k; j++) if (f(T, b + j) != 0) r++;
    let aux = 1.0;
    if (r != 0 && r != k) {
      let m = 0;
      for (let j = 0; j < k; j++) {
        if (f(T, b + j) == 0) continue;
        const s = f(S, b + j);
        let rank = 0, L = 0;
        for (let l = 0; l < k; l++) {
          if (f(S, b + l) >= s) {
            rank++;
            if (f(T, b + l) != 0) L++;
          }
        }
        put(tmp, m++, <f64>L / <f64>rank);
      }
      aux = rowSum(tmp, m) / <f64>m;
    }
    if (w != 0) aux = aux * f(w, i);
    out += aux;
  }
  return out;
}

/**
 * DCG rows. ties = 1 (sklearn's default): per group of equal scores (descending),
 * the mean gain (sum in column order / count) times the group's share of the
 * discount (cum[last] - cum[last of previous group]), summed in numpy's pairwise
 * order over groups. ties = 0 (ignore_ties): gains in the order of sklearn's
 * argsort reversed (ties: later column first) times disc, summed in order.
 */
export function dcgRows(T: usize, S: usize, n: i32, k: i32, disc: usize, cum: usize, ties: i32, idx: usize, tmp: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const b = i * k;
    if (ties == 0) {
      // ascending stable sort reversed: descending, equal scores in reverse column order
      sortRow(S, b, k, idx, false);
      let g = 0.0;
      for (let j = 0; j < k; j++) g += f(disc, j) * f(T, b + ix(idx, k - 1 - j));
      put(out, i, g);
      continue;
    }
    sortRow(S, b, k, idx, true);
    let m = 0, j = 0, prev = 0.0;
    while (j < k) {
      const v = f(S, b + ix(idx, j));
      let s = 0.0;
      let c = 0;
      while (j < k && f(S, b + ix(idx, j)) == v) {
        s += f(T, b + ix(idx, j));
        c++;
        j++;
      }
      const cj = f(cum, j - 1);
      const ds = m == 0 ? cj : cj - prev;
      prev = cj;
      put(tmp, m++, (s / <f64>c) * ds);
    }
    put(out, i, rowSum(tmp, m));
  }
}

/** NDCG rows in place: gain / norm, 0 where norm == 0. */
export function ndcgRows(gain: usize, norm: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const z = f(norm, i);
    put(gain, i, z == 0 ? 0.0 : f(gain, i) / z);
  }
}
