// <weir-watermark-price>: what a watermark costs. One stream and one
// tumbling window run through the engine once per value of the
// out-of-orderness bound, and once per value of the allowed lateness; three
// curves against each: completeness, result latency and the engine's own
// measured state. A latency budget and a completeness target (the chapter's
// "specify latency requirements numerically") pick the smallest bound that
// meets both. Clicking a point chooses that setting, here and in the element
// named by `for` (by setting its attributes: no shared global).
import { StreamEngine, formatBytes } from "../weir.js";
import { WeirElement, field, h, keepFocus, legend, nextId, niceTicks, roving, s, upgradeProperty } from "./base.js";
import { count, duration, number, readAttrs, share, text } from "./attrs.js";
import { loadEvents } from "./stream.js";
import { formatDuration, num } from "./units.js";

const SPECS = {
  window: duration(10_000, { min: 1000, max: 60_000 }),
  // The chosen setting, with the ranges <weir-event-time> accepts, so that a chosen point is valid there.
  "out-of-orderness": duration(2_000, { max: 20_000 }),
  lateness: duration(0, { max: 30_000 }),
  "bound-min": duration(0, { max: 20_000 }),
  "bound-max": duration(10_000, { max: 20_000 }),
  "lateness-min": duration(0, { max: 30_000 }),
  "lateness-max": duration(10_000, { max: 30_000 }),
  steps: count(20, { min: 1, max: 100 }),
  "latency-budget": duration(5_000, { max: 60_000 }),
  "completeness-target": share(0.95, { min: 0.5, max: 1 }),
  for: text(null),
  // The stream: the simulator with <weir-event-time>'s defaults, so that both show the same readings.
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
  const order = [["bound-min", "bound-max"], ["lateness-min", "lateness-max"], ["late-min", "late-max"]];
  const bad = order.filter(([lo, hi]) => (lo === "late-min" ? a[lo] > a[hi] : a[lo] >= a[hi]))
    .map(([lo, hi]) => `${lo}="${el.getAttribute(lo) ?? formatDuration(SPECS[lo].def)}" is not less than ${hi}="${el.getAttribute(hi) ?? formatDuration(SPECS[hi].def)}"`);
  if (bad.length) throw new Error(bad.join("; "));
  return {
    window: a.window, bound: a["out-of-orderness"], lateness: a.lateness, steps: a.steps,
    boundRange: [a["bound-min"], a["bound-max"]], latenessRange: [a["lateness-min"], a["lateness-max"]],
    budget: a["latency-budget"], target: a["completeness-target"], for: a.for,
    sim: {
      seed: a.seed, sensors: a.sensors, rateHz: a.rate, durationMs: a.duration, delayBaseMs: a["delay-base"],
      delaySpreadMs: a["delay-spread"], lateFraction: a["late-share"], lateMinMs: a["late-min"], lateMaxMs: a["late-max"],
    },
  };
}

/** `steps` + 1 whole-ms values from lo to hi, plus `chosen`, sorted, no repeats. */
function grid([lo, hi], steps, chosen) {
  const v = Array.from({ length: steps + 1 }, (_, i) => Math.round(lo + ((hi - lo) * i) / steps));
  return [...new Set([...v, chosen])].sort((a, b) => a - b);
}

/** The nearest-rank quantile `p` of `xs` (sorted ascending); null when empty. */
const rank = (xs, p) => (xs.length ? xs[Math.max(0, Math.ceil(p * xs.length) - 1)] : null);

/**
 * One run of the engine over `events` with this bound and lateness. Latency
 * of an on-time result: the largest event time pushed when it fired, minus
 * its window's end (event time, so a CSV without arrivals works too);
 * windows that fire only at the end of the input are left out of it.
 */
function measure(events, size, bound, lateness) {
  const engine = new StreamEngine({ window: { type: "tumbling", size }, watermark: { maxOutOfOrderness: bound }, allowedLateness: lateness });
  try {
    let maxTime = -Infinity, peak = 0, w = engine.watermark, onTime = 0, lateFirings = 0, atEnd = 0;
    const latencies = [], last = new Map();
    const take = (ended) => {
      for (const r of engine.drain()) {
        last.set(`${r.key}:${r.start}`, r.count);
        if (r.firing !== "on-time") { lateFirings++; continue; }
        onTime += r.count;
        if (ended) atEnd++;
        else latencies.push(maxTime - r.end);
      }
    };
    for (const e of events) {
      engine.push({ key: e.key, time: e.time, value: e.value });
      if (e.time > maxTime) maxTime = e.time;
      const b = engine.stateBytes;
      if (b > peak) peak = b;
      // On-time results fire only when the watermark rises; late ones may wait in the engine until then.
      if (engine.watermark !== w) {
        w = engine.watermark;
        take(false);
      }
    }
    take(false);
    engine.flush();
    take(true);
    const st = engine.stats();
    latencies.sort((a, b) => a - b);
    let final = 0;
    for (const c of last.values()) final += c;
    const n = events.length || 1;
    return {
      bound, lateness, onTime: onTime / n, final: final / n, onTimeEvents: onTime, finalEvents: final,
      latencyMedian: rank(latencies, 0.5), latencyP99: rank(latencies, 0.99), latencyWindows: latencies.length,
      windowsAtEnd: atEnd, lateFirings, sideOutput: st.sideOutput, peakStateBytes: peak,
    };
  } finally {
    engine.free();
  }
}

const pct = (f) => `${num(f * 100, 1)} %`;
const secs = (ms) => (ms === null ? "–" : `${num(ms / 1000, 2)} s`);
const bytes = (b) => formatBytes(b);
const FOCUS_HINT = "Tab to a chart, then use the arrow keys (or hover) to read each setting; Enter, Space or a click chooses it.";

/**
 * How many of panel `p`'s curve points and segments (a dot is 3 px around
 * its point) pass through the box [xa, xb] x [ya, yb] of the chart: where a
 * limit's words would be hard to read.
 */
function curveHits(runs, kind, p, x, y, xa, xb, ya, yb) {
  let n = 0;
  for (const [field] of p.lines) {
    const pts = runs.filter((r) => r[field] !== null).map((r) => [x(r[kind]), y(r[field])]);
    pts.forEach(([px, py], j) => {
      if (px >= xa - 3 && px <= xb + 3 && py >= ya - 3 && py <= yb + 3) n++;
      const next = pts[j + 1];
      if (!next || next[0] < xa || px > xb || next[0] === px) return;
      // The segment's y where it enters and leaves the box's columns.
      const at = (cx) => py + ((next[1] - py) * (Math.min(Math.max(cx, px), next[0]) - px)) / (next[0] - px);
      const lo = Math.min(at(xa), at(xb)), hi = Math.max(at(xa), at(xb));
      if (lo <= yb && hi >= ya) n++;
    });
  }
  return n;
}

export class WeirWatermarkPrice extends WeirElement {
  static get observedAttributes() { return Object.keys(SPECS).concat("src"); }

  set events(list) { this._events = list; this.requestUpdate(); }
  get events() { return this._stream ?? []; }

  build() {
    upgradeProperty(this, "events");
    const id = nextId("weir-wp");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.fields = {
      budget: field({ id: `${id}-budget`, label: "Latency budget (p99)", unit: "s", min: 0, max: 60, step: 0.1, value: 5,
        onchange: (v) => this.setAttribute("latency-budget", `${v}s`) }),
      target: field({ id: `${id}-target`, label: "Completeness target", unit: "%", min: 50, max: 100, step: 0.1, value: 95,
        onchange: (v) => this.setAttribute("completeness-target", `${v}%`) }),
    };
    this.verdict = h("p", { class: "verdict", "data-focus-id": "verdict" });
    this.status = h("p", { class: "status muted" });
    this.details = h("p", { class: "details muted" }, FOCUS_HINT);
    this.charts = h("div", { class: "columns" });
    this.tables = h("div", {});
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", { id: `${id}-title` }, "The watermark's price"),
      h("p", { class: "advice" }, h("strong", {}, "Specify latency requirements numerically: "),
        "say how soon after a window ends its result must be out (for 99 % of windows) and how many readings it must count. " +
        "Then the curves below say which bound meets both, and what the rest costs."),
      h("div", { class: "controls" }, ...Object.values(this.fields).map((f) => f.element)),
      this.errorBox, this.verdict, this.charts, this.details, this.status,
      h("p", { class: "note" }, "Completeness: the share of the stream's events counted in on-time results (solid), and in each window's ",
        "last result, late updates included (dashed). Latency: for each window that fired on time before the input ended, the largest ",
        "event time seen when it fired minus the window's end (event time), median (solid) and p99 (dashed) by nearest rank. ",
        "State: the engine's own stateBytes, the peak over the run (windows held, and the memory of late drops)."),
      h("details", {}, h("summary", {}, "The numbers, setting by setting"), this.tables),
    );
    this.resizer = new ResizeObserver(() => {
      const w = Math.round(this.charts.clientWidth);
      if (this.view && w && Math.abs(w - (this.drawnWidth ?? 0)) > 8) this.render();
    });
    this.cache = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer.observe(this);
    // The bound element's own controls move this widget's marks: it announces changes with `change`.
    this.follow = (ev) => { if (ev.target === this.target()) this.adoptFromTarget(); };
    this.getRootNode().addEventListener?.("change", this.follow);
  }

  release() {
    this.resizer?.disconnect();
    if (this.follow) this.getRootNode().removeEventListener?.("change", this.follow);
  }

  /** The element named by `for` (in this element's document or shadow root), or null. */
  target() {
    const name = this.getAttribute("for");
    if (!name) return null;
    const root = this.getRootNode();
    return root.getElementById?.(name) ?? null;
  }

  /** Takes the bound element's bound and lateness when it states them. */
  adoptFromTarget() {
    const t = this.target();
    if (!t || !this.config) return;
    for (const name of ["out-of-orderness", "lateness"]) {
      const raw = t.getAttribute(name);
      if (raw === null) continue;
      const r = SPECS[name].read(raw);
      const mine = name === "lateness" ? this.config.lateness : this.config.bound;
      if (!r.error && r.value !== mine) this.setAttribute(name, `${r.value}ms`);
    }
  }

  /** Chooses a setting: here, and in the `for` element (bound and lateness both, so it runs this design). */
  choose(kind, value) {
    const name = kind === "bound" ? "out-of-orderness" : "lateness";
    this.setAttribute(name, `${value}ms`);
    const t = this.target();
    if (t) {
      t.setAttribute("out-of-orderness", `${kind === "bound" ? value : this.config.bound}ms`);
      t.setAttribute("lateness", `${kind === "lateness" ? value : this.config.lateness}ms`);
    }
  }

  async update() {
    const c = readConfig(this);
    this.config = c;
    this.fields.budget.set(c.budget / 1000);
    this.fields.target.set(+(c.target * 100).toFixed(4));
    const gen = (this._gen = (this._gen ?? 0) + 1);
    const loaded = await loadEvents(this, c.sim);
    if (gen !== this._gen || !this.isConnected) return false;
    // The runs are kept per stream and window: choosing a point re-runs only the other series.
    const simulated = !this._events && !this.getAttribute("src");
    const sig = `${simulated ? JSON.stringify(c.sim) : "given"}|${c.window}`;
    // A new map, not clear(): an older update still running fills its own map, never this one.
    if (sig !== this.sig || (!simulated && loaded.events !== this._stream) || this.cache.size > 5000) {
      this.sig = sig;
      this.cache = new Map();
    }
    const cache = this.cache;
    this._stream = loaded.events;
    this.source = loaded.source;
    const bounds = grid(c.boundRange, c.steps, c.bound);
    const latenesses = grid(c.latenessRange, c.steps, c.lateness);
    let ms = 0, fresh = 0, slice = performance.now();
    const run = async (b, l) => {
      const key = `${b}|${l}`;
      if (!cache.has(key)) {
        const t0 = performance.now();
        cache.set(key, measure(loaded.events, c.window, b, l));
        ms += performance.now() - t0;
        fresh++;
        // A long stream: the page gets a frame now and then.
        if (performance.now() - slice > 40) {
          await new Promise((ok) => setTimeout(ok));
          slice = performance.now();
        }
      }
      return cache.get(key);
    };
    const boundRuns = [], latenessRuns = [];
    for (const b of bounds) {
      boundRuns.push(await run(b, c.lateness));
      if (gen !== this._gen) return false;
    }
    for (const l of latenesses) {
      latenessRuns.push(await run(c.bound, l));
      if (gen !== this._gen) return false;
    }
    if (!this.isConnected) return false;
    if (fresh) this.runMs = ms;
    this.view = { bound: boundRuns, lateness: latenessRuns };
    this.render();
    this.emitResult(fresh);
    // A `for` element that states its own design from the start: its setting is the chosen one.
    this.adoptFromTarget();
    return true;
  }

  /** The smallest bound meeting the target within the budget, and the smallest lateness reaching it after updates. */
  answers() {
    const c = this.config;
    const { bound, lateness } = this.view;
    const meets = (r) => r.onTime >= c.target - 1e-12;
    const inBudget = (r) => r.latencyP99 !== null && r.latencyP99 <= c.budget;
    return {
      bound: bound.find((r) => meets(r) && inBudget(r)) ?? null,
      reaching: bound.find(meets) ?? null,
      bestInBudget: bound.filter(inBudget).reduce((a, r) => (!a || r.onTime > a.onTime ? r : a), null),
      lateness: lateness.find((r) => r.final >= c.target - 1e-12) ?? null,
    };
  }

  render() {
    keepFocus(this.shadowRoot, () => this.draw(), this.charts);
  }

  draw() {
    const c = this.config;
    const { bound, lateness } = this.view;
    const a = this.answers();
    this.renderVerdict(a);
    const all = [...bound, ...lateness];
    const lowest = Math.min(...all.map((r) => Math.min(r.onTime, r.final)));
    const scales = {
      completeness: [Math.max(0, Math.floor(Math.min(lowest, c.target) * 20 - 1e-9) / 20), 1],
      latency: [0, Math.max(1000, c.budget, ...all.map((r) => r.latencyP99 ?? 0))],
      state: [0, Math.max(1, ...all.map((r) => r.peakStateBytes))],
    };
    const avail = Math.max(260, Math.round(this.charts.clientWidth) || 720);
    this.drawnWidth = avail;
    const twoUp = avail >= 640;
    const W = twoUp ? Math.floor((avail - 16) / 2) : avail;
    this.charts.classList.toggle("two-up", twoUp);
    this.charts.replaceChildren(
      this.column("bound", bound, W, scales, a.bound, `Vary the out-of-orderness bound (allowed lateness ${formatDuration(c.lateness)})`, c.bound),
      this.column("lateness", lateness, W, scales, a.bound ? null : a.lateness, `Vary the allowed lateness (bound ${formatDuration(c.bound)})`, c.lateness),
    );
    this.renderTables();
  }

  renderVerdict(a) {
    const c = this.config;
    const want = `${pct(c.target)} of the events on time with p99 latency within ${formatDuration(c.budget)}`;
    const use = (r) => h("button", { type: "button", class: "use", "data-focus-id": "use", onclick: () => this.choose("bound", r.bound) },
      `Use bound ${formatDuration(r.bound)}`);
    const parts = [];
    if (a.bound) {
      parts.push(h("strong", {}, `Smallest bound meeting ${want}: ${formatDuration(a.bound.bound)}`),
        ` (${pct(a.bound.onTime)} on time, p99 ${secs(a.bound.latencyP99)}). `, use(a.bound));
    } else {
      parts.push(h("strong", {}, `No bound from ${formatDuration(c.boundRange[0])} to ${formatDuration(c.boundRange[1])} meets ${want}.`), " ");
      if (a.reaching) parts.push(`The smallest reaching ${pct(c.target)} is ${formatDuration(a.reaching.bound)}, with p99 ${secs(a.reaching.latencyP99)}. `);
      if (a.bestInBudget) parts.push(`Within the budget, ${formatDuration(a.bestInBudget.bound)} counts the most on time: ${pct(a.bestInBudget.onTime)}. `);
    }
    // Lateness is the other route when no bound meets both: correct the on-time results later.
    if (!a.bound && a.lateness) {
      parts.push(`With bound ${formatDuration(c.bound)}, allowed lateness ${formatDuration(a.lateness.lateness)} brings the results to ${pct(a.lateness.final)} after late updates (on time: ${pct(a.lateness.onTime)}).`);
    }
    this.verdict.replaceChildren(...parts);
    this.verdict.dataset.bound = a.bound ? String(a.bound.bound) : "none";
    this.verdict.dataset.lateness = a.lateness ? String(a.lateness.lateness) : "none";
  }

  /** One column: three panels against one setting (`kind`), its points focusable and clickable. */
  column(kind, runs, W, scales, answer, title, chosen) {
    const c = this.config;
    const LEFT = 54, RIGHT = 14, PANEL = 96, GAP = 30, TOP = 34;
    const xs = runs.map((r) => r[kind]);
    const [x0, x1] = kind === "bound" ? c.boundRange : c.latenessRange;
    const lo = Math.min(x0, ...xs), hi = Math.max(x1, ...xs);
    const x = (v) => LEFT + ((v - lo) / (hi - lo)) * (W - LEFT - RIGHT);
    const panels = [
      { name: "completeness", label: "completeness", lines: [["onTime", "solid"], ["final", "dashed"]], fmt: pct, scale: scales.completeness, line: c.target, lineLabel: `target ${pct(c.target)}` },
      { name: "latency", label: "latency (event time)", lines: [["latencyMedian", "solid"], ["latencyP99", "dashed"]], fmt: secs, scale: scales.latency, line: c.budget, lineLabel: `budget ${formatDuration(c.budget)}` },
      { name: "state", label: "peak state", lines: [["peakStateBytes", "solid"]], fmt: bytes, scale: scales.state },
    ];
    const bottom = TOP + panels.length * (PANEL + GAP) - GAP;
    const titleId = `${this.ids}-${kind}-title`;
    const svg = s("svg", { class: `sweep ${kind}`, role: "group", "aria-labelledby": titleId, viewBox: `0 0 ${W} ${bottom + 34}`, "data-kind": kind });
    svg.style.maxWidth = `${W}px`;
    svg.append(s("title", {}, title));
    // A target's or budget's words go on last (over the curves and points), on the side of its line the curves leave free.
    const limitLabels = [];
    panels.forEach((p, i) => {
      const top = TOP + i * (PANEL + GAP);
      const [y0, y1] = p.scale;
      const y = (v) => top + PANEL - ((v - y0) / (y1 - y0 || 1)) * PANEL;
      p.y = y;
      const g = s("g", { class: `panel ${p.name}`, "aria-hidden": "true" });
      g.append(s("text", { x: LEFT, y: top - 6, class: "panel-label" }, p.label));
      const ticks = niceTicks(y0, y1, 3);
      for (const t of ticks) {
        g.append(s("line", { class: "grid", x1: LEFT, x2: W - RIGHT, y1: y(t), y2: y(t) }),
          s("text", { class: "tick", x: LEFT - 4, y: y(t) + 3.5, "text-anchor": "end" }, p.name === "state" ? bytes(t) : p.name === "latency" ? `${num(t / 1000, 1)} s` : `${num(t * 100, 0)}%`));
      }
      if (p.line !== undefined && p.line >= y0 && p.line <= y1) {
        g.append(s("line", { class: `limit ${p.name}`, x1: LEFT, x2: W - RIGHT, y1: y(p.line), y2: y(p.line) }));
        const yl = y(p.line);
        // Above the line unless the curves run through there (or the panel's top is too near: a target of 99 %).
        const hits = (y0b, y1b) => curveHits(runs, kind, p, x, y, W - RIGHT - p.lineLabel.length * 6 - 4, W - RIGHT + 4, y0b, y1b);
        const above = yl - top < 14 ? Infinity : hits(yl - 13, yl - 1), below = yl + 13 > top + PANEL ? Infinity : hits(yl + 1, yl + 13);
        limitLabels.push(s("text", { class: "limit-label", x: W - RIGHT, y: below < above ? yl + 11 : yl - 3, "text-anchor": "end", "aria-hidden": "true", "data-panel": p.name }, p.lineLabel));
      }
      for (const [field, dash] of p.lines) {
        const pts = runs.filter((r) => r[field] !== null).map((r) => `${x(r[kind]).toFixed(1)},${y(r[field]).toFixed(1)}`);
        if (pts.length) g.append(s("polyline", { class: `curve ${dash}`, points: pts.join(" "), "data-series": field }));
      }
      g.append(s("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: top + PANEL, y2: top + PANEL }));
      svg.append(g);
    });
    // The chosen setting: a line through the three panels.
    const cx = x(chosen);
    const marker = s("line", { class: "chosen", x1: cx, x2: cx, y1: TOP - 4, y2: bottom, "data-value": chosen, "aria-hidden": "true" });
    // A new choice slides the line over from the old one, unless the reader asked for less motion.
    const before = this.drawnChosen?.[kind];
    this.drawnChosen = { ...this.drawnChosen, [kind]: { value: chosen, x: cx } };
    if (before && before.value !== chosen && !matchMedia("(prefers-reduced-motion: reduce)").matches) {
      marker.animate?.([{ transform: `translateX(${before.x - cx}px)` }, { transform: "none" }], { duration: 250, easing: "ease-out" });
    }
    svg.append(marker,
      s("text", { class: "chosen-label", x: Math.min(Math.max(cx, LEFT + 40), W - RIGHT - 40), y: 10, "text-anchor": "middle", "aria-hidden": "true" }, `chosen ${formatDuration(chosen)}`));
    // The x axis.
    const axisY = bottom + 12;
    for (const t of niceTicks(lo / 1000, hi / 1000, Math.max(2, Math.floor((W - LEFT) / 60)))) {
      svg.append(s("text", { class: "tick", x: x(t * 1000), y: axisY, "text-anchor": "middle", "aria-hidden": "true" }, `${num(t, 2)} s`));
    }
    svg.append(s("text", { class: "axis-label", x: LEFT + (W - LEFT - RIGHT) / 2, y: axisY + 16, "text-anchor": "middle", "aria-hidden": "true" },
      kind === "bound" ? "max out-of-orderness (bound)" : "allowed lateness"));
    // One focusable group per setting: a column over the three panels and its dots.
    const step = runs.length > 1 ? (W - LEFT - RIGHT) / (runs.length - 1) : 20;
    const nodes = runs.map((r) => {
      const v = r[kind];
      const isChosen = v === chosen, isAnswer = answer && answer[kind] === v;
      const g = s("g", {
        class: `point${isChosen ? " is-chosen" : ""}${isAnswer ? " is-answer" : ""}`, role: "button",
        "data-focus-id": `${kind}-${v}`, "data-value": v, "aria-pressed": String(isChosen),
        "aria-label": `${kind === "bound" ? "Bound" : "Allowed lateness"} ${formatDuration(v)}: ${this.words(r)}` +
          `${isAnswer ? (kind === "bound" ? "; the smallest bound meeting the target within the budget" : "; the smallest lateness reaching the target after updates") : ""}`,
      });
      g.append(s("rect", { class: "hit", x: x(v) - Math.max(4, step / 2), y: TOP - 4, width: Math.max(8, step), height: bottom - TOP + 8, rx: 3 }));
      for (const p of panels) {
        for (const [field, dash] of p.lines) {
          if (r[field] === null) continue;
          g.append(s("circle", { class: `dot ${dash}`, cx: x(v), cy: p.y(r[field]), r: isChosen || isAnswer ? 4 : 2.6 }));
        }
      }
      if (isAnswer) g.append(s("circle", { class: "ring", cx: x(v), cy: panels[0].y(r[kind === "bound" ? "onTime" : "final"]), r: 8 }));
      const pick = () => this.choose(kind, v);
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" && ev.key !== " ") return;
        ev.preventDefault();
        pick();
      });
      return g;
    });
    svg.append(s("g", { class: "points", role: "group", "aria-label": `${runs.length} settings; arrow keys move between them, Enter chooses one` }, ...nodes), ...limitLabels);
    roving(nodes, {
      start: Math.max(0, runs.findIndex((r) => r[kind] === chosen)),
      onfocus: (i) => {
        nodes.forEach((n, j) => n.classList.toggle("lit", j === i));
        const r = runs[i];
        this.details.textContent = `${kind === "bound" ? "Bound" : "Allowed lateness"} ${formatDuration(r[kind])} ` +
          `(${kind === "bound" ? `lateness ${formatDuration(r.lateness)}` : `bound ${formatDuration(r.bound)}`}): ${this.words(r)}.`;
      },
    });
    const keyItems = [
      ["on time / median", (g) => g.append(s("line", { class: "curve solid", x1: 1, x2: 21, y1: 7, y2: 7 }))],
      ["with late updates / p99", (g) => g.append(s("line", { class: "curve dashed", x1: 1, x2: 21, y1: 7, y2: 7 }))],
      ["chosen", (g) => g.append(s("line", { class: "chosen", x1: 11, x2: 11, y1: 0, y2: 14 }))],
      ["target, budget", (g) => g.append(s("line", { class: "limit", x1: 1, x2: 21, y1: 7, y2: 7 }))],
    ];
    if (answer) keyItems.push([kind === "bound" ? "meets both" : "reaches the target", (g) => g.append(s("circle", { class: "ring", cx: 11, cy: 7, r: 5 }))]);
    return h("figure", { class: "column", "data-kind": kind },
      h("figcaption", { id: titleId }, title),
      h("div", { class: "scroll" }, svg),
      legend(`Key to the ${kind} chart`, keyItems));
  }

  /** One run in words (the points' labels and the details line). */
  words(r) {
    return `${pct(r.onTime)} on time, ${pct(r.final)} after late updates; latency median ${secs(r.latencyMedian)}, p99 ${secs(r.latencyP99)}; ` +
      `peak state ${bytes(r.peakStateBytes)}; ${r.lateFirings} late firings, ${r.sideOutput} events to the side output`;
  }

  renderTables() {
    const table = (kind, runs, caption) => h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
      h("table", { class: `numbers ${kind}` }, h("caption", {}, caption),
        h("thead", {}, h("tr", {}, ...[kind === "bound" ? "bound" : "lateness", "on time", "after updates", "latency median", "latency p99", "peak state", "late firings", "side output"]
          .map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...runs.map((r) => h("tr", {
          class: r[kind] === (kind === "bound" ? this.config.bound : this.config.lateness) ? "highlight" : "",
          "data-value": r[kind], "data-on-time": r.onTimeEvents, "data-final": r.finalEvents,
          "data-median": r.latencyMedian ?? "", "data-p99": r.latencyP99 ?? "", "data-state-bytes": r.peakStateBytes,
        }, h("th", { scope: "row" }, formatDuration(r[kind])), h("td", {}, pct(r.onTime)), h("td", {}, pct(r.final)),
        h("td", {}, secs(r.latencyMedian)), h("td", {}, secs(r.latencyP99)), h("td", {}, bytes(r.peakStateBytes)),
        h("td", {}, String(r.lateFirings)), h("td", {}, String(r.sideOutput)))))));
    const c = this.config;
    this.tables.replaceChildren(
      table("bound", this.view.bound, `By out-of-orderness bound, allowed lateness ${formatDuration(c.lateness)}`),
      table("lateness", this.view.lateness, `By allowed lateness, bound ${formatDuration(c.bound)}`));
  }

  emitResult(fresh) {
    const c = this.config;
    const a = this.answers();
    const n = this._stream.length;
    const t = this.target();
    this.status.textContent = `${n} events, ${this.source}; tumbling ${formatDuration(c.window)} windows; ` +
      `${this.view.bound.length + this.view.lateness.length} settings, ${this.cache.size} engine runs` +
      `${this.runMs !== undefined ? ` (the last sweep: ${num(this.runMs, 0)} ms)` : ""}.` +
      (c.for ? (t ? ` Choosing a point also sets it in ${t.localName}#${c.for}.` : ` No element with id "${c.for}" on this page.`) : "");
    const copy = (r) => ({ ...r });
    this.publish({
      events: n, window: c.window, chosen: { outOfOrderness: c.bound, lateness: c.lateness },
      target: c.target, budget: c.budget,
      bound: this.view.bound.map(copy), lateness: this.view.lateness.map(copy),
      answer: a.bound ? a.bound.bound : null, latenessAnswer: a.lateness ? a.lateness.lateness : null,
      runMs: this.runMs, freshRuns: fresh, for: c.for, boundTo: t ? t.localName : null,
    }, `Chosen: bound ${formatDuration(c.bound)}, allowed lateness ${formatDuration(c.lateness)}${t ? ` (also in ${t.localName}#${c.for})` : ""}. ${this.verdict.textContent}`);
  }
}

const STYLE = `
.advice { margin: .2em 0 .5em; }
.verdict { margin: .4em 0; }
.verdict .use { margin-left: .3em; }
.columns { display: grid; gap: 1em; }
.columns.two-up { grid-template-columns: 1fr 1fr; }
figure.column { margin: 0; min-width: 0; }
figcaption { font-weight: 600; font-size: .92em; margin-bottom: .2em; }
.panel-label, .axis-label { fill: var(--_fg); font-weight: 600; }
.curve { fill: none; stroke: var(--_accent); stroke-width: 2; }
.curve.dashed { stroke: var(--_wm); stroke-dasharray: 5 3; }
.dot { fill: var(--_accent); stroke: var(--_bg); stroke-width: 1; }
.dot.dashed { fill: var(--_wm); }
.limit { stroke: var(--_warn); stroke-width: 1.5; stroke-dasharray: 2 3; }
.limit-label { fill: var(--_warn); font-size: 10px; font-weight: 600; paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; pointer-events: none; }
.chosen { stroke: var(--_fg); stroke-width: 1.5; }
.chosen-label { fill: var(--_fg); font-weight: 600; font-size: 10px; }
.ring { fill: none; stroke: var(--_ok); stroke-width: 2.5; }
.point { cursor: pointer; }
.point .hit { fill: transparent; stroke: none; }
.point.lit .hit, .point:hover .hit { fill: color-mix(in srgb, var(--_accent) 10%, transparent); }
.point.is-chosen .dot { stroke: var(--_fg); stroke-width: 1.5; }
table.numbers { margin-bottom: .6em; }
table.numbers :is(th, td) { white-space: nowrap; }
:host([data-state="error"]) :is(.verdict, .columns, .details, .status, details) { opacity: .4; }
`;
