'use strict';
// Small statistics: the median of repetitions, and percentiles of samples.

function sorted(values) {
  return Float64Array.from(values).sort();
}

// Nearest-rank percentile of an ascending array, p in [0, 100].
function percentile(ascending, p) {
  if (ascending.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length - 1, Math.max(0, rank - 1))];
}

// { median, min, max, n } of repetitions.
function summarize(values) {
  const s = sorted(values.filter((v) => Number.isFinite(v)));
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

module.exports = { sorted, percentile, summarize };
