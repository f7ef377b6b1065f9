// <weir-window-types>: one stream, three engines (tumbling, sliding,
// session) side by side on one time axis. Hover or focus an event to light
// up its windows (the engine's windowsFor); hover or focus a window to light
// up its events and read its result. Each engine's measured state and
// result count show what sliding costs.
import { WeirElement, chartWidth, field, h, keepFocus, keepInView, legend, nextId, niceTicks, roving, s, textsOverLine, upgradeProperty } from "./base.js";
import { flinkExportPanel } from "./flink-export.js";
import { keptPosition, player } from "./player.js";
import { EngineRun, loadEvents } from "./stream.js";
import { count, duration, number, oneOf, readAttrs } from "./attrs.js";
import { fateWords, formatDuration, num } from "./units.js";
import { FIRING_STYLE, KIND_WORDS, accumulationSpec, firingLegend, firingMarks, isDefault, MOST_WIDTH, marksWidth, kindCounts, triggerConfig, triggerControls, triggerSpec, triggerWords } from "./firings.js";

const TYPES = ["tumbling", "sliding", "session"];
const sec = (ms) => ms / 1000;
/** A window's firing in plain words (an event's outcome: units.js's fateWords). */
export const FIRING_WORDS = { "on-time": "on time", late: "late (update)", open: "still open", early: "early", final: "final", retract: "retracted" };

// The chapter's "Try It" (5 s tumbling, 10 s / 2 s sliding) on one sensor reading once a
// second for 20 s, 200 ms on the way, except the readings made at 4 s and 9 s: they arrive
// 2.5 s late, after the readings made at 6 s and 11 s. Values 20.0, 20.1, ... °C.
const TRY_IT_EVENTS = () => {
  const delay = (t) => (t === 4000 || t === 9000 ? 2500 : 200);
  return Array.from({ length: 20 }, (_, i) => ({ key: 1, time: i * 1000, value: Math.round(200 + i) / 10, arrival: i * 1000 + delay(i * 1000) }))
    .sort((a, b) => a.arrival - b.arrival);
};
const SCENARIO_DEFAULTS = { "try-it": { tumbling: 5000, window: 10_000, slide: 2000, "out-of-orderness": 2000 } };

/**
 * The chapter's Python "Try It" code, ported line for line: readings taken in
 * arrival order, windows cut by each reading's event time, no watermark.
 * TumblingWindow emits its buffer when a reading of another window arrives
 * (so a delayed reading splits windows into pieces); SlidingWindow keeps a
 * FIFO buffer, evicts from the front only, and emits every `slide` of event
 * time. (The chapter's `if self.current_start` relies on epoch times, never
 * 0; here times start at 0, so "not None" is tested.) Times in ms.
 */
export function chapterCode(readings, tumblingMs, windowMs, slideMs) {
  const tumbling = [];
  let currentStart = null, buffer = [];
  const summary = (buf) => {
    const temps = buf.map((r) => r.value);
    return { count: temps.length, avg: Math.round((temps.reduce((a, b) => a + b, 0) / temps.length) * 10) / 10, min: Math.min(...temps), max: Math.max(...temps) };
  };
  const sliding = [];
  const fifo = [];
  let lastEmit = 0;
  for (const r of readings) {
    const start = Math.floor(r.time / tumblingMs) * tumblingMs;
    if (currentStart !== null && start !== currentStart) {
      tumbling.push({ start: currentStart, ...summary(buffer) });
      buffer = [r];
    } else {
      buffer.push(r);
    }
    currentStart = start;
    fifo.push(r);
    const now = r.time;
    while (fifo.length && fifo[0].time < now - windowMs) fifo.shift();
    if (now - lastEmit >= slideMs) {
      lastEmit = now;
      const temps = fifo.map((x) => x.value);
      sliding.push({ at: now, readings: temps.length, avg: Math.round((temps.reduce((a, b) => a + b, 0) / temps.length) * 10) / 10 });
    }
  }
  return { tumbling, buffered: buffer.length ? { start: currentStart, count: buffer.length } : null, sliding };
}

// Every attribute, its default and its range (the controls' ranges where a control shows it).
const SPECS = {
  scenario: oneOf(["none", "try-it"], "none"),
  // The tumbling windows' size when it differs from the sliding windows' (the chapter's exercise: 5 s and 10 s).
  tumbling: duration(null, { min: 1000, max: 60_000 }),
  window: duration(10_000, { min: 1000, max: 60_000 }),
  slide: duration(2_000, { min: 500, max: 30_000 }),
  gap: duration(3_000, { min: 500, max: 20_000 }),
  "out-of-orderness": duration(2_000, { max: 60_000 }),
  lateness: duration(0, { max: 600_000 }),
  seed: count(7, { max: 2 ** 32 - 1 }),
  sensors: count(3, { min: 1, max: 20 }),
  rate: number(2, { min: 0.2, max: 10, unit: "Hz" }),
  duration: duration(40_000, { min: 1000, max: 300_000 }),
  "delay-spread": duration(1_500, { max: 60_000 }),
  "burst-active": duration(5_000, { max: 600_000 }),
  "burst-idle": duration(4_000, { max: 600_000 }),
  trigger: triggerSpec(),
  accumulation: accumulationSpec(),
};

function readConfig(el) {
  // A scenario brings its own design; attributes still override it.
  const specs = { ...SPECS };
  for (const [k, v] of Object.entries(SCENARIO_DEFAULTS[el.getAttribute("scenario")?.trim()] ?? {})) specs[k] = { ...SPECS[k], def: v };
  const a = readAttrs(el, specs);
  return {
    scenario: a.scenario,
    tumbling: a.tumbling ?? a.window,
    window: a.window,
    slide: a.slide,
    gap: a.gap,
    ooo: a["out-of-orderness"],
    lateness: a.lateness,
    trigger: a.trigger,
    accumulation: a.accumulation,
    sim: {
      seed: a.seed,
      sensors: a.sensors,
      rateHz: a.rate,
      durationMs: a.duration,
      delayBaseMs: 100,
      delaySpreadMs: a["delay-spread"],
      lateFraction: 0,
      burstActiveMs: a["burst-active"],
      burstIdleMs: a["burst-idle"],
    },
  };
}

function engineConfig(type, c) {
  const window = type === "tumbling" ? { type, size: c.tumbling }
    : type === "sliding" ? { type, size: c.window, slide: c.slide }
      : { type, gap: c.gap };
  return { window, watermark: { maxOutOfOrderness: c.ooo }, allowedLateness: c.lateness, ...triggerConfig(c.trigger, c.accumulation) };
}

/**
 * Sessions under a trigger: one that merged into a later session (its span
 * inside that one's, same key) is drawn as part of the session it became,
 * its firings (its early results, their retractions) among that one's in
 * emission order, so a growing session is one window, not a pile of them.
 */
function foldMerged(list, results) {
  const order = new Map(results.map((r, i) => [r, i]));
  const within = (a, b) => a !== b && a.key === b.key && b.start <= a.start && a.end <= b.end;
  const outer = (sh) => list.filter((o) => within(sh, o)).reduce((best, o) => (!best || o.end - o.start > best.end - best.start ? o : best), null);
  const kept = [];
  const into = new Map();
  for (const sh of list) {
    const o = outer(sh);
    if (o) into.set(sh, o);
    else kept.push(sh);
  }
  for (const [sh, o] of into) {
    o.rows = [...o.rows, ...sh.rows].sort((a, b) => order.get(a) - order.get(b));
    o.merged = (o.merged ?? 0) + 1;
  }
  return kept;
}

/** Latest firing per (key, start, end): a late firing replaces the earlier one. */
export function latestResults(results) {
  const m = new Map();
  for (const r of results) m.set(`${r.key}:${r.start}:${r.end}`, r);
  return [...m.values()].sort((a, b) => a.end - b.end || a.start - b.start || a.key - b.key);
}

export class WeirWindowTypes extends WeirElement {
  static get observedAttributes() {
    return ["src", "seed", "sensors", "rate", "duration", "window", "slide", "gap", "out-of-orderness",
      "lateness", "delay-spread", "burst-active", "burst-idle", "scenario", "tumbling", "trigger", "accumulation"];
  }

  /** Events to use instead of `src` or the simulator: [{ key, time, value, arrival? }] in arrival order. */
  set events(list) { this._events = list; this._streamKey = null; this.requestUpdate(); }
  get events() { return this._stream ?? []; }

  build() {
    upgradeProperty(this, "events");
    const id = nextId("weir-wt");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    const set = (name, fmt) => (v) => this.setAttribute(name, fmt(v));
    this.fields = {
      window: field({ id: `${id}-window`, label: "Window size", unit: "s", min: 1, max: 60, step: 0.5, value: 10, onchange: set("window", (v) => `${v}s`) }),
      slide: field({ id: `${id}-slide`, label: "Slide (sliding)", unit: "s", min: 0.5, max: 30, step: 0.5, value: 2, onchange: set("slide", (v) => `${v}s`) }),
      gap: field({ id: `${id}-gap`, label: "Session gap", unit: "s", min: 0.5, max: 20, step: 0.5, value: 3, onchange: set("gap", (v) => `${v}s`) }),
      rate: field({ id: `${id}-rate`, label: "Event rate per sensor", unit: "Hz", min: 0.2, max: 10, step: 0.1, value: 2, onchange: set("rate", String) }),
    };
    this.trig = triggerControls(this, id);
    this.player = player({
      ready: () => Boolean(this.runs), length: () => this._stream.length, position: () => this.cursor, seek: (to) => this.seek(to),
      // Announced once playback stops, not at every step.
      stopped: () => { if (this.summary) this.live.textContent = this.summary; },
    },
    h("button", { type: "button", onclick: () => this.seek(Infinity) }, "To the end"),
    this.reseedButton = h("button", { type: "button", onclick: () => this.setAttribute("seed", String(this.config.sim.seed + 1)) }, "Reseed"));
    this.svg = s("svg", { role: "group", "aria-labelledby": `${id}-title`, class: "timeline" });
    // At phone width the chart keeps a legible scale and scrolls sideways.
    this.chartBox = h("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": "Window chart, scrolls sideways if narrow", "data-focus-id": "chart" },
      // The sensor names stay in view when the chart scrolls sideways (they are drawn over it, not in it).
      h("div", { class: "chart-inner" }, this.gutter = s("svg", { class: "gutter", "aria-hidden": "true" }), this.svg));
    this.legendBox = h("div", {});
    this.status = h("p", { class: "status muted" });
    this.hint = () => h("p", { class: "muted" },
      "Hover or focus an event (Tab to the events, then arrow keys) to see its windows; hover or focus a window to see its events and its result.");
    this.details = h("div", { class: "details panel", "aria-label": "Selection" }, this.hint());
    this.cards = h("div", { class: "cards" });
    this.tables = h("div", {});
    this.chapterBox = h("section", { class: "chapter-code", hidden: true, "aria-labelledby": `${id}-chapter` });
    this.chapterId = `${id}-chapter`;
    this.flink = flinkExportPanel(this, () => TYPES.map((t) => ({
      id: t, label: `${t[0].toUpperCase()}${t.slice(1)} windows`, config: engineConfig(t, this.config),
    })));
    this.shadowRoot.append(
      h("style", {}, STYLE + FIRING_STYLE),
      h("h3", { id: `${id}-title` }, "Tumbling, sliding and session windows over the same events"),
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element), ...this.trig.elements),
      this.player.element, this.errorBox, this.status,
      this.chartBox, this.legendBox,
      this.details, this.cards, this.chapterBox,
      h("details", {}, h("summary", {}, "Every window result"), this.tables),
      this.flink.element,
    );
    this.resizer = new ResizeObserver(() => {
      const w = Math.round(this.chartBox.clientWidth);
      if (this.runs && w && Math.abs(w - (this.drawnAvail ?? 0)) > 8) this.render();
    });
    this.resizer.observe(this);
  }

  async update() {
    const c = readConfig(this);
    this.config = c;
    this.fields.window.set(sec(c.window));
    this.fields.slide.set(sec(c.slide));
    this.fields.gap.set(sec(c.gap));
    this.fields.rate.set(c.sim.rateHz);
    this.trig.set(c.trigger, c.accumulation);
    const tryIt = c.scenario === "try-it" && !this._events;
    const fromSim = !this._events && !this.getAttribute("src") && !tryIt;
    this.reseedButton.disabled = !fromSim;
    this.fields.rate.element.querySelectorAll("input").forEach((i) => { i.disabled = !fromSim; });
    const gen = (this._gen = (this._gen ?? 0) + 1);
    const { events, source } = tryIt ? { events: TRY_IT_EVENTS(), source: "the chapter's Try It" } : await loadEvents(this, c.sim);
    if (gen !== this._gen || !this.isConnected) return false;
    // A new design (or stream) keeps the learner's place: same step, re-run.
    const previous = this._stream && this.runs ? { at: this.cursor, length: this._stream.length } : null;
    this._stream = events;
    this.source = source;
    this.release(false);
    this.runs = Object.fromEntries(TYPES.map((t) => [t, new EngineRun(engineConfig(t, c), events)]));
    this.seek(keptPosition(previous, events.length));
    this.flink.refresh();
    return true;
  }

  /** Frees the three engines (and stops playback when disconnected). */
  release(all = true) {
    if (all) {
      this.player?.pause();
      this.resizer?.disconnect();
    }
    for (const r of Object.values(this.runs ?? {})) r.free();
    this.runs = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer?.observe(this);
  }

  seek(to) {
    if (!this.runs) return;
    const n = this._stream.length;
    const target = Math.min(to, n);
    for (const r of Object.values(this.runs)) r.runTo(target);
    this.cursor = target;
    this.render();
    this.renderChapterCode();
    keepInView(this.chartBox, this.followX);
    this.emitResult();
  }

  emitResult() {
    const out = {};
    for (const t of TYPES) {
      const r = this.runs[t];
      const st = r.stats();
      out[t] = {
        results: latestResults(r.results), firings: r.results.length, emitted: r.results.slice(), late: r.late.slice(),
        stateBytes: st.stateBytes, peakStateBytes: r.peakStateBytes, stats: st,
      };
    }
    const n = this._stream.length;
    const ratio = out.tumbling.firings ? out.sliding.firings / out.tumbling.firings : 0;
    this.summary = `${this.cursor} of ${n} events pushed. Window results: tumbling ${out.tumbling.firings}, sliding ${out.sliding.firings}` +
      `${ratio ? ` (${num(ratio, 1)} times as many)` : ""}, session ${out.session.firings}.`;
    if (this.chapter) out.chapterCode = this.chapter;
    this.publish({ events: n, pushed: this.cursor, ...out }, this.player.playing ? undefined : this.summary);
  }

  // --- drawing ---------------------------------------------------------

  render() {
    const restored = keepFocus(this.shadowRoot, () => this.draw(), this.chartBox);
    // Hovered (not focused) items follow each step too: the details never go stale.
    const again = restored && this.shadowRoot.activeElement?.getAttribute("data-focus-id") === this.selected?.id;
    if (this.selected && !again) this.reselect();
  }

  /**
   * The windows `type`'s panel draws, each { start, end, key, perKey, open,
   * rows } (rows: its firings in order), merged sessions folded under a trigger.
   */
  windowShapes(type, triggered) {
    const run = this.runs[type];
    const latest = latestResults(run.results);
    const open = run.openWindows();
    // Shapes: tumbling and sliding group all keys of one interval; sessions are per key.
    const shapes = new Map();
    const idOf = (key, start, end) => (type === "session" ? `${key}:${start}:${end}` : `${start}:${end}`);
    const fired = new Map();
    for (const r of run.results) {
      const id = idOf(r.key, r.start, r.end);
      if (!fired.has(id)) fired.set(id, []);
      fired.get(id).push(r);
    }
    const add = (key, start, end, info) => {
      const id = idOf(key, start, end);
      if (!shapes.has(id)) shapes.set(id, { start, end, key: type === "session" ? key : null, perKey: new Map(), open: false, rows: fired.get(id) ?? [] });
      const sh = shapes.get(id);
      if (info.result) sh.perKey.set(key, info.result);
      if (info.open) { sh.open = true; if (!sh.perKey.has(key)) sh.perKey.set(key, { ...info.open, firing: "open" }); }
    };
    for (const r of latest) add(r.key, r.start, r.end, { result: r });
    for (const w of open) if (w.state === "open") add(w.key, w.start, w.end, { open: w });
    let list = [...shapes.values()].sort((a, b) => a.start - b.start || (a.key ?? 0) - (b.key ?? 0));
    if (type === "session" && triggered) list = foldMerged(list, run.results);
    return list;
  }

  draw() {
    const c = this.config;
    const events = this._stream;
    const n = events.length;
    const avail = Math.max(280, Math.round(this.chartBox.clientWidth) || 760);
    this.drawnAvail = avail;
    const narrow = avail < 560;
    const LEFT = narrow ? 64 : 84, RIGHT = 8;
    const keys = [...new Set(events.map((e) => e.key))].sort((a, b) => a - b);
    const times = events.map((e) => e.time);
    const tMin = Math.floor(Math.min(...times, 0) / c.window) * c.window;
    const tMax = Math.ceil((Math.max(...times, 1) + 1) / c.window) * c.window;
    // Dots 7 px wide must not merge (at phone width the chart then scrolls sideways).
    // Under a trigger or another accumulation, every firing is drawn in its window, by kind.
    const triggered = !isDefault(c.trigger, c.accumulation);
    const lists = Object.fromEntries(["tumbling", "sliding", "session"].map((t) => [t, this.windowShapes(t, triggered)]));
    // Nor may a window's firing marks overlap: the densest window sets the least scale (px per ms).
    let perMs = 0;
    if (triggered) {
      for (const list of Object.values(lists)) {
        for (const sh of list) {
          const span = Math.min(sh.end, tMax) - Math.max(sh.start, tMin);
          const count = [...sh.perKey.values()].reduce((a, r) => a + (r.count ?? 0), 0);
          const need = (sh.start < tMin ? 10 : 4) + String(count).length * 6 + 5 + marksWidth(sh.rows.length) + 6;
          if (span > 0 && sh.rows.length > 1) perMs = Math.max(perMs, need / span);
        }
      }
    }
    const W = Math.max(chartWidth(avail, LEFT + RIGHT, tMax - tMin, events, 7), Math.round(Math.min(LEFT + RIGHT + (tMax - tMin) * perMs, MOST_WIDTH)));
    this.drawnWidth = W;
    const xr = (t) => LEFT + ((t - tMin) / (tMax - tMin)) * (W - LEFT - RIGHT);
    const x = (t) => xr(Math.min(Math.max(t, tMin), tMax));
    const LANE = keys.length > 6 ? 8 : 13;
    const ROW = 13;
    const slidingRows = Math.min(12, Math.ceil(c.window / c.slide));
    const panels = [
      { type: "tumbling", rows: 1 },
      { type: "sliding", rows: slidingRows },
      { type: "session", rows: keys.length },
    ];
    let y = 4;
    const svg = this.svg;
    const laneOf = new Map(keys.map((k, i) => [k, i]));
    svg.replaceChildren(s("title", {}, `Events and windows, ${formatDuration(tMin)} to ${formatDuration(tMax)}`));
    const lanes = [];

    const grid = s("g", { class: "gridlines", "aria-hidden": "true" });
    svg.append(grid);

    // Events strip.
    const evTop = y + 14;
    // Panel titles go on last, over the watermark line.
    const titles = [s("text", { x: 2, y: y + 10, class: "panel-label" }, "events")];
    const evG = s("g", { class: "events", role: "group", "aria-label": `${n} events, in sensor lanes; arrow keys move between them` });
    const eventNodes = [];
    for (let i = 0; i < n; i++) {
      const e = events[i];
      const pushed = i < this.cursor;
      const outcome = this.runs.tumbling.outcomes[i];
      const cy = evTop + laneOf.get(e.key) * LANE + LANE / 2;
      const g = s("g", {
        class: `event key-${laneOf.get(e.key) % 5}${pushed ? "" : " pending"}${outcome === "side-output" ? " late" : ""}`,
        role: "button", "data-index": i, "data-key": e.key, "data-time": e.time, "data-focus-id": `e${i}`,
        "aria-label": `Sensor ${e.key} at ${formatDuration(e.time)}, value ${num(e.value)}, ${pushed ? fateWords(outcome) : "not pushed yet"}`,
      });
      g.append(s("circle", { cx: x(e.time), cy, r: LANE > 10 ? 3.5 : 2.5 }));
      evG.append(g);
      eventNodes.push(g);
    }
    for (const k of keys) {
      lanes.push(s("text", { x: LEFT - 6, y: evTop + laneOf.get(k) * LANE + LANE / 2 + 4, "text-anchor": "end", class: `lane-label key-${laneOf.get(k) % 5}` }, `sensor ${k}`));
    }
    svg.append(evG);
    y = evTop + keys.length * LANE + 8;

    // Window panels.
    const windowNodes = { tumbling: [], sliding: [], session: [] };
    this.shown = {};
    const discarding = c.accumulation === "discarding";
    for (const p of panels) {
      const label = p.type === "tumbling" ? `tumbling ${formatDuration(c.tumbling)}`
        : p.type === "sliding" ? `sliding ${formatDuration(c.window)} / ${formatDuration(c.slide)}`
          : `session, gap ${formatDuration(c.gap)}`;
      titles.push(s("text", { x: 2, y: y + 11, class: "panel-label" }, label));
      y += 16;
      const list = lists[p.type];
      this.shown[p.type] = list;
      const g = s("g", { class: `windows ${p.type}`, role: "group", "aria-label": `${label}: ${list.length} windows` });
      for (const sh of list) {
        const row = p.type === "tumbling" ? 0
          : p.type === "sliding" ? ((Math.round((sh.start - tMin) / c.slide) % p.rows) + p.rows) % p.rows
            : laneOf.get(sh.key);
        const count = [...sh.perKey.values()].reduce((a, r) => a + (r.count ?? 0), 0);
        // An early result leaves the window open.
        const fired = [...sh.perKey.values()].some((r) => r.firing !== "open" && r.firing !== "early");
        const kinds = Object.entries(sh.rows.reduce((m, r) => ({ ...m, [r.firing]: (m[r.firing] ?? 0) + 1 }), {}))
          .map(([k, n]) => `${n} ${KIND_WORDS[k]}`).join(", ");
        // A window starting before the axis (a sliding window over the first
        // seconds) is drawn open-ended with a chevron, not as a short window.
        const offLeft = sh.start < tMin, offRight = sh.end > tMax;
        const x0 = x(sh.start), x1 = x(sh.end);
        const cls = `window${sh.open && !fired ? " open" : ""}${sh.key !== null ? ` key-${laneOf.get(sh.key) % 5}` : " key-all"}` +
          `${offLeft ? " off-left" : ""}${offRight ? " off-right" : ""}`;
        const node = s("g", {
          class: cls, role: "button", "data-start": sh.start, "data-end": sh.end, "data-count": count,
          "data-focus-id": `${p.type}:${sh.key ?? "all"}:${sh.start}${p.type === "session" ? "" : `:${sh.end}`}`,
          ...(sh.key !== null ? { "data-key": sh.key } : {}),
          "aria-label": `${p.type} window ${sh.key !== null ? `of sensor ${sh.key} ` : "of all sensors "}[${formatDuration(sh.start)}, ${formatDuration(sh.end)}): ` +
            `${count} ${discarding && sh.rows.length ? "new events in its latest firing" : "events"}` +
            `${sh.open && !fired ? ", still open" : ""}${sh.merged ? `, merged from ${sh.merged} earlier session${sh.merged === 1 ? "" : "s"}` : ""}` +
            `${triggered && kinds ? `; firings: ${kinds}` : ""}${offLeft ? ", starts before the chart" : ""}${offRight ? ", ends after the chart" : ""}`,
        });
        const rx0 = x0 + (offLeft ? 0 : 1), rx1 = x1 - (offRight ? 0 : 1);
        const rw = Math.max(1, rx1 - rx0), rh = ROW - 2, ry = y + row * ROW + 1;
        const rect = s("rect", { x: rx0, y: ry, width: rw, height: rh, rx: offLeft || offRight ? 0 : 2 });
        // The outline leaves out the edge that runs off the chart (top, right, bottom, left).
        if (offLeft || offRight) {
          rect.style.strokeDasharray = offLeft && offRight ? `${rw} ${rh} ${rw} ${rh}` : offLeft ? `${2 * rw + rh} ${rh}` : `${rw} ${rh} ${rw + rh} 0`;
        }
        node.append(rect);
        if (offLeft) node.append(s("path", { class: "off", d: `M${rx0 + 6},${ry + 2}L${rx0 + 2},${ry + rh / 2}L${rx0 + 6},${ry + rh - 2}` }));
        if (offRight) node.append(s("path", { class: "off", d: `M${rx1 - 6},${ry + 2}L${rx1 - 2},${ry + rh / 2}L${rx1 - 6},${ry + rh - 2}` }));
        const tx = x0 + (offLeft ? 10 : 4);
        const label = String(count);
        const labelled = x1 - tx > 22;
        if (labelled) node.append(s("text", { x: tx, y: y + row * ROW + ROW - 3, class: "count" }, label));
        // The firings in order, after the count: a window refined early, then on time, then late reads left to right.
        if (triggered) node.append(...firingMarks(sh.rows, labelled ? tx + label.length * 6 + 5 : x0 + 5, rx1 - 5, ry + rh / 2));
        g.append(node);
        windowNodes[p.type].push(node);
        sh.node = node;
      }
      svg.append(g);
      y += p.rows * ROW + 8;
    }

    // Axis: ticks at round values; the watermark's label sits below them, off every mark.
    const axisY = y;
    svg.append(s("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY }));
    for (let t = tMin; t <= tMax; t += c.window) {
      grid.append(s("line", { class: "grid", x1: x(t), x2: x(t), y1: evTop - 2, y2: axisY }));
    }
    const wm = this.runs.tumbling.watermark;
    if (Number.isFinite(wm) && wm >= tMin && wm <= tMax) {
      const label = `watermark ${formatDuration(wm)}`;
      const right = x(wm) > W - RIGHT - 110;
      svg.append(s("line", { class: "watermark", x1: x(wm), x2: x(wm), y1: evTop - 4, y2: axisY + 18, "data-watermark": wm }),
        s("text", { class: "watermark-label", x: x(wm) + (right ? -3 : 3), y: axisY + 27, "text-anchor": right ? "end" : "start" }, label),
        textsOverLine(svg, x(wm), ".window text.count"));
    }
    // Ticks and titles after the watermark line, so it passes under them.
    const ticks = niceTicks(tMin, tMax, Math.max(2, Math.floor((W - LEFT) / 80)));
    for (const t of ticks) {
      svg.append(s("text", { class: "tick", x: x(t), y: axisY + 13, "text-anchor": xr(t) > W - RIGHT - 20 ? "end" : t === tMin ? "start" : "middle" }, formatDuration(t)));
    }
    svg.append(...titles);
    svg.setAttribute("viewBox", `0 0 ${W} ${axisY + 32}`);
    this.gutter.setAttribute("viewBox", `0 0 ${LEFT} ${axisY + 32}`);
    this.gutter.style.width = `${LEFT}px`;
    this.gutter.style.height = `${axisY + 32}px`;
    // The sensor names stay readable over the readings when the chart scrolls under them
    // (the backing stops short of a reading at the chart's first instant when it does not).
    this.gutter.replaceChildren(s("rect", { class: "gutter-bg", x: 0, y: evTop - 2, width: LEFT - 5, height: keys.length * LANE + 4 }), ...lanes);
    svg.setAttribute("width", W);
    svg.style.width = `${W}px`;
    this.followX = this.cursor > 0 ? x(events[this.cursor - 1].time) : LEFT;
    this.legendBox.replaceChildren(this.key(keys, triggered));

    // Interaction: what is focused or hovered is remembered by its focus id,
    // so the next step can put it back and refresh the details.
    const clear = () => svg.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
    const select = (node, show) => {
      this.selected = { id: node.getAttribute("data-focus-id") };
      clear();
      show();
    };
    this.reselect = () => {
      const node = svg.querySelector(`[data-focus-id="${CSS.escape(this.selected.id)}"]`);
      // The selected window is gone (a new design): no stale details.
      if (!node) { this.selected = null; this.details.replaceChildren(this.hint()); return; }
      node.dispatchEvent(new Event("pointerenter"));
    };
    const startOf = (nodes) => Math.max(0, nodes.findIndex((el) => el.getAttribute("data-focus-id") === this.selected?.id));
    roving(eventNodes, {
      start: startOf(eventNodes) || (this.lastEvent ?? 0),
      onfocus: (i) => { this.lastEvent = i; select(eventNodes[i], () => this.showEvent(i, eventNodes)); },
    });
    for (const t of TYPES) {
      roving(windowNodes[t], { start: startOf(windowNodes[t]), onfocus: (i) => select(windowNodes[t][i], () => this.showWindow(t, this.shown[t][i], eventNodes)) });
    }

    const st = this.runs.tumbling;
    this.status.replaceChildren(
      ...(this.cursor === 0 ? [h("strong", { class: "start-hint" }, "Press Play"), " (or Step) to push the events one by one and watch the windows open and fire. "] : []),
      `${this.cursor} of ${n} events pushed (${this.source}); watermark ${formatDuration(st.watermark)}` +
      `${st.flushed ? " (end of stream: every window fired)" : ""}.`);
    this.renderCards();
    this.renderTables();
  }

  /** The chart's key: sensor colours, event marks, window kinds, the watermark. */
  key(keys, triggered) {
    const dot = (cls) => (g) => g.append(s("g", { class: cls }, s("circle", { cx: 11, cy: 7, r: 3.5 })));
    return legend("Key to the chart", [
      ...keys.slice(0, 5).map((k, i) => [`sensor ${k}`, dot(`event key-${i}`), { "data-legend": `sensor-${k}` }]),
      ["not pushed yet", dot("event key-0 pending"), { "data-legend": "pending" }],
      ["too late: side output", dot("event key-0 late"), { "data-legend": "late" }],
      ["window of all sensors", (g) => g.append(s("g", { class: "window key-all" }, s("rect", { x: 1, y: 2, width: 20, height: 10, rx: 2 }))), { "data-legend": "all-sensors" }],
      ["still open", (g) => g.append(s("g", { class: "window open key-all" }, s("rect", { x: 1, y: 2, width: 20, height: 10, rx: 2 }))), { "data-legend": "open" }],
      ["starts before the chart", (g) => g.append(s("g", { class: "window key-all" }, s("rect", { x: 1, y: 2, width: 20, height: 10, style: "stroke-dasharray: 50 10" }),
        s("path", { class: "off", d: "M7,4L3,7L7,10" }))), { "data-legend": "off-axis" }],
      ["watermark", (g) => g.append(s("line", { class: "watermark", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "watermark" }],
      ...(triggered ? firingLegend() : []),
    ]);
  }

  /**
   * The try-it panel: the chapter's code run on the readings pushed so far
   * (arrival order, no watermark) beside Weir's event-time windows.
   */
  renderChapterCode() {
    const c = this.config;
    const on = c.scenario === "try-it";
    this.chapterBox.hidden = !on;
    this.chapter = null;
    if (!on) return;
    const pushed = this._stream.slice(0, this.cursor);
    const code = chapterCode(pushed, c.tumbling, c.window, c.slide);
    this.chapter = code;
    const weir = latestResults(this.runs.tumbling.results);
    const starts = [...new Set([...code.tumbling.map((r) => r.start), ...weir.map((r) => r.start)])].sort((a, b) => a - b);
    const span = (s0) => `[${formatDuration(s0)}, ${formatDuration(s0 + c.tumbling)})`;
    const pieces = (s0) => code.tumbling.filter((r) => r.start === s0);
    const tumblingRows = starts.map((s0) => {
      const w = weir.filter((r) => r.start === s0);
      const n = w.reduce((a, r) => a + r.count, 0);
      const p = pieces(s0);
      const differs = p.length !== 1 || w.length === 0 || p[0].count !== n;
      return h("tr", { class: differs ? "differs" : "", "data-start": s0, "data-pieces": p.length, "data-weir-count": w.length ? n : "" },
        h("th", { scope: "row" }, span(s0)),
        h("td", {}, p.length ? p.map((r) => `${r.count} (avg ${num(r.avg)})`).join(" + ") : code.buffered?.start === s0 ? `${code.buffered.count} buffered, not emitted` : "none"),
        h("td", {}, w.length ? `${n} (mean ${num(w.reduce((a, r) => a + r.sum, 0) / n, 2)})` : "not fired yet"));
    });
    const weirSliding = latestResults(this.runs.sliding.results);
    this.chapterBox.replaceChildren(
      h("h4", { id: this.chapterId }, "The chapter's code beside Weir"),
      h("p", { class: "muted" }, `The chapter's Python TumblingWindow(${sec(c.tumbling)}) and SlidingWindow(${sec(c.window)}, ${sec(c.slide)}), run on the same readings in arrival order with no watermark, ` +
        `against Weir's event-time windows (watermark ${formatDuration(c.ooo)} behind). Each reading is in ${num(c.window / c.slide, 2)} sliding windows (${sec(c.window)} s / ${sec(c.slide)} s): the overlap factor.`),
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Tumbling: the chapter's code and Weir", "data-focus-id": "chapter-tumbling" },
        h("table", { class: "chapter-tumbling" },
          h("caption", {}, `Tumbling ${formatDuration(c.tumbling)}: the chapter's code emitted ${code.tumbling.length} results, Weir ${weir.length} windows` +
            (code.tumbling.length > weir.length ? "; a delayed reading makes the chapter's code emit a window in pieces (highlighted)." : ".")),
          h("thead", {}, h("tr", {}, ...["window", "chapter's code: count", "Weir (event time): count"].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, ...tumblingRows))),
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Sliding: the chapter's code and Weir", "data-focus-id": "chapter-sliding" },
        h("table", { class: "chapter-sliding" },
          h("caption", {}, `Sliding ${formatDuration(c.window)} / ${formatDuration(c.slide)}: the chapter's code emitted ${code.sliding.length} moving averages ` +
            `(each over its buffer, which a delayed reading can stay in past the ${sec(c.window)} s lookback), Weir ${weirSliding.length} windows.`),
          h("thead", {}, h("tr", {}, ...["chapter's code at", "readings", "moving avg", "Weir window ending there: count"].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, ...code.sliding.map((r) => {
            const w = weirSliding.filter((x) => x.end === r.at);
            return h("tr", { "data-at": r.at, "data-readings": r.readings },
              h("th", { scope: "row" }, formatDuration(r.at)), h("td", {}, String(r.readings)), h("td", {}, num(r.avg)),
              h("td", {}, w.length ? `[${formatDuration(w[0].start)}, ${formatDuration(w[0].end)}): ${w.reduce((a, x) => a + x.count, 0)}` : "–"));
          })))));
  }

  showEvent(i, eventNodes) {
    const e = this._stream[i];
    eventNodes[i].classList.add("lit");
    const lines = [];
    for (const t of TYPES) {
      const spans = this.runs[t].windowsFor(e.time);
      for (const sh of this.shown[t]) {
        const hit = t === "session"
          ? sh.key === e.key && sh.start <= e.time && e.time < sh.end
          : spans.some((w) => w.start === sh.start && w.end === sh.end);
        if (hit) sh.node.classList.add("lit");
      }
      const list = t === "session"
        ? this.shown[t].filter((sh) => sh.key === e.key && sh.start <= e.time && e.time < sh.end)
        : spans;
      lines.push(h("li", {}, h("strong", {}, `${t}: `),
        `${list.length} window${list.length === 1 ? "" : "s"} `,
        list.slice(0, 6).map((w) => `[${formatDuration(w.start)}, ${formatDuration(w.end)})`).join(" ") + (list.length > 6 ? " …" : "")));
    }
    const outcome = i < this.cursor ? this.runs.tumbling.outcomes[i] : null;
    this.details.replaceChildren(
      h("p", {}, h("strong", {}, `Sensor ${e.key} at ${formatDuration(e.time)}`), `, value ${num(e.value)}`,
        outcome ? ` (tumbling: ${fateWords(outcome)})` : " (not pushed yet)"),
      h("ul", {}, ...lines));
  }

  showWindow(type, sh, eventNodes) {
    sh.node.classList.add("lit");
    let hits = 0;
    this._stream.forEach((e, i) => {
      if (e.time >= sh.start && e.time < sh.end && (sh.key === null || e.key === sh.key)) {
        eventNodes[i].classList.add("lit");
        hits++;
      }
    });
    const c = this.config;
    const triggered = !isDefault(c.trigger, c.accumulation);
    // Under a trigger, each sensor's firings of this window in order, as the engine emitted them.
    const sequence = (key) => sh.rows.filter((r) => r.key === key).map((r) => `${KIND_WORDS[r.firing]} ${r.count}`).join(", ") || "none yet";
    const rows = [...sh.perKey.entries()].sort((a, b) => a[0] - b[0]).map(([key, r]) =>
      h("tr", {}, h("th", { scope: "row" }, `sensor ${key}`), h("td", {}, String(r.count)), h("td", {}, num(r.mean)),
        h("td", {}, num(r.min)), h("td", {}, num(r.max)), h("td", {}, FIRING_WORDS[r.firing] ?? r.firing),
        ...(triggered ? [h("td", { class: "sequence" }, sequence(key))] : [])));
    this.details.replaceChildren(
      h("p", {}, h("strong", {}, `${type} window [${formatDuration(sh.start)}, ${formatDuration(sh.end)})`),
        `${sh.key !== null ? ` of sensor ${sh.key}` : " of all sensors"}: ${hits} events in the stream fall in it.`),
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Selected window's results by sensor" }, h("table", { class: "window-result" },
        ...(triggered ? [h("caption", {}, `Latest firing of each sensor, and every firing (trigger: ${triggerWords(c.trigger)}, ${c.accumulation})`)] : []),
        h("thead", {}, h("tr", {}, ...["sensor", "count", "mean", "min", "max", "firing", ...(triggered ? ["firings in order (kind, count)"] : [])].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...rows))));
  }

  renderCards() {
    const base = this.runs.tumbling;
    const baseFirings = base.results.length || 1;
    const basePeak = base.peakStateBytes || 1;
    this.cards.replaceChildren(...TYPES.map((t) => {
      const r = this.runs[t];
      const st = r.stats();
      return h("section", { class: "panel card", "data-type": t, "aria-label": `${t} windows: cost` },
        h("h4", {}, t[0].toUpperCase() + t.slice(1)),
        h("p", {}, h("output", { "data-out": "firings" }, String(r.results.length)), " window results emitted",
          t === "tumbling" ? "" : h("span", { class: "ratio" }, ` (${num(r.results.length / baseFirings, 1)}× tumbling)`)),
        h("p", {}, "peak state ", h("output", { "data-out": "peak-state" }, `${r.peakStateBytes} B`),
          t === "tumbling" ? "" : h("span", { class: "ratio" }, ` (${num(r.peakStateBytes / basePeak, 1)}× tumbling)`),
          h("span", { class: "muted" }, `, now ${st.stateBytes} B`)),
        kindCounts(st, `${t} windows: firings by kind`),
        h("p", { class: "muted" }, `${st.lateAccepted} late accepted, ${st.sideOutput} to the side output, measured by the engine`));
    }));
  }

  renderTables() {
    this.tables.replaceChildren(...TYPES.map((t) => {
      const rows = latestResults(this.runs[t].results);
      return h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": `${t} window results`, "data-focus-id": `table-${t}` }, h("table", { class: "results", "data-type": t },
        h("caption", {}, `${t}: ${rows.length} windows (latest firing of each)`),
        h("thead", {}, h("tr", {}, ...["sensor", "window", "count", "sum", "mean", "min", "max", "firing"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows.map((r) => h("tr", {
          "data-key": r.key, "data-start": r.start, "data-end": r.end, "data-count": r.count, "data-sum": r.sum,
          "data-min": r.min, "data-max": r.max, "data-firing": r.firing,
        }, h("th", { scope: "row" }, `sensor ${r.key}`), h("td", {}, `[${formatDuration(r.start)}, ${formatDuration(r.end)})`),
        h("td", {}, String(r.count)), h("td", {}, num(r.sum)), h("td", {}, num(r.mean)), h("td", {}, num(r.min)),
        h("td", {}, num(r.max)), h("td", {}, FIRING_WORDS[r.firing] ?? r.firing))))));
    }));
  }
}

const STYLE = `
.timeline { min-width: 280px; }
.scroll-x { overflow-x: auto; max-width: 100%; }
.panel-label { font-weight: 600; fill: var(--_fg); }
/* Ticks and titles are drawn after the watermark line, with a halo of the background, so the line under one leaves it readable. */
svg.timeline :is(.tick, .panel-label) { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.lane-label { fill: var(--c); font-weight: 600; }
.event circle { fill: var(--c); stroke: var(--_bg); stroke-width: 1; cursor: pointer; }
.event.pending circle { fill: none; stroke: var(--c); opacity: .45; }
.event.late circle { fill: var(--_bg); stroke: var(--_late); stroke-width: 2; }
.event.lit circle { stroke: var(--_fg); stroke-width: 2.5; r: 5; }
.window rect { fill: color-mix(in srgb, var(--c, var(--_accent)) 22%, transparent); stroke: var(--c, var(--_accent)); stroke-width: 1; cursor: pointer; }
.window.open rect { fill: none; stroke-dasharray: 3 2; }
:is(.window, .over-line) .count { font-size: 10px; fill: var(--_fg); pointer-events: none; }
.window.lit rect { fill: color-mix(in srgb, var(--_warn) 35%, transparent); stroke: var(--_fg); stroke-width: 2; }
.watermark { stroke: var(--_wm); stroke-width: 2; stroke-dasharray: 6 3; }
.watermark-label { fill: var(--_wm); font-size: 10px; font-weight: 600; }
.window .off { fill: none; stroke: var(--c, var(--_accent)); stroke-width: 1.5; }
.window-result .sequence { text-align: left; min-width: 16em; }
.start-hint { color: var(--_accent); }
.card h4 { margin-top: 0; }
.ratio { font-weight: 600; }
details { margin-top: .5em; }
summary { cursor: pointer; }
.results { margin-bottom: .6em; }
.chapter-code .differs th, .chapter-code .differs td { font-weight: 600; background: color-mix(in srgb, var(--_warn) 16%, transparent); }
.chapter-code table { margin-bottom: .5em; }
/* An invalid design leaves the last good figures on screen, dimmed under the error. */
:host([data-state="error"]) :is(.status, .scroll-x, .details, .cards, .scroll) { opacity: .4; }
`;
