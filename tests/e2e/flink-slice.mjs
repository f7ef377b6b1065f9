// Expected values for www/data/flink-events-620.csv: the first 620 rows
// (ids 0..619, arrival order) of core/tests/fixtures/flink/events.csv,
// copied by hand from the Flink 2.3.0 fixtures. Weir with
// maxOutOfOrderness 1999 fires exactly when Flink (W_f = max - 2000) does.
// By row 599 the watermark passes 30000, so every 10 s tumbling window
// ending at or before 30 s has fired inside the slice with Flink's totals;
// the windows [30 s, 40 s) fire only at the slice's end and are not compared.

// L0_tumble_emissions.csv, windows ending <= 30000:
// [key, start, end, count, sum, min, max]
export const TUMBLE_L0 = [
  [0, 0, 10000, 63, 2351.68, -48.46, 144.56],
  [1, 0, 10000, 55, 3022.34, -48.67, 149.15],
  [2, 0, 10000, 39, 2239.53, -47.43, 148.99],
  [3, 0, 10000, 23, 1004.28, -45.99, 147.87],
  [4, 0, 10000, 27, 729.66, -42.20, 136.96],
  [0, 10000, 20000, 36, 2360.16, -38.97, 149.21],
  [1, 10000, 20000, 18, 685.58, -44.07, 136.13],
  [2, 10000, 20000, 54, 2111.69, -47.88, 147.91],
  [3, 10000, 20000, 16, 1001.79, -26.95, 141.94],
  [4, 10000, 20000, 28, 1413.79, -47.11, 149.80],
  [0, 20000, 30000, 50, 2798.36, -47.24, 144.58],
  [1, 20000, 30000, 19, 1029.51, -39.09, 149.73],
  [2, 20000, 30000, 46, 2366.27, -50.00, 149.44],
  [3, 20000, 30000, 41, 2447.63, -45.09, 147.84],
  [4, 20000, 30000, 44, 2142.93, -49.02, 142.00],
];

// L0_tumble_late.csv rows with id < 620: [key, time, value, Flink W_f at arrival].
// Weir's watermark is W_f + 1 (max - 1999).
export const LATE_L0 = [
  [2, 9940, 124.41, 10300], [4, 7947, 100.33, 14316], [4, 1611, 19.59, 14316],
  [2, 7523, 100.08, 14316], [1, 8332, 133.24, 19786], [1, 6678, 136.74, 21981],
  [4, 10145, 125.12, 27067], [2, 19524, 92.14, 27810], [0, 19533, 128.86, 28485],
  [4, 19898, 83.04, 29150], [1, 18631, 12.98, 31104], [1, 17330, 144.77, 31541],
];

// Allowed lateness 5 s (L5000_tumble_*): four rows re-fire [0, 10 s) windows
// late, so two windows end with more (last firing shown); 8 rows stay late.
export const TUMBLE_L5000_CHANGED = [
  [2, 0, 10000, 41, 2464.02, -47.43, 148.99],
  [4, 0, 10000, 29, 849.58, -42.20, 136.96],
];
export const LATE_L5000 = [
  [1, 8332, 133.24], [1, 6678, 136.74], [4, 10145, 125.12], [2, 19524, 92.14],
  [0, 19533, 128.86], [4, 19898, 83.04], [1, 18631, 12.98], [1, 17330, 144.77],
];

/** Rows of a results table (data attributes) for windows ending <= 30 s. */
export async function resultRows(table) {
  const rows = await table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ["key", "start", "end", "count", "sum", "min", "max"].map((f) => Number(tr.dataset[f]))));
  return rows.filter((r) => r[2] <= 30000).sort((a, b) => a[2] - b[2] || a[0] - b[0]);
}

/** Compares rows, sums within 1e-9 relative (the fixture has two decimals). */
export function assertRows(assert, actual, expected) {
  assert.equal(actual.length, expected.length, "number of windows");
  expected.forEach((e, i) => {
    const a = actual[i];
    assert.deepEqual([a[0], a[1], a[2], a[3], a[5], a[6]], [e[0], e[1], e[2], e[3], e[5], e[6]], `window ${i}`);
    assert.ok(Math.abs(a[4] - e[4]) <= 1e-9 * Math.abs(e[4]) + 1e-9, `sum of window ${i}: ${a[4]} vs ${e[4]}`);
  });
}
