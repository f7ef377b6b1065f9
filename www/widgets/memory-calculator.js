// <weir-memory-calculator>: the chapter's memory model (estimateMemory in
// the wasm module) for tumbling, sliding and session windows, with fit
// advice and a chart of memory against slide, and beside it what Weir's own
// engine would hold for the same design (predictEngineState: the engine's
// measured-state model, with a trigger and accumulation choice). The element
// only reads its attributes, asks the module, and draws the answer.
import { estimateMemory, formatBytes, memoryDefaults, predictEngineState } from "../weir.js";
import { WeirElement, field, h, nextId, s } from "./base.js";
import { bytes, count, duration, number, oneOf, readAttrs, share } from "./attrs.js";
import { flinkExportPanel } from "./flink-export.js";
import { formatDuration, formatPercent, num } from "./units.js";

// Weir's own state sizes and the model's defaults, from the core's constants.
const DEFAULTS = memoryDefaults();
const ENGINE_STATE = "engine";
const stateBytes = bytes(ENGINE_STATE, { min: 1, max: 1e7 });
/** `state-bytes`: "engine" (the default: Weir's own bytes per slice or session) or a size. */
const stateSpec = {
  def: ENGINE_STATE,
  read: (raw) => (raw.trim().toLowerCase() === ENGINE_STATE ? { value: ENGINE_STATE } : stateBytes.read(raw)),
};

// Each input: its attribute (spec: kind, default and range in the model's
// units: ms, bytes, fractions), its field (shown in `unit`, the attribute's
// value divided by `factor`) and how a field value is written back (`fmt`).
const secs = { unit: "s", factor: 1000, step: "any", scale: "log", fmt: (v) => `${v}s` };
const pct = { unit: "%", factor: 0.01, step: "any", fmt: (v) => `${v}%` };
const FIELDS = [
  { name: "sensors", label: "Sensors", unit: "", spec: count(10_000, { min: 1, max: 1e6 }), scale: "log" },
  { name: "rate", label: "Messages per second, per sensor", unit: "msg/s", spec: number(100, { min: 0.1, max: 1000, unit: "msg/s" }), step: "any", scale: "log" },
  { name: "message-bytes", label: "Message size", unit: "B", spec: bytes(100, { min: 1, max: 1e5 }), scale: "log" },
  { name: "window", label: "Window size", spec: duration(10_000, { min: 100, max: 3_600_000 }), ...secs },
  { name: "slide", label: "Slide (sliding windows)", spec: duration(1000, { min: 100, max: 3_600_000 }), ...secs },
  { name: "gap", label: "Session gap", spec: duration(3000, { min: 100, max: 3_600_000 }), ...secs },
  { name: "session-length", label: "Expected session length", spec: duration(30_000, { min: 100, max: 86_400_000 }), ...secs },
  { name: "state-bytes", label: "Aggregate state per key and window", unit: "B", spec: stateSpec, min: 1, max: 1e7, scale: "log" },
  { name: "memory", label: "Instance memory", spec: bytes(16e9, { min: 1e8, max: 1.024e12 }), unit: "GB", factor: 1e9, step: "any", scale: "log", fmt: (v) => `${v}GB` },
  { name: "overhead", label: "State-store overhead", spec: share(DEFAULTS.stateOverhead, { min: 0, max: 1 }), ...pct },
  { name: "target", label: "Target utilisation", spec: share(DEFAULTS.targetUtilization, { min: 0.01, max: 1 }), ...pct },
];
// Instance memory in GiB when units="binary".
const BINARY_MEMORY = { unit: "GiB", factor: 2 ** 30, fmt: (v) => `${v}GiB` };
const fieldOf = (f, binary) => (binary && f.name === "memory" ? { ...f, ...BINARY_MEMORY } : f);

export const PRESETS = {
  // The chapter's worked example, with its teaching figure for aggregate
  // state (about 20 KB of running statistics per sensor and window).
  "worked example": {
    sensors: "10000", rate: "100", "message-bytes": "100", window: "10s", slide: "1s",
    memory: "16GB", overhead: "20%", target: "50%", "windows-held": "2",
    "state-bytes": String(DEFAULTS.chapterStateBytesPerKey),
  },
  "quick estimate": {
    sensors: "1000", rate: "10", "message-bytes": "100", window: "10s", slide: "1s",
    memory: "16GB", overhead: "20%", target: "50%", "windows-held": "1", "state-bytes": ENGINE_STATE,
  },
};
// The engine prediction's own inputs (its section, below the teaching model).
const TRIGGERS = [
  ["default", "Default (on time)"],
  ["early-count", "Early every N events"],
  ["every-event", "Every event"],
  ["final", "Final only"],
];
const ACCUMULATIONS = [
  ["accumulating", "Accumulating"],
  ["discarding", "Discarding"],
  ["retracting", "Retracting"],
];
const ENGINE_FIELDS = [
  { name: "early-count", label: "N (events per early firing)", unit: "events", spec: count(100, { min: 1, max: 1e6 }), scale: "log" },
  { name: "session-idle", label: "Silence between a sensor's sessions", spec: duration(30_000, { min: 100, max: 86_400_000 }), ...secs },
];
const SYNCED = [...FIELDS.map((f) => f.name), "windows-held", "trigger", "accumulation", ...ENGINE_FIELDS.map((f) => f.name)];
const SPECS = {
  ...Object.fromEntries(FIELDS.map((f) => [f.name, f.spec])),
  "windows-held": oneOf(["1", "2"], String(DEFAULTS.tumblingWindowsHeld)),
  units: oneOf(["decimal", "binary"], "decimal"),
  "out-of-orderness": duration(0, { max: 86_400_000 }),
  lateness: duration(0, { max: 86_400_000 }),
  trigger: oneOf(TRIGGERS.map(([v]) => v), "default"),
  accumulation: oneOf(ACCUMULATIONS.map(([v]) => v), "accumulating"),
  ...Object.fromEntries(ENGINE_FIELDS.map((f) => [f.name, f.spec])),
};

/** The model's inputs from the element's attributes (throws naming each invalid one). */
function readParams(el) {
  const p = readAttrs(el, SPECS);
  p["windows-held"] = Number(p["windows-held"]);
  return p;
}

/** The controller: three estimates (one per window type) and the slide sweep. */
export function computeMemory(p) {
  const common = {
    sensors: p.sensors, messagesPerSecond: p.rate, messageBytes: p["message-bytes"],
    instanceBytes: p.memory, stateOverhead: p.overhead,
    targetUtilization: p.target, tumblingWindowsHeld: p["windows-held"],
    // Without it the core uses the engine's own bytes per slice (per session for sessions).
    ...(p["state-bytes"] === ENGINE_STATE ? {} : { stateBytesPerKey: p["state-bytes"] }),
  };
  const tumbling = estimateMemory({ ...common, window: { type: "tumbling", size: p.window } });
  const sliding = estimateMemory({ ...common, window: { type: "sliding", size: p.window, slide: p.slide } });
  const session = estimateMemory({ ...common, window: { type: "session", gap: p.gap }, sessionLengthMs: p["session-length"] });
  // Memory against slide: the model asked once per slide value.
  const sweep = [];
  const lo = Math.max(1, Math.round(p.window / 40));
  for (let i = 0; i <= 40; i++) {
    const slide = Math.round(lo * (p.window / lo) ** (i / 40));
    if (sweep.length && sweep[sweep.length - 1].slide === slide) continue;
    const e = estimateMemory({ ...common, window: { type: "sliding", size: p.window, slide } });
    sweep.push({ slide, requiredBytes: e.rawFit.requiredBytes, fits: e.rawFit.fits });
  }
  return { params: p, tumbling, sliding, session, sweep, engine: computeEngine(p) };
}

/** The engine design of each window type for `p` (sensors as keys), as `predictEngineState` takes it. */
export function engineDesigns(p) {
  const ms = (v) => Math.max(1, Math.round(v));
  const trigger = {
    default: undefined,
    "early-count": { mode: "watermark", early: { count: p["early-count"] } },
    "every-event": { mode: "every-event" },
    final: { mode: "final" },
  }[p.trigger];
  const common = {
    keys: p.sensors, ratePerSecond: p.rate,
    watermark: { maxOutOfOrderness: Math.round(p["out-of-orderness"]) }, allowedLateness: Math.round(p.lateness),
    accumulation: p.accumulation, ...(trigger ? { trigger } : {}),
  };
  return {
    tumbling: { ...common, window: { type: "tumbling", size: ms(p.window) } },
    sliding: { ...common, window: { type: "sliding", size: ms(p.window), slide: ms(p.slide) } },
    session: { ...common, window: { type: "session", gap: ms(p.gap) }, sessionLengthMs: ms(p["session-length"]), idleMs: Math.round(p["session-idle"]) },
  };
}

/** Weir's own engine-state prediction for each window type. */
function computeEngine(p) {
  const d = engineDesigns(p);
  return Object.fromEntries(TYPES.map(([k]) => [k, predictEngineState(d[k])]));
}

/** Where the aggregate state figure comes from, in words. */
function stateSource(p) {
  const own = `Weir's engine keeps ${DEFAULTS.sliceBytes} B per key and slice, ${DEFAULTS.sessionBytes} B per session`;
  const a = p["state-bytes"];
  if (a === ENGINE_STATE) return `Aggregate state: Weir's own, ${DEFAULTS.sliceBytes} B per key and slice (${DEFAULTS.sessionBytes} B per session), from the engine's types.`;
  if (a === DEFAULTS.chapterStateBytesPerKey) return `Aggregate state: the chapter's teaching figure, ${a.toLocaleString("en-US")} B per key and window (${own}).`;
  return `Aggregate state: ${a.toLocaleString("en-US")} B per key and window, as set (${own}).`;
}

const TYPES = [
  ["tumbling", "Tumbling"],
  ["sliding", "Sliding"],
  ["session", "Session"],
];

class WeirMemoryCalculator extends WeirElement {
  static get observedAttributes() { return [...SYNCED, "sync-url", "units", "out-of-orderness", "lateness"]; }

  build() {
    const id = nextId("weir-mem");
    this.ids = id;
    const root = this.shadowRoot;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.fields = {};
    const controls = h("div", { class: "controls" });
    for (const f of FIELDS) {
      const factor = f.factor ?? 1;
      const fld = field({
        id: `${id}-${f.name}`, label: f.label, unit: f.unit, min: (f.min ?? f.spec.min) / factor, max: (f.max ?? f.spec.max) / factor,
        step: f.step ?? 1, scale: f.scale, value: this.fieldValue(f, f.spec.def, false),
        onchange: (v) => {
          const g = fieldOf(f, this.getAttribute("units") === "binary");
          this.learnerEdit = true;
          this.setAttribute(f.name, g.fmt ? g.fmt(v) : String(v));
        },
      });
      this.fields[f.name] = fld;
      controls.append(fld.element);
    }
    this.held = h("select", { id: `${id}-held` },
      h("option", { value: "1" }, "1 (the open window)"),
      h("option", { value: "2" }, "2 (open + being emitted)"));
    this.held.addEventListener("change", () => { this.learnerEdit = true; this.setAttribute("windows-held", this.held.value); });
    // "2 (open + being emitted)" is wider than one column of the controls.
    controls.append(h("div", { class: "field wide" }, h("label", { for: this.held.id }, "Tumbling windows held in memory"),
      h("div", { class: "pair" }, this.held)));

    const presets = h("div", { class: "buttons", role: "group", "aria-label": "Scenarios" });
    for (const [name, attrs] of Object.entries(PRESETS)) {
      presets.append(h("button", { type: "button", "data-preset": name, onclick: () => { this.learnerEdit = true; this.applyScenario(attrs); } },
        name === "worked example" ? "Chapter's worked example (its 20 KB of state per key)" : "Quick estimate (1,000 sensors, 10 Hz)"));
    }
    this.copyButton = h("button", { type: "button", class: "copy", onclick: () => this.copyLink() }, "Copy link");
    this.linkOut = h("input", { type: "text", readonly: true, class: "link", "aria-label": "Link to this scenario", hidden: true });
    presets.append(this.copyButton);

    this.headline = h("p", { class: "headline" });
    this.table = h("table", {},
      h("caption", {}, "Memory held at once, by window type and state model"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "window type"),
        h("th", { scope: "col" }, "raw events buffered"),
        h("th", { scope: "col" }, "per-window aggregates"),
        h("th", { scope: "col" }, "sliced aggregates (Weir's slicing)"))),
      this.tbody = h("tbody"));
    this.bars = h("div", { class: "bars" });
    this.advice = h("div", { class: "advice panel" });
    this.chart = s("svg", { role: "img", "aria-labelledby": `${id}-chart-title ${id}-chart-desc`, class: "chart" });
    this.note = h("p", { class: "note" });
    this.stateNote = h("p", { class: "note state-source" });

    // Weir's engine: its own prediction, beside (not instead of) the chapter's model.
    const engineControls = h("div", { class: "controls engine-controls" });
    const select = (name, label, options) => {
      const el = h("select", { id: `${id}-${name}` }, ...options.map(([v, text]) => h("option", { value: v }, text)));
      el.addEventListener("change", () => { this.learnerEdit = true; this.setAttribute(name, el.value); });
      engineControls.append(h("div", { class: "field" }, h("label", { for: el.id }, label), h("div", { class: "pair" }, el)));
      return el;
    };
    this.triggerSelect = select("trigger", "Trigger (when windows report)", TRIGGERS);
    this.accSelect = select("accumulation", "Accumulation (how refinements relate)", ACCUMULATIONS);
    this.engineFields = {};
    for (const f of ENGINE_FIELDS) {
      const factor = f.factor ?? 1;
      const fld = field({
        id: `${id}-${f.name}`, label: f.label, unit: f.unit, min: f.spec.min / factor, max: f.spec.max / factor,
        step: f.step ?? 1, scale: f.scale, value: f.spec.def / factor,
        onchange: (v) => { this.learnerEdit = true; this.setAttribute(f.name, f.fmt ? f.fmt(v) : String(v)); },
      });
      this.engineFields[f.name] = fld;
      engineControls.append(fld.element);
    }
    this.engineIntro = h("p", { class: "note engine-intro" });
    this.engineTable = h("table", { class: "engine" },
      h("caption", {}, "Weir's engine would hold (its measured-state model, not the chapter's teaching figure)"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "window type"),
        h("th", { scope: "col" }, "engine state (stateBytes)"),
        h("th", { scope: "col" }, "of which trigger state"),
        h("th", { scope: "col" }, "slices or sessions, index, timers"))),
      this.engineBody = h("tbody"));
    this.engineSection = h("section", { class: "engine-section panel", "aria-labelledby": `${id}-engine-h` },
      h("h4", { id: `${id}-engine-h` }, "Weir's engine would hold"),
      this.engineIntro, engineControls,
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Weir's engine state by window type, scrolls sideways if narrow" }, this.engineTable));
    this.flink = flinkExportPanel(this, () => this.flinkDesigns());

    root.append(
      h("style", {}, STYLE),
      h("h3", {}, "Window memory calculator"),
      presets, this.linkOut, controls, this.errorBox,
      // Dimmed while the inputs are invalid: the figures are for the last valid ones.
      h("div", { class: "results" },
        this.headline,
        h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Memory by window type, scrolls sideways if narrow" }, this.table),
        this.stateNote,
        this.engineSection,
        h("h4", {}, "Utilisation of one instance (raw buffering, with overhead)"), this.bars,
        this.advice,
        h("h4", {}, "Sliding windows: memory against slide"), this.chart,
        this.note),
      this.flink.element,
    );
    this._onHash = () => this.loadFromHash();
    this.resizer = new ResizeObserver(() => {
      const w = Math.min(560, Math.round(this.chart.getBoundingClientRect().width));
      if (this._result && w && Math.abs(w - (this.chartWidth ?? 0)) > 8) this.drawChart(this._result, (x) => formatBytes(x, { base: this.getAttribute("units") === "binary" ? 2 : 10 }));
    });
  }

  connectedCallback() {
    const first = !this._built;
    super.connectedCallback();
    if (this.hasAttribute("sync-url")) {
      if (first) this.loadFromHash();
      window.addEventListener("hashchange", this._onHash);
    }
    this.resizer.observe(this);
  }

  release() {
    window.removeEventListener("hashchange", this._onHash);
    this.resizer.disconnect();
  }

  /** Sets the scenario's attributes (one update follows). */
  applyScenario(attrs) {
    for (const [k, v] of Object.entries(attrs)) this.setAttribute(k, v);
  }

  /** What field `f` shows for the attribute value `v` (instance memory in GB, or GiB with units="binary"). */
  fieldValue(f, v, binary) {
    if (v === ENGINE_STATE) return DEFAULTS.sliceBytes;
    return v / (fieldOf(f, binary).factor ?? 1);
  }

  /**
   * Writes the scenario into the URL hash, after a change the learner made
   * (never on load, so a page's own anchor stays). Other parts of the hash
   * (an anchor, another calculator's prefixed names) are kept.
   */
  writeHash() {
    const prefix = this.hashPrefix();
    const ours = new Set(SYNCED.map((n) => prefix + n));
    const keep = location.hash.slice(1).split("&")
      .filter((t) => t && !ours.has(decodeURIComponent(t.split("=")[0].replace(/\+/g, " "))));
    const hash = [...keep, this.scenarioHash()].filter(Boolean).join("&");
    if (location.hash.slice(1) !== hash) history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  }

  hashPrefix() {
    const v = this.getAttribute("sync-url");
    return v ? `${v}.` : "";
  }

  /** The scenario as URL hash parameters. */
  scenarioHash() {
    const prefix = this.hashPrefix();
    const q = new URLSearchParams();
    for (const name of SYNCED) {
      const v = this.getAttribute(name);
      if (v !== null) q.set(prefix + name, v);
    }
    return q.toString();
  }

  loadFromHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    const prefix = this.hashPrefix();
    const attrs = {};
    for (const name of SYNCED) if (q.has(prefix + name)) attrs[name] = q.get(prefix + name);
    if (Object.keys(attrs).length) this.applyScenario(attrs);
  }

  async copyLink() {
    const url = `${location.href.split("#")[0]}#${this.scenarioHash()}`;
    this.linkOut.value = url;
    this.linkOut.hidden = false;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      this.linkOut.select();
    }
    this.live.textContent = copied ? "Link copied to the clipboard." : "Link shown below the buttons: copy it from there.";
    this.dispatchEvent(new CustomEvent("link", { detail: url, bubbles: true, composed: true }));
  }

  /**
   * The three designs for "Export to Flink", each with the state the model
   * predicts for it. The calculator has no watermark or lateness of its own:
   * the export uses the `out-of-orderness` and `lateness` attributes
   * (default 0 ms).
   */
  flinkDesigns() {
    const r = this._result;
    const p = r.params;
    const b = (x) => formatBytes(x, { base: this.getAttribute("units") === "binary" ? 2 : 10 });
    const ms = (v) => Math.max(1, Math.round(v));
    const ooo = p["out-of-orderness"];
    const lateness = p.lateness;
    const windows = {
      tumbling: { type: "tumbling", size: ms(p.window) },
      sliding: { type: "sliding", size: ms(p.window), slide: ms(p.slide) },
      session: { type: "session", gap: ms(p.gap) },
    };
    return TYPES.map(([k, label]) => ({
      id: k, label: `${label} windows`,
      config: { window: windows[k], watermark: { maxOutOfOrderness: Math.round(ooo) }, allowedLateness: Math.round(lateness) },
      preface: `Predicted state for this design: ${b(r[k].slicedAggregateBytes)} (sliced aggregates at ` +
        (p["state-bytes"] === ENGINE_STATE ? `Weir's own ${k === "session" ? DEFAULTS.sessionBytes : DEFAULTS.sliceBytes} B per key and ${k === "session" ? "session" : "slice"}`
          : `${p["state-bytes"].toLocaleString("en-US")} B per key and window${p["state-bytes"] === DEFAULTS.chapterStateBytesPerKey ? ", the chapter's teaching figure" : ""}`) + "; " +
        `raw buffering would hold ${b(r[k].rawBufferBytes)}). Watermark: maxOutOfOrderness ${formatDuration(ooo)}, ` +
        `allowed lateness ${formatDuration(lateness)}.`,
    }));
  }

  update() {
    const edited = this.learnerEdit;
    this.learnerEdit = false;
    const p = readParams(this);
    const binary = p.units === "binary";
    for (const f of FIELDS) {
      const g = fieldOf(f, binary);
      const factor = g.factor ?? 1;
      this.fields[f.name].setUnit(g.unit, { min: (f.min ?? f.spec.min) / factor, max: (f.max ?? f.spec.max) / factor });
      this.fields[f.name].set(this.fieldValue(f, p[f.name], binary));
    }
    this.held.value = String(p["windows-held"]);
    this.triggerSelect.value = p.trigger;
    this.accSelect.value = p.accumulation;
    for (const f of ENGINE_FIELDS) this.engineFields[f.name].set(this.fieldValue(f, p[f.name], binary));
    // N only means something for early firings every N events.
    this.engineFields["early-count"].element.querySelector("input[type=number]").disabled = p.trigger !== "early-count";
    this.engineFields["early-count"].element.querySelector("input[type=range]").disabled = p.trigger !== "early-count";
    const r = computeMemory(p);
    const b = (x) => formatBytes(x, { base: binary ? 2 : 10 });
    this.render(r, b);
    if (this.hasAttribute("sync-url") && edited) this.writeHash();
    const sl = r.sliding;
    this.publish(r, `Per window ${b(sl.bytesPerWindow)}; tumbling ${b(r.tumbling.rawBufferBytes)}, ` +
      `sliding ${b(sl.rawBufferBytes)}, ${formatPercent(sl.rawFit.utilizationRaw)} of one instance, ` +
      `${formatPercent(sl.rawFit.utilizationWithOverhead)} with overhead; ${sl.rawFit.instancesNeeded} instance(s) needed.`);
    this.flink.refresh();
  }

  render(r, b) {
    const { params: p, tumbling: t, sliding: sl, session: se } = r;
    const out = (name, text) => h("output", { "data-out": name }, text);
    this.headline.replaceChildren(
      `${num(sl.messagesPerSecond, 0).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} messages/s, `,
      out("bytes-per-second", `${b(sl.bytesPerSecond)}/s`), "; raw data per ",
      formatDuration(p.window), " window: ", h("strong", {}, out("bytes-per-window", b(sl.bytesPerWindow))), ".");

    const rows = { tumbling: t, sliding: sl, session: se };
    const what = {
      tumbling: `${t.rawWindowsHeld} window${t.rawWindowsHeld === 1 ? "" : "s"} held`,
      // Windows are counted in whole numbers; the raw figure's share of them is data, not a count.
      sliding: `${sl.openWindowsPerKey} overlapping window${sl.openWindowsPerKey === 1 ? "" : "s"} (${formatDuration(p.window)} every ${formatDuration(p.slide)})`,
      session: `1 session of ${formatDuration(p["session-length"])}`,
    };
    this.tbody.replaceChildren(...TYPES.map(([k, label]) => h("tr", { "data-type": k },
      h("th", { scope: "row" }, label, h("br"), h("span", { class: "muted" }, what[k])),
      h("td", {}, out(`${k}-raw`, b(rows[k].rawBufferBytes)),
        ...(k === "sliding" ? [h("br"), h("span", { class: "muted" }, `readings of ${num(sl.overlapFactor)} windows`)] : [])),
      h("td", {}, out(`${k}-per-window`, b(rows[k].perWindowAggregateBytes)),
        h("br"), h("span", { class: "muted" }, `${rows[k].openWindowsPerKey} per key`)),
      h("td", {}, out(`${k}-sliced`, b(rows[k].slicedAggregateBytes)),
        h("br"), h("span", { class: "muted" }, `${rows[k].slicesPerKey} slice${rows[k].slicesPerKey === 1 ? "" : "s"} per key`)))));

    // Utilisation bars: raw share and share with overhead, against the target.
    const scaleMax = Math.max(1, ...TYPES.map(([k]) => rows[k].rawFit.utilizationWithOverhead));
    const clamp = (f) => `${Math.min(100, (f / scaleMax) * 100)}%`;
    this.bars.replaceChildren(...TYPES.map(([k, label]) => {
      const fit = rows[k].rawFit;
      return h("div", { class: `bar-row ${fit.fits ? "fits" : "over"}`, "data-type": k },
        h("span", { class: "bar-label" }, label),
        h("div", {
          class: "bar", role: "meter", "aria-label": `${label}: utilisation with overhead`,
          "aria-valuemin": "0", "aria-valuemax": String(Math.round(scaleMax * 100)),
          "aria-valuenow": String(+(fit.utilizationWithOverhead * 100).toFixed(1)),
          "aria-valuetext": `${formatPercent(fit.utilizationWithOverhead)} with overhead, ${formatPercent(fit.utilizationRaw)} raw; target ${formatPercent(p.target)}`,
        },
        h("span", { class: "fill-overhead", style: `width:${clamp(fit.utilizationWithOverhead)}` }),
        h("span", { class: "fill-raw", style: `width:${clamp(fit.utilizationRaw)}` }),
        h("span", { class: "target", style: `left:${clamp(p.target)}`, title: "target" })),
        h("span", { class: "bar-text" },
          out(`${k}-util-raw`, formatPercent(fit.utilizationRaw)), " raw, ",
          out(`${k}-util-overhead`, formatPercent(fit.utilizationWithOverhead)), " with overhead ",
          h("span", { class: fit.fits ? "ok" : "bad" }, fit.fits ? "fits" : `over the ${formatPercent(p.target)} target`)));
    }));

    // Advice for sliding windows (the chapter's question).
    const adv = [];
    const fit = sl.rawFit;
    adv.push(h("p", {}, "Sliding, raw buffering: ", h("strong", {}, out("instances", String(fit.instancesNeeded))),
      ` instance${fit.instancesNeeded === 1 ? "" : "s"} of ${b(p.memory)} needed at a ${formatPercent(p.target)} target (${b(fit.requiredBytes)} with overhead).`));
    if (sl.smallestFittingSlide) {
      adv.push(h("p", {}, "Smallest slide that fits one instance: ",
        h("strong", {}, out("smallest-slide", formatDuration(sl.smallestFittingSlide.slideMs))),
        sl.smallestFittingDividingSlide
          ? h("span", {}, "; among slides that divide the window: ",
            h("strong", {}, out("smallest-dividing-slide", formatDuration(sl.smallestFittingDividingSlide.slideMs))),
            ` (${b(sl.smallestFittingDividingSlide.fit.stateBytes)} raw, ${formatPercent(sl.smallestFittingDividingSlide.fit.utilizationWithOverhead)} with overhead)`)
          : "; no slide that divides the window fits.",
      ));
    } else {
      adv.push(h("p", {}, "No slide makes this window fit one instance."));
    }
    adv.push(h("p", {}, "Largest window that fits one instance with this slide: ",
      out("largest-window", sl.largestFittingWindowMs == null ? "none" : formatDuration(sl.largestFittingWindowMs)), "."));
    this.advice.replaceChildren(...adv);
    this.drawChart(r, b);
    this.note.textContent = noteText(sl.note, b);
    this.stateNote.replaceChildren(out("state-source", stateSource(p)));
    this.renderEngine(r, b, out);
  }

  renderEngine(r, b, out) {
    const p = r.params;
    const trig = TRIGGERS.find(([v]) => v === p.trigger)[1].replace("N events", `${p["early-count"].toLocaleString("en-US")} events`);
    this.engineIntro.textContent = "Weir's own prediction of what its engine measures (stateBytes: its slices or sessions, " +
      "the key index, timers and, for a non-default trigger or accumulation, the trigger state), within 10 % of a real run. " +
      `For ${p.sensors.toLocaleString("en-US")} sensors as keys at ${num(p.rate)} events/s each, out-of-orderness ` +
      `${formatDuration(p["out-of-orderness"])}, allowed lateness ${formatDuration(p.lateness)}, sessions of ` +
      `${formatDuration(p["session-length"])} apart by ${formatDuration(p["session-idle"])}. ` +
      `Trigger: ${trig.toLowerCase()}; ${p.accumulation}. The figures above are the chapter's teaching model.`;
    this.engineBody.replaceChildren(...TYPES.map(([k, label]) => {
      const e = r.engine[k];
      const one = e.entriesPerKey === 1;
      const per = k === "session" ? (one ? "session" : "sessions") : (one ? "slice" : "slices");
      return h("tr", { "data-type": k },
        h("th", { scope: "row" }, label),
        h("td", {}, h("strong", {}, out(`${k}-engine`, b(e.totalBytes)))),
        h("td", {}, out(`${k}-engine-trigger`, b(e.triggerStateBytes))),
        h("td", {}, h("span", { class: "muted" },
          `${b(e.windowStateBytes)} in ${trimNumber(e.entriesPerKey)} ${per} per key, ${b(e.indexBytes)} index, ${b(e.timerBytes)} timers`)));
    }));
  }

  drawChart(r, b) {
    const { sweep, params: p } = r;
    // Drawn at the size it is shown, so its text stays legible on a phone.
    const W = Math.min(560, Math.max(280, Math.round(this.chart.getBoundingClientRect().width) || 560));
    this.chartWidth = W;
    const H = W < 400 ? 180 : 200, L = 64, R = 12, T = 12, B = 34;
    const limit = p.target * p.memory;
    const maxY = Math.max(limit * 1.25, ...sweep.map((d) => d.requiredBytes));
    const lx = (v) => Math.log(v / sweep[0].slide) / Math.log(p.window / sweep[0].slide || 2);
    const x = (slide) => L + (sweep.length > 1 ? lx(slide) : 0) * (W - L - R);
    const y = (v) => T + (1 - v / maxY) * (H - T - B);
    const svg = this.chart;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const fitsFrom = sweep.find((d) => d.fits);
    svg.replaceChildren(
      s("title", { id: `${this.ids}-chart-title` }, "Memory needed against slide, sliding windows"),
      s("desc", { id: `${this.ids}-chart-desc` },
        `Raw buffering with overhead for a ${formatDuration(p.window)} window, slides from ${formatDuration(sweep[0].slide)} ` +
        `to ${formatDuration(p.window)}. The dashed line is the target, ${b(limit)}. ` +
        (fitsFrom ? `Slides from ${formatDuration(fitsFrom.slide)} up fit.` : "No slide fits.")),
      s("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }),
      s("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }),
      s("line", { class: "limit", x1: L, x2: W - R, y1: y(limit), y2: y(limit) }),
      s("text", { class: "limit-label", x: W - R, y: y(limit) - 4, "text-anchor": "end" }, `target ${b(limit)}`),
      s("polyline", { class: "curve", points: sweep.map((d) => `${x(d.slide)},${y(d.requiredBytes)}`).join(" ") }),
      ...sweep.map((d) => s("circle", { class: d.fits ? "pt fits" : "pt over", cx: x(d.slide), cy: y(d.requiredBytes), r: 2.5 })),
      s("circle", { class: "current", cx: x(Math.min(Math.max(p.slide, sweep[0].slide), p.window)), cy: y(Math.min(r.sliding.rawFit.requiredBytes, maxY)), r: 5 }),
      ...[0, 0.5, 1].map((f) => s("text", { class: "tick", x: L - 6, y: y(maxY * f) + 4, "text-anchor": "end" }, b(maxY * f))),
      ...[sweep[0].slide, sweep[Math.floor(sweep.length / 2)].slide, p.window].map((v) =>
        s("text", { class: "tick", x: x(v), y: H - B + 14, "text-anchor": "middle" }, formatDuration(v))),
      s("text", { class: "tick", x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" }, "slide (log scale)"),
    );
  }
}

const STYLE = `
.headline { font-size: 1.05em; }
output { font-variant-numeric: tabular-nums; }
.bars { display: grid; gap: .35rem; }
.bar-row { display: grid; grid-template-columns: 5.5rem minmax(6rem, 1fr); gap: .1rem .6rem; align-items: center; }
.bar-text { grid-column: 2; font-size: .88em; }
.bar { position: relative; height: 1rem; background: var(--_panel); border: 1px solid var(--_rule); border-radius: 3px; overflow: hidden; }
.bar span { position: absolute; top: 0; bottom: 0; left: 0; }
.fill-overhead { background: color-mix(in srgb, var(--_accent) 35%, transparent); }
.fill-raw { background: var(--_accent); }
.over .fill-overhead { background: color-mix(in srgb, var(--_late) 40%, transparent); }
.over .fill-raw { background: var(--_late); }
.target { width: 2px; background: var(--_fg); }
.ok { color: var(--_ok); font-weight: 600; } .bad { color: var(--_late); font-weight: 600; }
.chart { max-width: 36rem; }
.chart .limit { stroke: var(--_late); stroke-dasharray: 5 3; }
.chart .limit-label { fill: var(--_late); }
.chart .curve { fill: none; stroke: var(--_accent); stroke-width: 1.5; }
.chart .pt.fits { fill: var(--_ok); } .chart .pt.over { fill: var(--_late); }
.chart .current { fill: none; stroke: var(--_fg); stroke-width: 2; }
.link { width: 100%; font: inherit; margin-bottom: .4rem; }
.engine-section { margin: .8rem 0; }
.engine-section h4 { margin-top: 0; }
table.engine td strong output { color: var(--_accent); }
:host([data-state="error"]) .results { opacity: .4; }
`;

// The memory model's note, worded here from the figures the core gives
// (`note.kind` and its numbers): the core holds no sentences. Bytes through
// `b`, the widget's own formatter, so `units="binary"` reaches the note too.
const NOTE_MODEL = "The fit uses raw-event buffering, as the chapter does; the aggregate models' fits are reported alongside.";

/** `v` with up to 3 significant digits (integer digits kept), trailing zeros trimmed. */
function trimNumber(v) {
  const a = Math.abs(v);
  const intDigits = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 1;
  let s = v.toFixed(Math.max(0, 3 - intDigits));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

function noteText(note, b) {
  switch (note.kind) {
    case "tumbling":
      return `${NOTE_MODEL} Tumbling raw buffering counts ${note.windowsHeld} window(s) held ` +
        "(2: the open window plus the one being emitted, the chapter's worked example; 1: its quick estimate): " +
        `${b(note.rawBytes)}. Incremental aggregates keep ${b(note.stateBytesPerKey)} per key per window instead: ${b(note.perWindowBytes)}.`;
    case "sliding": {
      const cmp = note.slicesPerKey > note.openWindowsPerKey
        ? `more than the ${note.openWindowsPerKey} per-window aggregates (${b(note.perWindowBytes)}), because the slide does not divide the size`
        : `as many as the ${note.openWindowsPerKey} per-window aggregates (${b(note.perWindowBytes)})`;
      return `${NOTE_MODEL} Weir keeps sliced partial aggregates: ${note.slicesPerKey} slices per key (${b(note.slicedBytes)}), ${cmp}. ` +
        `Slicing saves update work (one slice update per event instead of size / slide = ${trimNumber(note.overlapFactor)} window updates), ` +
        `not bytes; the bytes it saves are against raw buffering (${b(note.rawBytes)}).` +
        (note.sampling ? " The slide exceeds the size (sampling): events between windows belong to no window." : "");
    }
    case "cumulate":
      return `${NOTE_MODEL} Cumulating raw buffering holds the period once (${b(note.rawBytes)}): ` +
        `each of its ${note.stepsPerPeriod} windows is a prefix of the same events. Weir keeps ${note.stepsPerPeriod} slices per key ` +
        `(${b(note.slicedBytes)}), window k the merge of the first k, as many as the per-window aggregates (${b(note.perWindowBytes)}).`;
    case "session":
      return `${NOTE_MODEL} Sessions buffer every event of an expected session (${b(note.rawBytes)}); ` +
        `Weir keeps one aggregate per open session per key instead (${b(note.slicedBytes)}). Sessions get no slide advice.`;
    default:
      return "";
  }
}

export { WeirMemoryCalculator };
