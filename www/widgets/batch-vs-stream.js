// <weir-batch-vs-stream>: one simulated sensor day with a temperature spike
// near 14:15 (the chapter's river story). The stream side feeds the engine
// event by event in arrival order (tumbling windows, an alert when a
// window's max passes a threshold); the batch side runs the same engine as
// a scheduled job over what has arrived by then, and finds the spike only
// when its job runs. Then the Lambda view: the speed layer's results (late
// events dropped or accepted per the allowed lateness) beside a batch
// recompute over every event, with the windows that differ highlighted.
// All windowing is the wasm engine's; this file only schedules jobs,
// compares results and draws.
import { StreamEngine, simulateSensors } from "../weir.js";
import { WeirElement, h, nextId, s } from "./base.js";
import { duration, number, oneOf, readAttrs } from "./attrs.js";
import { formatDuration, num, parseDuration } from "./units.js";

// The day. Seed 7371 places the one injected anomaly (6 min, +30 noise sd =
// +15 °C) on sensor 2 from 14:15:20.150: the seed was picked for that.
export const DAY = 86_400_000;
export const SIM = {
  seed: 7371, sensors: 4, rateHz: 0.1, durationMs: DAY, startMs: 0,
  delayBaseMs: 200, delaySpreadMs: 2000, lateFraction: 0.01, lateMinMs: 60_000, lateMaxMs: 1_200_000,
  anomalies: 1, anomalyDurationMs: 360_000, anomalyMagnitude: 30,
  baseline: 20, baselineSpread: 2, noiseStd: 0.5, driftAmplitude: 1.5, driftPeriodMs: 21_600_000,
};
const OUT_OF_ORDERNESS = 2000; // = delaySpreadMs: only the very late events are late

// The chapter's latency classes (upper bounds in ms).
export const LATENCY_CLASSES = [
  { id: "hard", label: "Hard real-time", bound: "< 10 ms", max: 10 },
  { id: "soft", label: "Soft real-time", bound: "< 100 ms", max: 100 },
  { id: "near", label: "Near real-time", bound: "< 1 s", max: 1000 },
  { id: "seconds", label: "Seconds (between near real-time and batch)", bound: "1 s – 1 min", max: 60_000 },
  { id: "batch", label: "Batch", bound: "minutes – hours", max: Infinity },
];
export const latencyClass = (ms) => LATENCY_CLASSES.find((c) => ms < c.max);

// The chapter's application domains and the latency each requires (its table, in ms).
export const DOMAINS = [
  { id: "vehicles", name: "Autonomous vehicles", maxMs: 10, words: "< 10 ms" },
  { id: "safety", name: "Industrial safety systems", maxMs: 100, words: "< 100 ms" },
  { id: "grid", name: "Smart grid load balancing", maxMs: 1000, words: "< 1 s" },
  { id: "fraud", name: "Financial fraud detection", maxMs: 5000, words: "< 5 s" },
  { id: "health", name: "Healthcare monitoring", maxMs: 10_000, words: "< 10 s" },
  { id: "maintenance", name: "Predictive maintenance", maxMs: 60_000, words: "< 1 min" },
];

// The chapter's trade-off between its two options (its words and figures).
const TRADE_OFF = [
  ["Latency", "minutes to hours (scheduled job completion)", "milliseconds to seconds (continuous)"],
  ["Throughput", "very high (1M+ events/second during the batch window)", "high (100K–10M+ events/second sustained, depending on framework)"],
  ["Resource cost", "burst usage: pay only during processing (Spark ~$0.05/GB processed)", "always-on: 24/7 compute (Kafka + Flink managed ~$500–2,000/month base)"],
  ["Complexity", "lower (simpler failure recovery, replay from source)", "higher (state, exactly-once, late data)"],
];
/** The stream is timed in batches of this many pushes: the slowest batch is the measured worst. */
const TIMED_BATCH = 1000;

const SCHEDULES = [["15min", "Every 15 min"], ["1h", "Hourly"], ["6h", "Every 6 h"], ["24h", "Nightly (midnight)"]];
const WINDOWS = [["10s", "10 s"], ["1min", "1 min"], ["5min", "5 min"]];
const LATENESS = [["0", "0 (drop late events)"], ["1min", "1 min"], ["5min", "5 min"], ["20min", "20 min"]];
// The alert threshold must sit above the normal readings (under 24.5 °C all day).
const THRESHOLD = { min: 25, max: 60 };
const SPECS = {
  // "60min" is the hourly schedule too.
  schedule: oneOf(SCHEDULES.map(([v]) => v), "24h", (v) => SCHEDULES.find(([o]) => parseDuration(o) === parseDuration(v))?.[0]),
  window: duration(60_000, { min: 1000, max: 3_600_000 }),
  lateness: duration(0, { min: 0, max: 3_600_000 }),
  threshold: number(30, { ...THRESHOLD, unit: "°C" }),
};

/** "14:15:04.905" for a time of day in ms (day 2 shown as +1 d). */
export function clock(ms, { millis = false } = {}) {
  const d = Math.floor(ms / DAY);
  const t = ms - d * DAY;
  const p = (n, w = 2) => String(Math.floor(n)).padStart(w, "0");
  const text = `${p(t / 3_600_000)}:${p((t / 60_000) % 60)}:${p((t / 1000) % 60)}${millis ? `.${p(t % 1000, 3)}` : ""}`;
  return d ? `${text} (+${d} d)` : text;
}

/** A duration for people: "11.6 s", "45 min 7 s", "9 h 45 min". */
export function humanDuration(ms) {
  if (ms < 1) return `${num(ms * 1000, 1)} µs`;
  if (ms < 1000) return `${num(ms, 2)} ms`;
  if (ms < 60_000) return `${num(ms / 1000, 1)} s`;
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A radio group: fieldset + legend, one input per option. */
export function radios({ name, legend, options, value, onchange }) {
  const inputs = [];
  const set = h("fieldset", { class: "radios", "data-group": name },
    h("legend", {}, legend),
    ...options.map(([v, label]) => {
      const input = h("input", { type: "radio", name, value: v });
      input.checked = v === value;
      input.addEventListener("change", () => { if (input.checked) onchange(v); });
      inputs.push(input);
      return h("label", {}, input, " ", label);
    }));
  return {
    element: set,
    set(v) { for (const i of inputs) i.checked = i.value === v; },
  };
}

let dayCache;
/** The simulated day (cached per page). */
export function sensorDay() {
  if (!dayCache) {
    const sim = simulateSensors(SIM);
    const n = sim.keys.length;
    // The batch layer sorts by event time; the order is UI data prep, not windowing.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sim.times[a] - sim.times[b] || a - b);
    const pick = (arr, Ctor) => Ctor.from(order, (i) => arr[i]);
    dayCache = {
      sim, n,
      sorted: { keys: pick(sim.keys, Uint32Array), times: pick(sim.times, Float64Array), values: pick(sim.values, Float64Array), arrivals: pick(sim.arrivals, Float64Array) },
    };
  }
  return dayCache;
}

const engineConfig = (windowMs, lateness) => ({
  window: { type: "tumbling", size: windowMs },
  watermark: { maxOutOfOrderness: OUT_OF_ORDERNESS },
  allowedLateness: lateness,
});

/** The speed layer: every event pushed in arrival order, watermark recorded after each. */
function runStream(day, windowMs, lateness) {
  const { sim, n } = day;
  const engine = new StreamEngine(engineConfig(windowMs, lateness));
  try {
    const wm = new Float64Array(n);
    const t0 = performance.now();
    // Timed per batch of pushes (a single push is below the clock's resolution): the slowest is the worst seen.
    let worst = 0, batchStart = t0;
    for (let i = 0; i < n; i++) {
      engine.push({ key: sim.keys[i], time: sim.times[i], value: sim.values[i] });
      wm[i] = engine.watermark;
      if ((i + 1) % TIMED_BATCH === 0 || i === n - 1) {
        const now = performance.now();
        worst = Math.max(worst, now - batchStart);
        batchStart = now;
      }
    }
    const elapsed = performance.now() - t0;
    const stats = engine.stats();
    const results = engine.drain(); // before the flush: what the live stream emitted during the day
    engine.flush();
    for (const r of engine.drain()) results.push(r); // no spread: it can be too many arguments
    return { results, wm, elapsed, worst, stats };
  } finally {
    engine.free();
  }
}

/** One batch job: the events (sorted by event time) through a fresh engine, flushed. */
function batchJob(cols, from, to) {
  const engine = new StreamEngine(engineConfig(cols.windowMs, 0));
  try {
    engine.pushBatch(cols.keys.subarray(from, to), cols.times.subarray(from, to), cols.values.subarray(from, to));
    engine.flush();
    return engine.drain();
  } finally {
    engine.free();
  }
}

/** Everything the widget shows, from the engine. */
export function compute({ schedule, windowMs, lateness, threshold }) {
  const day = sensorDay();
  const { sim, n, sorted } = day;
  const anomaly = sim.anomalies[0];
  let firstOver = null;
  for (let i = 0; i < n; i++) {
    if (sim.anomaly[i] && sim.values[i] > threshold && (!firstOver || sim.times[i] < firstOver.time)) {
      firstOver = { key: sim.keys[i], time: sim.times[i], value: sim.values[i] };
    }
  }
  const spikeAt = firstOver?.time ?? anomaly.start;
  let peak = -Infinity;
  for (let i = 0; i < n; i++) if (sim.anomaly[i]) peak = Math.max(peak, sim.values[i]);

  // Stream: the first firing over the threshold, and when (in arrival time) the watermark got there.
  const stream = runStream(day, windowMs, lateness);
  const alertResult = stream.results.find((r) => r.max > threshold);
  let alertAt = null;
  if (alertResult) {
    const i = stream.wm.findIndex((w) => w >= alertResult.watermark);
    alertAt = i >= 0 ? sim.arrivals[i] : null;
  }
  const streamTti = alertAt == null ? null : alertAt - spikeAt;

  // Batch: jobs at every multiple of the period; job k takes the events with
  // event time in [T - P, T) that have arrived by T. First job to see the spike wins.
  const period = parseDuration(schedule);
  const jobs = [];
  let found = null;
  let runtime = 0;
  for (let at = period; at <= DAY && !found; at += period) {
    const idx = [];
    for (let i = lowerBound(sorted.times, at - period); i < n && sorted.times[i] < at; i++) {
      if (sorted.arrivals[i] < at) idx.push(i);
    }
    const cols = {
      windowMs,
      keys: Uint32Array.from(idx, (i) => sorted.keys[i]),
      times: Float64Array.from(idx, (i) => sorted.times[i]),
      values: Float64Array.from(idx, (i) => sorted.values[i]),
    };
    const t0 = performance.now();
    const results = batchJob(cols, 0, idx.length);
    runtime = performance.now() - t0;
    const hit = results.find((r) => r.max > threshold);
    jobs.push({ at, events: idx.length, windows: results.length, found: !!hit });
    if (hit) found = { at, result: hit, events: idx.length, runtimeMs: runtime };
  }
  const batchTti = found ? found.at - spikeAt : null;

  // Lambda: the speed layer's latest firing per window against a batch recompute of all events.
  const all = batchJob({ windowMs, ...sorted }, 0, n);
  const speed = new Map();
  const corrected = new Set();
  for (const r of stream.results) {
    const k = `${r.key}:${r.start}`;
    if (r.firing === "late") corrected.add(k);
    speed.set(k, r);
  }
  const differing = [];
  for (const b of all) {
    const sp = speed.get(`${b.key}:${b.start}`);
    // Sums are compared with a tolerance: the two layers add the same values in different orders.
    if (!sp || sp.count !== b.count || Math.abs(sp.sum - b.sum) > 1e-6 * Math.max(1, Math.abs(b.sum))) differing.push({ batch: b, speed: sp ?? null });
  }
  return {
    spike: { key: anomaly.key, start: anomaly.start, end: anomaly.end, firstReading: spikeAt, overThreshold: firstOver != null, peak, threshold },
    stream: {
      windowMs, alertAt, timeToInsightMs: streamTti, class: streamTti == null ? null : latencyClass(streamTti).id,
      alertWindow: alertResult ? { key: alertResult.key, start: alertResult.start, end: alertResult.end, max: alertResult.max } : null,
      events: n, elapsedMs: stream.elapsed, perEventMs: stream.elapsed / n,
      // Hard real-time is a guaranteed maximum, not a mean: the slowest batch measured here, and no class.
      worstBatchMs: stream.worst, worstBatchEvents: Math.min(TIMED_BATCH, n),
      eventsPerSecond: n / (stream.elapsed / 1000),
    },
    batch: {
      schedule, periodMs: period, jobAt: found?.at ?? null, timeToInsightMs: batchTti,
      class: batchTti == null ? null : latencyClass(batchTti).id, jobsRun: jobs.length, jobs,
      jobEvents: found?.events ?? null, runtimeMs: found?.runtimeMs ?? null,
      eventsPerSecond: found && found.runtimeMs > 0 ? found.events / (found.runtimeMs / 1000) : null,
    },
    // Which of the chapter's application domains each answer serves (its time to insight within the requirement).
    domains: DOMAINS.map((d) => ({ id: d.id, name: d.name, maxMs: d.maxMs,
      stream: streamTti != null && streamTti < d.maxMs, batch: batchTti != null && batchTti < d.maxMs })),
    lambda: {
      lateness, windows: all.length, sideOutput: stream.stats.sideOutput, lateAccepted: stream.stats.lateAccepted,
      corrected: corrected.size, differing: differing.length,
      differingWindows: differing.map((d) => ({
        key: d.batch.key, start: d.batch.start, end: d.batch.end,
        speedCount: d.speed?.count ?? 0, batchCount: d.batch.count,
        speedMean: d.speed?.mean ?? null, batchMean: d.batch.mean,
      })),
    },
    series: seriesOf(all),
  };
}

/** An SVG group holding `kids`. */
const g = (attrs, ...kids) => {
  const node = s("g", attrs);
  node.append(...kids);
  return node;
};

function lowerBound(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Per-key [start, max] of each window, for the day chart. */
function seriesOf(results) {
  const by = new Map();
  for (const r of results) {
    if (!by.has(r.key)) by.set(r.key, []);
    by.get(r.key).push([r.start, r.max]);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]);
}

export class WeirBatchVsStream extends WeirElement {
  static get observedAttributes() { return ["schedule", "window", "lateness", "threshold"]; }

  build() {
    const id = nextId("weir-bvs");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.groups = {
      schedule: radios({ name: `${id}-schedule`, legend: "Batch job schedule", options: SCHEDULES, value: "24h", onchange: (v) => this.setAttribute("schedule", v) }),
      window: radios({ name: `${id}-window`, legend: "Stream window (tumbling)", options: WINDOWS, value: "1min", onchange: (v) => this.setAttribute("window", v) }),
    };
    this.latenessGroup = radios({ name: `${id}-lateness`, legend: "Speed layer: allowed lateness", options: LATENESS, value: "0", onchange: (v) => this.setAttribute("lateness", v) });
    this.story = h("p", { class: "story" });
    this.cardsBox = h("div", { class: "cards" });
    this.dayChart = s("svg", { role: "img", "aria-labelledby": `${id}-day-title ${id}-day-desc`, class: "day" });
    this.classChart = s("svg", { role: "img", "aria-labelledby": `${id}-cls-title ${id}-cls-desc`, class: "classes" });
    this.lambdaSummary = h("p", { class: "lambda-summary" });
    this.strip = s("svg", { role: "img", "aria-labelledby": `${id}-strip-title ${id}-strip-desc`, class: "strip" });
    this.diffTable = h("table", { class: "diff" });
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", {}, "Batch or stream: when does anyone learn about the 14:15 spike?"),
      h("p", { class: "muted" }, "One simulated day: 4 temperature sensors, one reading every 10 s each, 1 % of readings " +
        "1–20 min late. Sensor 2 spikes by about 15 °C for 6 minutes from 14:15:20 (simulator seed 7371). " +
        "Both sides run Weir's engine; only when they run differs."),
      h("div", { class: "groups" }, this.groups.schedule.element, this.groups.window.element),
      this.errorBox,
      // Dimmed while an attribute is invalid: the figures are for the last valid ones.
      h("div", { class: "results" },
        h("div", { class: "result-box", "aria-live": "polite" }, this.story),
        this.cardsBox,
        h("div", { class: "scroll" }, this.dayChart),
        this.legend = h("ul", { class: "legend", "aria-label": "Key to the day chart" }),
        h("h4", {}, "Where each answer falls among the chapter's latency classes"),
        h("div", { class: "scroll" }, this.classChart),
        h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Application domains and their latency, scrolls sideways if narrow" },
          this.domainTable = h("table", { class: "domains" })),
        h("h4", {}, "The trade-off: throughput and cost"),
        h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Batch and stream trade-off, scrolls sideways if narrow" },
          this.tradeTable = h("table", { class: "trade-off" }))),
      h("h4", { id: `${id}-lambda` }, "Lambda view: speed layer against batch layer"),
      h("p", { class: "muted" }, "The speed layer is the stream above. The batch layer recomputes the whole day from every " +
        "event, late ones included, sorted by event time. Windows where the two disagree are what late data cost the speed layer."),
      this.latenessGroup.element,
      h("div", { class: "results" },
        this.lambdaSummary,
        h("div", { class: "scroll" }, this.strip),
        h("ul", { class: "legend", "aria-label": "Key to the Lambda strip" },
          h("li", {}, h("span", { class: "sw diff", "aria-hidden": "true" }), "a window where the speed layer differs from the batch recompute")),
        h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Windows that differ, scrolls sideways if narrow" }, this.diffTable)),
    );
  }

  update() {
    const a = readAttrs(this, SPECS);
    const cfg = { schedule: a.schedule, windowMs: a.window, lateness: a.lateness, threshold: a.threshold };
    this.groups.schedule.set(cfg.schedule);
    this.groups.window.set(WINDOWS.find(([v]) => parseDuration(v) === cfg.windowMs)?.[0]);
    this.latenessGroup.set(LATENESS.find(([v]) => parseDuration(v) === cfg.lateness)?.[0]);
    const r = compute(cfg);
    this.render(r);
    const st = r.stream, b = r.batch;
    this.publish(r, (st.alertAt == null ? `No window passes ${r.spike.threshold} °C: no stream alert. `
      : `Stream alert at ${clock(st.alertAt)}, ${humanDuration(st.timeToInsightMs)} after the spike. `) +
      (b.jobAt == null ? "No batch job finds it. " : `Batch job finds it at ${clock(b.jobAt)}, ${humanDuration(b.timeToInsightMs)} after. `) +
      `Lambda: ${r.lambda.differing} of ${r.lambda.windows} windows differ.`);
  }

  render(r) {
    const { spike, stream: st, batch: b, lambda: l } = r;
    const out = (name, text) => h("output", { "data-out": name }, text);
    const cls = (id) => LATENCY_CLASSES.find((c) => c.id === id);
    this.story.replaceChildren(...(spike.overThreshold ? [
      "The spike's first reading over ", `${spike.threshold} °C`, " is at ", out("spike", clock(spike.firstReading)), ". "]
      : [`No reading of the spike passes ${spike.threshold} °C (it peaks at ${num(spike.peak, 1)} °C). `]),
    ...(st.alertAt == null ? ["The stream ", h("strong", {}, out("stream-alert", "never alerts"))]
      : ["The stream raises its alert at ", h("strong", {}, out("stream-alert", clock(st.alertAt)))]),
    ...(b.jobAt == null ? ["; ", h("strong", {}, out("batch-found", "no batch job")), " finds it."]
      : ["; the batch job finds it at ", h("strong", {}, out("batch-found", clock(b.jobAt))), "."]));
    const card = (kind, title, tti, klass, lines) => h("section", { class: `panel card ${kind}${tti == null ? " none" : ""}`, "aria-label": title },
      h("h4", {}, title),
      h("p", { class: "big" }, out(`${kind}-tti`, tti == null ? "not found" : humanDuration(tti))),
      h("p", {}, "time to insight: ", out(`${kind}-class`, klass ? `${cls(klass).label} (${cls(klass).bound})` : "–")),
      ...lines.map((x) => h("p", { class: "muted" }, ...[].concat(x))));
    this.cardsBox.replaceChildren(
      card("stream", "Stream (speed layer)", st.timeToInsightMs, st.class, [
        `Tumbling ${formatDuration(st.windowMs)} windows, watermark ${formatDuration(OUT_OF_ORDERNESS)} behind; alert when a window's max > ${spike.threshold} °C.`,
        st.alertWindow ? `Window [${clock(st.alertWindow.start)}, ${clock(st.alertWindow.end)}) of sensor ${st.alertWindow.key} fired with max ${num(st.alertWindow.max)} °C.` : "No window passed the threshold.",
        ["The engine itself, measured in this browser: ", out("per-event", humanDuration(st.perEventMs)), ` per event on average (${st.events.toLocaleString("en")} events in ${num(st.elapsedMs, 0)} ms); `,
          "the slowest batch of ", `${st.worstBatchEvents.toLocaleString("en")} events took `, out("worst-batch", humanDuration(st.worstBatchMs)), ". ",
          "A measurement, not a guarantee: hard real-time means a guaranteed maximum latency (deterministic, as in PLC control), which a browser cannot promise. ",
          "The wait is the window and the watermark, not the computing."],
      ]),
      card("batch", "Batch job", b.timeToInsightMs, b.class, [
        `${SCHEDULES.find(([v]) => parseDuration(v) === b.periodMs)[1]}: each job reads the events of its period that have arrived by then.`,
        b.jobAt == null ? "No job found the spike." : `Job ${b.jobsRun} at ${clock(b.jobAt)} read ${b.jobEvents.toLocaleString("en")} events and found it; it ran in ${num(b.runtimeMs, 1)} ms here.`,
        "Until that job, nobody knows.",
      ]),
    );
    const yes = (ok) => h("td", { class: ok ? "meets" : "misses" }, ok ? "meets it" : "misses it");
    this.domainTable.replaceChildren(
      h("caption", {}, "The chapter's application domains (marks 1–6 on the scale above): does each answer arrive in time?"),
      h("thead", {}, h("tr", {}, ...["", "application domain", "required latency", `stream (${st.timeToInsightMs == null ? "no alert" : humanDuration(st.timeToInsightMs)})`,
        `batch (${b.timeToInsightMs == null ? "not found" : humanDuration(b.timeToInsightMs)})`].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...r.domains.map((d, i) => h("tr", { "data-domain": d.id, "data-stream": String(d.stream), "data-batch": String(d.batch) },
        h("td", {}, String(i + 1)), h("th", { scope: "row" }, d.name), h("td", {}, DOMAINS[i].words), yes(d.stream), yes(d.batch)))));
    const rate = (v) => (v == null ? "–" : `${Math.round(v).toLocaleString("en")} events/s`);
    this.tradeTable.replaceChildren(
      h("caption", {}, "The chapter's figures for its two options, and what Weir measured on this page"),
      h("thead", {}, h("tr", {}, ...["", "batch", "stream"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...TRADE_OFF.map(([what, batch, stream]) => h("tr", {}, h("th", { scope: "row" }, what), h("td", {}, batch), h("td", {}, stream))),
        h("tr", { class: "measured" }, h("th", { scope: "row" }, "Measured here"),
          h("td", {}, ...(b.jobAt == null ? ["no job found the spike"] : ["the job that found it: ", out("batch-rate", rate(b.eventsPerSecond))])),
          h("td", {}, "the whole day pushed one by one: ", out("stream-rate", rate(st.eventsPerSecond))))));
    this.last = r;
    this.drawCharts();
    this.lambdaSummary.replaceChildren(
      "Speed layer with allowed lateness ", out("lateness", formatDuration(l.lateness)), ": ",
      out("side-output", String(l.sideOutput)), " late events dropped to the side output, ",
      out("late-accepted", String(l.lateAccepted)), " accepted late (", out("corrected", String(l.corrected)), " windows re-fired with corrected totals). ",
      h("strong", {}, out("differing", String(l.differing))), ` of ${l.windows.toLocaleString("en")} windows differ from the batch recompute.`);
    const rows = l.differingWindows.slice(0, 12);
    this.diffTable.replaceChildren(
      h("caption", {}, l.differing ? `Windows that differ${l.differing > rows.length ? ` (first ${rows.length} of ${l.differing})` : ""}` : "No window differs: the speed layer accepted every late event."),
      h("thead", {}, h("tr", {}, ...["sensor", "window", "speed count", "batch count", "speed mean", "batch mean"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...rows.map((d) => h("tr", { class: "highlight", "data-key": d.key, "data-start": d.start },
        h("th", { scope: "row" }, `sensor ${d.key}`), h("td", {}, `${clock(d.start)}–${clock(d.end)}`),
        h("td", {}, String(d.speedCount)), h("td", {}, String(d.batchCount)),
        h("td", {}, d.speedMean == null ? "none" : num(d.speedMean)), h("td", {}, num(d.batchMean))))));
  }

  /** The charts' width in CSS px, so that their text stays at its font size. */
  chartWidth() {
    return Math.max(300, Math.round(this.dayChart.getBoundingClientRect().width || 640));
  }

  drawCharts() {
    if (!this.last) return;
    this.drawnWidth = this.chartWidth();
    this.drawDay(this.last);
    this.drawClasses(this.last);
    this.drawStrip(this.last);
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer ??= new ResizeObserver(() => {
      if (this.last && Math.abs(this.chartWidth() - (this.drawnWidth ?? 0)) > 8) this.drawCharts();
    });
    this.resizer.observe(this);
  }

  release() { this.resizer?.disconnect(); }

  drawDay(r) {
    const W = this.chartWidth(), H = 190, L = 34, R = 10, T = 14, B = 40;
    const x = (t) => L + (t / DAY) * (W - L - R);
    // The axis reaches 10 °C above the threshold, so its line is drawn where it is.
    const lo = 10, hi = Math.max(40, Math.ceil(r.spike.threshold / 10) * 10 + 10);
    const y = (v) => T + (1 - (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (H - T - B);
    const { spike, stream: st, batch: b } = r;
    const svg = this.dayChart;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const hours = [0, 6, 12, 18, 24];
    // A marker's label beside its line, on whichever side has room (about 6.5 px per character).
    const label = (at, yy, text, left = false) => {
      const w = text.length * 6.5;
      const toLeft = left ? at - 4 - w >= L : at + 4 + w > W - R;
      return s("text", { x: toLeft ? at - 4 : at + 4, y: yy, "text-anchor": toLeft ? "end" : "start" }, text);
    };
    svg.replaceChildren(
      s("title", { id: `${this.ids}-day-title` }, "The day: each sensor's window maxima, the spike, the stream alert and the batch jobs"),
      s("desc", { id: `${this.ids}-day-desc` }, `Window maxima stay near 20 °C except sensor ${spike.key} from ${clock(spike.start)}. ` +
        `The stream alert is at ${st.alertAt == null ? "never" : clock(st.alertAt)}; batch jobs run ${b.jobsRun} times up to ${b.jobAt == null ? "midnight" : clock(b.jobAt)}.`),
      s("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }),
      ...hours.map((hr) => s("text", { class: "tick", x: x(hr * 3_600_000), y: H - B + 13, "text-anchor": hr === 24 ? "end" : "middle" }, `${String(hr).padStart(2, "0")}:00`)),
      ...Array.from({ length: (hi - 20) / 10 + 1 }, (_, i) => 20 + 10 * i).map((v) => s("text", { class: "tick", x: L - 4, y: y(v) + 4, "text-anchor": "end" }, `${v}°`)),
      s("line", { class: "threshold", x1: L, x2: W - R, y1: y(spike.threshold), y2: y(spike.threshold) }),
      ...r.series.map(([key, pts]) => s("polyline", { class: `series key-${key % 5}`, points: pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ") })),
      ...b.jobs.map((j) => s("line", { class: j.found ? "job found" : "job", x1: x(j.at), x2: x(j.at), y1: H - B, y2: H - B + 5 + (j.found ? 4 : 0) })),
      st.alertAt == null ? s("g") : g({ class: "marker stream" },
        s("line", { x1: x(st.alertAt), x2: x(st.alertAt), y1: T, y2: H - B })),
      b.jobAt == null ? s("g") : g({ class: "marker batch" },
        s("line", { x1: x(b.jobAt), x2: x(b.jobAt), y1: T + 14, y2: H - B })),
      // The words after both lines (on a halo), so one marker's line never strikes through the other's words.
      st.alertAt == null ? s("g") : g({ class: "marker stream" }, label(x(st.alertAt), T + 8, `stream alert ${clock(st.alertAt)}`, true)),
      b.jobAt == null ? s("g") : g({ class: "marker batch" }, label(x(b.jobAt), T + 24, `batch finds it ${clock(b.jobAt)}`)),
      s("text", { class: "tick", x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, W > 460 ? "time of day (processing time); ticks below the axis: batch jobs" : "time of day; ticks: batch jobs"),
    );
    const item = (cls, label) => h("li", {}, h("span", { class: `sw ${cls}`, "aria-hidden": "true" }), label);
    this.legend.replaceChildren(
      ...r.series.map(([key]) => item(`series key-${key % 5}`, `sensor ${key}: window maxima`)),
      item("threshold", `alert threshold ${spike.threshold} °C`),
      item("stream", "stream alert"),
      item("batch", "batch job that finds it"),
      item("job", "batch job runs"));
  }

  drawClasses(r) {
    const W = this.chartWidth(), H = 126, L = 10, R = 10;
    const lo = Math.log10(0.001), hi = Math.log10(DAY);
    const x = (ms) => L + ((Math.log10(Math.max(ms, 0.001)) - lo) / (hi - lo)) * (W - L - R);
    const bands = [[0.001, 10, "hard"], [10, 100, "soft"], [100, 1000, "near"], [1000, 60_000, "seconds"], [60_000, DAY, "batch"]];
    const SHORT = { hard: "hard", soft: "soft", near: "near", seconds: "1s–1m", batch: "batch" };
    const names = { hard: "hard <10 ms", soft: "soft <100 ms", near: "near <1 s", seconds: "1 s–1 min", batch: "batch: min–h" };
    const { stream: st, batch: b } = r;
    const marks = [
      ["engine", st.worstBatchMs, `engine, slowest ${st.worstBatchEvents.toLocaleString("en")} events`, "engine, slowest batch"],
      ["stream", st.timeToInsightMs, "stream alert"],
      ["batch", b.timeToInsightMs, "batch job"],
    ].filter(([, v]) => v != null);
    // A mark's words centred on it, else starting or ending there, whichever stays inside the chart (about 6.5 px
    // per bold character); the shorter words when neither does (a phone's width).
    const placed = (at, texts) => {
      for (const text of texts) {
        const w = text.length * 6.5;
        if (at - w / 2 >= L && at + w / 2 <= W - R) return [text, "middle"];
        if (at + w <= W - R) return [text, "start"];
        if (at - w >= L) return [text, "end"];
      }
      const text = texts.at(-1);
      return [text, at > W / 2 ? "end" : "start"];
    };
    this.classChart.setAttribute("viewBox", `0 0 ${W} ${H}`);
    // The chapter's domain requirements as numbered marks on the band's lower edge.
    const domainMarks = DOMAINS.map((d, i) => g({ class: "domain", "data-domain": d.id, "data-ms": d.maxMs },
      s("path", { d: `M${x(d.maxMs)},56 l-4,7 h8 z` }),
      // 5 s and 10 s sit close on a log scale: their numbers step aside.
      s("text", { x: x(d.maxMs) + (d.id === "fraud" ? -3 : d.id === "health" ? 3 : 0), y: 73,
        "text-anchor": d.id === "fraud" ? "end" : d.id === "health" ? "start" : "middle", class: "domain-n" }, String(i + 1))));
    this.classChart.replaceChildren(
      s("title", { id: `${this.ids}-cls-title` }, "Latency classes on a log scale from 1 µs to 24 hours"),
      s("desc", { id: `${this.ids}-cls-desc` }, marks.map(([, v, label]) => `${label}: ${humanDuration(v)}, ${latencyClass(v).label}`).join("; ") +
        `. Domain requirements marked 1 to 6: ${DOMAINS.map((d, i) => `${i + 1} ${d.name} ${d.words}`).join(", ")}.`),
      ...bands.map(([a, z], i) => g({ class: `band band-${i}` }, s("rect", { x: x(a), y: 30, width: x(z) - x(a), height: 26 }))),
      ...["1 µs", "1 ms", "1 s", "1 min", "1 h"].map((t, i) => {
        const v = [0.001, 1, 1000, 60_000, 3_600_000][i];
        // The first tick sits on the chart's left edge: its words start there.
        return s("text", { class: "tick", x: x(v), y: 84, "text-anchor": i === 0 ? "start" : "middle" }, t);
      }),
      ...domainMarks,
      ...marks.map(([kind, v, label, short], i) => {
        const [text, anchor] = placed(x(v), [label, short ?? label].map((l) => `${l}: ${humanDuration(v)}`));
        return g({ class: `mark ${kind}`, "data-class": latencyClass(v).id },
          s("line", { x1: x(v), x2: x(v), y1: i === 0 ? 24 : 26, y2: 60 }),
          s("text", { x: x(v), y: i === 0 ? 20 : 98 + (i - 1) * 14, "text-anchor": anchor }, text));
      }),
      // The bands' names over the marks' lines (on a halo), which may fall in any band.
      g({ class: "band-labels" }, ...bands.map(([a, z, id]) => s("text", { x: (x(a) + x(z)) / 2, y: 47, "text-anchor": "middle" },
        names[id].length * 6 < x(z) - x(a) ? names[id] : SHORT[id]))),
    );
  }

  drawStrip(r) {
    const W = this.chartWidth(), lane = 14, T = 4, L = 62, R = 10;
    const keys = r.series.map(([k]) => k);
    const H = T + keys.length * lane + 20;
    const x = (t) => L + (t / DAY) * (W - L - R);
    const l = r.lambda;
    this.strip.setAttribute("viewBox", `0 0 ${W} ${H}`);
    this.strip.replaceChildren(
      s("title", { id: `${this.ids}-strip-title` }, "Windows where the speed layer differs from the batch layer, per sensor over the day"),
      s("desc", { id: `${this.ids}-strip-desc` }, `${l.differing} differing windows, marked in red.`),
      ...keys.map((k, i) => g({ class: "lane" },
        s("rect", { class: "lane-bg", x: L, y: T + i * lane, width: W - L - R, height: lane - 3 }),
        s("text", { class: "tick", x: L - 4, y: T + i * lane + 10, "text-anchor": "end" }, `sensor ${k}`))),
      ...l.differingWindows.map((d) => s("rect", { class: "diff-mark", x: x(d.start), y: T + keys.indexOf(d.key) * lane, width: Math.max(2, x(d.end) - x(d.start)), height: lane - 3 })),
      ...[0, 6, 12, 18, 24].map((hr) => s("text", { class: "tick", x: x(hr * 3_600_000), y: H - 4, "text-anchor": hr === 24 ? "end" : "middle" }, `${String(hr).padStart(2, "0")}:00`)),
    );
  }
}

const STYLE = `
.groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .5rem .8rem; }
fieldset.radios { border: 1px solid var(--_rule); border-radius: 6px; margin: .3rem 0; padding: .3rem .6rem .45rem; min-width: 0; }
fieldset.radios legend { font-size: .9em; padding: 0 .25rem; }
fieldset.radios label { display: inline-flex; align-items: center; gap: .2rem; margin: .1rem .9rem .1rem 0; white-space: nowrap; }
input[type=radio] { accent-color: var(--_accent); margin: 0; }
.story { font-size: 1.02em; }
.card h4 { margin-top: .1rem; }
.card .big { font-size: 1.5em; font-weight: 700; margin: .1rem 0; }
.card.stream .big { color: var(--_ok); } .card.batch .big { color: var(--_late); }
output { font-variant-numeric: tabular-nums; }
.day .series { fill: none; stroke: var(--c); stroke-width: 1; opacity: .85; }
.day .threshold { stroke: var(--_late); stroke-dasharray: 5 3; }
.day .job { stroke: var(--_muted); } .day .job.found { stroke: var(--_late); stroke-width: 2; }
.marker line { stroke-width: 2; } .marker text { font-weight: 600; }
.marker.stream line { stroke: var(--_ok); } .marker.stream text { fill: var(--_ok); }
.marker.batch line { stroke: var(--_late); stroke-dasharray: 4 2; } .marker.batch text { fill: var(--_late); }
.band rect { fill: var(--_panel); stroke: var(--_rule); }
.band-labels text { font-size: 10px; }
:is(.band-labels, .marker) text { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.band-4 rect { fill: color-mix(in srgb, var(--_warn) 18%, var(--_panel)); }
.mark line { stroke-width: 2.5; } .mark text { font-weight: 600; }
.mark.engine line { stroke: var(--_accent); } .mark.engine text { fill: var(--_accent); }
.mark.stream line { stroke: var(--_ok); } .mark.stream text { fill: var(--_ok); }
.mark.batch line { stroke: var(--_late); } .mark.batch text { fill: var(--_late); }
.strip .lane-bg { fill: var(--_panel); }
.card.none .big { color: var(--_muted); }
:host([data-state="error"]) .results { opacity: .4; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .15rem 1rem; padding: 0; margin: .2rem 0 .5rem; font-size: .85em; color: var(--_muted); }
ul.legend li { display: inline-flex; align-items: center; gap: .35rem; }
.sw { display: inline-block; width: 1.4rem; height: 0; border-top: 2px solid var(--_muted); }
.sw.series { border-top-color: var(--c); }
.sw.threshold { border-top: 2px dashed var(--_late); }
.sw.stream { border-top: 3px solid var(--_ok); }
.sw.batch { border-top: 3px dashed var(--_late); }
.sw.job { width: 2px; height: .6rem; border: 0; background: var(--_muted); }
.sw.diff { width: .9rem; height: .7rem; border: 0; background: var(--_late); }
.strip .diff-mark { fill: var(--_late); }
table.diff td, table.diff th { white-space: nowrap; }
.domain path { fill: var(--_fg); } .domain-n { font-size: 10px; font-weight: 600; fill: var(--_fg); }
table.domains td.meets { color: var(--_ok); font-weight: 600; } table.domains td.misses { color: var(--_late); }
table.domains :is(th, td), table.trade-off :is(th, td) { text-align: start; } table.trade-off td { min-width: 12em; } table.trade-off tr.measured th, table.trade-off tr.measured td { font-weight: 600; }
`;
