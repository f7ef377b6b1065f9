// <weir-sources>: many gateways, one watermark. Sensors reach the engine
// through gateways (sensor k through gateway k % n); each gateway is a
// source with its own watermark, and the engine's watermark is the min over
// the active ones. One lane per gateway (its events by event time, its own
// watermark line), the combined watermark across them all, the gateway
// holding it back marked. A gateway can be silenced for a stretch of
// arrival time (the simulator sends nothing from it), with or without an
// idle timeout; when it reconnects it sends its backlog (store and forward:
// the held readings all arrive at the end of the silence, late) or, with
// silence-mode="drop", those readings are lost; and a gateway's clock can run ahead (its event times
// shifted). Every watermark, idle flag, "holds back" mark, fate and firing
// drawn here is the engine's (sourceStats(), push outcomes, results); the
// stream is the wasm simulator's.
import { StreamEngine, simulateSensors } from "../weir.js";
import { WeirElement, chartWidth, field, h, keepFocus, keepInView, legend, nextId, niceTicks, roving, s, textsOverLine } from "./base.js";
import { keptPosition, player } from "./player.js";
import { count, duration, number, oneOf, readAttrs, share } from "./attrs.js";
import { fateWords, formatDuration, num, parseDuration } from "./units.js";
import { FIRING_WORDS, latestResults } from "./window-types.js";

const MAX_SOURCES = 8;
const HINT = "Tab to the events and use the arrow keys (or hover) to read each one's gateway, times and fate; " +
  "Enter delivers the stream up to that event.";

/** "none" (or "off", "0") or a duration within [min, max]: an optional setting. */
const optionalDuration = (def, range) => {
  const d = duration(0, range);
  return {
    def,
    read(raw) {
      const t = raw.trim().toLowerCase();
      if (t === "none" || t === "off" || t === "0") return { value: null };
      return d.read(raw);
    },
  };
};
/** "none" or a gateway number 0..7 (checked against `sources` once both are read). */
const gateway = {
  def: null,
  read(raw) {
    const t = raw.trim().toLowerCase();
    if (t === "none" || t === "off") return { value: null };
    const n = Number(t);
    return /^\d+$/.test(t) && n < MAX_SOURCES ? { value: n } : { error: `expected "none" or a gateway number from 0 to ${MAX_SOURCES - 1}` };
  },
};
/** "G:+5s" (gateway G's clock runs 5 s ahead; "G:-2s" behind), or "none". */
const skewSpec = {
  def: null,
  read(raw) {
    const t = raw.trim();
    if (/^(none|off)$/i.test(t)) return { value: null };
    const m = /^(\d+)\s*:\s*([+-]?)(.+)$/.exec(t);
    let ms = NaN;
    try { ms = m ? parseDuration(m[3]) : NaN; } catch { ms = NaN; }
    if (!m || Number(m[1]) >= MAX_SOURCES || !Number.isFinite(ms) || ms < 0 || ms > 60_000) {
      return { error: `expected "none" or gateway:shift such as "1:+5s" (gateway 0 to ${MAX_SOURCES - 1}, shift up to 60 s either way)` };
    }
    return { value: { source: Number(m[1]), ms: m[2] === "-" ? -ms : ms } };
  },
};

const SPECS = {
  sources: count(4, { min: 1, max: MAX_SOURCES }),
  sensors: count(8, { min: 1, max: 32 }),
  rate: number(1, { min: 0.1, max: 5, unit: "Hz" }),
  duration: duration(60_000, { min: 5_000, max: 300_000 }),
  window: duration(10_000, { min: 1000, max: 60_000 }),
  "out-of-orderness": duration(1000, { max: 20_000 }),
  lateness: duration(0, { max: 30_000 }),
  "idle-timeout": optionalDuration(null, { min: 100, max: 60_000 }),
  silence: gateway,
  "silence-from": duration(15_000, { max: 300_000 }),
  "silence-to": duration(35_000, { max: 300_000 }),
  "silence-mode": oneOf(["backlog", "drop"], "backlog"),
  skew: skewSpec,
  watermark: oneOf(["per-source", "global"], "per-source"),
  seed: count(3, { max: 2 ** 32 - 1 }),
  "delay-spread": duration(500, { max: 10_000 }),
  "late-share": share(0, { max: 0.5 }),
};

function readConfig(el) {
  const a = readAttrs(el, SPECS);
  const problems = [];
  const raw = (n) => el.getAttribute(n);
  if (a.silence !== null && a.silence >= a.sources) problems.push(`silence="${raw("silence")}": there are ${a.sources} gateways (0 to ${a.sources - 1})`);
  if (a.skew && a.skew.source >= a.sources) problems.push(`skew="${raw("skew")}": there are ${a.sources} gateways (0 to ${a.sources - 1})`);
  if (a["silence-from"] >= a["silence-to"]) problems.push(`silence-from="${raw("silence-from") ?? "15s"}" is not before silence-to="${raw("silence-to") ?? "35s"}"`);
  if (problems.length) throw new Error(problems.join("; "));
  return {
    sources: a.sources, window: a.window, ooo: a["out-of-orderness"], lateness: a.lateness,
    idleTimeout: a["idle-timeout"], silence: a.silence === null ? null : { source: a.silence, from: a["silence-from"], to: a["silence-to"], mode: a["silence-mode"] },
    skew: a.skew && a.skew.ms !== 0 ? a.skew : null, perSource: a.watermark === "per-source",
    sim: {
      seed: a.seed, sensors: a.sensors, rateHz: a.rate, durationMs: a.duration,
      delaySpreadMs: a["delay-spread"], lateFraction: a["late-share"],
    },
  };
}

/** The engine's config: tumbling windows; one watermark per declared gateway, or one for the stream. */
export const sourcesConfig = (c) => {
  const watermark = { maxOutOfOrderness: c.ooo };
  if (c.idleTimeout !== null) watermark.idleTimeout = c.idleTimeout;
  const config = { window: { type: "tumbling", size: c.window }, watermark, allowedLateness: c.lateness };
  if (c.perSource) config.sources = c.sources;
  return config;
};

/** The simulator's stream for `c`, rows in arrival order, each with its gateway. */
function simulate(c) {
  const sim = simulateSensors({
    anomalies: 0, ...c.sim, sources: c.sources,
    silence: c.silence ? [c.silence] : [], skew: c.skew ? [c.skew] : [],
  });
  const events = [];
  for (let i = 0; i < sim.keys.length; i++) {
    events.push({ id: i, key: sim.keys[i], time: sim.times[i], value: sim.values[i], arrival: sim.arrivals[i], source: sim.sources[i] });
  }
  return events;
}

/**
 * The engine fed one event at a time, keeping after each push what the
 * chart draws: the outcome, the watermark, every source's stats and the
 * results that push emitted (each tagged with the push's index and arrival).
 */
class SourcesRun {
  constructor(config, events, perSource) {
    this.config = config;
    this.events = events;
    this.perSource = perSource;
    this.reset();
  }

  reset() {
    this.engine?.free();
    this.engine = new StreamEngine(this.config);
    this.cursor = 0;
    this.flushed = false;
    this.outcomes = [];
    this.watermarks = [];
    this.holders = [];
    this.results = [];
    this.late = [];
  }

  runTo(to, { flush = false } = {}) {
    if (to < this.cursor || (this.flushed && !flush)) this.reset();
    while (this.cursor < Math.min(to, this.events.length)) {
      const e = this.events[this.cursor];
      const ev = { key: e.key, time: e.time, value: e.value, arrival: e.arrival };
      if (this.perSource) ev.source = e.source;
      this.outcomes.push(this.engine.push(ev));
      this.watermarks.push(this.engine.watermark);
      this.holders.push(this.perSource ? (this.engine.sourceStats().find((x) => x.holdsBack)?.source ?? null) : null);
      this.collect(this.cursor, e.arrival);
      this.cursor++;
    }
    if (flush && to >= this.events.length && !this.flushed) {
      this.engine.flush();
      this.flushed = true;
      this.collect(this.events.length, null);
    }
    return this;
  }

  collect(at, arrival) {
    for (const r of this.engine.drain()) this.results.push({ ...r, at, arrival });
    for (const l of this.engine.drainLate()) this.late.push(l);
  }

  get watermark() { return this.engine.watermark; }
  sourceStats() { return this.engine.sourceStats(); }
  stats() { return this.engine.stats(); }
  openWindows() { return this.engine.openWindows(); }
  free() { this.engine?.free(); this.engine = null; }
}

export class WeirSources extends WeirElement {
  static get observedAttributes() { return Object.keys(SPECS); }

  build() {
    const id = nextId("weir-src");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    const set = (name, fmt = String) => (v) => this.setAttribute(name, fmt(v));
    this.fields = {
      sources: field({ id: `${id}-sources`, label: "Gateways (sources)", min: 1, max: MAX_SOURCES, value: 4, onchange: set("sources") }),
      idle: field({ id: `${id}-idle`, label: "Idle timeout (0 = none)", unit: "s", min: 0, max: 30, step: 0.5, value: 0,
        onchange: set("idle-timeout", (v) => (v > 0 ? `${v}s` : "none")),
        hint: "A gateway silent this long on the processing clock leaves the watermark's min; 0 means never." }),
      skewMs: field({ id: `${id}-skew`, label: "Clock ahead by", unit: "s", min: -30, max: 30, step: 1, value: 0,
        onchange: (v) => this.setSkew(this.config?.skew?.source ?? 0, v * 1000) }),
    };
    const select = (sid, label, onchange, wide = false) => {
      const el = h("select", { id: sid, onchange: () => onchange(el.value) });
      return { el, box: h("div", { class: wide ? "field wide" : "field" }, h("label", { for: sid }, label), h("div", { class: "pair" }, el)) };
    };
    this.silenceSelect = select(`${id}-silence`, "Silence a gateway", (v) => this.setAttribute("silence", v));
    this.backlogSelect = select(`${id}-silence-mode`, "When it reconnects", (v) => this.setAttribute("silence-mode", v));
    this.backlogSelect.el.append(h("option", { value: "backlog" }, "it sends its backlog"), h("option", { value: "drop" }, "its readings are lost"));
    this.skewSelect = select(`${id}-skew-gw`, "Gateway whose clock runs ahead", (v) => (v === "none" ? this.setAttribute("skew", "none") : this.setSkew(Number(v), this.config?.skew?.ms || 5000)));
    // "per gateway (W = min)" is wider than one column of the controls.
    this.modeSelect = select(`${id}-mode`, "Watermark", (v) => this.setAttribute("watermark", v), true);
    this.modeSelect.el.append(h("option", { value: "per-source" }, "per gateway (W = min)"), h("option", { value: "global" }, "one for the stream"));
    this.svg = s("svg", { role: "group", "aria-labelledby": `${id}-title`, class: "lanes" });
    this.gutter = s("svg", { class: "gutter", "aria-hidden": "true" });
    this.chartBox = h("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": "Gateway lanes, scrolls sideways if narrow", "data-focus-id": "chart" },
      h("div", { class: "chart-inner" }, this.gutter, this.svg));
    this.status = h("p", { class: "status" });
    this.details = h("p", { class: "details muted" }, HINT);
    this.legendBox = h("div", {});
    this.table = h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Each gateway's watermark", "data-focus-id": "table-sources" });
    this.results = h("div", {});
    this.player = player({
      ready: () => Boolean(this.run), length: () => this.stream.length, position: () => this.cursor, seek: (to) => this.seek(to),
      stopped: () => { if (this.summary) this.live.textContent = this.summary; },
    },
    h("button", { type: "button", onclick: () => this.seek(Infinity) }, "To the last event"),
    h("button", { type: "button", onclick: () => this.seek(Infinity, { flush: true }) }, "End of stream (flush)"));
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", { id: `${id}-title` }, "Many gateways, one watermark"),
      h("p", { class: "note" }, "Each gateway's watermark is its latest event time minus the out-of-orderness bound; the engine's watermark W is the smallest over the gateways still sending, so one quiet gateway holds every window back."),
      h("div", { class: "controls" }, this.fields.sources.element, this.silenceSelect.box, this.backlogSelect.box, this.fields.idle.element,
        this.skewSelect.box, this.fields.skewMs.element, this.modeSelect.box),
      this.player.element,
      this.errorBox, this.status,
      this.chartBox, this.legendBox, this.details,
      h("h4", {}, "Gateways now (the engine's sourceStats())"), this.table,
      h("details", {}, h("summary", {}, "Every window result"), this.results),
    );
    this.resizer = new ResizeObserver(() => {
      const w = Math.round(this.chartBox.clientWidth);
      if (this.run && w && Math.abs(w - (this.drawnAvail ?? 0)) > 8) this.render();
    });
  }

  setSkew(source, ms) {
    this.setAttribute("skew", ms === 0 ? "none" : `${source}:${ms < 0 ? "-" : "+"}${Math.abs(ms)}ms`);
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer.observe(this);
  }

  update() {
    const c = readConfig(this);
    const previous = this.run ? { at: this.cursor, length: this.stream.length } : null;
    const flushed = Boolean(this.run?.flushed);
    this.config = c;
    this.fields.sources.set(c.sources);
    this.fields.idle.set(c.idleTimeout === null ? 0 : c.idleTimeout / 1000);
    this.fields.skewMs.set((c.skew?.ms ?? 0) / 1000);
    const options = (sel, list, value) => {
      sel.replaceChildren(...list.map(([v, words]) => h("option", { value: v }, words)));
      sel.value = value;
    };
    const gws = Array.from({ length: c.sources }, (_, g) => [String(g), `gateway ${g}`]);
    options(this.silenceSelect.el, [["none", "none"], ...gws], c.silence ? String(c.silence.source) : "none");
    options(this.skewSelect.el, [["none", "none"], ...gws], c.skew ? String(c.skew.source) : "none");
    this.backlogSelect.el.value = c.silence?.mode ?? this.getAttribute("silence-mode") ?? "backlog";
    this.backlogSelect.el.disabled = !c.silence;
    // The lead applies to a chosen gateway: pick one first.
    this.fields.skewMs.element.querySelectorAll("input").forEach((i) => { i.disabled = !c.skew; });
    this.modeSelect.el.value = c.perSource ? "per-source" : "global";
    this.stream = simulate(c);
    this.run?.free();
    this.run = new SourcesRun(sourcesConfig(c), this.stream, c.perSource);
    this.seek(keptPosition(previous, this.stream.length), { flush: flushed });
  }

  release() {
    this.player?.pause();
    this.resizer?.disconnect();
    this.run?.free();
    this.run = null;
  }

  seek(to, { flush = false } = {}) {
    if (!this.run) return;
    const target = Math.min(to, this.stream.length);
    this.run.runTo(target, { flush });
    this.cursor = target;
    this.render();
    keepInView(this.chartBox, this.followX);
    this.emitResult();
  }

  /** The gateway's name with what was done to it. */
  gatewayName(g) {
    const c = this.config;
    const extra = [];
    if (c.silence?.source === g) extra.push(c.silence.mode === "backlog" ? "silenced, then its backlog" : "silenced, readings lost");
    if (c.skew?.source === g) extra.push(`clock ${c.skew.ms > 0 ? "+" : "−"}${formatDuration(Math.abs(c.skew.ms))}`);
    return `gateway ${g}${extra.length ? ` (${extra.join(", ")})` : ""}`;
  }

  /** Per gateway: its stats now (per-source mode), events sent and their fates so far. */
  gatewayRows() {
    const c = this.config;
    const stats = c.perSource ? this.run.sourceStats() : [];
    const rows = Array.from({ length: c.sources }, (_, g) => ({
      source: g, stats: stats.find((x) => x.source === g) ?? null, sensors: [], sent: 0,
      fates: { assigned: 0, "late-accepted": 0, "side-output": 0, unassigned: 0 },
    }));
    for (const e of this.stream) if (!rows[e.source].sensors.includes(e.key)) rows[e.source].sensors.push(e.key);
    for (let i = 0; i < this.cursor; i++) {
      const r = rows[this.stream[i].source];
      r.sent++;
      r.fates[this.run.outcomes[i]] = (r.fates[this.run.outcomes[i]] ?? 0) + 1;
    }
    for (const r of rows) r.sensors.sort((a, b) => a - b);
    return rows;
  }

  render() {
    keepFocus(this.shadowRoot, () => this.draw(), this.chartBox);
    if (this.selectedId) {
      const node = this.svg.querySelector(`[data-focus-id="${CSS.escape(this.selectedId)}"]`);
      if (node && this.shadowRoot.activeElement !== node) node.dispatchEvent(new Event("pointerenter"));
    }
  }

  draw() {
    const c = this.config;
    const events = this.stream;
    const n = events.length;
    const rows = this.gatewayRows();
    const avail = Math.max(280, Math.round(this.chartBox.clientWidth) || 760);
    this.drawnAvail = avail;
    const narrow = avail < 560;
    const LEFT = narrow ? 96 : 120, RIGHT = 10;
    const all = events.flatMap((e) => [e.time, e.arrival]);
    if (c.silence) all.push(c.silence.from, c.silence.to);
    const tMin = Math.floor(Math.min(0, ...all) / c.window) * c.window;
    const tMax = Math.ceil((Math.max(1, ...all) + 1) / c.window) * c.window;
    const W = chartWidth(avail, LEFT + RIGHT, tMax - tMin, events.map((e) => ({ key: e.source, time: e.time })), 5);
    const x = (t) => LEFT + ((Math.min(Math.max(t, tMin), tMax) - tMin) / (tMax - tMin)) * (W - LEFT - RIGHT);
    const xw = (t) => (Number.isFinite(t) ? x(t) : t > 0 ? W - RIGHT : LEFT);
    const LANE = 34, TOP = 18;
    const laneY = (g) => TOP + g * LANE;
    const lanesBottom = laneY(c.sources);
    const winTop = lanesBottom + 8, WIN = 18;
    const axisY = winTop + WIN + 10;
    const svg = this.svg;
    const T = formatDuration;
    svg.replaceChildren(s("title", {}, "One lane per gateway by event time, each with its own watermark, and the engine's watermark across them"));
    const pat = `${this.ids}-hatch`;
    svg.append(s("defs", {}, s("pattern", { id: pat, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("line", { class: "hatch", x1: 0, y1: 0, x2: 0, y2: 6 }))));
    const grid = s("g", { "aria-hidden": "true" });
    for (let t = tMin; t <= tMax; t += c.window) grid.append(s("line", { class: "grid", x1: x(t), x2: x(t), y1: TOP - 4, y2: winTop + WIN }));
    svg.append(grid);
    const labels = [];
    // "holds W back" / "idle" by each gateway's watermark: drawn last, over the clock lines.
    const tags = s("g", { class: "lane-tags", "aria-hidden": "true" });
    const lanesG = s("g", { "aria-hidden": "true" });
    for (const r of rows) {
      const g = r.source, y0 = laneY(g), st = r.stats;
      const cls = `lane key-${g % 5}${st?.holdsBack ? " holds" : ""}${st?.idle ? " idle" : ""}`;
      const lane = s("g", { class: cls, "data-source": g });
      lane.append(s("rect", { class: "lane-bg", x: LEFT, y: y0 + 1, width: W - LEFT - RIGHT, height: LANE - 2, rx: 3 }));
      if (c.silence?.source === g) {
        const x0 = x(c.silence.from), x1 = x(c.silence.to);
        lane.append(s("rect", { class: "silence", x: x0, y: y0 + 2, width: Math.max(1, x1 - x0), height: LANE - 4, fill: `url(#${pat})`, "data-from": c.silence.from, "data-to": c.silence.to }),
          s("text", { class: "silence-label", x: (x0 + x1) / 2, y: y0 + 11, "text-anchor": "middle" }, "silent (by arrival)"),
          ...(c.silence.mode === "backlog" ? [s("text", { class: "silence-label", x: x1 + 3, y: y0 + 11, "text-anchor": "start" }, "← backlog sent here")] : []));
      }
      if (st && this.cursor > 0) {
        const wx = xw(st.watermark);
        lane.append(s("line", { class: "wm-source", x1: wx, x2: wx, y1: y0 + 2, y2: y0 + LANE - 2, "data-watermark": st.watermark }));
        const tag = st.holdsBack ? "holds W back" : st.idle ? "idle" : "";
        if (tag) tags.append(s("text", { class: "lane-tag", "data-source": g, x: wx > W - 110 ? wx - 4 : wx + 4, y: y0 + LANE - 5, "text-anchor": wx > W - 110 ? "end" : "start" }, tag));
      }
      lanesG.append(lane);
      labels.push(s("text", { x: LEFT - 6, y: y0 + 13, "text-anchor": "end", class: `lane-label key-${g % 5}` }, `gateway ${g}`),
        s("text", { x: LEFT - 6, y: y0 + 26, "text-anchor": "end", class: "lane-sub" },
          st ? `W${sub(g)} ${narrow && Number.isFinite(st.watermark) ? `${num(st.watermark / 1000, 1)} s` : T(st.watermark)}${st.idle ? " · idle" : ""}` : `sensors ${shortList(r.sensors)}`));
    }
    svg.append(lanesG);
    // Windows over all sensors: fired (by the engine's results so far) or holding state.
    const winG = s("g", { class: "windows", "aria-hidden": "true" });
    const fired = new Map();
    for (const r of this.run.results) {
      const k = r.start;
      const w = fired.get(k) ?? { start: r.start, end: r.end, events: 0, late: false, keys: new Set() };
      w.keys.add(r.key);
      w.late ||= r.firing === "late";
      fired.set(k, w);
    }
    for (const r of latestResults(this.run.results)) fired.get(r.start).events += r.count;
    const open = new Map();
    for (const w of this.run.openWindows()) if (!fired.has(w.start)) open.set(w.start, w);
    for (const w of [...fired.values(), ...open.values()]) {
      const isFired = fired.has(w.start);
      const g = s("g", { class: `window ${isFired ? (w.late ? "late" : "fired") : "open"}`, "data-start": w.start, "data-state": isFired ? "fired" : "open" });
      g.append(s("rect", { x: x(w.start) + 1, y: winTop, width: Math.max(1, x(w.end) - x(w.start) - 2), height: WIN, rx: 2 }));
      const label = isFired ? `${w.events}` : "waits";
      if (x(w.end) - x(w.start) > label.length * 6 + 8) g.append(s("text", { class: "count", x: x(w.end) - 4, y: winTop + WIN - 5, "text-anchor": "end" }, label));
      winG.append(g);
    }
    svg.append(winG);
    labels.push(s("text", { x: LEFT - 6, y: winTop + WIN - 5, "text-anchor": "end", class: "lane-label" }, "windows"));
    // Events: one focusable mark each, in its gateway's lane.
    const evG = s("g", { class: "events", role: "group", "aria-label": `${n} events in arrival order; arrow keys move between them, Enter delivers the stream up to the one focused` });
    const nodes = [];
    for (let i = 0; i < n; i++) {
      const e = events[i];
      const out = i < this.cursor ? this.run.outcomes[i] : null;
      const g = s("g", {
        class: `event key-${e.source % 5} ${out ?? "pending"}`, role: "button",
        "data-index": i, "data-source": e.source, "data-key": e.key, "data-time": e.time, "data-arrival": e.arrival,
        "data-outcome": out ?? "pending", "data-focus-id": `e${e.id}`,
        "aria-label": `Gateway ${e.source}, sensor ${e.key}, event time ${T(e.time)}, arrived ${T(e.arrival)}: ${out ? fateWords(out) : "not arrived yet"}`,
      });
      g.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" && ev.key !== " ") return;
        ev.preventDefault();
        this.seek(i + 1);
      });
      g.addEventListener("click", () => this.seek(i + 1));
      // Sensors of one gateway on rows within its lane, so simultaneous readings stay apart.
      const row = rows[e.source].sensors.indexOf(e.key);
      const rowsIn = rows[e.source].sensors.length;
      const cy = laneY(e.source) + 8 + ((row + 0.5) / rowsIn) * (LANE - 16);
      const cx = x(e.time);
      g.append(s("circle", { cx, cy, r: 2.8 }));
      if (out === "side-output") g.append(s("path", { class: "cross", d: `M${cx - 3.5},${cy - 3.5}L${cx + 3.5},${cy + 3.5}M${cx - 3.5},${cy + 3.5}L${cx + 3.5},${cy - 3.5}` }));
      evG.append(g);
      nodes.push(g);
    }
    svg.append(evG);
    const now = this.cursor > 0 ? events[Math.min(this.cursor, n) - 1].arrival : null;
    if (now !== null && this.cursor < n) svg.append(s("line", { class: "now", x1: x(now), x2: x(now), y1: TOP - 4, y2: lanesBottom }));
    const wm = this.run.watermark;
    const wmX = xw(wm);
    svg.append(s("line", { class: "watermark", x1: wmX, x2: wmX, y1: TOP - 2, y2: axisY + 16, "data-watermark": wm }),
      s("text", { class: "watermark-label", x: Math.min(Math.max(wmX, LEFT + 60), W - 60), y: axisY + 28, "text-anchor": "middle" },
        `W = ${T(wm)}${c.perSource ? " (min)" : ""}`),
      textsOverLine(svg, wmX, "g.window text.count"));
    svg.append(s("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY }));
    for (const t of niceTicks(tMin, tMax, Math.max(2, Math.floor((W - LEFT) / 80)))) {
      svg.append(s("text", { class: "tick", x: x(t), y: axisY + 12, "text-anchor": x(t) > W - RIGHT - 20 ? "end" : t === tMin ? "start" : "middle" }, T(t)));
    }
    // After the clock lines, so they pass under these.
    svg.append(tags, s("text", { x: LEFT, y: TOP - 6, class: "panel-label" }, "event time →"));
    const height = axisY + 34;
    svg.setAttribute("viewBox", `0 0 ${W} ${height}`);
    svg.style.width = `${W}px`;
    this.gutter.setAttribute("viewBox", `0 0 ${LEFT} ${height}`);
    this.gutter.style.width = `${LEFT}px`;
    this.gutter.style.height = `${height}px`;
    // The labels stay readable over the readings when the chart scrolls under them.
    this.gutter.replaceChildren(s("rect", { class: "gutter-bg", x: 0, y: TOP - 2, width: LEFT - 2, height: winTop + WIN - TOP + 4 }), ...labels);
    this.followX = now === null ? LEFT : x(now);
    this.legendBox.replaceChildren(this.key());

    roving(nodes, {
      start: Math.max(0, nodes.findIndex((el) => el.getAttribute("data-focus-id") === this.selectedId)),
      onfocus: (i) => {
        const e = events[i];
        this.selectedId = `e${e.id}`;
        svg.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
        nodes[i].classList.add("lit");
        const out = i < this.cursor ? this.run.outcomes[i] : null;
        this.details.textContent = `${this.gatewayName(e.source)}, sensor ${e.key}: measured at ${T(e.time)} (value ${num(e.value)}), arrived at ${T(e.arrival)}; ` +
          (out ? `W then ${T(this.run.watermarks[i])}: ${fateWords(out)}.` : "not arrived yet.");
      },
    });
    this.renderStatus(rows);
    this.renderTable(rows);
    this.renderResults();
  }

  /** The holding gateway now (per-source mode), or null. */
  holder(rows) { return rows.find((r) => r.stats?.holdsBack)?.source ?? null; }

  renderStatus(rows) {
    const c = this.config;
    const st = this.run.stats();
    const T = formatDuration;
    const wm = this.run.watermark;
    const hold = this.holder(rows);
    const idle = rows.filter((r) => r.stats?.idle).map((r) => r.source);
    const lastFire = this.run.results.filter((r) => r.firing !== "retract").at(-1);
    const parts = [];
    if (this.cursor === 0) parts.push(h("strong", { class: "start-hint" }, "Press Play"), " (or Step) to deliver the events in arrival order. ");
    parts.push(`${this.cursor} of ${this.stream.length} events arrived${this.cursor ? ` (processing clock ${T(this.stream[this.cursor - 1].arrival)})` : ""}. `,
      h("strong", {}, `W = ${T(wm)}`));
    if (c.perSource) {
      parts.push(hold !== null ? `: gateway ${hold} holds it back` : this.run.flushed ? ": end of stream" : idle.length === c.sources ? ": every gateway is idle (W is the largest)" : "");
      if (idle.length && idle.length < c.sources) parts.push(`; idle: gateway${idle.length > 1 ? "s" : ""} ${idle.join(", ")}`);
      parts.push(". ");
    } else {
      parts.push(" (one watermark for every gateway: the latest event time seen minus the bound). ");
    }
    parts.push(`${st.firedOnTime} on-time and ${st.firedLate} late firings` +
      (lastFire ? `, the last at arrival ${lastFire.arrival === null ? "end of stream" : T(lastFire.arrival)}` : "") +
      `; ${st.lateAccepted} late events accepted, ${st.sideOutput} to the side output.`);
    this.status.replaceChildren(...parts);
  }

  renderTable(rows) {
    const c = this.config;
    const T = formatDuration;
    const head = ["gateway", "sensors", "events", ...(c.perSource ? ["watermark W_s", "last arrival", "state"] : []), "on time", "late, accepted", "side output"];
    this.table.replaceChildren(h("table", { class: "gateways" },
      h("caption", {}, c.perSource
        ? "Each gateway's watermark, from the engine; W is the smallest over the gateways that are not idle."
        : "One watermark for the stream: the gateways are not told apart."),
      h("thead", {}, h("tr", {}, ...head.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...rows.map((r) => {
        const st = r.stats;
        const state = !st ? "" : st.holdsBack ? "holds W back" : st.idle ? "idle" : st.watermark === -Infinity ? "not sent yet" : "active";
        return h("tr", {
          class: st?.holdsBack ? "highlight" : "", "data-source": r.source, "data-sent": r.sent,
          "data-watermark": st?.watermark, "data-idle": st ? String(st.idle) : undefined, "data-holds-back": st ? String(st.holdsBack) : undefined,
          "data-late-accepted": r.fates["late-accepted"], "data-side-output": r.fates["side-output"],
        },
        h("th", { scope: "row" }, this.gatewayName(r.source)), h("td", {}, shortList(r.sensors)), h("td", {}, String(r.sent)),
        ...(c.perSource ? [h("td", {}, T(st.watermark)), h("td", {}, Number.isFinite(st.lastArrival) ? T(st.lastArrival) : "–"),
          h("td", {}, st.holdsBack ? h("strong", {}, state) : state)] : []),
        h("td", {}, String(r.fates.assigned)), h("td", {}, String(r.fates["late-accepted"])), h("td", {}, String(r.fates["side-output"])));
      }))));
  }

  renderResults() {
    const T = formatDuration;
    const rows = this.run.results;
    this.results.replaceChildren(h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Window results", "data-focus-id": "table-results" }, h("table", {},
      h("caption", {}, `${rows.length} firings so far, in the order the engine emitted them`),
      h("thead", {}, h("tr", {}, ...["sensor", "window", "count", "mean", "firing", "W", "at arrival"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...rows.map((r) => h("tr", { "data-key": r.key, "data-start": r.start, "data-firing": r.firing, "data-at": r.at },
        h("th", { scope: "row" }, `sensor ${r.key}`), h("td", {}, `[${T(r.start)}, ${T(r.end)})`), h("td", {}, String(r.count)),
        h("td", {}, num(r.mean)), h("td", {}, FIRING_WORDS[r.firing] ?? r.firing), h("td", {}, T(r.watermark)),
        h("td", {}, r.arrival === null ? "flush" : T(r.arrival))))))));
  }

  key() {
    const ev = (cls, cross) => (g) => {
      const m = s("g", { class: `event ${cls}` }, s("circle", { cx: 11, cy: 7, r: 2.8 }));
      if (cross) m.append(s("path", { class: "cross", d: "M7.5,3.5L14.5,10.5M7.5,10.5L14.5,3.5" }));
      g.append(m);
    };
    const win = (cls) => (g) => g.append(s("g", { class: `window ${cls}` }, s("rect", { x: 1, y: 2, width: 20, height: 10, rx: 2 })));
    return legend("Key to the chart", [
      ["not arrived yet", ev("key-0 pending"), { "data-legend": "pending" }],
      ["on time", ev("key-0 assigned"), { "data-legend": "assigned" }],
      [fateWords("late-accepted"), ev("key-0 late-accepted"), { "data-legend": "late-accepted" }],
      [fateWords("side-output"), ev("key-0 side-output", true), { "data-legend": "side-output" }],
      ["a gateway's watermark", (g) => g.append(s("line", { class: "wm-source key-0", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "wm-source" }],
      ["W (the engine's watermark)", (g) => g.append(s("line", { class: "watermark", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "watermark" }],
      ["the gateway holding W back", (g) => g.append(s("g", { class: "lane holds key-0" }, s("rect", { class: "lane-bg", x: 1, y: 1, width: 20, height: 12, rx: 2 }))), { "data-legend": "holds" }],
      ["silent stretch", (g) => g.append(s("rect", { class: "silence", x: 1, y: 1, width: 20, height: 12, fill: `url(#${this.ids}-hatch)` })), { "data-legend": "silence" }],
      ["window fired", win("fired"), { "data-legend": "fired" }],
      ["window waiting for W", win("open"), { "data-legend": "open" }],
      ["processing clock (now)", (g) => g.append(s("line", { class: "now", x1: 11, x2: 11, y1: 0, y2: 14 })), { "data-legend": "now" }],
    ]);
  }

  emitResult() {
    const c = this.config;
    const rows = this.gatewayRows();
    const hold = this.holder(rows);
    const st = this.run.stats();
    this.summary = `${this.cursor} of ${this.stream.length} events; W ${formatDuration(this.run.watermark)}` +
      (hold !== null ? `, held back by gateway ${hold}` : "") + `; ${st.firedOnTime} on-time, ${st.firedLate} late firings, ${st.sideOutput} to the side output.`;
    this.publish({
      config: sourcesConfig(c), pushed: this.cursor, flushed: this.run.flushed,
      events: this.stream.map(({ key, time, value, arrival, source }) => ({ key, time, value, arrival, source })),
      watermark: this.run.watermark, holdsBack: hold,
      sources: c.perSource ? this.run.sourceStats() : [],
      gateways: rows.map((r) => ({ source: r.source, sensors: r.sensors, sent: r.sent, fates: { ...r.fates } })),
      outcomes: this.run.outcomes.slice(), watermarks: this.run.watermarks.slice(), holders: this.run.holders.slice(),
      firings: this.run.results.slice(), late: this.run.late.slice(), stats: st,
    }, this.player.playing ? undefined : this.summary);
  }
}

const SUBS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n) => String(n).split("").map((d) => SUBS[Number(d)]).join("");
const shortList = (xs) => (xs.length > 4 ? `${xs.slice(0, 3).join(", ")}, … (${xs.length})` : xs.join(", "));

const STYLE = `
.scroll-x { overflow-x: auto; max-width: 100%; }
.panel-label { fill: var(--_muted); }
/* Ticks, titles and the silence's words sit over the lines and the hatching on a halo of the background. */
svg.lanes :is(.tick, .panel-label, .silence-label) { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.lane-label { fill: var(--c, var(--_fg)); font-weight: 600; }
.lane-sub { fill: var(--_muted); font-size: 10px; }
.lane .lane-bg { fill: color-mix(in srgb, var(--c) 6%, transparent); stroke: none; }
.lane.holds .lane-bg { fill: color-mix(in srgb, var(--_warn) 22%, transparent); stroke: var(--_warn); stroke-width: 1.5; }
.lane.idle .lane-bg { fill: color-mix(in srgb, var(--_muted) 10%, transparent); }
.lane-tag { font-size: 10px; font-weight: 600; fill: var(--_fg); paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; }
.silence { stroke: var(--_muted); stroke-dasharray: 2 2; }
.hatch { stroke: var(--_muted); stroke-width: 1.5; opacity: .6; }
.silence-label { font-size: 10px; fill: var(--_muted); }
.wm-source { stroke: var(--c); stroke-width: 3; }
.lane.idle .wm-source { stroke-dasharray: 3 2; opacity: .6; }
.event circle { fill: var(--c); stroke: var(--_bg); stroke-width: .8; cursor: pointer; }
.event.pending circle { fill: none; stroke: var(--c); opacity: .35; }
.event.late-accepted circle { fill: var(--_warn); stroke: var(--_fg); stroke-width: 1; }
.event.side-output circle { fill: var(--_bg); stroke: var(--_late); stroke-width: 1.2; }
.event .cross { stroke: var(--_late); stroke-width: 1.4; }
.event.lit circle { stroke: var(--_fg); stroke-width: 2.5; r: 4.5; }
.window rect { stroke: var(--_kall); stroke-width: 1; }
.window.open rect { fill: none; stroke-dasharray: 3 2; }
.window.fired rect { fill: color-mix(in srgb, var(--_kall) 28%, transparent); }
.window.late rect { fill: color-mix(in srgb, var(--_warn) 40%, transparent); stroke: var(--_warn); }
:is(.window, .over-line) .count { font-size: 10px; fill: var(--_fg); }
.watermark { stroke: var(--_wm); stroke-width: 2.5; stroke-dasharray: 6 3; }
.watermark-label { fill: var(--_wm); font-weight: 600; }
.now { stroke: var(--_now); stroke-width: 1.2; opacity: .7; }
.start-hint { color: var(--_accent); }
details { margin-top: .5em; }
summary { cursor: pointer; }
details .scroll { max-height: 20em; overflow-y: auto; }
:host([data-state="error"]) :is(.status, .scroll-x, .details, .scroll) { opacity: .4; }
`;
