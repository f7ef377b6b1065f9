// The browser half of the benchmark: loads the page's package (www/pkg,
// built by ./weir), generates one stream with simulateSensors and times
// pushBatch + drainColumns (drain included) per window, then single push()
// calls. window.weirBench(options) returns the numbers for bench/run.mjs.
import init, { StreamEngine, simulateSensors } from "../www/pkg/weir_wasm.js";

const ready = init();

export const WINDOWS = [
  ["tumbling 10 s", { type: "tumbling", size: 10_000 }],
  ["sliding 10 s / 1 s", { type: "sliding", size: 10_000, slide: 1_000 }],
  ["session 5 s", { type: "session", gap: 5_000 }],
];

/** The last stream generated, reused when the options are the same. */
const cached = { key: null, stream: null, seconds: 0 };

/** One pass through a fresh engine: { results, checksum, seconds }. */
function batchRun(s, window, { batch, maxOutOfOrderness }) {
  const e = new StreamEngine({ window, watermark: { maxOutOfOrderness } });
  let results = 0, checksum = 0;
  const drain = () => {
    const c = e.drainColumns();
    results += c.sum.length;
    for (let i = 0; i < c.sum.length; i++) checksum += c.sum[i];
  };
  const n = s.keys.length;
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const j = Math.min(n, i + batch);
    e.pushBatch(s.keys.subarray(i, j), s.times.subarray(i, j), s.values.subarray(i, j));
    drain();
  }
  e.flush();
  drain();
  const seconds = (performance.now() - t0) / 1000;
  e.free();
  return { results, checksum, seconds };
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
 * (rows per pushBatch), `maxOutOfOrderness`, `runs` (best of) and
 * `pushEvents` (events for the single-push test).
 */
export async function weirBench(options = {}) {
  await ready;
  const { batch = 65_536, maxOutOfOrderness = 300, runs = 3, pushEvents = 2_000_000, ...sim } = options;
  const t0 = performance.now();
  const same = JSON.stringify(sim) === cached.key;
  const s = same ? cached.stream : simulateSensors(sim);
  Object.assign(cached, { key: JSON.stringify(sim), stream: s });
  const generateSeconds = same ? cached.seconds : (performance.now() - t0) / 1000;
  cached.seconds = generateSeconds;
  const out = { events: s.keys.length, generateSeconds, windows: [], push: null };
  const o = { batch, maxOutOfOrderness, pushEvents };
  for (const [name, window] of WINDOWS) {
    let best = null;
    for (let r = 0; r < runs; r++) {
      const x = batchRun(s, window, o);
      if (!best || x.seconds < best.seconds) best = x;
    }
    out.windows.push({ window: name, events: s.keys.length, ...best, eventsPerSecond: s.keys.length / best.seconds });
  }
  let best = null;
  for (let r = 0; r < runs; r++) {
    const x = pushRun(s, WINDOWS[0][1], o);
    if (!best || x.seconds < best.seconds) best = x;
  }
  out.push = { window: WINDOWS[0][0], ...best, eventsPerSecond: best.events / best.seconds };
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
