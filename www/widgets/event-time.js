// <weir-event-time>: events made at event time, delivered after a network
// delay. Two lanes (arrival order and event-time order), the watermark as a
// moving line, windows that go open -> fired on time -> fired late
// (updated) -> closed, a side-output tray for events beyond the allowed
// lateness, and the same stream windowed in processing time beside it.
import { WeirElement, chartWidth, field, h, keepFocus, keepInView, legend, nextId, niceTicks, roving, s } from "./base.js";
import { flinkExportPanel } from "./flink-export.js";
import { keptPosition, player } from "./player.js";
import { EngineRun, loadEvents } from "./stream.js";
import { count, duration, number, readAttrs, share } from "./attrs.js";
import { formatDuration, num, parseDuration, parseShare } from "./units.js";
import { FIRING_WORDS, OUTCOME_WORDS, latestResults } from "./window-types.js";

const sec = (ms) => ms / 1000;
const HINT = "Tab to the events and use the arrow keys (or hover) to see each event's delay and fate.";
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
};

function readConfig(el) {
  const a = readAttrs(el, SPECS);
  if (a["late-min"] > a["late-max"]) throw new Error(`late-min="${el.getAttribute("late-min") ?? "2s"}" is more than late-max="${el.getAttribute("late-max") ?? "12s"}"`);
  return {
    window: a.window,
    ooo: a["out-of-orderness"],
    lateness: a.lateness,
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

/** The event-time engine's config: tumbling windows, the widget's watermark and lateness. */
const eventTimeConfig = (c) => ({
  window: { type: "tumbling", size: c.window },
  watermark: { maxOutOfOrderness: c.ooo }, allowedLateness: c.lateness,
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
      "delay-base", "delay-spread", "late-share", "late-min", "late-max"];
  }

  set events(list) { this._events = list; this.requestUpdate(); }
  get events() { return this._stream ?? []; }

  build() {
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
    this.player = player({
      ready: () => Boolean(this.run), length: () => this._stream.length, position: () => this.cursor, seek: (to) => this.seek(to),
      // Announced once playback stops, not at every step.
      stopped: () => { if (this.summary) this.live.textContent = this.summary; },
    },
    h("button", { type: "button", onclick: () => this.seek(Infinity) }, "To the last event"),
    h("button", { type: "button", onclick: () => this.seek(Infinity, { flush: true }) }, "End of stream (flush)"));
    this.flink = flinkExportPanel(this, () => [{
      id: "tumbling", label: `Tumbling ${formatDuration(this.config.window)} windows`, config: eventTimeConfig(this.config),
    }]);
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", { id: `${id}-title` }, "Event time, watermark and late data"),
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element)),
      this.player.element,
      this.errorBox, this.status,
      this.chartBox, this.legendBox,
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
    const fromSim = !this._events && !this.getAttribute("src");
    for (const f of [this.fields.spread, this.fields.late]) f.element.querySelectorAll("input").forEach((i) => { i.disabled = !fromSim; });
    const gen = (this._gen = (this._gen ?? 0) + 1);
    const loaded = await loadEvents(this, c.sim);
    if (gen !== this._gen || !this.isConnected) return false;
    // A new design keeps the learner's place: the same step, flushed or not, re-run.
    const previous = this._stream && this.run ? { at: this.cursor, length: this._stream.length } : null;
    const flushed = Boolean(this.run?.flushed);
    const { events, synthetic } = withArrivals(loaded.events);
    this._stream = events;
    this.source = loaded.source;
    this.syntheticArrival = synthetic;
    this.freeRuns();
    this.run = new EngineRun(eventTimeConfig(c), events);
    this.proc = new EngineRun({ window: { type: "tumbling", size: c.window }, timeDomain: "processing" }, events);
    this.seek(keptPosition(previous, events.length), { flush: flushed });
    this.flink.refresh();
    return true;
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
    this.summary = `${this.cursor} of ${this._stream.length} events pushed; watermark ${formatDuration(this.run.watermark)}; ` +
      `${st.firedOnTime} on-time and ${st.firedLate} late firings; ${this.run.late.length} events in the side output; ` +
      `${differ} windows differ in processing time.`;
    this.publish({
      events: this._stream.length, pushed: this.cursor, watermark: this.run.watermark,
      results: latestResults(this.run.results), firings: this.run.results.slice(), late: this.run.late.slice(),
      processing: latestResults(this.proc.results), comparison, stats: st,
    }, this.player.playing ? undefined : this.summary);
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
    const W = chartWidth(avail, LEFT + RIGHT, tMax - tMin, events, 7);
    this.drawnWidth = W;
    const x = (t) => LEFT + ((Math.min(Math.max(t, tMin), tMax) - tMin) / (tMax - tMin)) * (W - LEFT - RIGHT);
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
    svg.append(grid,
      s("text", { x: 2, y: arrTop - 6, class: "panel-label" }, "arrival order"),
      s("text", { x: 2, y: evTop - 6, class: "panel-label" }, "event time: windows, watermark"));
    for (const k of keys) {
      lanes.push(s("text", { x: LEFT - 6, y: arrTop + laneOf.get(k) * LANE + DOT + 4, "text-anchor": "end", class: `lane-label key-${laneOf.get(k) % 5}` }, `sensor ${k}`));
      lanes.push(s("text", { x: LEFT - 6, y: evTop + laneOf.get(k) * ELANE + DOT + 4, "text-anchor": "end", class: `lane-label key-${laneOf.get(k) % 5}` }, `sensor ${k}`));
    }
    // Windows in the event-time lane, by state.
    const winG = s("g", { class: "windows", "aria-hidden": "true" });
    for (const w of this.windowStates()) {
      const cls = w.state === "open" ? "open" : w.state === "fired" ? (w.firing === "late" ? "late" : "fired") : "closed";
      const y0 = evTop + laneOf.get(w.key) * ELANE;
      const g = s("g", { class: `window ${cls} key-${laneOf.get(w.key) % 5}${w.firing === "late" ? " updated" : ""}`, "data-key": w.key, "data-start": w.start, "data-state": w.state, "data-count": w.count });
      g.append(s("rect", { x: x(w.start) + 1, y: y0 + 1, width: Math.max(1, x(w.end) - x(w.start) - 2), height: ELANE - 2, rx: 2 }));
      const label = `${w.count}${w.firing === "late" ? " upd." : ""}`;
      if (x(w.end) - x(w.start) > label.length * 6 + 8) g.append(s("text", { class: "count", x: x(w.end) - 3, y: y0 + ELANE - 3, "text-anchor": "end" }, label));
      winG.append(g);
    }
    svg.append(winG);
    // Events: one focusable group each, drawn in both lanes.
    const evG = s("g", { class: "events", role: "group", "aria-label": `${n} events; arrow keys move between them in arrival order` });
    const nodes = [];
    for (let i = 0; i < n; i++) {
      const e = events[i];
      const pushed = i < this.cursor;
      const outcome = this.run.outcomes[i];
      const g = s("g", {
        class: `event key-${laneOf.get(e.key) % 5}${pushed ? "" : " pending"} ${outcome ?? ""}`, role: "button",
        "data-index": i, "data-key": e.key, "data-time": e.time, "data-outcome": outcome ?? "pending", "data-focus-id": `e${i}`,
        "aria-label": `Sensor ${e.key}, event time ${formatDuration(e.time)}, arrived ${formatDuration(e.arrival)}: ${outcome ? OUTCOME_WORDS[outcome] ?? outcome : "not arrived yet"}`,
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
    svg.append(s("line", { class: "watermark", x1: wmX, x2: wmX, y1: evTop - 14, y2: axisY + 18, "data-watermark": wm }),
      s("text", { class: "watermark-label", x: Math.min(Math.max(wmX, LEFT + 70), W - 70), y: axisY + 30, "text-anchor": "middle" }, `watermark W = ${formatDuration(wm)}`));
    svg.append(s("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY }));
    for (const t of niceTicks(tMin, tMax, Math.max(2, Math.floor((W - LEFT) / 80)))) {
      svg.append(s("text", { class: "tick", x: x(t), y: axisY + 13, "text-anchor": x(t) > W - RIGHT - 20 ? "end" : t === tMin ? "start" : "middle" }, formatDuration(t)));
    }
    svg.setAttribute("viewBox", `0 0 ${W} ${axisY + 36}`);
    this.gutter.setAttribute("viewBox", `0 0 ${LEFT} ${axisY + 36}`);
    this.gutter.style.width = `${LEFT}px`;
    this.gutter.style.height = `${axisY + 36}px`;
    this.gutter.replaceChildren(...lanes);
    svg.style.width = `${W}px`;
    this.followX = now ?? LEFT;
    this.legendBox.replaceChildren(this.key(keys));

    roving(nodes, {
      start: Math.max(0, nodes.findIndex((el) => el.getAttribute("data-focus-id") === this.selectedId)),
      onfocus: (i) => {
        this.selectedId = `e${i}`;
        svg.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
        nodes[i].classList.add("lit");
        const e = events[i];
        const out = i < this.cursor ? this.run.outcomes[i] : null;
        this.details.textContent = `Sensor ${e.key}: measured at ${formatDuration(e.time)}, arrived at ${formatDuration(e.arrival)} ` +
          `(${this.syntheticArrival ? "arrival order from the file" : `delay ${formatDuration(e.arrival - e.time)}`}); ` +
          (out ? `watermark then ${formatDuration(this.run.watermarks[i])}: ${OUTCOME_WORDS[out] ?? out}.` : "not arrived yet.");
      },
    });

    const st = this.run.stats();
    this.status.replaceChildren(
      ...(this.cursor === 0 ? [h("strong", { class: "start-hint" }, "Press Play"), " (or Step) to deliver the events in arrival order and watch the watermark move. "] : []),
      `${this.cursor} of ${n} events arrived (${this.source}`, this.syntheticArrival ? "; no arrival times: the processing clock is the latest event time seen" : "", "). ",
      h("strong", {}, `Watermark ${formatDuration(wm)}`),
      `: ${st.firedOnTime} on-time firings, ${st.firedLate} late (updated) firings, ${st.lateAccepted} late events accepted, ${st.sideOutput} to the side output.`);
    this.renderTray();
    this.renderCompare();
    this.renderTables();
  }

  /** The chart's key: every mark and colour it uses. */
  key(keys) {
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
      ["late, accepted", ev("key-0 late-accepted"), { "data-legend": "late-accepted" }],
      ["too late: side output", ev("key-0 side-output", true), { "data-legend": "side-output" }],
      ["window open", win("open"), { "data-legend": "open" }],
      ["fired on time", win("fired"), { "data-legend": "fired" }],
      ["fired late (updated)", win("late"), { "data-legend": "fired-late" }],
      ["closed", win("closed"), { "data-legend": "closed" }],
      ["watermark", (g) => g.append(s("line", { class: "watermark", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "watermark" }],
      ["arrival clock (now)", (g) => g.append(s("line", { class: "now", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "now" }],
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
    }, `sensor ${l.key} @ ${formatDuration(l.time)}`, h("span", { class: "muted" }, `: value ${num(l.value)}, watermark was ${formatDuration(l.watermark)}`))));
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
      h("th", { scope: "row" }, `[${formatDuration(r.start)}, ${formatDuration(r.end)})`),
      h("td", {}, r.eventCount === null ? "not fired" : String(r.eventCount)),
      h("td", {}, r.eventCount ? num(r.eventSum / r.eventCount) : "–"),
      h("td", {}, r.processingCount === null ? "not fired" : r.differs ? h("strong", {}, String(r.processingCount)) : String(r.processingCount)),
      h("td", {}, r.processingCount ? num(r.processingSum / r.processingCount) : "–"))))));
  }

  renderTables() {
    const rows = latestResults(this.run.results);
    this.tables.replaceChildren(h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Event-time window results", "data-focus-id": "table-results" }, h("table", { class: "results" },
      h("caption", {}, `${rows.length} windows (latest firing of each; totals accumulate across late firings)`),
      h("thead", {}, h("tr", {}, ...["sensor", "window", "count", "sum", "min", "max", "firing", "watermark"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...rows.map((r) => h("tr", {
        "data-key": r.key, "data-start": r.start, "data-end": r.end, "data-count": r.count, "data-sum": r.sum,
        "data-min": r.min, "data-max": r.max, "data-firing": r.firing,
      }, h("th", { scope: "row" }, `sensor ${r.key}`), h("td", {}, `[${formatDuration(r.start)}, ${formatDuration(r.end)})`),
      h("td", {}, String(r.count)), h("td", {}, num(r.sum)), h("td", {}, num(r.min)), h("td", {}, num(r.max)),
      h("td", {}, FIRING_WORDS[r.firing] ?? r.firing), h("td", {}, formatDuration(r.watermark))))))));
  }
}

const STYLE = `
.scroll-x { overflow-x: auto; max-width: 100%; }
.panel-label { font-weight: 600; fill: var(--_fg); }
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
.window .count { font-size: 10px; fill: var(--_fg); }
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
`;
