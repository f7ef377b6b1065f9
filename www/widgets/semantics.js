// <weir-semantics>: one stream run at once under each preset (Flink,
// Flink SQL, Beam, Kafka Streams with and without suppress, Spark's append
// mode), with the same window, bound and lateness. One lane per preset on
// one processing-order axis: each firing is a chip at the event whose
// arrival caused it (or at the end of the stream), its kind drawn, its total
// written, retractions drawn as withdrawn totals, late drops crossed out.
// Under each lane, the running sum of what a downstream sum received
// against the true total, so that double counting shows. The rule line per
// preset, and which settings a preset sets, come from the core
// (`presetRules()`); every firing is the engine's. What JavaScript does here
// is read the rows as a downstream consumer would (by the accumulation in
// force) and compare the presets' answers.
import { StreamEngine, presetRules } from "../weir.js";
import { WeirElement, field, h, keepFocus, legend, nextId, roving, s, upgradeProperty } from "./base.js";
import { count, duration, number, oneOf, readAttrs, share } from "./attrs.js";
import { SCENARIOS } from "./event-time.js";
import { loadEvents } from "./stream.js";
import { fateWords, formatDuration, num } from "./units.js";

/** Every preset, its rule line, what it does not emulate and what it sets: the core's. */
export const RULES = presetRules();
const NAMES = RULES.map((r) => r.name);

// The default stream: one sensor, 10 s windows, a bound of 2 s and an allowed lateness of 5 s.
// In arrival order: 6 s arrives after 13 s (late, within the lateness where there is one),
// 9 s after 17 s (past every lateness), 19 s after 22 s (late again). Values 1 to 10, so every
// total can be read off by hand: [0, 10 s) holds 1 + 2 + 3 (+ 6 when accepted late), [10 s, 20 s)
// 4 + 5 + 7 (+ 10), [20 s, 30 s) 9.
export const PRESETS_TRACE = [
  [1000, 1], [4000, 2], [8000, 3], [11_000, 4], [13_000, 5], [6000, 6], [17_000, 7], [9000, 8], [22_000, 9], [19_000, 10],
].map(([time, value]) => ({ key: 1, time, value }));

const STREAMS = {
  presets: { label: "the presets' trace", events: () => PRESETS_TRACE.map((e) => ({ ...e })), defaults: {} },
  chapter: { label: SCENARIOS.chapter.label, events: SCENARIOS.chapter.events, defaults: SCENARIOS.chapter.defaults },
};
/** A chart of more firings than this is no longer readable: refused with a message. */
const MAX_EVENTS = 400;
const ACCUMULATIONS = ["preset", "accumulating", "discarding", "retracting"];
const KIND_WORDS = { early: "early", "on-time": "on time", late: "late", final: "final", retract: "retraction" };

/** `presets`: names of the core's presets, comma or space separated, each at most once. */
const presetList = {
  def: NAMES,
  read(raw) {
    const names = raw.split(/[\s,]+/).filter(Boolean);
    const bad = names.filter((n) => !NAMES.includes(n));
    if (!names.length || bad.length || new Set(names).size !== names.length) {
      return { error: `expected preset names (comma or space separated, each once) from ${NAMES.join(", ")}` };
    }
    return { value: NAMES.filter((n) => names.includes(n)) };
  },
};

const SPECS = {
  presets: presetList,
  window: duration(10_000, { min: 1000, max: 60_000 }),
  "out-of-orderness": duration(2000, { max: 20_000 }),
  lateness: duration(5000, { max: 30_000 }),
  accumulation: oneOf(ACCUMULATIONS, "preset"),
  scenario: oneOf(["presets", "chapter", "simulator"], "presets"),
  seed: count(3, { max: 2 ** 32 - 1 }),
  sensors: count(2, { min: 1, max: 5 }),
  rate: number(1, { min: 0.1, max: 5, unit: "Hz" }),
  duration: duration(30_000, { min: 1000, max: 120_000 }),
  "delay-base": duration(200, { max: 60_000 }),
  "delay-spread": duration(2000, { max: 10_000 }),
  "late-share": share(0.1, { max: 0.5 }),
  "late-min": duration(2000, { max: 600_000 }),
  "late-max": duration(12_000, { max: 600_000 }),
};

function readConfig(el) {
  // A scenario brings its own design (the chapter's: bound 10 s, no lateness); attributes override it.
  const stream = STREAMS[el.getAttribute("scenario")?.trim()];
  const specs = { ...SPECS };
  for (const [k, v] of Object.entries(stream?.defaults ?? {})) specs[k] = { ...SPECS[k], def: v };
  const a = readAttrs(el, specs);
  if (a["late-min"] > a["late-max"]) {
    throw new Error(`late-min="${el.getAttribute("late-min") ?? "2s"}" is more than late-max="${el.getAttribute("late-max") ?? "12s"}"`);
  }
  return {
    presets: a.presets, window: a.window, bound: a["out-of-orderness"], lateness: a.lateness,
    accumulation: a.accumulation, scenario: a.scenario,
    sim: {
      seed: a.seed, sensors: a.sensors, rateHz: a.rate, durationMs: a.duration, delayBaseMs: a["delay-base"],
      delaySpreadMs: a["delay-spread"], lateFraction: a["late-share"], lateMinMs: a["late-min"], lateMaxMs: a["late-max"],
    },
  };
}

/**
 * The engine config of one preset: the window always; the bound and the
 * lateness only where the preset leaves them open (a setting given wins over
 * the preset's, so giving Kafka Streams a bound would undo its stream time);
 * the accumulation when the toggle chose one.
 */
export function presetConfig(rule, c) {
  const config = { preset: rule.name, window: { type: "tumbling", size: c.window } };
  if (rule.sets.maxOutOfOrderness === undefined) config.watermark = { maxOutOfOrderness: c.bound };
  if (rule.sets.allowedLateness === undefined) config.allowedLateness = c.lateness;
  if (c.accumulation !== "preset") config.accumulation = c.accumulation;
  return config;
}

/** Every firing of one engine run, each with `at`: the index of the event whose push caused it (`events.length`: the flush). */
function runPreset(config, events) {
  const engine = new StreamEngine(config);
  try {
    const firings = [], outcomes = [];
    const take = (at) => {
      for (const r of engine.drain()) firings.push({ at, key: r.key, start: r.start, end: r.end, count: r.count, sum: r.sum, min: r.min, max: r.max, firing: r.firing, watermark: r.watermark });
    };
    events.forEach((e, i) => {
      outcomes.push(engine.push({ key: e.key, time: e.time, value: e.value }));
      take(i);
    });
    engine.flush();
    take(events.length);
    return { firings, outcomes, sideOutput: engine.stats().sideOutput };
  } finally {
    engine.free();
  }
}

const same = (a, b) => a.count === b.count && Math.abs(a.sum - b.sum) <= 1e-9 * Math.max(1, Math.abs(a.sum), Math.abs(b.sum));
const wid = (r) => `${r.key}|${r.start}`;

/**
 * The rows as a downstream consumer reads them. A sum of every row (retract
 * rows negative) is what a naive downstream sum received; a window's view is
 * the latest row under accumulating and retracting, the sum of its rows
 * under discarding. Its final answer is its last view; the first row after
 * which the view equals it is when that answer was known.
 */
export function readRows(firings, accumulation) {
  const windows = new Map();
  let received = 0;
  for (const f of firings) {
    let w = windows.get(wid(f));
    if (!w) windows.set(wid(f), (w = { key: f.key, start: f.start, end: f.end, view: { count: 0, sum: 0 }, firings: 0, retractions: 0, views: [] }));
    const sign = f.firing === "retract" ? -1 : 1;
    received += sign * f.sum;
    f.received = received;
    if (f.firing === "retract") {
      w.retractions++;
      w.view = { count: w.view.count - f.count, sum: w.view.sum - f.sum };
    } else {
      w.firings++;
      w.view = accumulation === "discarding" ? { count: w.view.count + f.count, sum: w.view.sum + f.sum } : { count: f.count, sum: f.sum };
    }
    w.views.push({ f, view: w.view });
  }
  let trueTotal = 0;
  const list = [...windows.values()].map((w) => {
    const known = w.views.find((v) => same(v.view, w.view)).f;
    known.known = true;
    trueTotal += w.view.sum;
    return { key: w.key, start: w.start, end: w.end, count: w.view.count, sum: w.view.sum, firings: w.firings, updates: w.firings - 1, retractions: w.retractions, knownAt: known.at };
  }).sort((a, b) => a.key - b.key || a.start - b.start);
  return { windows: list, received, trueTotal };
}

const span = (w) => `[${formatDuration(w.start)}, ${formatDuration(w.end)})`;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const total = (v) => num(v, 2);

export class WeirSemantics extends WeirElement {
  static get observedAttributes() { return Object.keys(SPECS).concat("src"); }

  set events(list) { this._events = list; this.requestUpdate(); }
  get events() { return this._stream ?? []; }

  build() {
    upgradeProperty(this, "events");
    const id = nextId("weir-sem");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    const set = (name, fmt) => (v) => this.setAttribute(name, fmt(v));
    this.fields = {
      window: field({ id: `${id}-window`, label: "Window size (tumbling)", unit: "s", min: 1, max: 60, step: 1, value: 10, onchange: set("window", (v) => `${v}s`) }),
      bound: field({ id: `${id}-bound`, label: "Max out-of-orderness", unit: "ms", min: 0, max: 20_000, step: 1, value: 2000, onchange: set("out-of-orderness", (v) => `${v}ms`) }),
      lateness: field({ id: `${id}-lateness`, label: "Allowed lateness", unit: "ms", min: 0, max: 30_000, step: 1, value: 5000, onchange: set("lateness", (v) => `${v}ms`) }),
    };
    const words = { preset: "each preset's own", accumulating: "accumulating", discarding: "discarding", retracting: "retracting" };
    this.accButtons = ACCUMULATIONS.map((a) => h("button", { type: "button", "aria-pressed": "false", "data-accumulation": a, "data-focus-id": `acc-${a}`,
      onclick: () => this.setAttribute("accumulation", a) }, words[a]));
    this.chartBox = h("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": "Firings per preset in processing order, scrolls sideways if narrow", "data-focus-id": "chart" },
      h("div", { class: "chart-inner" }, this.gutter = s("svg", { class: "gutter", "aria-hidden": "true" }),
        this.svg = s("svg", { class: "lanes", role: "group", "aria-labelledby": `${id}-title` })));
    this.legendBox = h("div", {});
    this.details = h("p", { class: "details muted" }, "Tab to a preset's lane and use the arrow keys (or hover) to read each firing; Enter, Space or a click picks its window in every lane and the table.");
    this.cards = h("div", { class: "cards presets" });
    this.tableBox = h("div", {});
    this.fates = h("div", {});
    this.status = h("p", { class: "status muted" });
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", { id: `${id}-title` }, "One stream, six engines' rules"),
      h("p", { class: "muted" }, "The same readings, window, bound and lateness under each preset. Each chip is a firing, at the reading whose arrival caused it; the line under a lane is what a downstream sum has received, the dashed line the true total."),
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element)),
      h("div", { class: "accumulation" }, h("span", { id: `${id}-acc` }, "Accumulation: "),
        h("div", { class: "buttons", role: "group", "aria-labelledby": `${id}-acc` }, ...this.accButtons)),
      this.errorBox, this.chartBox, this.legendBox, this.details, this.cards, this.tableBox,
      h("details", {}, h("summary", {}, "The stream, and each reading's fate per preset"), this.fates),
      this.status,
    );
    this.resizer = new ResizeObserver(() => {
      const w = Math.round(this.chartBox.clientWidth);
      if (this.view && w && Math.abs(w - (this.drawnAvail ?? 0)) > 8) this.render();
    });
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer.observe(this);
  }

  release() { this.resizer?.disconnect(); }

  async update() {
    const c = readConfig(this);
    this.config = c;
    this.fields.window.set(c.window / 1000);
    this.fields.bound.set(c.bound);
    this.fields.lateness.set(c.lateness);
    for (const b of this.accButtons) b.setAttribute("aria-pressed", String(b.dataset.accumulation === c.accumulation));
    const gen = (this._gen = (this._gen ?? 0) + 1);
    const given = Array.isArray(this._events) || this.getAttribute("src");
    const loaded = given || c.scenario === "simulator" ? await loadEvents(this, c.sim) : { events: STREAMS[c.scenario].events(), source: STREAMS[c.scenario].label };
    if (gen !== this._gen || !this.isConnected) return false;
    const events = loaded.events;
    if (events.length > MAX_EVENTS) throw new Error(`${loaded.source}: ${events.length} events; this view draws at most ${MAX_EVENTS}`);
    this._stream = events;
    this.source = loaded.source;
    const t0 = performance.now();
    const presets = RULES.filter((r) => c.presets.includes(r.name)).map((rule) => {
      const config = presetConfig(rule, c);
      const accumulation = c.accumulation === "preset" ? rule.sets.accumulation ?? "accumulating" : c.accumulation;
      const p = { name: rule.name, rule: rule.rule, notEmulated: rule.notEmulated, config, accumulation, mode: rule.sets.mode ?? "watermark" };
      try {
        const run = runPreset(config, events);
        const read = readRows(run.firings, accumulation);
        const kinds = (k) => run.firings.filter((f) => f.firing === k).length;
        return {
          ...p, error: null, firings: run.firings, outcomes: run.outcomes, windows: read.windows,
          results: run.firings.length - kinds("retract"), updates: read.windows.reduce((n, w) => n + w.updates, 0),
          retractions: kinds("retract"), lateDrops: run.sideOutput, received: read.received, trueTotal: read.trueTotal,
        };
      } catch (err) {
        // One preset refusing the design (Flink SQL's INTERVAL 0) leaves the others running.
        return { ...p, error: String(err?.message ?? err), firings: [], outcomes: [], windows: [] };
      }
    });
    this.runMs = performance.now() - t0;
    this.view = { presets, differing: differingWindows(presets) };
    this.render();
    this.emitResult();
    return true;
  }

  render() { keepFocus(this.shadowRoot, () => this.draw(), this.chartBox); }

  draw() {
    this.drawChart();
    this.drawCards();
    this.drawTable();
    this.drawFates();
  }

  /** The lanes: one per preset, on one processing-order axis (the events, then the flush). */
  drawChart() {
    const { presets } = this.view;
    const events = this._stream;
    const n = events.length;
    const avail = Math.max(280, Math.round(this.chartBox.clientWidth) || 760);
    this.drawnAvail = avail;
    const PAD = 8, slots = n + 1;
    const slot = Math.max(26, (avail - 2 * PAD) / slots);
    const W = Math.round(2 * PAD + slot * slots);
    const x = (i) => PAD + slot * (i + 0.5);
    // At phone width a lane's title takes two lines: its rules, then the sums.
    const narrow = avail < 560;
    const CHIP = Math.min(slot - 3, 44), CH = 15, ROW = 18, TITLE = narrow ? 29 : 17, BAND = 22;
    const svg = this.svg;
    svg.replaceChildren(s("title", {}, "Firings per preset in processing order"));
    const titles = [];
    const grid = s("g", { "aria-hidden": "true" });
    // The event row: each reading's event time (s) and value above its column.
    const head = s("g", { class: "events", "aria-hidden": "true" });
    titles.push(s("text", { x: PAD, y: 11, class: "panel-label" }, "arrival order: each reading's event time (s) and value"));
    const fits = (text) => text.length * 6 <= slot - 2;
    events.forEach((e, i) => {
      const t = num(e.time / 1000, 2), v = num(e.value, 1);
      if (fits(t)) head.append(s("text", { x: x(i), y: 27, "text-anchor": "middle", class: "ev-time" }, t));
      if (fits(v)) head.append(s("text", { x: x(i), y: 39, "text-anchor": "middle", class: "ev-value tick" }, v));
    });
    svg.append(grid, head);
    let y = 48;
    const lanes = [];
    const maxReceived = Math.max(1, ...presets.flatMap((p) => [p.trueTotal ?? 0, ...p.firings.map((f) => f.received)]));
    const minReceived = Math.min(0, ...presets.flatMap((p) => [p.trueTotal ?? 0, ...p.firings.map((f) => f.received)]));
    for (const p of presets) {
      const top = y;
      const stack = new Map();
      for (const f of p.firings) {
        f.row = stack.get(f.at) ?? 0;
        stack.set(f.at, f.row + 1);
      }
      const rows = Math.max(1, ...stack.values());
      const chipsTop = top + TITLE;
      const bandTop = chipsTop + rows * ROW + 2;
      const bottom = bandTop + (p.error ? 0 : BAND);
      const rules = `${p.name} · ${p.mode}, ${p.accumulation}`, sums = `received Σ ${total(p.received)}, true total ${total(p.trueTotal)}`;
      const title = p.error ? (narrow ? [`${p.name}: this design is refused`, "(its card below says why)"] : [`${p.name}: ${p.error}`]) : narrow ? [rules, sums] : [`${rules} · ${sums}`];
      title.forEach((line, i) => titles.push(s("text", { x: PAD, y: top + 12 + 12 * i, class: `lane-title${p.error ? " error-text" : ""}`, "data-preset": p.name }, line)));
      grid.append(s("line", { class: "lane-rule", x1: 0, x2: W, y1: top + 0.5, y2: top + 0.5 }));
      const g = s("g", { class: "lane", role: "group", "data-preset": p.name,
        "aria-label": p.error ? `${p.name}: ${p.error}` : `${p.name}: ${plural(p.firings.length, "firing")}, ${plural(p.lateDrops, "late drop")}; arrow keys move between the firings, Enter picks a window` });
      // Late drops: a cross at the reading the preset sent to its side output.
      p.outcomes.forEach((o, i) => {
        if (o !== "side-output") return;
        const cx = x(i), cy = chipsTop + CH / 2;
        g.append(s("path", { class: "drop", "aria-hidden": "true", "data-index": i, d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}` }));
      });
      const nodes = p.firings.map((f, k) => {
        const cx = x(f.at), cy = chipsTop + f.row * ROW;
        const label = `${f.firing === "retract" ? "−" : ""}${num(f.sum, 1)}`;
        const node = s("g", {
          class: `firing ${f.firing}${f.known ? " known" : ""}${wid(f) === this.selected ? " sel" : ""}`, role: "button",
          "data-focus-id": `${p.name}-${k}`, "data-window": wid(f), "data-kind": f.firing, "data-at": f.at, "data-sum": f.sum, "data-count": f.count,
          "aria-pressed": String(wid(f) === this.selected), "aria-label": this.firingLabel(p, f),
        });
        node.append(s("rect", { x: cx - CHIP / 2, y: cy, width: CHIP, height: CH, rx: 3 }));
        // The strike goes under the total, which stays legible over it.
        if (f.firing === "retract") node.append(s("line", { class: "strike", x1: cx - CHIP / 2 + 2, x2: cx + CHIP / 2 - 2, y1: cy + CH - 2, y2: cy + 2 }));
        if (label.length * 5.6 <= CHIP - 2) node.append(s("text", { x: cx, y: cy + 11, "text-anchor": "middle" }, label));
        const pick = () => this.pick(wid(f));
        node.addEventListener("click", pick);
        node.addEventListener("keydown", (ev) => {
          if (ev.key !== "Enter" && ev.key !== " ") return;
          ev.preventDefault();
          pick();
        });
        g.append(node);
        return node;
      });
      // What a downstream sum has received, step by step, against the true total.
      if (!p.error) {
        const yb = (v) => bandTop + BAND - 4 - ((v - minReceived) / (maxReceived - minReceived || 1)) * (BAND - 8);
        let d = `M${PAD},${yb(0)}`;
        for (const f of p.firings) d += `H${x(f.at)}V${yb(f.received)}`;
        d += `H${W - PAD}`;
        g.append(s("line", { class: "true-total", "aria-hidden": "true", x1: PAD, x2: W - PAD, y1: yb(p.trueTotal), y2: yb(p.trueTotal) }),
          s("path", { class: `received${same({ count: 0, sum: p.received }, { count: 0, sum: p.trueTotal }) ? "" : " over"}`, "aria-hidden": "true", d }));
      }
      svg.append(g);
      if (nodes.length) {
        roving(nodes, {
          start: Math.max(0, p.firings.findIndex((f) => wid(f) === this.selected)),
          onfocus: (k) => {
            svg.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
            nodes[k].classList.add("lit");
            this.details.textContent = this.firingWords(p, p.firings[k]);
          },
        });
      }
      lanes.push(g);
      y = bottom + 8;
    }
    // The axis: the reading's index in arrival order, then the flush.
    const axisY = y;
    svg.append(s("line", { class: "axis", x1: PAD, x2: W - PAD, y1: axisY, y2: axisY }));
    const every = Math.max(1, Math.ceil(24 / slot));
    for (let i = 0; i < slots; i++) {
      grid.append(s("line", { class: "grid slot", x1: x(i), x2: x(i), y1: 44, y2: axisY }));
      if (i === n || i % every === 0) svg.append(s("text", { class: "tick", x: x(i), y: axisY + 13, "text-anchor": "middle", "aria-hidden": "true" }, i === n ? "end" : `#${i}`));
    }
    // At phone width the axis's title takes two lines, or it would run past the chart's edge.
    const axisTitle = narrow ? ["processing order: the reading whose arrival", "caused the firing (end: the flush)"]
      : ["processing order: the reading whose arrival caused the firing (end: the flush)"];
    const axisLabel = s("text", { class: "axis-label", x: PAD, y: axisY + 28, "aria-hidden": "true" });
    axisLabel.append(...axisTitle.map((line, i) => s("tspan", { x: PAD, dy: i ? 12 : 0 }, line)));
    svg.append(axisLabel);
    const H = axisY + 34 + (axisTitle.length - 1) * 12;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.style.width = `${W}px`;
    this.gutter.setAttribute("viewBox", `0 0 ${avail} ${H}`);
    this.gutter.style.width = `${avail}px`;
    this.gutter.style.height = `${H}px`;
    this.gutter.replaceChildren(...titles);
    this.drawnWidth = W;
    this.legendBox.replaceChildren(legend("Key to the lanes", [
      ...["early", "on-time", "late", "final", "retract"].map((k) => [KIND_WORDS[k], (g) => {
        g.append(s("rect", { class: `firing-key ${k}`, x: 1, y: 1, width: 20, height: 12, rx: 3 }));
        if (k === "retract") g.append(s("line", { class: "strike", x1: 3, x2: 19, y1: 12, y2: 2 }));
      }]),
      ["final answer first known", (g) => g.append(s("rect", { class: "firing-key known", x: 1, y: 1, width: 20, height: 12, rx: 3 }))],
      ["late drop (side output)", (g) => g.append(s("path", { class: "drop", d: "M7,3L15,11M7,11L15,3" }))],
      ["sum downstream received", (g) => g.append(s("path", { class: "received over", d: "M1,11H8V5H21" }))],
      ["true total", (g) => g.append(s("line", { class: "true-total", x1: 1, x2: 21, y1: 7, y2: 7 }))],
    ]));
  }

  /** A firing in words: preset, window, kind, totals, and when. */
  firingLabel(p, f) {
    const e = this._stream[f.at];
    const when = e ? `after reading #${f.at} (time ${formatDuration(e.time)})` : "at the end of the stream";
    const what = f.firing === "retract" ? `retraction of sum ${num(f.sum, 2)} (${plural(f.count, "reading")})` : `${KIND_WORDS[f.firing]}, sum ${num(f.sum, 2)} (${plural(f.count, "reading")})`;
    return `${p.name}, window ${span(f)}${this.keys > 1 ? ` of key ${f.key}` : ""}: ${what}, ${when}${f.known ? "; final answer known" : ""}`;
  }

  firingWords(p, f) {
    return `${this.firingLabel(p, f)}. Downstream has received Σ ${total(f.received)} so far (true total ${total(p.trueTotal)}).`;
  }

  /** Picks a window: its firings light up in every lane and its row in the table. */
  pick(w) {
    this.selected = this.selected === w ? null : w;
    this.render();
    const row = this.view.differing.all.find((r) => r.id === w);
    if (row && this.selected) this.live.textContent = this.rowWords(row);
  }

  rowWords(row) {
    return `Window ${span(row)}${this.keys > 1 ? ` of key ${row.key}` : ""}: ` + row.cells.map(({ name, w }) =>
      (w ? `${name} ${total(w.sum)} (${plural(w.firings, "firing")})` : `${name} none`)).join("; ") + (row.differs ? "; the presets differ" : "; the presets agree");
  }

  drawCards() {
    this.cards.replaceChildren(...this.view.presets.map((p) => h("section", { class: "panel preset", "data-preset": p.name, "aria-label": p.name },
      h("h4", {}, p.name, h("span", { class: "muted" }, ` · ${p.mode}, ${p.accumulation}${this.config.accumulation === "preset" ? "" : " (chosen)"}`)),
      h("p", { class: "rule" }, p.rule),
      p.error ? h("p", { class: "error" }, p.error) : h("p", { class: "counts", "data-results": p.results, "data-updates": p.updates, "data-retractions": p.retractions, "data-drops": p.lateDrops },
        `${plural(p.results, "result")}, ${plural(p.updates, "update")}, ${plural(p.retractions, "retraction")}, ${plural(p.lateDrops, "late drop")}`),
      p.error ? null : h("p", { class: `sums${same({ count: 0, sum: p.received }, { count: 0, sum: p.trueTotal }) ? "" : " over"}`, "data-received": p.received, "data-true": p.trueTotal },
        "Downstream received ", h("strong", {}, `Σ ${total(p.received)}`), `; true total ${total(p.trueTotal)}`,
        same({ count: 0, sum: p.received }, { count: 0, sum: p.trueTotal }) ? "" : ` (${total(p.received - p.trueTotal)} counted more than once)`),
      p.notEmulated ? h("p", { class: "note" }, `Not emulated: ${p.notEmulated}.`) : null)));
  }

  drawTable() {
    const { presets, differing } = this.view;
    const ok = presets.filter((p) => !p.error);
    const rows = differing.all.map((row) => h("tr", {
      class: `${row.differs ? "highlight differs" : ""}${row.id === this.selected ? " selected" : ""}`, "data-window": row.id, "data-differs": String(row.differs),
    }, h("th", { scope: "row" }, `${span(row)}${this.keys > 1 ? ` key ${row.key}` : ""}`),
    ...row.cells.map(({ name, w }) => h("td", w ? { "data-preset": name, "data-sum": w.sum, "data-count": w.count, "data-firings": w.firings, "data-known": w.knownAt } : { "data-preset": name },
      w ? `${total(w.sum)} (${w.count})` : "–", w ? h("span", { class: "cell-note" }, `${plural(w.firings, "firing")}, known ${w.knownAt === this._stream.length ? "at the end" : `at #${w.knownAt}`}`) : null)),
    h("td", {}, row.differs ? "differs" : "same")));
    this.tableBox.replaceChildren(h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Each window's final answer per preset" },
      h("table", { class: "answers" },
        h("caption", {}, "Each window's final answer (sum, readings), how many firings it took and when it was first known; rows where the presets differ are highlighted"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "window"), ...ok.map((p) => h("th", { scope: "col" }, p.name)), h("th", { scope: "col" }, "presets"))),
        h("tbody", {}, ...rows),
        h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "received / true"),
          ...ok.map((p) => h("td", {}, `${total(p.received)} / ${total(p.trueTotal)}`)), h("td", {}, ""))))));
  }

  drawFates() {
    const ok = this.view.presets.filter((p) => !p.error);
    this.fates.replaceChildren(h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Each reading's fate per preset" },
      h("table", { class: "fates" },
        h("thead", {}, h("tr", {}, ...["#", "key", "time", "value"].map((t) => h("th", { scope: "col" }, t)), ...ok.map((p) => h("th", { scope: "col" }, p.name)))),
        h("tbody", {}, ...this._stream.map((e, i) => h("tr", { "data-index": i },
          h("th", { scope: "row" }, `#${i}`), h("td", {}, String(e.key)), h("td", {}, formatDuration(e.time)), h("td", {}, num(e.value, 2)),
          ...ok.map((p) => h("td", { class: p.outcomes[i] === "side-output" ? "dropped" : "" }, fateWords(p.outcomes[i])))))))));
  }

  get keys() { return new Set(this._stream.map((e) => e.key)).size; }

  emitResult() {
    const c = this.config;
    const { presets, differing } = this.view;
    this.status.textContent = `${this._stream.length} events, ${this.source}; tumbling ${formatDuration(c.window)} windows, bound ${formatDuration(c.bound)}, ` +
      `allowed lateness ${formatDuration(c.lateness)}; ${plural(presets.length, "preset")} run in ${num(this.runMs, 1)} ms.`;
    const strip = ({ row, ...f }) => f;
    this.publish({
      events: this._stream.length, source: this.source, window: c.window, bound: c.bound, lateness: c.lateness, accumulation: c.accumulation,
      presets: presets.map((p) => ({ ...p, firings: p.firings.map(strip), windows: p.windows.map((w) => ({ ...w })), outcomes: [...p.outcomes] })),
      differing: differing.all.filter((r) => r.differs).map((r) => r.id), runMs: this.runMs,
    }, `${plural(differing.all.filter((r) => r.differs).length, "window")} of ${differing.all.length} differ between the presets. ` +
      presets.filter((p) => !p.error).map((p) => `${p.name}: downstream received ${total(p.received)}, true total ${total(p.trueTotal)}`).join("; ") + ".");
  }
}

/** Every window any preset fired, with each preset's answer; a row differs when a final answer or the number of firings does. */
function differingWindows(presets) {
  const ok = presets.filter((p) => !p.error);
  const ids = new Map();
  for (const p of ok) for (const w of p.windows) ids.set(wid(w), w);
  const all = [...ids.values()].sort((a, b) => a.start - b.start || a.key - b.key).map((w) => {
    const cells = ok.map((p) => ({ name: p.name, w: p.windows.find((x) => wid(x) === wid(w)) ?? null }));
    const first = cells[0]?.w;
    const differs = cells.some(({ w: x }) => !x !== !first || (x && (!same(x, first) || x.firings !== first.firings)));
    return { id: wid(w), key: w.key, start: w.start, end: w.end, cells, differs };
  });
  return { all };
}

const STYLE = `
.accumulation { display: flex; flex-wrap: wrap; align-items: center; gap: .2em .6em; margin: .2em 0 .5em; }
.scroll-x { overflow-x: auto; max-width: 100%; }
.panel-label, .axis-label { fill: var(--_muted); font-size: 10.5px; }
.lane-title { fill: var(--_fg); font-weight: 600; font-size: 11px; }
.lane-title.error-text { fill: var(--_late); }
.lane-rule { stroke: var(--_rule); }
.grid.slot { stroke: var(--_rule); stroke-dasharray: 1 4; }
.ev-time { fill: var(--_fg); font-size: 10px; }
.ev-value { font-size: 9.5px; }
.firing { cursor: pointer; }
.firing rect, .firing-key { stroke-width: 1.5; }
.firing text { font-size: 10px; font-weight: 600; pointer-events: none; }
.firing.early rect, .firing-key.early { fill: var(--_bg); stroke: var(--_accent); stroke-dasharray: 3 2; }
.firing.early text { fill: var(--_accent); }
.firing.on-time rect, .firing-key.on-time { fill: var(--_accent); stroke: var(--_accent); }
.firing.late rect, .firing-key.late { fill: var(--_late); stroke: var(--_late); }
.firing.final rect, .firing-key.final { fill: var(--_ok); stroke: var(--_ok); }
:is(.firing.on-time, .firing.late, .firing.final) text { fill: var(--_bg); }
.firing.retract rect, .firing-key.retract { fill: var(--_bg); stroke: var(--_warn); stroke-dasharray: 2 2; }
.firing.retract text { fill: var(--_warn); paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; }
.strike { stroke: var(--_warn); stroke-width: 1.2; }
.firing.known rect, .firing-key.known { stroke: var(--_fg); stroke-width: 2.5; }
.firing-key.known { fill: var(--_panel); }
.firing.sel rect { stroke: var(--_wm); stroke-width: 3; stroke-dasharray: none; }
.firing.lit rect, .firing:hover rect { filter: drop-shadow(0 0 2px var(--_fg)); }
.drop { stroke: var(--_late); stroke-width: 2; fill: none; }
.received { fill: none; stroke: var(--_ok); stroke-width: 1.8; }
.received.over { stroke: var(--_late); }
.true-total { stroke: var(--_fg); stroke-width: 1; stroke-dasharray: 4 3; }
.cards.presets { margin: .6em 0; grid-template-columns: 1fr; }
@container (min-width: 520px) { .cards.presets { grid-template-columns: 1fr 1fr; } }
@container (min-width: 900px) { .cards.presets { grid-template-columns: 1fr 1fr 1fr; } }
.preset h4 { margin: 0 0 .2em; }
.preset .rule { font-size: .9em; }
.preset .sums.over strong { color: var(--_late); }
table.answers td .cell-note { display: block; font-size: .85em; white-space: nowrap; }
table.answers tr.selected th { outline: 2px solid var(--_wm); outline-offset: -2px; }
table.fates td.dropped { color: var(--_late); font-weight: 600; }
table :is(th, td) { white-space: nowrap; }
:host([data-state="error"]) :is(.scroll-x, .cards, .details, .status, details) { opacity: .4; }
`;
