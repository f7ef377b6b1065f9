// <weir-factory>: the chapter's smart factory (10,000 sensors x 100 msg/s)
// as a live pipeline. Two module workers (factory-worker.js), one per
// engine, run the wasm simulator and the engines, the stream passing from
// one to the other without this thread; this thread only draws what they
// report: each stage's throughput, consumer lag and its alert, anomaly
// alerts with their detection latency, the tumbling reports, measured state
// against the chapter's memory model, and a checkpoint + restore.
import { estimateMemory, formatBytes } from "../weir.js";
import { WeirElement, field, h, nextId } from "./base.js";
import { THEME, count, duration, number, readAttrs, share } from "./attrs.js";
import { formatDuration, num } from "./units.js";

const WORKER_URL = new URL("./factory-worker.js", import.meta.url).href;
const WASM_URL = new URL("../pkg/weir_wasm_bg.wasm", import.meta.url).href;
const epoch = () => performance.timeOrigin + performance.now();
const CHAPTER = { sensors: 10_000, rateHz: 100 };
const MAX_SAMPLES = 20_000;
const S = 1000;
// Every attribute, its default and its range (the fields' ranges where a field shows it).
const SPECS = {
  sensors: count(1000, { min: 1, max: 10_000 }),
  rate: number(10, { min: 1, max: 100, unit: "Hz" }),
  duration: duration(300 * S, { min: S, max: 86_400 * S }),
  speed: number(1, { min: 0.1, max: 100, unit: "×" }),
  tumbling: duration(10 * S, { min: S, max: 60 * S }),
  sliding: duration(10 * S, { min: S, max: 60 * S }),
  slide: duration(S, { min: 500, max: 10 * S }),
  threshold: number(2, { min: 0.5, max: 10, unit: "sd" }),
  anomalies: count(4, { min: 0, max: 100 }),
  seed: count(7, { min: 0, max: 2 ** 32 - 1 }),
  "late-share": share(0.01, { min: 0, max: 0.5 }),
  "lag-events": count(10_000, { min: 100, max: 10_000_000 }),
  "lag-seconds": number(60, { min: 1, max: 600, unit: "s" }),
  "lag-cap": duration(120 * S, { min: S, max: 3600 * S }),
  "lag-sustain": duration(S, { min: 0, max: 60 * S }),
  "max-per-tick": count(0, { min: 0, max: 1e9 }),
  // Gateways: sensor k sends through gateway k % sources, each with its own watermark.
  sources: count(1, { min: 1, max: 64 }),
  "idle-timeout": {
    def: 0,
    read(raw) {
      if (/^\s*(none|off)\s*$/i.test(raw)) return { value: 0 };
      return duration(0, { min: 0, max: 600 * S }).read(raw);
    },
  },
  silence: {
    def: null,
    read(raw) {
      const t = raw.trim();
      if (/^(none|off)$/i.test(t)) return { value: null };
      return /^\d+$/.test(t) && Number(t) < 64 ? { value: Number(t) } : { error: 'expected "none" or a gateway number from 0 to 63' };
    },
  },
  "silence-from": duration(30 * S, { min: 0, max: 86_400 * S }),
  "silence-to": duration(90 * S, { min: 0, max: 86_400 * S }),
  "stall-seconds": number(5, { min: 0.5, max: 600, unit: "s" }),
};
const defaults = () => Object.fromEntries(Object.entries(SPECS).map(([k, v]) => [k, v.def]));

const CSS = `
.pipeline { list-style: none; padding: 0; margin: .5rem 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 1.4rem; counter-reset: stage; }
.stage { position: relative; border: 1px solid var(--_rule); border-radius: 6px; padding: .45rem .6rem; background: var(--_panel); min-width: 0; }
.stage + .stage::before { content: "→"; position: absolute; left: -1.25rem; top: 40%; color: var(--_muted); font-size: 1.1em; }
.stage h4 { margin: 0 0 .2rem; }
.stage .rate { font-size: 1.25em; font-weight: 600; font-variant-numeric: tabular-nums; }
.stage .sub { color: var(--_muted); font-size: .85em; overflow-wrap: anywhere; }
.stage.bad { border-color: var(--_late); }
.ckpt { color: var(--_wm); font-size: .85em; }
@container (max-width: 34rem) {
  .pipeline { grid-template-columns: 1fr; gap: 1.1rem; }
  th, td { padding: .2rem .25rem; }
  table { font-size: .82em; }
  .stage + .stage::before { content: "↓"; left: 50%; top: -1.15rem; }
}
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: .6rem; }
dl.kv { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .1rem .6rem; margin: 0; font-variant-numeric: tabular-nums; }
dl.kv dt { color: var(--_muted); font-size: .9em; min-width: 0; }
dl.kv dd { margin: 0; text-align: right; white-space: nowrap; }
.alerts { list-style: none; padding: 0; margin: 0; max-height: 14rem; overflow-y: auto; font-size: .9em; }
.alerts li { border-left: 3px solid var(--_late); padding: .15rem .45rem; margin: .25rem 0; overflow-wrap: anywhere; }
.alerts li.lag { border-color: var(--_warn); }
.alerts li.false { border-color: var(--_muted); }
.alerts li.none { border-color: transparent; }
tr.none td { text-align: left; }
:host([data-state="error"]) .pipeline, :host([data-state="error"]) .grid2, :host([data-state="error"]) .scroll,
:host([data-state="error"]) .ckpt { opacity: .4; }
.banner { font-weight: 600; color: var(--_late); margin: .3rem 0; }
.banner[hidden] { display: none; }
.ok { color: var(--_ok); } .warn { color: var(--_warn); } .bad { color: var(--_late); }
svg.spark { height: 3rem; }
svg.spark polyline { fill: none; stroke: var(--_accent); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
svg.spark line.thr { stroke: var(--_late); stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
.state { font-weight: 600; }
td.status-detected { color: var(--_ok); } td.status-missed { color: var(--_late); }
`;

let sheet;
function factorySheet() {
  if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
  return sheet;
}

const fmtRate = (r) => (r >= 1e6 ? `${num(r / 1e6, 2)} M/s` : r >= 1e3 ? `${num(r / 1e3, 1)} k/s` : `${num(r, 0)} /s`);
const fmtCount = (n) => Math.round(n).toLocaleString("en-US");
const fmtMs = (ms) => (ms == null || !Number.isFinite(ms) ? "–" : ms >= 1000 ? `${num(ms / 1000, 2)} s` : `${num(ms, 1)} ms`);
const sec = (ms) => `${num(ms / 1000, 1)} s`;

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export class WeirFactory extends WeirElement {
  static get observedAttributes() {
    return ["sensors", "rate", "duration", "speed", "tumbling", "sliding", "slide", "threshold", "anomalies",
      "seed", "late-share", "lag-events", "lag-seconds", "lag-cap", "lag-sustain", "max-per-tick",
      "sources", "idle-timeout", "silence", "silence-from", "silence-to", "stall-seconds"];
  }

  /** The run's configuration from the attributes; throws naming each invalid attribute. */
  /** An invalid `theme` (checked by the base): stop and refuse to start, as for any bad attribute. */
  invalid() {
    if (this.running) this.stop();
    if (this.startButton) this.startButton.disabled = true;
  }

  readConfig(a = readAttrs(this, { ...SPECS, theme: THEME })) {
    const problems = [];
    if (a.silence !== null && a.silence >= a.sources) problems.push(`silence="${this.getAttribute("silence")}": there ${a.sources === 1 ? "is 1 gateway (0)" : `are ${a.sources} gateways (0 to ${a.sources - 1})`}`);
    if (a.silence !== null && a["silence-from"] >= a["silence-to"]) problems.push(`silence-from="${this.getAttribute("silence-from") ?? "30s"}" is not before silence-to="${this.getAttribute("silence-to") ?? "90s"}"`);
    if (problems.length) throw new Error(problems.join("; "));
    return {
      sources: a.sources, idleTimeoutMs: a["idle-timeout"], stallMs: a["stall-seconds"] * 1000,
      silence: a.silence === null ? null : { source: a.silence, from: a["silence-from"], to: a["silence-to"] },
      sensors: a.sensors, rateHz: a.rate, durationMs: a.duration, speed: a.speed,
      tumblingMs: a.tumbling, slidingMs: a.sliding, slideMs: a.slide, k: a.threshold,
      anomalies: a.anomalies, seed: a.seed, lateFraction: a["late-share"],
      lagAlertEvents: a["lag-events"], lagAlertMs: a["lag-seconds"] * 1000, lagCapMs: a["lag-cap"],
      lagSustainMs: a["lag-sustain"], maxPerTick: a["max-per-tick"],
    };
  }

  build() {
    this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, factorySheet()];
    const id = nextId("weir-factory");
    this.ids = id;
    // Built from the defaults: the attributes are read (and checked) by update().
    const cfg = this.readConfig(defaults());
    this.cfg = cfg;
    const setAttr = (name) => (v) => { this.setAttribute(name, String(v)); };
    this.fields = {
      sensors: field({ id: `${id}-sensors`, label: "Sensors", min: 1, max: 10_000, scale: "log", value: cfg.sensors, onchange: setAttr("sensors") }),
      rate: field({ id: `${id}-rate`, label: "Messages per sensor per second", unit: "Hz", min: 1, max: 100, scale: "log", value: cfg.rateHz, onchange: setAttr("rate") }),
      tumbling: field({ id: `${id}-tumbling`, label: "Tumbling window (reports)", unit: "s", min: 1, max: 60, value: cfg.tumblingMs / 1000, onchange: (v) => this.setAttribute("tumbling", `${v}s`) }),
      sliding: field({ id: `${id}-sliding`, label: "Sliding window (anomalies)", unit: "s", min: 1, max: 60, value: cfg.slidingMs / 1000, onchange: (v) => this.setAttribute("sliding", `${v}s`) }),
      slide: field({ id: `${id}-slide`, label: "Slide", unit: "s", min: 0.5, max: 10, step: 0.5, value: cfg.slideMs / 1000, onchange: (v) => this.setAttribute("slide", `${v}s`) }),
      threshold: field({ id: `${id}-k`, label: "Anomaly threshold k", unit: "sd", min: 0.5, max: 10, step: 0.1, value: cfg.k, onchange: setAttr("threshold"), hint: "An alert fires when a window mean is more than k baseline standard deviations from the sensor's baseline." }),
      lagEvents: field({ id: `${id}-lag-events`, label: "Lag alert: events", min: 100, max: 10_000_000, scale: "log", value: cfg.lagAlertEvents, onchange: setAttr("lag-events") }),
      lagSeconds: field({ id: `${id}-lag-seconds`, label: "Lag alert: seconds behind", unit: "s", min: 1, max: 600, value: cfg.lagAlertMs / 1000, onchange: setAttr("lag-seconds") }),
      sources: field({ id: `${id}-sources`, label: "Gateways (one watermark each)", min: 1, max: 64, value: cfg.sources, onchange: setAttr("sources") }),
      idle: field({ id: `${id}-idle`, label: "Idle timeout (0 = none)", unit: "s", min: 0, max: 600, step: 0.5, value: cfg.idleTimeoutMs / 1000,
        onchange: (v) => this.setAttribute("idle-timeout", v > 0 ? `${v}s` : "none"),
        hint: "A gateway silent this long on the processing clock leaves the watermark's min." }),
    };
    this.startButton = h("button", { type: "button", "aria-pressed": "false", onclick: () => (this.running ? this.stop() : this.start()) }, "Start");
    this.ckptButton = h("button", { type: "button", disabled: true, onclick: () => this.checkpoint() }, "Checkpoint + restore");
    this.presetButton = h("button", { type: "button", onclick: () => this.runChapterExample() }, "Run the chapter's example (10,000 sensors × 100 Hz)");
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.rateLine = h("p", { class: "note" });
    const stage = (key, title, sub) => {
      const rate = h("div", { class: "rate" }, "–");
      const subEl = h("div", { class: "sub" }, sub);
      const li = h("li", { class: "stage", "data-stage": key }, h("h4", {}, title), rate, subEl);
      return { li, rate, sub: subEl };
    };
    this.stages = {
      ingestion: stage("ingestion", "Ingestion", "sensors → network (delay, out of order, late)"),
      windowing: stage("windowing", "Windowing", "tumbling (reports) + sliding (anomalies)"),
      output: stage("output", "Output", "alerts, dashboard"),
    };
    this.ckptLine = h("p", { class: "ckpt", "data-checkpoint": "" }, "No checkpoint yet.");
    this.lagBanner = h("p", { class: "banner", role: "alert", hidden: true });
    this.lagList = h("dl", { class: "kv" });
    this.lagSpark = h("div", { "aria-hidden": "true" });
    this.alertList = h("ol", { class: "alerts", "aria-label": "Alerts, newest first" });
    this.alertLive = h("p", { class: "sr-only", "aria-live": "assertive", "aria-atomic": "true" });
    this.latencyList = h("dl", { class: "kv" });
    this.memoryList = h("dl", { class: "kv" });
    this.memoryNote = h("p", { class: "note" });
    this.anomalyBody = h("tbody");
    this.reportBody = h("tbody");
    this.alertList.append(noneYet("li"));
    this.shadowRoot.append(
      h("h3", { id: `${id}-title` }, "Smart factory: ingestion → windowing → output, live"),
      h("p", { class: "note" }, "Simulated sensors send readings that arrive after a network delay, some very late. " +
        "Windows close when the watermark passes their end; the results and alerts appear below as they happen."),
      // Start first in the tab order: the settings below it apply at the next start.
      h("div", { class: "buttons" }, this.startButton, this.ckptButton, this.presetButton),
      this.rateLine,
      this.errorBox,
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element)),
      h("p", { class: "note" }, "How it runs: two background threads (Web Workers), one per engine, run the simulator and the windowing in WebAssembly; this page only draws."),
      h("ol", { class: "pipeline", "aria-label": "Pipeline stages and their live throughput" },
        ...Object.values(this.stages).map((s) => s.li)),
      this.ckptLine,
      this.lagBanner,
      h("div", { class: "grid2" },
        h("section", { class: "panel", "aria-labelledby": `${id}-lag-h` },
          h("h4", { id: `${id}-lag-h` }, "Consumer lag"), this.lagNone = noneYet("p"), this.lagList, this.lagSpark),
        h("section", { class: "panel", "aria-labelledby": `${id}-alerts-h` },
          h("h4", { id: `${id}-alerts-h` }, "Alerts"), this.alertList, this.alertLive),
        h("section", { class: "panel", "aria-labelledby": `${id}-lat-h` },
          h("h4", { id: `${id}-lat-h` }, "Latency"), this.latencyList),
        h("section", { class: "panel", "aria-labelledby": `${id}-mem-h` },
          h("h4", { id: `${id}-mem-h` }, "Memory: measured vs the chapter's model"), this.memoryList, this.memoryNote)),
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Injected anomalies" }, h("table", {},
        h("caption", {}, "Injected anomalies (the simulator's list) and whether the sliding windows caught them"),
        h("thead", {}, h("tr", {}, ...["sensor", "anomaly (event time)", "status", "alerting window", "latency (event time)"].map((c) => h("th", { scope: "col" }, c)))),
        this.anomalyBody)),
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Dashboard" }, h("table", {},
        h("caption", {}, "Dashboard: the latest tumbling-window reports (all sensors)"),
        h("thead", {}, h("tr", {}, ...["window", "sensors", "readings", "mean", "min", "max"].map((c) => h("th", { scope: "col" }, c)))),
        this.reportBody)),
    );
    this.reset();
    this.resetPanels();
  }

  reset() {
    this.state = {
      status: null, parts: {}, alerts: [], lagAlerts: [], checkpoints: [], checkpointParts: {}, started: null, stopped: null,
      emission: { tumbling: [], sliding: [] }, alertWall: [], lagHistory: [], stallAlerts: [],
    };
    this.messageCount = 0;
    this.messagesAfterStop = 0;
    this.checkpointId = 0;
    this.workers ??= [];
    this.stopping ??= [];
    this.pendingAlerts = [];
  }

  update() {
    let cfg;
    try {
      cfg = this.readConfig();
    } catch (err) {
      // An invalid setting stops a running pipeline: it never runs on a config it cannot show.
      if (this.running) this.stop();
      this.startButton.disabled = true;
      throw err;
    }
    this.startButton.disabled = false;
    this.cfg = cfg;
    const f = this.fields;
    f.sensors.set(cfg.sensors); f.rate.set(cfg.rateHz); f.tumbling.set(cfg.tumblingMs / 1000);
    f.sliding.set(cfg.slidingMs / 1000); f.slide.set(cfg.slideMs / 1000); f.threshold.set(cfg.k);
    f.lagEvents.set(cfg.lagAlertEvents); f.lagSeconds.set(cfg.lagAlertMs / 1000);
    f.sources.set(cfg.sources); f.idle.set(cfg.idleTimeoutMs / 1000);
    const rate = cfg.sensors * cfg.rateHz;
    this.rateLine.textContent = `${fmtCount(cfg.sensors)} sensors × ${num(cfg.rateHz)} Hz = ${fmtCount(rate)} readings/s of event time` +
      (cfg.speed !== 1 ? `, played at ${num(cfg.speed)}× real time (${fmtCount(rate * cfg.speed)} events/s of wall time)` : ", in real time") +
      `; tumbling ${formatDuration(cfg.tumblingMs)}, sliding ${formatDuration(cfg.slidingMs)} / ${formatDuration(cfg.slideMs)}` +
      (cfg.sources > 1 ? `; ${cfg.sources} gateways, idle timeout ${cfg.idleTimeoutMs ? formatDuration(cfg.idleTimeoutMs) : "none"}` +
        (cfg.silence ? `, gateway ${cfg.silence.source} silent from ${sec(cfg.silence.from)} to ${sec(cfg.silence.to)}` : "") : "") + "." +
      (this.running ? " Window, sensor and rate changes apply at the next start." : "");
    this.model = this.memoryModel(cfg);
    this.publish(this.metrics(), undefined);
    // Output-stage settings apply to a running pipeline at once.
    for (const w of this.workers) {
      w.postMessage({ type: "set", config: { k: cfg.k, lagAlertEvents: cfg.lagAlertEvents, lagAlertMs: cfg.lagAlertMs, lagCapMs: cfg.lagCapMs, maxPerTick: cfg.maxPerTick } });
    }
    this.scheduleRender();
  }

  memoryModel(cfg) {
    const base = { sensors: cfg.sensors, messagesPerSecond: cfg.rateHz, messageBytes: 100, instanceBytes: 16e9, tumblingWindowsHeld: 1 };
    return {
      tumbling: estimateMemory({ ...base, window: { type: "tumbling", size: cfg.tumblingMs } }),
      sliding: estimateMemory({ ...base, window: { type: "sliding", size: cfg.slidingMs, slide: cfg.slideMs } }),
    };
  }

  get running() { return this.workers.length > 0; }

  /** Starts (or restarts) the pipeline with the current attributes. */
  start() {
    let cfg;
    try {
      cfg = this.readConfig();
    } catch (err) {
      this.showError(err);
      return;
    }
    this.stopWorkers();
    this.reset();
    this.resetPanels();
    const config = { ...cfg, maxPerTick: cfg.maxPerTick > 0 ? cfg.maxPerTick : null };
    // A same-origin blob whose code imports the worker module by absolute
    // URL: works when this file is loaded from another origin.
    const blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(WORKER_URL)};\n`], { type: "text/javascript" }));
    // The tumbling worker owns the source and forwards each chunk straight
    // to the sliding worker: the stream never passes through this thread.
    const ch = new MessageChannel();
    const roles = { tumbling: { downstream: ch.port1 }, sliding: { upstream: ch.port2 } };
    const transfer = { tumbling: [ch.port1], sliding: [ch.port2] };
    this.workers = ["tumbling", "sliding"].map((engine) => {
      // Same origin: the module itself, in the one form a bundler (Vite,
      // webpack) recognises and bundles with its imports; another origin:
      // the blob that imports it.
      const worker = new URL(WORKER_URL).origin === location.origin
        ? new Worker(new URL("./factory-worker.js", import.meta.url), { type: "module", name: "weir-factory" })
        : new Worker(blobUrl, { type: "module", name: `weir-factory-${engine}` });
      worker.onmessage = (ev) => this.onWorkerMessage(worker, ev.data);
      worker.onerror = (ev) => this.showError(new Error(`factory worker (${engine}): ${ev.message ?? "failed to start"}`));
      worker.postMessage({ type: "start", wasmUrl: WASM_URL, config, role: { engine, ...roles[engine] } }, transfer[engine]);
      return worker;
    });
    this.ready = 0;
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
    this.startButton.textContent = "Stop";
    this.startButton.setAttribute("aria-pressed", "true");
    this.ckptButton.disabled = false;
    this.dataset.run = "starting";
    this.scheduleRender();
  }

  /** Stops the workers: each frees its engine, says "stopped" and is terminated. */
  stop() {
    if (!this.workers.length) return;
    for (const w of this.workers) w.postMessage({ type: "stop" });
    this.stopping = this.workers;
    // Each worker answers "stopped"; terminate it then (or after 1 s at most).
    this.stopTimer = setTimeout(() => this.stopWorkers(), 1000);
    this.workers = [];
    this.startButton.textContent = "Start";
    this.startButton.setAttribute("aria-pressed", "false");
    this.ckptButton.disabled = true;
    this.dataset.run = "stopped";
  }

  stopWorkers() {
    clearTimeout(this.stopTimer);
    for (const w of [...this.workers, ...this.stopping]) w.terminate();
    if (this.workers.length || this.stopping.length) this.state.stopped = epoch();
    this.workers = [];
    this.stopping = [];
  }

  /** Asks the source; its barrier makes the sliding worker checkpoint at the same source offset. */
  checkpoint() {
    this.workers[0]?.postMessage({ type: "checkpoint", id: ++this.checkpointId });
  }

  runChapterExample() {
    this.setAttribute("sensors", String(CHAPTER.sensors));
    this.setAttribute("rate", String(CHAPTER.rateHz));
    this.setAttribute("tumbling", "10s");
    this.setAttribute("sliding", "10s");
    this.setAttribute("slide", "1s");
    queueMicrotask(() => this.start());
  }

  release() { this.stopWorkers(); }

  onWorkerMessage(worker, m) {
    if (!this.workers.includes(worker)) {
      // Messages from a worker asked to stop: only its "stopped" is expected.
      if (m.type === "stopped" && this.stopping.includes(worker)) {
        worker.terminate();
        this.stopping = this.stopping.filter((w) => w !== worker);
        if (!this.stopping.length) this.stopWorkers();
      } else {
        this.messagesAfterStop++;
      }
      return;
    }
    this.messageCount++;
    const st = this.state;
    const t = epoch();
    switch (m.type) {
      case "ready":
        // Both engines built: start them on one wall clock.
        if (++this.ready === this.workers.length) {
          const wallStart = epoch();
          for (const w of this.workers) w.postMessage({ type: "go", wallStart });
        }
        break;
      case "started": st.started = m; this.dataset.run = "running"; break;
      case "fired": {
        const samples = st.emission[m.engine];
        if (samples.length < MAX_SAMPLES) samples.push(t - m.firedAt);
        if (m.alerts?.length) {
          for (const a of m.alerts) { a.receivedAt = t; this.pendingAlerts.push(a); }
        }
        if (m.reports) st.reports = [...(st.reports ?? []), ...m.reports].slice(-6);
        break;
      }
      case "status":
        st.parts[m.engine] = m;
        st.status = mergeStatus(st.parts);
        if (!st.status) break;
        st.lagHistory.push([st.status.clock, st.status.lag.events, st.status.lag.seconds]);
        if (st.lagHistory.length > 300) st.lagHistory.shift();
        if (st.status.done) this.dataset.run = "done";
        break;
      case "lag-alert": {
        const a = { kind: "lag", engine: m.engine, at: m.at, lag: m.lag, thresholds: m.thresholds, gateways: m.gateways, receivedAt: t };
        st.lagAlerts.push(a);
        this.pendingAlerts.push(a);
        break;
      }
      case "lag-clear": st.lagCleared = m; break;
      case "stall-alert": {
        const a = { kind: "stall", engine: m.engine, at: m.at, behindMs: m.behindMs, thresholdMs: m.thresholdMs, clock: m.clock, gateways: m.gateways, receivedAt: t };
        st.stallAlerts.push(a);
        this.pendingAlerts.push(a);
        break;
      }
      case "stall-clear": st.stallCleared = m; break;
      case "checkpoint": {
        const halves = (st.checkpointParts[m.id] ??= {});
        halves[m.engine] = m;
        if (halves.tumbling && halves.sliding) {
          st.checkpoints.push(mergeCheckpoint(halves));
          delete st.checkpointParts[m.id];
        }
        break;
      }
      case "error": st.error = m.message; this.showError(new Error(m.message)); break;
      default: break;
    }
    // Draw on status (5 a second), alerts and checkpoints; results alone
    // only update the numbers drawn at the next status.
    if (m.type !== "fired" || m.alerts?.length) this.scheduleRender();
  }

  scheduleRender() {
    if (this._raf) return;
    this._raf = requestAnimationFrame(() => {
      this._raf = 0;
      const t0 = performance.now();
      this.render();
      const ms = performance.now() - t0;
      this.renderMs = Math.max(this.renderMs ?? 0, ms);
    });
  }

  render() {
    const st = this.state;
    const s = st.status;
    const cfg = this.cfg;
    // Alerts first: their wall latency ends when they are in the DOM.
    if (this.pendingAlerts.length) {
      const shown = epoch();
      const fresh = this.pendingAlerts;
      this.pendingAlerts = [];
      this.alertList.querySelector("li.none")?.remove();
      for (const a of fresh) {
        a.shownAt = shown;
        if (a.kind === "anomaly") {
          a.wallLatencyMs = shown - a.firedAt;
          st.alertWall.push(a.wallLatencyMs);
        }
        st.alerts.unshift(a);
        this.alertList.prepend(this.alertItem(a));
      }
      while (this.alertList.children.length > 50) this.alertList.lastChild.remove();
      const last = fresh[fresh.length - 1];
      this.alertLive.textContent = this.alertText(last);
    }
    if (s) this.renderStatus(s, cfg);
    this.renderLatency();
    this.renderMemory(s, cfg);
    this.renderCheckpoint();
    this.dataset.alerts = String(st.alerts.filter((a) => a.kind === "anomaly").length);
    this.dataset.lagAlerts = String(st.lagAlerts.length);
    this.dataset.stallAlerts = String(st.stallAlerts.length);
    // `change` when something a page would react to happens (not every status).
    const mark = `${this.dataset.run}|${st.alerts.length}|${st.checkpoints.length}`;
    if (mark !== this.published && this.dataset.state !== "error") {
      this.published = mark;
      this.publish(this.metrics(), undefined);
    } else {
      this._result = this.metrics();
    }
  }

  /** Panels back to "none yet" for a new run. */
  resetPanels() {
    this.alertList.replaceChildren(noneYet("li"));
    this.anomalyBody.replaceChildren(emptyRow(5, "None yet: press Start."));
    this.reportBody.replaceChildren(emptyRow(6, "None yet: press Start."));
    this.lagList.replaceChildren();
    this.lagNone.hidden = false;
    this.lagSpark.replaceChildren();
  }

  alertText(a) {
    if (a.kind === "lag") {
      return `Consumer lag alert: ${fmtCount(a.lag.events)} events, ${num(a.lag.seconds, 1)} s behind real time ` +
        `(thresholds ${fmtCount(a.thresholds.events)} events or ${sec(a.thresholds.ms)})${holderWords(a.gateways, "; the watermark is")}.`;
    }
    if (a.kind === "stall") {
      return `Watermark stalled: W is ${num(a.behindMs / 1000, 1)} s behind the newest reading (threshold ${sec(a.thresholdMs)})` +
        `${holderWords(a.gateways, "; it is", a.clock)}: windows wait for it.`;
    }
    const lat = a.eventLatencyMs == null ? "no injected anomaly matches (false alarm)" :
      `anomaly started at ${sec(a.anomalyStart)}: detected ${sec(a.eventLatencyMs)} later in event time, ${fmtMs(a.wallLatencyMs)} wall time after the watermark passed the window's end`;
    return `Sensor ${a.key}: window [${sec(a.start)}, ${sec(a.end)}) mean ${num(a.mean, 2)} vs baseline ${num(a.baseline, 2)} ` +
      `(${num(a.z, 1)} sd); ${lat}.`;
  }

  alertItem(a) {
    const cls = a.kind === "lag" || a.kind === "stall" ? "lag" : a.eventLatencyMs == null ? "false" : "";
    return h("li", { class: cls, "data-kind": a.kind, "data-key": a.key ?? undefined, "data-source": a.gateways?.holdsBack ?? undefined }, this.alertText(a));
  }

  renderStatus(s, cfg) {
    const { ingestion, windowing, output } = this.stages;
    ingestion.rate.textContent = fmtRate(s.rates.ingest);
    ingestion.sub.textContent = `target ${fmtRate(s.rates.target)} · ${fmtCount(s.totals.ingested)} read · ${fmtCount(s.totals.sideOutput)} too late (side output)` +
      (s.totals.dropped ? ` · ${fmtCount(s.totals.dropped)} dropped` : "");
    windowing.rate.textContent = fmtRate(Math.min(s.rates.tumbling, s.rates.sliding) || 0);
    windowing.sub.textContent = `tumbling ${fmtRate(s.rates.tumbling)}, sliding ${fmtRate(s.rates.sliding)} · watermark ${sec(Math.max(0, s.sliding.watermark))}`;
    output.rate.textContent = `${fmtRate(s.rates.results)} results`;
    output.sub.textContent = `${fmtCount(s.totals.results)} window results · ${fmtCount(s.totals.alerts)} anomaly alerts · ${this.state.lagAlerts.length} lag alerts`;
    const lagging = s.lag.over;
    windowing.li.classList.toggle("bad", lagging);

    const lag = s.lag;
    this.lagNone.hidden = true;
    this.lagList.replaceChildren(
      ...kv("lag (events due − pushed)", fmtCount(lag.events)),
      ...kv("behind real time", `${num(lag.seconds, 2)} s`),
      ...kv("… tumbling / sliding engine", `${num(lag.secondsByEngine.tumbling, 2)} s / ${num(lag.secondsByEngine.sliding, 2)} s`),
      ...kv("peak", `${fmtCount(lag.peakEvents)} events, ${num(lag.peakSeconds, 1)} s`),
      ...kv("events due / pushed", `${fmtCount(lag.due ?? 0)} / ${fmtCount(s.totals.pushed)}`),
      ...kv("dropped (drop-oldest beyond " + sec(cfg.lagCapMs) + ")", fmtCount(s.totals.dropped)),
      ...kv("event time / wall", `${sec(s.cursor)} / ${sec(s.elapsedMs)}`),
    );
    const gw = s.gateways;
    if (gw) {
      this.lagList.append(
        ...kv("watermark behind the newest reading", Number.isFinite(gw.behindMs) ? `${num(gw.behindMs / 1000, 2)} s` : "no watermark yet"),
        ...kv("held back by", gw.holdsBack !== null ? `gateway ${gw.holdsBack}` + (Number.isFinite(gw.holderLastArrival) ? `, silent ${num((s.cursor - gw.holderLastArrival) / 1000, 1)} s` : ", nothing yet")
          : gw.idle.length === gw.count ? "none: all idle" : "none"),
        ...kv("idle gateways", gw.idle.length ? gw.idle.join(", ") : "none"),
      );
      this.lagList.dataset.holdsBack = gw.holdsBack ?? "";
      this.lagList.dataset.idle = gw.idle.join(",");
    }
    this.lagList.dataset.lagEvents = String(lag.events);
    this.lagList.dataset.dropped = String(s.totals.dropped);
    this.lagBanner.hidden = !lagging;
    if (lagging) {
      this.lagBanner.textContent = `Falling behind: ${fmtCount(lag.events)} events (${num(lag.seconds, 1)} s) of lag. ` +
        `The machine processes ${fmtRate(Math.min(s.rates.tumbling, s.rates.sliding))} of the ${fmtRate(s.rates.target)} offered; ` +
        `beyond ${sec(cfg.lagCapMs)} behind, the oldest readings are dropped and counted.`;
    }
    this.lagSpark.replaceChildren(sparkline(this.state.lagHistory.map((x) => x[1]), cfg.lagAlertEvents));

    const rows = s.anomalies.map((a) => {
      const alert = a.alert >= 0 ? this.state.alerts.find((x) => x.kind === "anomaly" && x.id === a.alert) : null;
      const status = a.alert >= 0 ? "detected" : a.warmup ? "in warm-up" : a.missed ? "missed" : "pending";
      return h("tr", { "data-status": status },
        h("td", {}, String(a.key)), h("td", {}, `[${sec(a.start)}, ${sec(a.end)})`),
        h("td", { class: `status-${status.replace(/\W/g, "")}` }, status),
        h("td", {}, alert ? `[${sec(alert.start)}, ${sec(alert.end)})` : "–"),
        h("td", {}, alert ? sec(alert.eventLatencyMs) : "–"));
    });
    this.anomalyBody.replaceChildren(...(rows.length ? rows : [emptyRow(5, "None injected yet.")]));
    this.anomalyBody.dataset.detected = String(s.anomalies.filter((a) => a.alert >= 0).length);
    this.anomalyBody.dataset.total = String(s.anomalies.length);
    const reports = s.reports ?? [];
    this.reportBody.replaceChildren(...(reports.length ? [] : [emptyRow(6, "None yet: the first report comes when the watermark passes the end of the first window.")]), ...[...reports].reverse().map((r) => h("tr", {},
      h("td", {}, `[${sec(r.start)}, ${sec(r.end)})`), h("td", {}, fmtCount(r.sensors)), h("td", {}, fmtCount(r.events)),
      h("td", {}, num(r.mean, 2)), h("td", {}, num(r.min, 2)), h("td", {}, num(r.max, 2)))));
  }

  renderLatency() {
    const st = this.state;
    const pct = (xs) => { const sorted = [...xs].sort((a, b) => a - b); return [percentile(sorted, 50), percentile(sorted, 99)]; };
    const [t50, t99] = pct(st.emission.tumbling);
    const [s50, s99] = pct(st.emission.sliding);
    const [a50, a99] = pct(st.alertWall);
    const ev = st.alerts.filter((a) => a.kind === "anomaly" && a.eventLatencyMs != null).map((a) => a.eventLatencyMs);
    const [e50] = pct(ev);
    this.latencyList.replaceChildren(
      ...kv("emission, tumbling p50 / p99", `${fmtMs(t50)} / ${fmtMs(t99)}`),
      ...kv("emission, sliding p50 / p99", `${fmtMs(s50)} / ${fmtMs(s99)}`),
      ...kv("anomaly detection, event time (median)", e50 == null ? "–" : sec(e50)),
      ...kv("alert on screen, wall p50 / p99", `${fmtMs(a50)} / ${fmtMs(a99)}`),
    );
  }

  renderMemory(s, cfg) {
    const m = this.model;
    if (!m) return;
    const fb = (b) => formatBytes(b);
    const items = [
      ...kv(`tumbling ${formatDuration(cfg.tumblingMs)}: measured state`, s ? fb(s.tumbling.stateBytes) : "–"),
      ...kv("… chapter's raw buffering (1 window)", fb(m.tumbling.rawBufferBytes)),
      ...kv(`sliding ${formatDuration(cfg.slidingMs)} / ${formatDuration(cfg.slideMs)}: measured state`, s ? fb(s.sliding.stateBytes) : "–"),
      ...kv(`… chapter's raw buffering (readings of ${num(m.sliding.overlapFactor)} windows)`, fb(m.sliding.rawBufferBytes)),
    ];
    if (s) {
      for (const [name, w] of Object.entries(s.workers)) {
        items.push(...kv(`wasm memory, ${name} worker, now / peak`, `${fb(w.memory.wasmBytes)} / ${fb(w.memory.peakWasm)}`));
      }
    }
    this.memoryList.replaceChildren(...items);
    this.memoryNote.textContent = `The model buffers raw 100-byte readings (${fmtCount(cfg.sensors * cfg.rateHz)}/s); ` +
      "the engine keeps one mergeable aggregate per key and slice instead, so it measures far less. " +
      `Model for aggregates: ${fb(m.tumbling.perWindowAggregateBytes)} and ${fb(m.sliding.slicedAggregateBytes)}.`;
  }

  renderCheckpoint() {
    const c = this.state.checkpoints.at(-1);
    if (!c) return;
    const b = c.before;
    const a = c.after;
    this.ckptLine.dataset.checkpoint = c.ok ? "ok" : "mismatch";
    this.ckptLine.textContent = `Checkpoint at source offset ${sec(c.sourceOffsetMs)} (${formatBytes(c.bytes)}, ${fmtMs(c.snapshotMs)}), both engines dropped and restored (${fmtMs(c.restoreMs)})${c.aligned ? "" : " at different offsets"}: ` +
      `events in ${fmtCount(b.tumbling.eventsIn)} → ${fmtCount(a.tumbling.eventsIn)}, open windows ${fmtCount(b.tumbling.openWindows + b.sliding.openWindows)} → ${fmtCount(a.tumbling.openWindows + a.sliding.openWindows)}, ` +
      `fired ${fmtCount(b.tumbling.firedOnTime + b.sliding.firedOnTime)} → ${fmtCount(a.tumbling.firedOnTime + a.sliding.firedOnTime)}: ` +
      (c.ok ? "nothing lost; the run goes on from the same offset." : "MISMATCH.");
  }

  /** Plain data for tests and the benchmark. */
  metrics() {
    const st = this.state;
    const s = st.status;
    return {
      running: this.running,
      error: st.error ?? null,
      status: s,
      alerts: st.alerts.map(({ kind, key, start, end, eventLatencyMs, wallLatencyMs, anomaly }) => ({ kind, key, start, end, eventLatencyMs, wallLatencyMs, anomaly })),
      lagAlerts: st.lagAlerts.length,
      stallAlerts: st.stallAlerts.map(({ behindMs, gateways }) => ({ behindMs, gateways })),
      checkpoints: st.checkpoints,
      emission: st.emission,
      alertWall: st.alertWall,
      messageCount: this.messageCount,
      maxRenderMs: this.renderMs ?? 0,
      messagesAfterStop: this.messagesAfterStop,
    };
  }
}

/**
 * One view of the pipeline from the two workers' statuses. The source (the
 * tumbling worker) measures lag, drops and the events through both engines
 * (it hears the sliding worker's acknowledgements); each worker's busy time
 * and memory are kept apart.
 */
function mergeStatus({ tumbling: T, sliding: S }) {
  if (!T || !S) return null;
  const worker = (p) => ({ busyMs: p.totals.busyMs, ticks: p.totals.ticks, stageMs: p.totals.stageMs, elapsedMs: p.elapsedMs, memory: p.memory });
  return {
    type: "status", at: Math.max(T.at, S.at), done: T.done && S.done,
    clock: T.clock, cursor: Math.min(T.cursor, S.cursor), elapsedMs: T.elapsedMs, endMs: T.endMs,
    rates: {
      ingest: T.rates.ingest, tumbling: T.rates.engine, sliding: S.rates.engine,
      results: T.rates.results + S.rates.results, alerts: S.rates.alerts, target: T.rates.target,
    },
    totals: {
      ingested: T.totals.ingested, pushed: T.lag.pushed, dropped: T.totals.dropped, dropEpisodes: T.totals.dropEpisodes,
      results: T.totals.results + S.totals.results, alerts: S.totals.alerts, sideOutput: T.stats.sideOutput,
      busyMs: Math.max(T.totals.busyMs, S.totals.busyMs), // the busier worker limits the pipeline
      stageMs: {
        source: T.totals.stageMs.source, forward: T.totals.stageMs.forward,
        tumbling: T.totals.stageMs.engine, sliding: S.totals.stageMs.engine, output: T.totals.stageMs.output + S.totals.stageMs.output,
      },
    },
    workers: { tumbling: worker(T), sliding: worker(S) },
    lag: T.lag, tumbling: T.stats, sliding: S.stats,
    memory: {
      wasmBytes: T.memory.wasmBytes + S.memory.wasmBytes, peakWasm: T.memory.peakWasm + S.memory.peakWasm,
      peakState: T.memory.peakState + S.memory.peakState,
    },
    anomalies: S.anomalies, reports: T.reports, digest: { tumbling: T.digest, sliding: S.digest },
    gateways: T.gateways ?? null,
  };
}

/** One checkpoint record from the two engines' halves. */
function mergeCheckpoint({ tumbling: T, sliding: S }) {
  const side = (k) => ({ tumbling: T[k].stats, sliding: S[k].stats, pushed: Math.min(T[k].pushed, S[k].pushed), cursor: Math.min(T[k].cursor, S[k].cursor) });
  return {
    type: "checkpoint", id: T.id, at: Math.max(T.at, S.at), before: side("before"), after: side("after"), ok: T.ok && S.ok,
    bytes: T.bytes + S.bytes, snapshotMs: T.snapshotMs + S.snapshotMs, restoreMs: T.restoreMs + S.restoreMs,
    sourceOffsetMs: T.sourceOffsetMs, aligned: T.sourceOffsetMs === S.sourceOffsetMs,
  };
}

function kv(k, v) { return [h("dt", {}, k), h("dd", {}, v)]; }

/**
 * " held back by gateway 2 (its last reading arrived 12.3 s ago)" from the
 * engine's gateway status, after `lead`; "" with no gateways or none holding.
 */
function holderWords(gw, lead, clock) {
  if (!gw || gw.holdsBack === null) return "";
  const ago = Number.isFinite(gw.holderLastArrival) && clock !== undefined ? ` (its last reading arrived ${num((clock - gw.holderLastArrival) / 1000, 1)} s ago)` :
    !Number.isFinite(gw.holderLastArrival) ? " (nothing from it yet)" : "";
  return `${lead} held back by gateway ${gw.holdsBack}${ago}`;
}

/** The placeholder of an empty panel. */
function noneYet(tag) { return h(tag, { class: "none muted" }, "None yet."); }

/** A table's placeholder row spanning its `cols` columns. */
function emptyRow(cols, text) { return h("tr", { class: "none" }, h("td", { colspan: cols, class: "muted" }, text)); }

function sparkline(values, threshold) {
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("class", "spark");
  svg.setAttribute("viewBox", "0 0 300 40");
  svg.setAttribute("preserveAspectRatio", "none");
  const max = Math.max(threshold * 1.2, ...values, 1);
  const y = (v) => 40 - (v / max) * 38 - 1;
  const line = document.createElementNS(svgNS, "polyline");
  line.setAttribute("points", values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * 300},${y(v)}`).join(" "));
  const thr = document.createElementNS(svgNS, "line");
  thr.setAttribute("class", "thr");
  thr.setAttribute("x1", 0); thr.setAttribute("x2", 300); thr.setAttribute("y1", y(threshold)); thr.setAttribute("y2", y(threshold));
  svg.append(thr, line);
  return svg;
}
