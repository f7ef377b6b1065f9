// Triggers and accumulation for the window widgets (<weir-window-types>,
// <weir-event-time>): the `trigger` and `accumulation` attributes and their
// controls, the engine config they stand for, and how a firing of each kind
// (early, on-time, late, final, retract) is drawn and counted. The kinds,
// values and counts are the engine's (a result's `firing`, `stats()`): this
// module only names and draws them.
import { field, h, s } from "./base.js";
import { oneOf } from "./attrs.js";
import { formatDuration, parseDuration } from "./units.js";

/** The firing kinds in the order a window can go through them. */
export const KINDS = ["early", "on-time", "late", "final", "retract"];
/** A kind in words, as the cards and the key say it. */
export const KIND_WORDS = { early: "early", "on-time": "on time", late: "late", final: "final", retract: "retracted" };
/** The `stats()` counter that counts each kind (one per emitted row). */
export const KIND_STATS = { early: "firedEarly", "on-time": "firedOnTime", late: "firedLate", final: "firedFinal", retract: "retractions" };

const MAX_COUNT = 1_000_000;
const MAX_PERIOD = 3_600_000;
const TRIGGER_EXPECTED = 'expected none, "every N events" (N from 1 to 1,000,000), "every 2s event-time", ' +
  '"every 1s arrival" (a period from 1 ms to 1 h), every-event or final';

/**
 * The `trigger` attribute: `none` (the default: on time at the watermark, no
 * early results), `every N events`, `every P event-time`, `every P arrival`
 * (early results every N events added, every P of event time passed by the
 * watermark, P of arrival time after a window's first new event),
 * `every-event` or `final`. Read as { kind, n?, period? }.
 */
export const triggerSpec = () => ({
  def: { kind: "none" },
  read(raw) {
    const t = raw.trim().toLowerCase().replace(/\s+/g, " ");
    if (t === "none" || t === "every-event" || t === "final") return { value: { kind: t } };
    const m = /^every (\S+) (events?|event-time|arrival)$/.exec(t);
    if (m && m[2].startsWith("event") && m[2] !== "event-time") {
      const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NaN;
      if (n >= 1 && n <= MAX_COUNT) return { value: { kind: "count", n } };
    } else if (m) {
      let p;
      try { p = parseDuration(m[1]); } catch { p = NaN; }
      if (Number.isInteger(p) && p >= 1 && p <= MAX_PERIOD) return { value: { kind: m[2], period: p } };
    }
    return { error: TRIGGER_EXPECTED };
  },
});

export const accumulationSpec = () => oneOf(["accumulating", "discarding", "retracting"], "accumulating");

/** True for the widgets' default (no early firings, accumulating): their look is then as before triggers. */
export const isDefault = (trigger, accumulation) => trigger.kind === "none" && accumulation === "accumulating";

/**
 * The StreamEngine config fields for a trigger and accumulation; none at all
 * for the defaults, so a default widget's engine (and its Flink export) is
 * exactly what it was.
 */
export function triggerConfig(trigger, accumulation) {
  const early = { count: { count: trigger.n }, "event-time": { eventTime: trigger.period }, arrival: { processingTime: trigger.period } }[trigger.kind];
  const t = early ? { mode: "watermark", early } : trigger.kind === "every-event" || trigger.kind === "final" ? { mode: trigger.kind } : null;
  return { ...(t ? { trigger: t } : {}), ...(accumulation === "accumulating" ? {} : { accumulation }) };
}

/** The attribute text for a trigger (what the controls write). */
export function triggerText(trigger) {
  const p = (ms) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
  return { count: `every ${trigger.n} events`, "event-time": `every ${p(trigger.period ?? 0)} event-time`, arrival: `every ${p(trigger.period ?? 0)} arrival` }[trigger.kind] ?? trigger.kind;
}

/** A trigger in words ("early every 3 events", "on time only"). */
export function triggerWords(trigger) {
  return {
    none: "on time only",
    count: `early every ${trigger.n} event${trigger.n === 1 ? "" : "s"}`,
    "event-time": `early every ${formatDuration(trigger.period)} of event time`,
    arrival: `early every ${formatDuration(trigger.period)} of arrival time`,
    "every-event": "every event",
    final: "final only",
  }[trigger.kind];
}

const CHOICES = [
  ["none", "On time only"],
  ["count", "Every N events"],
  ["event-time", "Every P of event time"],
  ["arrival", "Every P of arrival time"],
  ["every-event", "Every event"],
  ["final", "Final only"],
];
const ACC_CHOICES = [
  ["accumulating", "Accumulating"],
  ["discarding", "Discarding"],
  ["retracting", "Retracting"],
];

/**
 * The trigger and accumulation controls: a trigger select, the N or P it
 * takes (events or seconds, disabled when it takes none) and an
 * accumulation select. Each change writes the element's attributes;
 * `set(trigger, accumulation)` shows what was read from them.
 */
export function triggerControls(el, id) {
  // The last N and P chosen, so switching between kinds keeps each one.
  const last = { n: 3, period: 2000 };
  const write = (kind) => {
    const t = kind === "count" ? { kind, n: last.n } : kind === "event-time" || kind === "arrival" ? { kind, period: last.period } : { kind };
    el.setAttribute("trigger", triggerText(t));
  };
  const select = (name, label, options, onchange) => {
    const sel = h("select", { id: `${id}-${name}`, "data-control": name, onchange: () => onchange(sel.value) },
      ...options.map(([v, text]) => h("option", { value: v }, text)));
    // The trigger's longest choice ("Every P of arrival time") is wider than one column.
    return { sel, element: h("div", { class: `field ${name}-field${name === "trigger" ? " wide" : ""}` }, h("label", { for: sel.id }, label), h("div", { class: "pair" }, sel)) };
  };
  const trig = select("trigger", "Trigger (early results)", CHOICES, write);
  let kind = "none";
  const every = field({
    id: `${id}-every`, label: "Early every", unit: "events", min: 1, max: 100, step: 1, value: last.n,
    onchange: (v) => {
      if (kind === "count") last.n = Math.round(v);
      else last.period = Math.round(v * 1000);
      write(kind);
    },
  });
  const acc = select("accumulation", "Accumulation", ACC_CHOICES, (v) => el.setAttribute("accumulation", v));
  return {
    elements: [trig.element, every.element, acc.element],
    set(trigger, accumulation) {
      kind = trigger.kind;
      trig.sel.value = kind;
      acc.sel.value = accumulation;
      const timed = kind === "event-time" || kind === "arrival";
      if (kind === "count") last.n = trigger.n;
      if (timed) last.period = trigger.period;
      if (timed) every.setUnit("s", { min: 0.1, max: 60 });
      else every.setUnit("events", { min: 1, max: 100 });
      every.set(timed ? last.period / 1000 : last.n);
      every.element.querySelectorAll("input").forEach((i) => {
        i.disabled = kind !== "count" && !timed;
        i.step = timed ? "0.1" : "1";
      });
    },
  };
}

/**
 * A firing's mark centred on (cx, cy), r about 3.5: each kind its own shape
 * and colour (early a triangle, on time a dot, late a diamond, final a
 * square, a retraction a hollow ring struck through).
 */
export function firingMark(kind, cx, cy, attrs = {}) {
  const g = s("g", { class: `firing ${kind}`, ...attrs });
  const r = 3.6;
  if (kind === "early") g.append(s("path", { d: `M${cx},${cy - r}L${cx + r},${cy + r * 0.8}L${cx - r},${cy + r * 0.8}Z` }));
  else if (kind === "late") g.append(s("path", { d: `M${cx},${cy - r - 0.4}L${cx + r},${cy}L${cx},${cy + r + 0.4}L${cx - r},${cy}Z` }));
  // A path, not a rect: the charts style their windows' rects.
  else if (kind === "final") g.append(s("path", { d: `M${cx - r + 0.5},${cy - r + 0.5}h${2 * r - 1}v${2 * r - 1}h${1 - 2 * r}Z` }));
  else if (kind === "retract") {
    g.append(s("circle", { cx, cy, r: r - 0.6 }), s("path", { class: "strike", d: `M${cx - r},${cy + r}L${cx + r},${cy - r}` }));
  } else g.append(s("circle", { cx, cy, r: r - 0.4 }));
  return g;
}

// Marks are 7.2 px wide: 8 px apart they read one by one, 7.5 px is the least
// that keeps them from overlapping (the charts widen until it fits).
const PITCH = 8, LEAST_PITCH = 7.5;

/** The px from the first mark's centre to the last one's for `n` marks at the least pitch, plus a mark. */
/** The widest a chart grows so that dense firings keep apart (it scrolls sideways past the page). */
export const MOST_WIDTH = 2400;

export const marksWidth = (n) => (n > 0 ? (n - 1) * LEAST_PITCH + 8 : 0);

/** The marks of `rows` (one window's firings, in order) from x0 to x1 (spaced 8 px, closer when many). */
export function firingMarks(rows, x0, x1, cy) {
  const n = rows.length;
  if (!n || x1 <= x0) return [];
  const step = n > 1 ? Math.min(PITCH, (x1 - x0) / (n - 1)) : 0;
  return rows.map((r, i) => firingMark(r.firing, x0 + i * step, cy, { "data-firing": r.firing }));
}

/** The chart key's items for the firing kinds (legend() entries). */
export const firingLegend = () => KINDS.map((k) => [`${KIND_WORDS[k]} firing`, (g) => g.append(firingMark(k, 11, 7)), { "data-legend": `firing-${k}` }]);

/** Counts of each kind from the engine's `stats()`, as a list with each kind's mark. */
export function kindCounts(stats, label) {
  return h("ul", { class: "kinds", "aria-label": label }, ...KINDS.map((k) => {
    const icon = s("svg", { viewBox: "0 0 14 14", "aria-hidden": "true", focusable: "false" });
    icon.append(firingMark(k, 7, 7));
    return h("li", { "data-kind": k }, icon, h("output", { "data-out": `kind-${k}` }, String(stats[KIND_STATS[k]])), ` ${KIND_WORDS[k]}`);
  }));
}

/** The firings' style: shared by both widgets (inside their shadow roots). */
export const FIRING_STYLE = `
.firing path, .firing circle { stroke: var(--_bg); stroke-width: .8; pointer-events: none; }
.firing.early path { fill: var(--_accent); }
.firing.on-time circle { fill: var(--_ok); }
.firing.late path { fill: var(--_warn); }
.firing.final path { fill: var(--_fg); }
.firing.retract circle { fill: var(--_bg); stroke: var(--_late); stroke-width: 1.4; }
.firing.retract .strike { stroke: var(--_late); stroke-width: 1.4; }
.kinds { list-style: none; display: flex; flex-wrap: wrap; gap: .1em .8em; margin: .3em 0; padding: 0; font-size: .9em; }
.kinds li { display: inline-flex; align-items: center; gap: .25em; }
.kinds svg { width: 14px; height: 14px; flex: none; overflow: visible; }
.kinds output { font-weight: 600; }
`;
