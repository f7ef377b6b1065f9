// <weir-window-advisor>: the chapter's decision tree for choosing a window
// (figure 3.16), as a short series of questions. It recommends a window type
// and sizes, a watermark bound and an allowed lateness, checks the design
// against a memory budget with the wasm memory model (estimateMemory), and
// links to the memory calculator preset to the design. The tree itself is UI
// logic; every memory figure and the coarser-slide advice come from the model.
import { estimateMemory, formatBytes, memoryDefaults } from "../weir.js";
import { WeirElement, h, nextId } from "./base.js";
import { bytes, count, number, oneOf, readAttrs, text } from "./attrs.js";
import { formatDuration, formatPercent, parseBytes } from "./units.js";
import { radios } from "./batch-vs-stream.js";

const GOALS = [
  ["report", "A periodic report: one total per fixed interval (hourly billing, a dashboard tile)"],
  ["trend", "A trend: a moving average that updates smoothly"],
  ["bursts", "Activity bursts: one result per machine run or user session"],
];
const NEEDS = {
  report: { legend: "How often is a new report needed?", options: [["10s", "Every 10 s (live dashboard)"], ["1min", "Every minute"], ["1h", "Every hour (billing)"]] },
  trend: { legend: "How fast must the trend react (latency need)?", options: [["10s", "Within 10 s (anomaly detection, the chapter's factory)"], ["1min", "Within a minute (predictive maintenance)"]] },
  bursts: { legend: "How long is a quiet pause between bursts?", options: [["seconds", "Seconds (a machine cycle)"], ["minutes", "Minutes (a user or shift)"]] },
};
const BUDGETS = [["1GB", "1 GB (edge gateway)"], ["16GB", "16 GB (one server, the chapter's instance)"], ["64GB", "64 GB (a large server)"]];
const LATES = [["subsecond", "Under a second (local network)"], ["seconds", "Up to 10 s (mobile networks)"], ["minutes", "Up to 10 min (devices that buffer while offline)"]];
const LATE_MS = { subsecond: 1000, seconds: 10_000, minutes: 600_000 };
const ALL_NEEDS = [...new Set(Object.values(NEEDS).flatMap((n) => n.options.map(([v]) => v)))];
const SPECS = {
  goal: oneOf(GOALS.map(([v]) => v), null),
  need: oneOf(ALL_NEEDS, null),
  budget: oneOf(BUDGETS.map(([v]) => v), null),
  late: oneOf(Object.keys(LATE_MS), null),
  sensors: count(10_000, { min: 1, max: 2 ** 32 }),
  rate: number(100, { min: 0.001, max: 1e6, unit: "msg/s" }),
  "message-bytes": bytes(100, { min: 1, max: 1e7 }),
  "calculator-href": text(null),
};

/**
 * The window the tree's first two answers lead to: type, sizes, and the
 * longest watermark bound the latency allows (a tenth of the window or gap).
 */
export function windowFor(goal, need) {
  if (goal === "report") {
    const size = { "10s": 10_000, "1min": 60_000, "1h": 3_600_000 }[need];
    return { type: "tumbling", size, maxBound: size / 10, why: "Each reading belongs to exactly one interval: a tumbling window of the report interval." };
  }
  if (goal === "trend") {
    const [size, slide] = need === "10s" ? [10_000, 1_000] : [600_000, 60_000];
    return { type: "sliding", size, slide, maxBound: size / 10, why: `A moving average over ${formatDuration(size)} that moves every ${formatDuration(slide)}: a sliding window.` };

  }
  const [gap, sessionLengthMs] = need === "seconds" ? [30_000, 300_000] : [300_000, 3_600_000];
  return { type: "session", gap, sessionLengthMs, maxBound: gap / 10, why: `A burst ends after ${formatDuration(gap)} of silence: a session window with that gap.` };
}

/** The whole recommendation for a complete set of answers and a workload. */
export function recommend({ goal, need, budget, late }, workload) {
  const w = windowFor(goal, need);
  const instanceBytes = parseBytes(budget);
  const params = (win) => ({
    sensors: workload.sensors, messagesPerSecond: workload.rate, messageBytes: workload.messageBytes,
    instanceBytes, window: win, ...(w.type === "session" ? { sessionLengthMs: w.sessionLengthMs } : {}),
  });
  const win = w.type === "tumbling" ? { type: "tumbling", size: w.size }
    : w.type === "sliding" ? { type: "sliding", size: w.size, slide: w.slide } : { type: "session", gap: w.gap };
  const first = estimateMemory(params(win));
  let memory = "raw";
  let finalWindow = win;
  let estimate = first;
  if (!first.rawFit.fits) {
    if (w.type === "sliding" && first.smallestFittingDividingSlide) {
      memory = "coarser-slide";
      finalWindow = { ...win, slide: first.smallestFittingDividingSlide.slideMs };
      estimate = estimateMemory(params(finalWindow));
    } else {
      memory = estimate.slicedFit.fits ? "aggregates" : "scale-out";
    }
  }
  // Say the slide that is recommended, and why it is not the one asked for.
  const why = memory === "coarser-slide"
    ? `A moving average over ${formatDuration(w.size)} that moves every ${formatDuration(finalWindow.slide)} ` +
      `(every ${formatDuration(w.slide)} would not fit ${formatBytes(instanceBytes)}): a sliding window.`
    : w.why;
  const lateMs = LATE_MS[late];
  const bound = Math.min(lateMs, w.maxBound);
  const lateness = lateMs > bound ? lateMs - bound : 0;
  return {
    answers: { goal, need, budget, late },
    window: finalWindow, wanted: win, why,
    sessionLengthMs: w.sessionLengthMs ?? null,
    watermarkMs: bound, allowedLatenessMs: lateness,
    memory, estimate, firstEstimate: first, instanceBytes, workload,
  };
}

export class WeirWindowAdvisor extends WeirElement {
  static get observedAttributes() { return ["goal", "need", "budget", "late", "sensors", "rate", "message-bytes", "calculator-href"]; }

  build() {
    const id = nextId("weir-adv");
    this.ids = id;
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    const set = (name) => (v) => this.setAttribute(name, v);
    this.q = {
      goal: radios({ name: `${id}-goal`, legend: "1. What should each result describe?", options: GOALS, value: null, onchange: (v) => {
        if (v !== this.getAttribute("goal")) this.removeAttribute("need");
        this.setAttribute("goal", v);
      } }),
      budget: radios({ name: `${id}-budget`, legend: "3. Memory budget per instance", options: BUDGETS, value: null, onchange: set("budget") }),
      late: radios({ name: `${id}-late`, legend: "4. How late can a reading arrive?", options: LATES, value: null, onchange: set("late") }),
    };
    this.needBox = h("div", { class: "need" });
    this.workloadNote = h("p", { class: "muted workload" });
    this.answer = h("div", { class: "answer panel", "aria-live": "polite", "aria-atomic": "true" });
    this.shadowRoot.append(
      h("style", {}, STYLE),
      h("h3", {}, "Which window should I use?"),
      h("p", { class: "muted" }, "Four questions, following the chapter's decision tree (figure 3.16). The memory check uses the chapter's model for raw buffering."),
      this.workloadNote,
      h("div", { class: "questions" }, this.q.goal.element, this.needBox, this.q.budget.element, this.q.late.element),
      this.errorBox, this.answer,
    );
  }

  update() {
    const v = readAttrs(this, SPECS);
    const a = { goal: v.goal, need: v.need, budget: v.budget, late: v.late };
    if (a.goal && a.need && !NEEDS[a.goal].options.some(([o]) => o === a.need)) {
      throw new Error(`need="${a.need}": expected one of ${NEEDS[a.goal].options.map(([o]) => o).join(", ")} for goal="${a.goal}"`);
    }
    const wl = { sensors: v.sensors, rate: v.rate, messageBytes: v["message-bytes"] };
    this.href = v["calculator-href"];
    this.workloadNote.textContent = `Workload: ${wl.sensors.toLocaleString("en")} sensors × ${wl.rate} messages/s × ${wl.messageBytes} B ` +
      "(the chapter's factory unless the page sets sensors, rate and message-bytes).";
    this.q.goal.set(a.goal);
    this.q.budget.set(a.budget);
    this.q.late.set(a.late);
    // Question 2 depends on question 1.
    if (a.goal !== this.needFor) {
      this.needFor = a.goal;
      this.needGroup = a.goal ? radios({ name: `${this.ids}-need-${a.goal}`, legend: `2. ${NEEDS[a.goal].legend}`, options: NEEDS[a.goal].options, value: null, onchange: (v) => this.setAttribute("need", v) }) : null;
      this.needBox.replaceChildren(...(this.needGroup ? [this.needGroup.element] : []));
    }
    this.needGroup?.set(a.need);
    this.q.budget.element.hidden = !(a.goal && a.need);
    this.q.late.element.hidden = !(a.goal && a.need && a.budget);
    const missing = ["goal", "need", "budget", "late"].find((k) => !a[k]);
    if (missing) {
      this.answer.replaceChildren(h("p", { class: "muted" }, "Answer the questions above to get a recommendation."));
      this.publish(null, undefined);
      return;
    }
    const r = recommend(a, wl);
    r.link = this.calculatorLink(r);
    r.attributes = this.attributesFor(r);
    this.render(r);
    this.publish(r, `Recommendation: ${this.describeWindow(r.window)}, watermark ${formatDuration(r.watermarkMs)} behind, ` +
      `allowed lateness ${formatDuration(r.allowedLatenessMs)}. ${this.memoryText(r)}`);
  }

  describeWindow(win) {
    if (win.type === "tumbling") return `tumbling ${formatDuration(win.size)}`;
    if (win.type === "sliding") return `sliding ${formatDuration(win.size)} every ${formatDuration(win.slide)}`;
    return `session, gap ${formatDuration(win.gap)}`;
  }

  /** The memory verdict as [problem, answer]: the problem (if any) is shown as over, the answer as fitting or not. */
  memoryParts(r) {
    const e = r.estimate, b = (x) => formatBytes(x);
    const budget = b(r.instanceBytes);
    switch (r.memory) {
      case "raw": return [null, `Raw buffering needs ${b(e.rawFit.stateBytes)}, ${formatPercent(e.rawFit.utilizationWithOverhead)} of ${budget} with overhead: fits.`];
      case "coarser-slide": return [`A ${formatDuration(r.wanted.slide)} slide needs ${b(r.firstEstimate.rawFit.stateBytes)} raw: over the budget.`,
        `A ${formatDuration(r.window.slide)} slide needs ${b(e.rawFit.stateBytes)} (${formatPercent(e.rawFit.utilizationWithOverhead)} of ${budget} with overhead): fits.`];
      case "aggregates": return [`Raw buffering needs ${b(e.rawFit.stateBytes)} (${e.rawFit.instancesNeeded} instances of ${budget}): over the budget.`,
        `Keep incremental aggregates instead: ${b(e.slicedAggregateBytes)}, fits.`];
      default: return [`Even incremental aggregates need ${b(e.slicedAggregateBytes)}: over the budget.`,
        `${e.slicedFit.instancesNeeded} instances of ${budget} needed.`];
    }
  }

  memoryText(r) { return this.memoryParts(r).filter(Boolean).join(" "); }

  /**
   * The memory calculator preset to this design, every input the advisor's
   * estimate used included (so the calculator shows the same figures), as an
   * absolute URL: `calculator-href` resolved against the page, else this
   * page when it holds a `<weir-memory-calculator sync-url>` (with its
   * prefix), else none (null).
   */
  calculatorLink(r) {
    const calc = this.href ? null : document.querySelector("weir-memory-calculator[sync-url]");
    if (!this.href && !calc) return null;
    const prefix = calc?.getAttribute("sync-url") ? `${calc.getAttribute("sync-url")}.` : "";
    const d = memoryDefaults();
    const q = new URLSearchParams();
    const set = (k, v) => q.set(prefix + k, v);
    const wl = r.workload, win = r.window;
    set("sensors", String(wl.sensors));
    set("rate", String(wl.rate));
    set("message-bytes", `${wl.messageBytes}B`);
    const sec = (ms) => `${ms / 1000}s`;
    if (win.type === "session") {
      set("gap", sec(win.gap));
      set("session-length", sec(r.sessionLengthMs));
    } else {
      set("window", sec(win.size));
      if (win.type === "sliding") set("slide", sec(win.slide));
    }
    set("memory", `${r.instanceBytes / 1e9}GB`);
    set("overhead", `${+(d.stateOverhead * 100).toFixed(6)}%`);
    set("target", `${+(d.targetUtilization * 100).toFixed(6)}%`);
    set("windows-held", String(d.tumblingWindowsHeld));
    set("state-bytes", "engine");
    const url = new URL(this.href ?? location.href, document.baseURI);
    url.hash = q.toString();
    return url.href;
  }

  attributesFor(r) {
    const win = r.window, sec = (ms) => `${ms / 1000}s`;
    const a = { "out-of-orderness": sec(r.watermarkMs), lateness: sec(r.allowedLatenessMs) };
    if (win.type === "session") a.gap = sec(win.gap);
    else a.window = sec(win.size);
    if (win.type === "sliding") a.slide = sec(win.slide);
    return a;
  }

  render(r) {
    const out = (name, ...kids) => h("output", { "data-out": name }, ...kids);
    const win = r.window;
    const sizes = win.type === "tumbling" ? [["Size", formatDuration(win.size), "size"]]
      : win.type === "sliding" ? [["Size", formatDuration(win.size), "size"], ["Slide", formatDuration(win.slide), "slide"]]
        : [["Gap", formatDuration(win.gap), "gap"]];
    const attrs = Object.entries(r.attributes).map(([k, v]) => `${k}="${v}"`).join(" ");
    this.answer.replaceChildren(
      h("h4", {}, "Recommendation: ", out("type", win.type), " window"),
      h("p", {}, r.why),
      h("dl", { class: "facts" },
        ...sizes.flatMap(([label, v, name]) => [h("dt", {}, label), h("dd", {}, out(name, v))]),
        h("dt", {}, "Watermark bound"), h("dd", {}, out("watermark", formatDuration(r.watermarkMs))),
        h("dt", {}, "Allowed lateness"), h("dd", {}, out("lateness", formatDuration(r.allowedLatenessMs))),
        h("dt", {}, "Memory, raw buffering"), h("dd", {}, out("raw-bytes", formatBytes(r.estimate.rawFit.stateBytes))),
        h("dt", {}, "Memory, aggregates (Weir)"), h("dd", {}, out("sliced-bytes", formatBytes(r.estimate.slicedAggregateBytes)))),
      h("p", { class: "memory" }, out("memory", ...this.memoryParts(r).map((t, i) => t && h("span", { class: i === 0 ? "over" : r.memory === "scale-out" ? "over" : "fits" }, t, i === 0 ? " " : "")))),
      h("p", { class: "muted" }, `The watermark waits ${formatDuration(r.watermarkMs)} (at most a tenth of the ${win.type === "session" ? "gap" : "window"}, since it delays every result); ` +
        (r.allowedLatenessMs ? `readings up to ${formatDuration(LATE_MS[r.answers.late])} late still update their window through the allowed lateness; ` : "") +
        "anything later goes to the side output."),
      r.link ? h("p", {}, h("a", { href: r.link, class: "calc-link" }, "Open this design in the memory calculator"))
        : h("p", { class: "muted no-link" }, "No memory calculator on this page: set calculator-href to link to one."),
      h("p", { class: "muted" }, "Or preset the other widgets with these attributes:"),
      h("pre", { class: "attrs", tabindex: "0", "aria-label": "Attributes for the other widgets" }, h("code", {}, attrs)),
    );
  }
}

const STYLE = `
.questions { display: grid; gap: .2rem; }
fieldset.radios { border: 1px solid var(--_rule); border-radius: 6px; margin: .3rem 0; padding: .3rem .6rem .45rem; min-width: 0; }
fieldset.radios[hidden] { display: none; }
fieldset.radios legend { font-weight: 600; font-size: .95em; padding: 0 .25rem; }
fieldset.radios label { display: flex; align-items: baseline; gap: .4rem; margin: .2rem 0; }
input[type=radio] { accent-color: var(--_accent); margin: 0; }
.answer h4 { margin-top: .1rem; font-size: 1.05em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .4rem 0; }
.facts dt { color: var(--_muted); } .facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.memory .fits { color: var(--_ok); }
.memory .over { color: var(--_late); }
:host([data-state="error"]) .answer { opacity: .4; }
pre.attrs { white-space: pre-wrap; word-break: break-word; background: var(--_bg); border: 1px solid var(--_rule);
  border-radius: 4px; padding: .3rem .5rem; font-size: .85em; margin: .2rem 0; }
a { color: var(--_accent); }
`;
