// The factory's simulator alone, in Node, no engine and no browser: what the
// source stage of <weir-factory>'s tumbling worker costs per million events
// (SensorSimulator.nextChunk every 50 ms of event time, its columns copied
// out to JS typed arrays, as factory-worker.js asks for them), at the
// chapter's 10,000 sensors x 100 Hz with the widget's delays.
//   node bench/factory/sim.mjs [--seconds 20] [--runs 5] [--pkg www/pkg]
//        [--columns keys,times,values | all]
// --pkg names another build of the package (a copy of www/pkg made from
// another commit) to compare in the same run: each run alternates them. A
// build without the columns option copies out every column, as the factory
// worker of its day got; each line says which columns a build returned.
// Besides wall time, the process's CPU time (user + system, all threads,
// so V8's concurrent GC too): on a shared machine it leaves out the time
// the process waited for a core.
// (needs www/pkg: ./weir dist)
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

const { values: o } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" }, runs: { type: "string", default: "5" },
    pkg: { type: "string", multiple: true }, columns: { type: "string", default: "keys,times,values" },
  },
});
const seconds = Number(o.seconds), runs = Number(o.runs);
const dirs = o.pkg?.length ? o.pkg : [new URL("../../www/pkg/", import.meta.url).pathname];
const STEP_MS = 50;

async function load(dir) {
  const base = pathToFileURL(dir.endsWith("/") ? dir : `${dir}/`);
  const m = await import(new URL("weir_wasm.js", base));
  await m.default({ module_or_path: readFileSync(new URL("weir_wasm_bg.wasm", base)) });
  return m;
}

/** One pass over the stream: ms of simulator per million events. */
function pass(m) {
  const options = {
    seed: 7, sensors: 10_000, rateHz: 100, durationMs: seconds * 1000, anomalies: seconds >= 10 ? 6 : 0,
    anomalyDurationMs: 5_000, anomalyMagnitude: 6, lateFraction: 0.01, delayBaseMs: 50, delaySpreadMs: 200,
  };
  // Only a build that knows the option is asked for fewer columns.
  let cols = o.columns === "all" ? null : o.columns.split(",");
  try { if (cols) new m.SensorSimulator({ ...options, columns: cols }).free(); } catch { cols = null; }
  const sim = new m.SensorSimulator(cols ? { ...options, columns: cols } : options);
  const end = m.SensorSimulator.arrivalEndMs(options);
  let n = 0, check = 0, returned = "";
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let until = STEP_MS; until < end + STEP_MS; until += STEP_MS) {
    const c = sim.nextChunk(until);
    n += c.keys.length;
    if (c.keys.length) check += c.values[c.values.length - 1] + c.times[0];
    if (!returned && c.keys.length) returned = Object.keys(c).filter((k) => k !== "anomalies").join(",");
  }
  const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
  sim.free();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { msPerMillion: (ms / n) * 1e6, cpuPerMillion: (cpuMs / n) * 1e6, events: n, check, columns: returned };
}

const mods = [];
for (const d of dirs) mods.push([d, await load(d)]);
const results = Object.fromEntries(dirs.map((d) => [d, []]));
for (let r = 0; r < runs; r++) {
  for (const [d, m] of mods) {
    const x = pass(m);
    results[d].push(x);
    console.log(`${d}: ${x.msPerMillion.toFixed(1)} ms (CPU ${x.cpuPerMillion.toFixed(1)} ms) per million events (${x.events} events, columns ${x.columns}, check ${x.check.toFixed(2)})`);
  }
}
const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
let first;
for (const [d, xs] of Object.entries(results)) {
  const wall = xs.map((x) => x.msPerMillion), cpu = median(xs.map((x) => x.cpuPerMillion));
  first ??= cpu;
  console.log(`${d}: median ${median(wall).toFixed(1)}, min ${Math.min(...wall).toFixed(1)} ms per million events; CPU median ${cpu.toFixed(1)} ms (${(cpu / first).toFixed(2)}x the first)`);
}
