// The browser half of the benchmark: loads the page's package (www/pkg,
// built by ./weir), generates one stream with simulateSensors and times
// pushBatch + drainColumns (drain included) per window, then single push()
// calls. window.weirBench(options) returns the numbers for bench/run.mjs.
//
// `?pkg=URL` loads another build of the package instead (bench/run.mjs's
// --pkg, to compare builds in one run).
const PKG = new URLSearchParams(location.search).get("pkg") ?? "../www/pkg/weir_wasm.js";
const { default: init, StreamEngine, simulateSensors } = await import(PKG);

const ready = init();

export const WINDOWS = [
  ["tumbling 10 s", { type: "tumbling", size: 10_000 }],
  ["sliding 10 s / 1 s", { type: "sliding", size: 10_000, slide: 1_000 }],
  ["session 5 s", { type: "session", gap: 5_000 }],
];

/** The last stream generated, reused when the options are the same. */
const cached = { key: null, stream: null, seconds: 0 };

/**
 * One pass through a fresh engine: { results, checksum, seconds,
 * drainSeconds }. `mode` "copy" or "check" times only the boundary: each
 * batch is pushed with one time made NaN, at row 0 (refused once its
 * columns are copied into wasm memory: the copy) or at its last row
 * (refused after the boundary's checks of every other row: copy + checks),
 * and nothing is pushed or drained. "full" (the default) is the real run.
 * Since pushBatch checks a batch's times in one pass and walks the rows
 * only when that fails, both refused pushes pay that pass and a walk (to
 * row 0, or every row): there "copy" is copy + the pass, and "check" the
 * walk, which a valid batch does not pay (the full run tells).
 */
function batchRun(s, window, { batch, maxOutOfOrderness, mode = "full" }) {
  const e = new StreamEngine({ window, watermark: { maxOutOfOrderness } });
  let results = 0, checksum = 0, drainMs = 0;
  const drain = () => {
    const t0 = performance.now();
    const c = e.drainColumns();
    results += c.sum.length;
    for (let i = 0; i < c.sum.length; i++) checksum += c.sum[i];
    drainMs += performance.now() - t0;
  };
  const n = s.keys.length;
  const poison = mode === "copy" ? () => 0 : mode === "check" ? (rows) => rows - 1 : null;
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const j = Math.min(n, i + batch);
    const keys = s.keys.subarray(i, j), times = s.times.subarray(i, j), values = s.values.subarray(i, j);
    if (poison) {
      const at = poison(j - i), keep = times[at];
      times[at] = NaN;
      try {
        e.pushBatch(keys, times, values);
        throw new Error(`${mode}: a batch with a NaN time was accepted`);
      } catch (err) {
        if (err.field !== `times[${at}]`) throw err;
      } finally {
        times[at] = keep;
      }
      continue;
    }
    e.pushBatch(keys, times, values);
    drain();
  }
  if (!poison) {
    e.flush();
    drain();
  }
  const seconds = (performance.now() - t0) / 1000;
  e.free();
  return { results, checksum, seconds, drainSeconds: drainMs / 1000 };
}

/** Single push({ key, time, value }) calls, one object each, drain every `batch`. */
function pushRun(s, window, { batch, maxOutOfOrderness, pushEvents }) {
  const e = new StreamEngine({ window, watermark: { maxOutOfOrderness } });
  const n = Math.min(pushEvents, s.keys.length);
  const { keys, times, values } = s;
  let results = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    e.push({ key: keys[i], time: times[i], value: values[i] });
    if (i % batch === batch - 1) results += e.drainColumns().sum.length;
  }
  e.flush();
  results += e.drainColumns().sum.length;
  const seconds = (performance.now() - t0) / 1000;
  e.free();
  return { events: n, results, seconds };
}

/**
 * Runs the benchmark. `options`: simulateSensors options plus `batch`
 * (rows per pushBatch), `maxOutOfOrderness`, `runs` (best of),
 * `pushEvents` (events for the single-push test; 0 skips it), `mode`
 * (batchRun's: "full", or "copy" / "check" for the boundary alone) and
 * `only` (the names of the windows to run; all by default).
 */
export async function weirBench(options = {}) {
  await ready;
  const { batch = 65_536, maxOutOfOrderness = 300, runs = 3, pushEvents = 2_000_000, mode = "full",
    only = null, ...sim } = options;
  const t0 = performance.now();
  const same = JSON.stringify(sim) === cached.key;
  const s = same ? cached.stream : simulateSensors(sim);
  Object.assign(cached, { key: JSON.stringify(sim), stream: s });
  const generateSeconds = same ? cached.seconds : (performance.now() - t0) / 1000;
  cached.seconds = generateSeconds;
  const out = { events: s.keys.length, generateSeconds, windows: [], push: null };
  const o = { batch, maxOutOfOrderness, pushEvents, mode };
  for (const [name, window] of WINDOWS.filter(([name]) => !only || only.includes(name))) {
    let best = null;
    for (let r = 0; r < runs; r++) {
      const x = batchRun(s, window, o);
      if (!best || x.seconds < best.seconds) best = x;
    }
    out.windows.push({ window: name, events: s.keys.length, ...best, eventsPerSecond: s.keys.length / best.seconds });
  }
  let best = null;
  for (let r = 0; r < runs && pushEvents > 0; r++) {
    const x = pushRun(s, WINDOWS[0][1], o);
    if (!best || x.seconds < best.seconds) best = x;
  }
  if (best) out.push = { window: WINDOWS[0][0], ...best, eventsPerSecond: best.events / best.seconds };
  return out;
}
window.weirBench = weirBench;

// The page's own form.
const form = document.getElementById("form");
form?.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(form);
  const status = document.getElementById("status");
  status.textContent = "running…";
  try {
    const r = await weirBench({
      sensors: Number(f.get("sensors")), rateHz: Number(f.get("rateHz")), durationMs: Number(f.get("durationMs")),
    });
    const rows = [...r.windows.map((w) => [`pushBatch, ${w.window}`, w]), [`push(), ${r.push.window}`, r.push]];
    const body = document.querySelector("#out tbody");
    body.replaceChildren(...rows.map(([what, w]) => {
      const tr = document.createElement("tr");
      for (const v of [what, w.events.toLocaleString("en"), w.results.toLocaleString("en"), w.seconds.toFixed(3),
        Math.round(w.eventsPerSecond).toLocaleString("en")]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(td);
      }
      return tr;
    }));
    document.getElementById("out").hidden = false;
    status.textContent = `${r.events.toLocaleString("en")} events generated in ${r.generateSeconds.toFixed(2)} s`;
  } catch (e) {
    status.textContent = `error: ${e.message}`;
  }
});
