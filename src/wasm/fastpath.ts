/**
 * Internal switch of the fused fast paths (regressionMetrics' compact dict,
 * binary precision/recall/F1 counts, binary logLoss, the multiclass set-wise
 * counts, the flat-matrix multiclass losses, binary Brier, the mean regression
 * losses, explained variance). Always on; the test
 * suite turns it off to compare each fast path with the general path on the
 * very same inputs. Not part of the public API.
 * @internal
 * @module
 */
export const fastPaths = {
  enabled: true,
  /** Calls answered by a fast path (for tests: proof that the path was taken). */
  hits: 0,
};
