// The factory pipeline flat out in Node, no browser and no wall clock: how
// many events/s the machine takes with the simulator and both engines on one
// thread ("one", the old widget) or split as the widget now does
// ("transfer": simulator + tumbling on one worker, chunks transferred to a
// sliding worker, at most AHEAD chunks unacknowledged), or with a simulator
// per engine ("replicate"). Prints wall time and the process's CPU time:
// CPU close to wall means the two workers had one core between them.
//   node bench/factory/parallel.mjs one|transfer|replicate [--seconds 20]
// (needs www/pkg: ./weir dist)
import { Worker, isMainThread, parentPort, workerData, MessageChannel } from "node:worker_threads";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const PKG = new URL("../../www/pkg/", import.meta.url);
const { default: init, SensorSimulator, StreamEngine } = await import(new URL("weir_wasm.js", PKG));
await init({ module_or_path: readFileSync(new URL("weir_wasm_bg.wasm", PKG)) });

const STEP_MS = 50;
const AHEAD = 4;
const seconds = isMainThread
  ? Number(parseArgs({ allowPositionals: true, options: { seconds: { type: "string", default: "20" } } }).values.seconds)
  : workerData.seconds;
// The widget's defaults at the chapter's 10,000 sensors x 100 Hz.
const sim = () => new SensorSimulator({
  seed: 7, sensors: 10_000, rateHz: 100, durationMs: seconds * 1000, anomalies: seconds >= 10 ? 6 : 0,
  anomalyDurationMs: 5_000, anomalyMagnitude: 6, lateFraction: 0.01, delayBaseMs: 50, delaySpreadMs: 200,
});
const ENGINES = {
  tumbling: { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 250 } },
  sliding: { window: { type: "sliding", size: 10_000, slide: 1_000 }, watermark: { maxOutOfOrderness: 250 } },
};
const END = seconds * 1000 + 10_251 + STEP_MS; // past the last arrival
const push = (e, c) => { if (c.keys.length) { e.pushBatch(c.keys, c.times, c.values); e.drainColumns(); e.drainLate(); } };

if (isMainThread) {
  const mode = process.argv[2] ?? "transfer";
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  if (mode === "one") {
    const s = sim();
    const engines = [new StreamEngine(ENGINES.tumbling), new StreamEngine(ENGINES.sliding)];
    for (let u = STEP_MS; u <= END; u += STEP_MS) {
      const c = s.nextChunk(u);
      n += c.keys.length;
      for (const e of engines) push(e, c);
    }
  } else {
    const ch = new MessageChannel();
    const roles = mode === "transfer"
      ? [{ role: "source", port: ch.port1 }, { role: "sink", port: ch.port2 }]
      : [{ role: "replica", engine: "tumbling" }, { role: "replica", engine: "sliding" }];
    const workers = roles.map((r) => new Worker(new URL(import.meta.url), {
      workerData: { ...r, seconds }, transferList: r.port ? [r.port] : [],
    }));
    const done = await Promise.all(workers.map((w) => new Promise((ok) => w.once("message", ok))));
    n = Math.min(...done.map((d) => d.n));
    console.log(`  busy ms per worker: ${done.map((d) => Math.round(d.busy)).join(" / ")}`);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  console.log(`${mode}: ${n} events in ${Math.round(wall)} ms wall: ${(n / wall / 1000).toFixed(2)} M events/s; CPU ${Math.round((c.user + c.system) / 1000)} ms`);
} else {
  const d = workerData;
  let n = 0;
  let busy = 0;
  if (d.role === "replica") {
    const s = sim();
    const e = new StreamEngine(ENGINES[d.engine]);
    const t0 = performance.now();
    for (let u = STEP_MS; u <= END; u += STEP_MS) { const c = s.nextChunk(u); n += c.keys.length; push(e, c); }
    busy = performance.now() - t0;
    parentPort.postMessage({ n, busy });
  } else if (d.role === "source") {
    const s = sim();
    const e = new StreamEngine(ENGINES.tumbling);
    let inFlight = 0;
    let u = STEP_MS;
    const pump = () => {
      const t0 = performance.now();
      while (inFlight < AHEAD && u <= END) {
        const c = s.nextChunk(u);
        u += STEP_MS;
        n += c.keys.length;
        push(e, c);
        d.port.postMessage({ keys: c.keys, times: c.times, values: c.values, last: u > END }, [c.keys.buffer, c.times.buffer, c.values.buffer]);
        inFlight++;
      }
      busy += performance.now() - t0;
    };
    d.port.on("message", (m) => { inFlight--; if (m.last) parentPort.postMessage({ n, busy }); else pump(); });
    pump();
  } else {
    const e = new StreamEngine(ENGINES.sliding);
    d.port.on("message", (m) => {
      const t0 = performance.now();
      n += m.keys.length;
      push(e, m);
      busy += performance.now() - t0;
      d.port.postMessage({ last: m.last });
      if (m.last) parentPort.postMessage({ n, busy });
    });
  }
}
