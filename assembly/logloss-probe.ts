// Test-only build (never shipped): the binary log loss leaf's terms, term by
// term, against the general path's formula, so that test/logloss-probe.test.ts
// can check the vectorised log against Math.log bit for bit on millions of
// doubles (a sum would hide most one-ulp differences). Built in memory by that
// test with `asc assembly/logloss-probe.ts` and the release target's options.
import { setup, leafTermsV, leafTermBuffer, flagged } from "./logloss";

const EPS: f64 = 2.220446049250313e-16;

/** Memory for `bytes` at the heap base (grown as needed); returns the pointer. */
export function reserve(bytes: usize): usize {
  const base = (__heap_base + 15) & ~(<usize>15);
  const need = base + bytes;
  const have = <usize>memory.size() << 16;
  if (need > have) memory.grow(<i32>((need - have + 0xffff) >>> 16));
  return base;
}

/**
 * Runs leafTermsV over [0, n) in leaves whose sizes cycle through
 * sizes[0..nSizes) (each 1..128), and compares every log it writes with
 * Math.log(min(max(q, EPS), 1 - EPS)), q = t == pos ? p : 1 - p (the negated
 * term of ranking.ts logLossSum), bit for bit; elements whose `skip` byte is set (invalid input)
 * are not compared. Returns the number of differing terms; out[0] = the index
 * of the first (or -1), out[1] = 1 when the leaves flagged something.
 */
export function probe(yt: usize, p: usize, skip: usize, n: i32, a: f64, b: f64, pos: f64, sizes: usize, nSizes: i32, out: usize): i32 {
  setup(yt, p, a, b, pos);
  const tb = leafTermBuffer();
  let bad = 0, first = -1, s = 0;
  for (let start = 0; start < n; ) {
    const m = min(load<i32>(sizes + (<usize>s << 2)), n - start);
    s = s + 1 == nSizes ? 0 : s + 1;
    leafTermsV(start, m);
    for (let i = 0; i < m; i++) {
      const e = start + i;
      if (load<u8>(skip + <usize>e)) continue;
      const pi = load<f64>(p + (<usize>e << 3));
      const q = load<f64>(yt + (<usize>e << 3)) == pos ? pi : 1.0 - pi;
      // the leaf writes log(q), the term's negation
      const want = Math.log(Math.min(Math.max(q, EPS), 1.0 - EPS));
      if (reinterpret<u64>(load<f64>(tb + (<usize>i << 3))) != reinterpret<u64>(want)) {
        if (first < 0) first = e;
        bad++;
      }
    }
    start += m;
  }
  store<i32>(out, first);
  store<i32>(out, flagged(), 4);
  return bad;
}
