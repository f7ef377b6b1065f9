// <weir-event-time>: events made at event time, delivered after a network
// delay. Two lanes (arrival order and event-time order), the watermark as a
// moving line, windows that go open -> fired on time -> fired late
// (updated) -> closed, a side-output tray for events beyond the allowed
// lateness, and the same stream windowed in processing time beside it.
import { WeirElement, chartWidth, field, h, keepFocus, keepInView, legend, nextId, niceTicks, roving, s, textsOverLine, upgradeProperty } from "./base.js";
import { flinkExportPanel } from "./flink-export.js";
import { keptPosition, player } from "./player.js";
import { EngineRun, loadEvents } from "./stream.js";
import { count, duration, number, oneOf, readAttrs, share } from "./attrs.js";
import { fateWords, formatDuration, num, parseDuration, parseShare } from "./units.js";
import { FIRING_WORDS, latestResults } from "./window-types.js";
import { FIRING_STYLE, KIND_WORDS, accumulationSpec, firingLegend, firingMarks, isDefault, MOST_WIDTH, marksWidth, kindCounts, triggerConfig, triggerControls, triggerSpec, triggerWords } from "./firings.js";

const sec = (ms) => ms / 1000;
const HINT = "Tab to the events and use the arrow keys (or hover) to see each event's delay and fate; " +
  "Shift+Right and Shift+Left (or dragging its arrival dot) deliver it 1 s later or earlier.";
/** How far Shift+Arrow moves an event's arrival. */
const MOVE_STEP = 1000;

/** A time of day in ms since midnight from "14:00:00" (or "14:00", "14:00:00.5"). */
const clockOf = (raw) => {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d{1,3})?))?$/.exec(raw.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) >= 60) return NaN;
  return Math.round(((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000);
};
const timeOfDay = (def) => ({
  def,
  read(raw) {
    const v = clockOf(raw);
    return Number.isFinite(v) ? { value: v } : { error: 'expected a time of day such as "14:00:00"' };
  },
});
/** "14:00:05" (with milliseconds only when there are some) for `ms` after midnight. */
export function clock(ms) {
  if (!Number.isFinite(ms)) return ms > 0 ? "+∞" : "−∞";
  const day = ((Math.round(ms) % 86_400_000) + 86_400_000) % 86_400_000;
  const p = (n, w = 2) => String(n).padStart(w, "0");
  const hms = `${p(Math.floor(day / 3_600_000))}:${p(Math.floor(day / 60_000) % 60)}:${p(Math.floor(day / 1000) % 60)}`;
  return day % 1000 ? `${hms}.${p(day % 1000, 3)}` : hms;
}
/** A delay in words: "26 s", "5 min 23 s". */
const delayWords = (ms) => (ms >= 60_000 && ms % 1000 === 0
  ? `${Math.floor(ms / 60_000)} min${ms % 60_000 ? ` ${(ms % 60_000) / 1000} s` : ""}` : formatDuration(ms));

// The chapter's own worked examples (times in ms after the time origin, 14:00:00 by default).
// "chapter": one sensor reading every 2 s from 14:00:00 to 14:00:30, each 300 ms on the way,
// and the reading made at 14:00:05 that arrives last, at 14:00:31: by then the latest event is
// 14:00:30, so with a bound of 10 s W = 14:00:20 and the window [14:00:00, 14:00:10) has fired.
// "pipeline": the oil-pipeline sensor, a reading every 30 s; the one made at 14:00:00 showing
// 95 °C reaches the system at 14:05:23.
const CHAPTER_VALUES = [21.0, 21.2, 21.1, 21.4, 21.3, 21.6, 21.5, 21.8, 21.7, 22.0, 21.9, 22.1, 22.0, 22.3, 22.2, 22.4];
export const SCENARIOS = {
  chapter: {
    label: "the chapter's watermark example",
    defaults: { window: 10_000, "out-of-orderness": 10_000, lateness: 0 },
    events: () => {
      const ev = CHAPTER_VALUES.map((value, i) => ({ key: 1, time: i * 2000, value, arrival: i * 2000 + 300 }));
      const late = { key: 1, time: 5000, value: 21.3, arrival: 31_000 };
      return [...ev, late];
    },
  },
  pipeline: {
    label: "the chapter's oil-pipeline reading",
    defaults: { window: 60_000, "out-of-orderness": 10_000, lateness: 0 },
    events: () => {
      const ev = [];
      for (let i = 0; i <= 12; i++) {
        ev.push({ key: 1, time: i * 30_000, value: i === 0 ? 95 : 88 + (i % 4) * 0.5, arrival: i === 0 ? 323_000 : i * 30_000 + 400 });
      }
      return ev.sort((a, b) => a.arrival - b.arrival);
    },
  },
};
/** Side-output chips shown before "Show all". */
const TRAY_CHIPS = 8;

// Every attribute, its default and its range (the controls' ranges where a control shows it).
const SPECS = {
  window: duration(10_000, { min: 1000, max: 60_000 }),
  "out-of-orderness": duration(2_000, { max: 20_000 }),
  lateness: duration(0, { max: 30_000 }),
  seed: count(3, { max: 2 ** 32 - 1 }),
  sensors: count(3, { min: 1, max: 20 }),
  rate: number(1, { min: 0.1, max: 10, unit: "Hz" }),
  duration: duration(40_000, { min: 1000, max: 300_000 }),
  "delay-base": duration(200, { max: 60_000 }),
  "delay-spread": duration(2_000, { max: 10_000 }),
  "late-share": share(0.05, { max: 0.5 }),
  "late-min": duration(2_000, { max: 600_000 }),
  "late-max": duration(12_000, { max: 600_000 }),
  mode: oneOf(["watch", "predict"], "watch"),
  scenario: oneOf(["none", "chapter", "pipeline"], "none"),
  origin: timeOfDay(null),
  trigger: triggerSpec(),
  accumulation: accumulationSpec(),
};

function readConfig(el) {
  // A scenario brings its own design; attributes still override it.
  const scenario = SCENARIOS[el.getAttribute("scenario")?.trim()];
  const specs = { ...SPECS };
  for (const [k, v] of Object.entries(scenario?.defaults ?? {})) specs[k] = { ...SPECS[k], def: v };
  const a = readAttrs(el, specs);
  if (a["late-min"] > a["late-max"]) throw new Error(`late-min="${el.getAttribute("late-min") ?? "2s"}" is more than late-max="${el.getAttribute("late-max") ?? "12s"}"`);
  return {
    window: a.window,
    ooo: a["out-of-orderness"],
    lateness: a.lateness,
    trigger: a.trigger,
    accumulation: a.accumulation,
    mode: a.mode,
    scenario: a.scenario,
    // Clock times (from the origin) for a scenario or when an origin is set; seconds otherwise.
    origin: a.origin ?? (scenario ? 14 * 3_600_000 : null),
    sim: {
      seed: a.seed,
      sensors: a.sensors,
      rateHz: a.rate,
      durationMs: a.duration,
      delayBaseMs: a["delay-base"],
      delaySpreadMs: a["delay-spread"],
      lateFraction: a["late-share"],
      lateMinMs: a["late-min"],
      lateMaxMs: a["late-max"],
    },
  };
}

/** The event-time engine's config: tumbling windows, the widget's watermark, lateness, trigger and accumulation. */
const eventTimeConfig = (c) => ({
  window: { type: "tumbling", size: c.window },
  watermark: { maxOutOfOrderness: c.ooo }, allowedLateness: c.lateness,
  ...triggerConfig(c.trigger, c.accumulation),
});

/**
 * Events with an arrival time for the processing-time engine. A CSV without
 * an arrival column gives only the arrival order: the processing clock is
 * then taken as the latest event time seen so far at each arrival.
 */
function withArrivals(events) {
  if (events.every((e) => e.arrival !== undefined)) return { events, synthetic: false };
  let clock = -Infinity;
  return {
    events: events.map((e) => {
      clock = Math.max(clock, e.time);
      return { ...e, arrival: e.arrival ?? clock };
    }),
    synthetic: true,
  };
}

export class WeirEventTime extends WeirElement {
  static get observedAttributes() {
    return ["src", "seed", "sensors", "rate", "duration", "window", "out-of-orderness", "lateness",
      "delay-base", "delay-spread", "late-share", "late-min", "late-max", "mode", "scenario", "origin", "trigger", "accumulation"];
  }

  set events(list) { this._events = list; this.requestUpdate(); }
  get events() { return this._stream ?? []; }

  build() {
    upgradeProperty(this, "events");
    const id = nextId("weir-et");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    const set = (name, fmt) => (v) => this.setAttribute(name, fmt(v));
    this.fields = {
      spread: field({ id: `${id}-spread`, label: "Network delay spread", unit: "s", min: 0, max: 10, step: 0.1, value: 2, onchange: set("delay-spread", (v) => `${v}s`) }),
      late: field({ id: `${id}-late`, label: "Share of very late events", unit: "%", min: 0, max: 50, step: 1, value: 5, onchange: set("late-share", (v) => `${v}%`) }),
      ooo: field({ id: `${id}-ooo`, label: "Max out-of-orderness", unit: "ms", min: 0, max: 20_000, step: 1, value: 2000, onchange: set("out-of-orderness", (v) => `${v}ms`) }),
      lateness: field({ id: `${id}-lateness`, label: "Allowed lateness", unit: "ms", min: 0, max: 30_000, step: 1, value: 0, onchange: set("lateness", (v) => `${v}ms`) }),
    };
    this.trig = triggerControls(this, id);
    this.kinds = h("div", { class: "kinds-box" });
    this.svg = s("svg", { role: "group", "aria-labelledby": `${id}-title`, class: "timeline" });
    this.status = h("p", { class: "status" });
    this.details = h("p", { class: "details muted" }, HINT);
    this.tray = h("ul", { class: "tray", "aria-label": "Events in the side output" });
    this.trayCount = h("span", { class: "tray-count" });
    this.trayMore = h("button", { type: "button", class: "tray-more", hidden: true, "data-focus-id": "tray-more",
      onclick: () => { this.trayOpen = !this.trayOpen; this.renderTray(); } });
    this.compare = h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Event time and processing time, window by window" });
    this.chartBox = h("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": "Event-time chart, scrolls sideways if narrow", "data-focus-id": "chart" },
      // The sensor names stay in view when the chart scrolls sideways (they are drawn over it, not in it).
      h("div", { class: "chart-inner" }, this.gutter = s("svg", { class: "gutter", "aria-hidden": "true" }), this.svg));
    this.legendBox = h("div", {});
    this.tables = h("div", {});
    this.predictions = { made: 0, correct: 0, history: [] };
    this.moves = new Map();
    this.modeButton = h("button", { type: "button", class: "mode", "aria-pressed": "false",
      onclick: () => this.setAttribute("mode", this.config?.mode === "predict" ? "watch" : "predict") }, "Predict each fate");
    this.buildPredict(id);
    this.player = player({
      ready: () => Boolean(this.run), length: () => this._stream.length, position: () => this.cursor, seek: (to) => this.seek(to),
      // Announced once playback stops, not at every step.
      stopped: () => { if (this.summary) this.live.textContent = this.summary; },
    },
    h("button", { type: "button", onclick: () => this.seek(Infinity) }, "To the last event"),
    h("button", { type: "button", onclick: () => this.seek(Infinity, { flush: true }) }, "End of stream (flush)"),
    this.modeButton);
    this.flink = flinkExportPanel(this, () => [{
      id: "tumbling", label: `Tumbling ${formatDuration(this.config.window)} windows`, config: eventTimeConfig(this.config),
    }]);
    this.shadowRoot.append(
      h("style", {}, STYLE + FIRING_STYLE),
      h("h3", { id: `${id}-title` }, "Event time, watermark and late data"),
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element), ...this.trig.elements),
      this.player.element,
      this.errorBox, this.status, this.predictBox,
      this.chartBox, this.legendBox, this.kinds,
      this.details,
      h("h4", {}, "Side output: too late even for the allowed lateness (", this.trayCount, ")"),
      h("div", { class: "tray-box", role: "region", tabindex: "0", "aria-label": "Side output, scrolls when long", "data-focus-id": "tray" }, this.tray), this.trayMore,
      h("h4", {}, "The same events in processing time (windows by arrival)"), this.compare,
      h("details", {}, h("summary", {}, "Every event-time window result"), this.tables),
      this.flink.element,
    );
    this.resizer = new ResizeObserver(() => {
      const w = Math.round(this.chartBox.clientWidth);
      if (this.run && w && Math.abs(w - (this.drawnAvail ?? 0)) > 8) this.render();
    });
    // Dragging an event's arrival dot along the arrival lane changes its network delay.
    this.svg.addEventListener("pointerdown", (ev) => {
      const dot = ev.target.closest?.(".at-arrival");
      const g = dot?.closest("g.event");
      if (!g || !this.xTime) return;
      ev.preventDefault();
      this.svg.setPointerCapture(ev.pointerId);
      this.dragging = { id: Number(g.dataset.id), pointer: ev.pointerId };
      g.focus();
    });
    this.svg.addEventListener("pointermove", (ev) => {
      if (!this.dragging || ev.pointerId !== this.dragging.pointer) return;
      const box = this.svg.getBoundingClientRect();
      const scale = box.width ? this.drawnWidth / box.width : 1;
      // Whole tenths of a second, so the chart and the result say the same delay.
      this.moveArrival(this.dragging.id, Math.round(this.xTime((ev.clientX - box.left) * scale) / 100) * 100);
    });
    const drop = (ev) => { if (this.dragging?.pointer === ev.pointerId) this.dragging = null; };
    this.svg.addEventListener("pointerup", drop);
    this.svg.addEventListener("pointercancel", drop);
  }

  /** The predict panel: the next event, three fates, which window re-fires, Check. */
  buildPredict(id) {
    const radios = [["assigned", "on time"], ["late-accepted", "late but accepted (its window fires again)"], ["side-output", "too late: side output"]]
      .map(([value, words]) => h("label", {}, h("input", { type: "radio", name: `${id}-fate`, value,
        onchange: () => this.predictChanged() }), ` ${words}`));
    this.predictRadios = radios.map((l) => l.querySelector("input"));
    this.predictWindow = h("select", { id: `${id}-refire`, disabled: true, onchange: () => this.predictChanged() });
    this.predictCheck = h("button", { type: "button", class: "check", disabled: true, onclick: () => this.checkPrediction() }, "Check and deliver");
    this.predictEvent = h("p", { class: "next-event" });
    this.predictFeedback = h("p", { class: "feedback", role: "status" });
    this.predictScore = h("p", { class: "score muted" });
    this.predictBox = h("fieldset", { class: "predict", hidden: true },
      h("legend", {}, "Predict: what happens to the next event?"),
      this.predictEvent,
      h("div", { class: "radios", role: "radiogroup", "aria-label": "The next event's fate" }, ...radios),
      h("p", {}, h("label", { for: `${id}-refire` }, "If late but accepted, which window fires again? "), this.predictWindow),
      h("div", { class: "buttons" }, this.predictCheck),
      this.predictFeedback, this.predictScore);
  }

  predictChanged() {
    const fate = this.predictRadios.find((r) => r.checked)?.value;
    this.predictWindow.disabled = fate !== "late-accepted";
    this.predictCheck.disabled = !fate || this.cursor >= this._stream.length;
  }

  /** The engine's windows for the next event, the watermark it meets, and the allowed lateness. */
  nextContext() {
    const i = this.cursor;
    const e = this._stream[i];
    const wBefore = this.run.watermark;
    const windows = this.run.windowsFor(e.time);
    return { i, e, wBefore, windows };
  }

  /** Shows the next event and its candidate windows (the engine's, and one on either side). */
  renderPredict() {
    const on = this.config.mode === "predict";
    this.modeButton.setAttribute("aria-pressed", String(on));
    this.predictBox.hidden = !on;
    if (on) this.player.pause();
    for (const b of this.player.element.querySelectorAll("button")) {
      if (b.textContent === "Step" || b.textContent === "Play") b.disabled = on;
    }
    this.predictScore.textContent = `Score: ${this.predictions.correct} of ${this.predictions.made} right.`;
    if (!on) return;
    if (this.cursor >= this._stream.length) {
      this.predictEvent.textContent = "Every event has arrived. Rewind to predict again, or move an event's arrival and see what changes.";
      this.predictCheck.disabled = true;
      return;
    }
    const { e, wBefore, windows } = this.nextContext();
    const t = this.t;
    this.predictEvent.textContent = `Next: sensor ${e.key}, measured at ${t(e.time)}, arrives at ${t(e.arrival)} ` +
      `(delay ${delayWords(e.arrival - e.time)}). The watermark is now ${t(wBefore)}; allowed lateness ${formatDuration(this.config.lateness)}.`;
    const size = this.config.window;
    const own = windows[0]?.start ?? Math.floor(e.time / size) * size;
    const starts = [own - size, own, own + size];
    const keep = this.predictWindow.value;
    this.predictWindow.replaceChildren(...starts.map((s0) => h("option", { value: String(s0) }, `[${t(s0)}, ${t(s0 + size)})`)));
    this.predictWindow.value = starts.map(String).includes(keep) ? keep : String(starts[0]);
    this.predictChanged();
  }

  /** Delivers the next event and says whether the prediction was right, with the engine's reason. */
  checkPrediction() {
    if (this.cursor >= this._stream.length) return;
    const fate = this.predictRadios.find((r) => r.checked)?.value;
    if (!fate) return;
    const { i, e, wBefore, windows } = this.nextContext();
    const guessWindow = fate === "late-accepted" ? Number(this.predictWindow.value) : null;
    const firedBefore = this.run.results.length;
    // The feedback (role="status") is what a screen reader should hear, not the run summary as well.
    this.quiet = true;
    this.seek(i + 1);
    const actual = this.run.outcomes[i];
    const refired = this.run.results.slice(firedBefore).filter((r) => r.firing === "late" && r.key === e.key).map((r) => r.start);
    // In final mode a window that takes a late event reports once, when it closes: the window asked about is the event's own.
    const took = this.config.trigger.kind === "final" ? windows.map((w) => w.start) : refired;
    const right = fate === actual && (actual !== "late-accepted" || took.includes(guessWindow));
    const entry = { index: i, key: e.key, time: e.time, arrival: e.arrival, predicted: fate, window: guessWindow,
      actual, refired: refired[0] ?? null, correct: right };
    this.predictions.history.push(entry);
    this.predictions.made++;
    if (right) this.predictions.correct++;
    this.predictFeedback.textContent = `${right ? "Right" : "Not quite"}: ${this.reason(e, actual, wBefore, windows, refired)}`;
    this.predictFeedback.dataset.correct = String(right);
    for (const r of this.predictRadios) r.checked = false;
    const fromPanel = this.predictBox.contains(this.shadowRoot.activeElement);
    this.renderPredict();
    this.emitResult();
    // The Check button is disabled until the next choice: the focus goes back to the choices, not to <body>.
    this.quiet = false;
    if (fromPanel) this.predictRadios[0].focus();
  }

  /** Why the engine did what it did with `e`, in the numbers it used. */
  reason(e, actual, w, windows, refired) {
    const t = this.t, L = this.config.lateness;
    const win = windows[0] ?? { start: Math.floor(e.time / this.config.window) * this.config.window, end: Math.floor(e.time / this.config.window) * this.config.window + this.config.window };
    const span = `[${t(win.start)}, ${t(win.end)})`;
    if (actual === "assigned") return `on time. Its window ${span} ends at ${t(win.end)}, after the watermark W = ${t(w)}, so the window is still open and counts it.`;
    if (actual === "late-accepted") {
      const re = refired.length ? `[${t(refired[0])}, ${t(refired[0] + this.config.window)})` : span;
      if (this.config.trigger.kind === "final") {
        return `late but accepted. Its window ${span} ended at ${t(win.end)} <= W = ${t(w)}, but W < end + allowed lateness = ${t(win.end + L)}: ` +
          `the window still holds its state and takes the event; in final mode it reports once, when it closes at W >= ${t(win.end + L)}.`;
      }
      return `late but accepted. Its window ${span} ended at ${t(win.end)} <= W = ${t(w)} and has fired, but W < end + allowed lateness = ${t(win.end + L)}: ` +
        `the window still holds its state, takes the event and fires again: ${re}, with updated totals.`;
    }
    if (actual === "side-output") return `too late: side output. Its window ${span} ended at ${t(win.end)} and W = ${t(w)} >= end + allowed lateness = ${t(win.end + L)}: ` +
      "the window's state is gone, so the event goes to the side output (kept, not lost).";
    return `${fateWords(actual)}.`;
  }

  /** Delivers event `id` at `arrival` (never before it was measured); the engines re-run at once. */
  moveArrival(id, arrival) {
    const base = this.baseEvents?.[id];
    if (!base) return;
    const at = Math.max(base.time, arrival);
    const now = this._stream.find((e) => e.id === id)?.arrival;
    if (now === at) return;
    this.moves.set(id, at);
    this.restream();
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer.observe(this);
  }

  async update() {
    const c = readConfig(this);
    this.config = c;
    this.fields.spread.set(sec(c.sim.delaySpreadMs));
    this.fields.late.set(+(c.sim.lateFraction * 100).toFixed(4));
    this.fields.ooo.set(c.ooo);
    this.fields.lateness.set(c.lateness);
    this.trig.set(c.trigger, c.accumulation);
    this.t = c.origin === null ? formatDuration : (ms) => clock(c.origin + ms);
    const scenario = SCENARIOS[c.scenario];
    const fromSim = !this._events && !this.getAttribute("src") && !scenario;
    for (const f of [this.fields.spread, this.fields.late]) f.element.querySelectorAll("input").forEach((i) => { i.disabled = !fromSim; });
    const gen = (this._gen = (this._gen ?? 0) + 1);
    const loaded = scenario && !this._events ? { events: scenario.events(), source: scenario.label } : await loadEvents(this, c.sim);
    if (gen !== this._gen || !this.isConnected) return false;
    // Moved arrivals and the score belong to one stream: a new stream starts them afresh.
    const sig = this._events ?? `${this.getAttribute("src")}|${c.scenario}|${JSON.stringify(c.sim)}`;
    if (sig !== this.sourceSig) {
      this.sourceSig = sig;
      this.moves.clear();
      this.predictions = { made: 0, correct: 0, history: [] };
      this.predictFeedback.textContent = "";
    }
    const { events, synthetic } = withArrivals(loaded.events);
    this.baseEvents = events.map((e, id) => ({ ...e, id }));
    this.source = loaded.source;
    this.syntheticArrival = synthetic;
    this.restream();
    this.flink.refresh();
    return true;
  }

  /**
   * The stream with every moved arrival, in arrival order, and the engines
   * re-run on it. A new design or a moved event keeps the learner's place:
   * the same step, flushed or not.
   */
  restream() {
    const previous = this._stream && this.run ? { at: this.cursor, length: this._stream.length } : null;
    const flushed = Boolean(this.run?.flushed);
    let events = this.baseEvents.map((e) => (this.moves.has(e.id) ? { ...e, arrival: this.moves.get(e.id) } : e));
    if (this.moves.size) events = events.map((e, i) => [e, i]).sort((a, b) => a[0].arrival - b[0].arrival || a[1] - b[1]).map(([e]) => e);
    this._stream = events;
    const c = this.config;
    this.freeRuns();
    this.run = new EngineRun(eventTimeConfig(c), events);
    this.proc = new EngineRun({ window: { type: "tumbling", size: c.window }, timeDomain: "processing" }, events);
    this.seek(keptPosition(previous, events.length), { flush: flushed });
  }

  freeRuns() {
    this.run?.free();
    this.proc?.free();
    this.run = this.proc = null;
  }

  release() {
    this.player?.pause();
    this.resizer?.disconnect();
    this.freeRuns();
  }

  /** Pushes up to event `to`; the watermark jumps to +Infinity only with `flush`. */
  seek(to, { flush = false } = {}) {
    if (!this.run) return;
    const target = Math.min(to, this._stream.length);
    this.run.runTo(target, { flush });
    this.proc.runTo(target, { flush });
    this.cursor = target;
    this.render();
    this.renderPredict();
    keepInView(this.chartBox, this.followX);
    this.emitResult();
  }

  /** Per window interval (all keys): event-time and processing-time totals. */
  comparison() {
    const sum = (rows) => {
      const m = new Map();
      for (const r of rows) {
        const k = `${r.start}:${r.end}`;
        const t = m.get(k) ?? { start: r.start, end: r.end, count: 0, sum: 0 };
        t.count += r.count;
        t.sum += r.sum;
        m.set(k, t);
      }
      return m;
    };
    const ev = sum(latestResults(this.run.results));
    const pr = sum(latestResults(this.proc.results));
    const keys = [...new Set([...ev.keys(), ...pr.keys()])]
      .map((k) => (ev.get(k) ?? pr.get(k)))
      .sort((a, b) => a.start - b.start);
    return keys.map(({ start, end }) => {
      const e = ev.get(`${start}:${end}`);
      const p = pr.get(`${start}:${end}`);
      // Only windows that have fired in both domains are compared.
      return { start, end, eventCount: e?.count ?? null, eventSum: e?.sum ?? null,
        processingCount: p?.count ?? null, processingSum: p?.sum ?? null,
        differs: !!(e && p) && (e.count !== p.count || Math.abs(e.sum - p.sum) > 1e-9 * Math.max(1, Math.abs(e.sum))) };
    });
  }

  emitResult() {
    const st = this.run.stats();
    const comparison = this.comparison();
    const differ = comparison.filter((r) => r.differs).length;
    this.summary = `${this.cursor} of ${this._stream.length} events pushed; watermark ${this.t(this.run.watermark)}; ` +
      `${st.firedOnTime} on-time and ${st.firedLate} late firings; ${this.run.late.length} events in the side output; ` +
      `${differ} windows differ in processing time.`;
    this.publish({
      events: this._stream.length, pushed: this.cursor, watermark: this.run.watermark,
      results: latestResults(this.run.results), firings: this.run.results.slice(), late: this.run.late.slice(),
      processing: latestResults(this.proc.results), comparison, stats: st,
      mode: this.config.mode,
      predictions: { made: this.predictions.made, correct: this.predictions.correct, history: this.predictions.history.map((p) => ({ ...p })) },
      moved: [...this.moves].map(([id, arrival]) => ({ id, arrival })),
    }, this.player.playing || this.quiet ? undefined : this.summary);
  }

  /** Each window's state now: from openWindows() while the engine keeps it, else from what it emitted. */
  windowStates() {
    const m = new Map();
    for (const r of this.run.results) {
      const k = `${r.key}:${r.start}`;
      const prev = m.get(k);
      m.set(k, { key: r.key, start: r.start, end: r.end, count: r.count, mean: r.mean,
        state: "closed", firing: r.firing === "late" || prev?.firing === "late" ? "late" : "on-time", firings: (prev?.firings ?? 0) + 1 });
    }
    for (const w of this.run.openWindows()) {
      const k = `${w.key}:${w.start}`;
      const prev = m.get(k);
      m.set(k, { key: w.key, start: w.start, end: w.end, count: w.count ?? prev?.count ?? 0, mean: w.mean ?? prev?.mean,
        state: w.state, until: w.until, firing: prev?.firing, firings: prev?.firings ?? 0, dropped: w.dropped });
    }
    return [...m.values()];
  }

  render() {
    const restored = keepFocus(this.shadowRoot, () => this.draw(), this.chartBox);
    // A hovered (not focused) event's details follow each step too.
    const again = restored && this.shadowRoot.activeElement?.getAttribute("data-focus-id") === this.selectedId;
    if (this.selectedId && !again) {
      const node = this.svg.querySelector(`[data-focus-id="${CSS.escape(this.selectedId)}"]`);
      if (node) node.dispatchEvent(new Event("pointerenter"));
      else { this.selectedId = null; this.details.textContent = HINT; } // a shorter stream: no stale details
    }
  }

  draw() {
    const c = this.config;
    const events = this._stream;
    const n = events.length;
    const avail = Math.max(280, Math.round(this.chartBox.clientWidth) || 760);
    this.drawnAvail = avail;
    const LEFT = avail < 560 ? 64 : 92, RIGHT = 8;
    const keys = [...new Set(events.map((e) => e.key))].sort((a, b) => a - b);
    const laneOf = new Map(keys.map((k, i) => [k, i]));
    const all = events.flatMap((e) => [e.time, e.arrival]);
    const tMin = Math.floor(Math.min(0, ...all) / c.window) * c.window;
    const tMax = Math.ceil((Math.max(1, ...all) + 1) / c.window) * c.window;
    // Dots 7 px wide must not merge (at phone width the chart then scrolls sideways).
    // Under a trigger or another accumulation, every firing is drawn in its window's count strip, by kind, in order.
    const triggered = !isDefault(c.trigger, c.accumulation);
    const firedRows = new Map();
    for (const r of this.run.results) {
      const k = `${r.key}:${r.start}`;
      if (!firedRows.has(k)) firedRows.set(k, []);
      firedRows.get(k).push(r);
    }
    const states = this.windowStates();
    const labelOf = (w) => `${w.count}${w.firing === "late" ? " upd." : ""}`;
    // Nor may a window's firing marks overlap: the densest window sets the least scale (the chart then scrolls sideways).
    let perMs = 0;
    if (triggered) {
      for (const w of states) {
        const marks = firedRows.get(`${w.key}:${w.start}`)?.length ?? 0;
        if (marks > 1) perMs = Math.max(perMs, (16 + labelOf(w).length * 6 + marksWidth(marks)) / (w.end - w.start));
      }
    }
    const W = Math.max(chartWidth(avail, LEFT + RIGHT, tMax - tMin, events, 7), Math.round(Math.min(LEFT + RIGHT + (tMax - tMin) * perMs, MOST_WIDTH)));
    this.drawnWidth = W;
    const x = (t) => LEFT + ((Math.min(Math.max(t, tMin), tMax) - tMin) / (tMax - tMin)) * (W - LEFT - RIGHT);
    this.xTime = (px) => tMin + ((px - LEFT) / (W - LEFT - RIGHT)) * (tMax - tMin);
    const T = this.t;
    const LANE = keys.length > 6 ? 9 : 14;
    // Event-time lanes hold the dots in their upper part and the window counts
    // in a strip below, so a count is never drawn over a reading.
    const ELANE = LANE + 11;
    const DOT = LANE / 2;
    const svg = this.svg;
    svg.replaceChildren(s("title", {}, "Arrival order above, event time below, with the watermark"));
    const lanes = [];
    const arrTop = 18;
    const evTop = arrTop + keys.length * LANE + 30;
    const bottom = evTop + keys.length * ELANE;
    const grid = s("g", { "aria-hidden": "true" });
    for (let t = tMin; t <= tMax; t += c.window) grid.append(s("line", { class: "grid", x1: x(t), x2: x(t), y1: arrTop - 4, y2: bottom + 4 }));
    svg.append(grid);
    for (const k of keys) {
      lanes.push(s("text", { x: LEFT - 6, y: arrTop + laneOf.get(k) * LANE + DOT + 4, "text-anchor": "end", class: `lane-label key-${laneOf.get(k) % 5}` }, `sensor ${k}`));
      lanes.push(s("text", { x: LEFT - 6, y: evTop + laneOf.get(k) * ELANE + DOT + 4, "text-anchor": "end", class: `lane-label key-${laneOf.get(k) % 5}` }, `sensor ${k}`));
    }
    // Windows in the event-time lane, by state.
    const winG = s("g", { class: "windows", "aria-hidden": "true" });
    for (const w of states) {
      const cls = w.state === "open" ? "open" : w.state === "fired" ? (w.firing === "late" ? "late" : "fired") : "closed";
      const y0 = evTop + laneOf.get(w.key) * ELANE;
      const g = s("g", { class: `window ${cls} key-${laneOf.get(w.key) % 5}${w.firing === "late" ? " updated" : ""}`, "data-key": w.key, "data-start": w.start, "data-state": w.state, "data-count": w.count });
      g.append(s("rect", { x: x(w.start) + 1, y: y0 + 1, width: Math.max(1, x(w.end) - x(w.start) - 2), height: ELANE - 2, rx: 2 }));
      const label = labelOf(w);
      const labelled = x(w.end) - x(w.start) > label.length * 6 + 8;
      if (labelled) g.append(s("text", { class: "count", x: x(w.end) - 3, y: y0 + ELANE - 3, "text-anchor": "end" }, label));
      if (triggered) g.append(...firingMarks(firedRows.get(`${w.key}:${w.start}`) ?? [], x(w.start) + 6, x(w.end) - (labelled ? label.length * 6 + 10 : 6), y0 + ELANE - 6));
      winG.append(g);
    }
    svg.append(winG);
    // Events: one focusable group each, drawn in both lanes.
    const evG = s("g", { class: "events", role: "group", "aria-label": `${n} events; arrow keys move between them in arrival order, Shift+Right and Shift+Left deliver one 1 s later or earlier` });
    const nodes = [];
    for (let i = 0; i < n; i++) {
      const e = events[i];
      const pushed = i < this.cursor;
      const outcome = this.run.outcomes[i];
      const g = s("g", {
        class: `event key-${laneOf.get(e.key) % 5}${pushed ? "" : " pending"} ${outcome ?? ""}`, role: "button",
        "data-index": i, "data-id": e.id, "data-key": e.key, "data-time": e.time, "data-arrival": e.arrival,
        "data-outcome": outcome ?? "pending", "data-focus-id": `e${e.id}`,
        "aria-label": `Sensor ${e.key}, event time ${T(e.time)}, arrived ${T(e.arrival)}: ${outcome ? fateWords(outcome) : "not arrived yet"}`,
      });
      // Before roving's arrow keys: Shift+Arrow moves this event's arrival instead of the focus.
      g.addEventListener("keydown", (ev) => {
        if (!ev.shiftKey || (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft")) return;
        ev.preventDefault();
        ev.stopImmediatePropagation();
        this.moveArrival(e.id, e.arrival + (ev.key === "ArrowRight" ? MOVE_STEP : -MOVE_STEP));
      });
      const cx = x(e.time), cy = evTop + laneOf.get(e.key) * ELANE + DOT;
      g.append(s("circle", { class: "at-event", cx, cy, r: 3.2 }),
        s("circle", { class: "at-arrival", cx: x(e.arrival), cy: arrTop + laneOf.get(e.key) * LANE + DOT, r: 3.2 }));
      if (outcome === "side-output") {
        g.append(s("path", { class: "cross", d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}` }));
      }
      evG.append(g);
      nodes.push(g);
    }
    svg.append(evG);
    // Clocks: the arrival "now" line and the watermark.
    const now = this.cursor > 0 ? events[this.cursor - 1].arrival : null;
    if (now !== null && this.cursor < n) {
      svg.append(s("line", { class: "now", x1: x(now), x2: x(now), y1: arrTop - 4, y2: arrTop + keys.length * LANE + 2 }));
    }
    const wm = this.run.watermark;
    const wmX = Number.isFinite(wm) ? x(wm) : wm > 0 ? W - RIGHT : LEFT;
    const axisY = bottom + 8;
    svg.append(s("line", { class: "watermark", x1: wmX, x2: wmX, y1: evTop - 2, y2: axisY + 18, "data-watermark": wm }),
      s("text", { class: "watermark-label", x: Math.min(Math.max(wmX, LEFT + 70), W - 70), y: axisY + 30, "text-anchor": "middle" }, `watermark W = ${T(wm)}`),
      textsOverLine(svg, wmX, "g.window text.count"));
    svg.append(s("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY }));
    for (const t of niceTicks(tMin, tMax, Math.max(2, Math.floor((W - LEFT) / 80)))) {
      svg.append(s("text", { class: "tick", x: x(t), y: axisY + 13, "text-anchor": x(t) > W - RIGHT - 20 ? "end" : t === tMin ? "start" : "middle" }, T(t)));
    }
    // Titles after the clock lines: a line passing under one leaves it readable (see the halo in STYLE).
    svg.append(s("text", { x: 2, y: arrTop - 6, class: "panel-label" }, "arrival order"),
      s("text", { x: 2, y: evTop - 6, class: "panel-label" }, "event time: windows, watermark"));
    svg.setAttribute("viewBox", `0 0 ${W} ${axisY + 36}`);
    this.gutter.setAttribute("viewBox", `0 0 ${LEFT} ${axisY + 36}`);
    this.gutter.style.width = `${LEFT}px`;
    this.gutter.style.height = `${axisY + 36}px`;
    // The sensor names stay readable over the readings when the chart scrolls under them
    // (the backing stops short of a reading at the chart's first instant when it does not).
    const back = (y0, y1) => s("rect", { class: "gutter-bg", x: 0, y: y0, width: LEFT - 5, height: y1 - y0 });
    this.gutter.replaceChildren(back(arrTop - 2, arrTop + keys.length * LANE + 2), back(evTop, bottom), ...lanes);
    svg.style.width = `${W}px`;
    this.followX = now ?? LEFT;
    this.legendBox.replaceChildren(this.key(keys, triggered));
    this.kinds.replaceChildren(h("p", { class: "kinds-line" }, h("span", { class: "muted" }, `Firings by kind (${triggerWords(c.trigger)}, ${c.accumulation}):`)),
      kindCounts(this.run.stats(), "Firings by kind, counted by the engine"));

    roving(nodes, {
      start: Math.max(0, nodes.findIndex((el) => el.getAttribute("data-focus-id") === this.selectedId)),
      onfocus: (i) => {
        this.selectedId = `e${events[i].id}`;
        svg.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
        nodes[i].classList.add("lit");
        const e = events[i];
        const out = i < this.cursor ? this.run.outcomes[i] : null;
        this.details.textContent = `Sensor ${e.key}: measured at ${T(e.time)}${e.value !== undefined ? ` (value ${num(e.value)})` : ""}, arrived at ${T(e.arrival)} ` +
          `(${this.syntheticArrival && !this.moves.has(e.id) ? "arrival order from the file" : `delay ${delayWords(e.arrival - e.time)}`}); ` +
          (out ? `watermark then ${T(this.run.watermarks[i])}: ${fateWords(out)}.` : "not arrived yet.");
      },
    });

    const st = this.run.stats();
    this.status.replaceChildren(
      ...(this.cursor === 0 ? [h("strong", { class: "start-hint" }, "Press Play"), " (or Step) to deliver the events in arrival order and watch the watermark move. "] : []),
      `${this.cursor} of ${n} events arrived (${this.source}`, this.syntheticArrival ? "; no arrival times: the processing clock is the latest event time seen" : "", "). ",
      h("strong", {}, `Watermark ${T(wm)}`),
      `: ${st.firedOnTime} on-time firings, ${st.firedLate} late (updated) firings, ${st.lateAccepted} late events accepted, ${st.sideOutput} to the side output.`);
    this.renderTray();
    this.renderCompare();
    this.renderTables();
  }

  /** The chart's key: every mark and colour it uses. */
  key(keys, triggered) {
    const ev = (cls, cross) => (g) => {
      // A pending reading is drawn faintest in the event-time lane; the key shows its arrival-lane ring.
      const m = s("g", { class: `event ${cls}` }, s("circle", { class: cls.includes("pending") ? "at-arrival" : "at-event", cx: 11, cy: 7, r: 3.2 }));
      if (cross) m.append(s("path", { class: "cross", d: "M7,3L15,11M7,11L15,3" }));
      g.append(m);
    };
    const win = (cls) => (g) => g.append(s("g", { class: `window ${cls} key-0` }, s("rect", { x: 1, y: 2, width: 20, height: 10, rx: 2 })));
    return legend("Key to the chart", [
      ...keys.slice(0, 5).map((k, i) => [`sensor ${k}`, ev(`key-${i}`), { "data-legend": `sensor-${k}` }]),
      ["not arrived yet", ev("key-0 pending"), { "data-legend": "pending" }],
      [fateWords("late-accepted"), ev("key-0 late-accepted"), { "data-legend": "late-accepted" }],
      [fateWords("side-output"), ev("key-0 side-output", true), { "data-legend": "side-output" }],
      ["window open", win("open"), { "data-legend": "open" }],
      ["fired on time", win("fired"), { "data-legend": "fired" }],
      ["fired late (updated)", win("late"), { "data-legend": "fired-late" }],
      ["closed", win("closed"), { "data-legend": "closed" }],
      ["watermark", (g) => g.append(s("line", { class: "watermark", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "watermark" }],
      ["arrival clock (now)", (g) => g.append(s("line", { class: "now", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "now" }],
      ...(triggered ? firingLegend() : []),
    ]);
  }

  renderTray() {
    const late = this.run.late;
    this.trayCount.textContent = `${late.length} event${late.length === 1 ? "" : "s"}`;
    if (!late.length) {
      this.tray.replaceChildren(h("li", { class: "empty muted" }, "none yet"));
      this.trayMore.hidden = true;
      return;
    }
    // Bounded: the newest few chips, and a button to see them all (in a box that scrolls).
    const shown = this.trayOpen ? late.length : Math.min(late.length, TRAY_CHIPS);
    this.tray.classList.toggle("all", this.trayOpen === true);
    this.tray.replaceChildren(...late.map((l, i) => h("li", {
      class: `chip key-${l.key % 5}`, "data-key": l.key, "data-time": l.time, "data-value": l.value, "data-watermark": l.watermark,
      hidden: i < late.length - shown,
    }, `sensor ${l.key} @ ${this.t(l.time)}`, h("span", { class: "muted" }, `: value ${num(l.value)}, watermark was ${this.t(l.watermark)}`))));
    this.trayMore.hidden = late.length <= TRAY_CHIPS;
    this.trayMore.textContent = this.trayOpen ? `Show the newest ${TRAY_CHIPS}` : `Show all ${late.length}`;
    this.trayMore.setAttribute("aria-expanded", String(this.trayOpen === true));
  }

  renderCompare() {
    const rows = this.comparison();
    const differ = rows.filter((r) => r.differs).length;
    this.compare.replaceChildren(h("table", { class: "compare" },
      h("caption", {}, `${differ} of ${rows.filter((r) => r.eventCount !== null && r.processingCount !== null).length} windows fired in both get different totals when windowed by arrival time (highlighted).`),
      h("thead", {}, h("tr", {}, ...["window", "event time: n", "mean", "processing time: n", "mean"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...rows.map((r) => h("tr", {
        class: r.differs ? "differs highlight" : "", "data-start": r.start, "data-end": r.end,
        "data-event-count": r.eventCount, "data-processing-count": r.processingCount,
      },
      h("th", { scope: "row" }, `[${this.t(r.start)}, ${this.t(r.end)})`),
      h("td", {}, r.eventCount === null ? "not fired" : String(r.eventCount)),
      h("td", {}, r.eventCount ? num(r.eventSum / r.eventCount) : "–"),
      h("td", {}, r.processingCount === null ? "not fired" : r.differs ? h("strong", {}, String(r.processingCount)) : String(r.processingCount)),
      h("td", {}, r.processingCount ? num(r.processingSum / r.processingCount) : "–"))))));
  }

  renderTables() {
    const rows = latestResults(this.run.results);
    const c = this.config;
    const triggered = !isDefault(c.trigger, c.accumulation);
    // Under a trigger, each window's firings in order, as the engine emitted them.
    const sequence = (r) => this.run.results.filter((f) => f.key === r.key && f.start === r.start).map((f) => `${KIND_WORDS[f.firing]} ${f.count}`).join(", ");
    this.tables.replaceChildren(h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Event-time window results", "data-focus-id": "table-results" }, h("table", { class: `results${triggered ? " triggered" : ""}` },
      h("caption", {}, `${rows.length} windows (latest firing of each; ${triggered ? `trigger: ${triggerWords(c.trigger)}, ${c.accumulation}` : "totals accumulate across late firings"})`),
      h("thead", {}, h("tr", {}, ...["sensor", "window", "count", "sum", "min", "max", "firing", "watermark", ...(triggered ? ["firings in order (kind, count)"] : [])].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...rows.map((r) => h("tr", {
        "data-key": r.key, "data-start": r.start, "data-end": r.end, "data-count": r.count, "data-sum": r.sum,
        "data-min": r.min, "data-max": r.max, "data-firing": r.firing,
      }, h("th", { scope: "row" }, `sensor ${r.key}`), h("td", {}, `[${this.t(r.start)}, ${this.t(r.end)})`),
      h("td", {}, String(r.count)), h("td", {}, num(r.sum)), h("td", {}, num(r.min)), h("td", {}, num(r.max)),
      h("td", {}, FIRING_WORDS[r.firing] ?? r.firing), h("td", {}, this.t(r.watermark)),
      ...(triggered ? [h("td", { class: "sequence" }, sequence(r))] : []))))))); 
  }
}

const STYLE = `
.scroll-x { overflow-x: auto; max-width: 100%; }
.panel-label { font-weight: 600; fill: var(--_fg); }
/* Ticks and titles are drawn after the watermark and clock lines, with a halo of the background, so a line under one leaves it readable. */
svg.timeline :is(.tick, .panel-label) { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.lane-label { fill: var(--c); font-weight: 600; }
.event circle { fill: var(--c); stroke: var(--_bg); stroke-width: 1; cursor: pointer; }
.event.pending circle { fill: none; stroke: var(--c); opacity: .4; }
.event.pending .at-event { opacity: .15; }
.event.side-output .at-event { fill: var(--_bg); stroke: var(--_late); stroke-width: 1.5; }
.event.late-accepted .at-event { stroke: var(--_warn); stroke-width: 2; }
.event .cross { stroke: var(--_late); stroke-width: 1.5; }
.event.lit circle { stroke: var(--_fg); stroke-width: 2.5; r: 5; }
.window rect { stroke: var(--c); stroke-width: 1; }
.window.open rect { fill: none; stroke-dasharray: 3 2; }
.window.fired rect { fill: color-mix(in srgb, var(--c) 30%, transparent); }
.window.late rect { fill: color-mix(in srgb, var(--_warn) 45%, transparent); stroke: var(--_warn); stroke-width: 2; }
.window.closed rect { fill: color-mix(in srgb, var(--_muted) 22%, transparent); stroke: var(--_muted); }
.window.closed.updated rect { stroke: var(--_warn); stroke-dasharray: 2 2; }
:is(.window, .over-line) .count { font-size: 10px; fill: var(--_fg); }
.watermark { stroke: var(--_wm); stroke-width: 2.5; stroke-dasharray: 6 3; }
.watermark-label { fill: var(--_wm); font-weight: 600; }
.now { stroke: var(--_now); stroke-width: 1.5; }
.start-hint { color: var(--_accent); }
.tray-box { max-height: 9.5em; overflow-y: auto; }
.tray { list-style: none; padding: .4em; margin: 0; display: flex; flex-wrap: wrap; gap: .3em; min-height: 2em;
  border: 1px dashed var(--_late); border-radius: 6px; }
.chip { border: 1px solid var(--c); border-radius: 999px; padding: 0 .5em; font-size: .85em; }
.compare .differs td, .compare .differs th { font-weight: 600; }
details { margin-top: .5em; }
summary { cursor: pointer; }
.event .at-arrival { cursor: ew-resize; touch-action: none; }
fieldset.predict { border: 1px solid var(--_accent); border-radius: 6px; margin: .4em 0; padding: .3em .7em .5em; }
fieldset.predict legend { font-weight: 600; padding: 0 .3em; }
.predict .radios { display: flex; flex-wrap: wrap; gap: .2em 1.2em; margin: .3em 0; }
.predict .radios label { display: inline-flex; align-items: center; gap: .3em; }
.predict input[type=radio] { accent-color: var(--_accent); margin: 0; }
.predict select { width: auto; }
.predict .feedback[data-correct="true"] { color: var(--_ok); font-weight: 600; }
.predict .feedback[data-correct="false"] { color: var(--_late); font-weight: 600; }
button.mode[aria-pressed="true"] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
.kinds-box { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 .6em; }
.kinds-box .kinds-line { margin: .3em 0; }
.results .sequence { text-align: left; min-width: 16em; }
.results.triggered :is(th, td):not(.sequence) { white-space: nowrap; }
/* An invalid design leaves the last good figures on screen, dimmed under the error. */
:host([data-state="error"]) :is(.status, .scroll-x, .details, .tray-box, .scroll, .kinds-box) { opacity: .4; }
`;
