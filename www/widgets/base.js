// What every widget shares: one constructable stylesheet that keeps the host
// page's inherited text styles out, a palette of `--weir-*` colours in light
// and dark picked by the `theme` attribute (auto: the host's color-scheme,
// then the OS), reduced motion; a thin base element (shadow root,
// attribute-driven updates, a `result` property, a `change` event, a polite
// live region) and small DOM/SVG helpers (roving focus, focus kept across
// redraws, round axis ticks, chart keys).

import { THEME, readAttrs } from "./attrs.js";

const THEME_SPEC = { theme: THEME };

export const SVG_NS = "http://www.w3.org/2000/svg";

// Every colour a widget draws with, light and dark. The host overrides any of
// them with the custom property `--weir-NAME` (for example `--weir-key-0`);
// inside the shadow root they are read as `--_NAME`.
export const PALETTE = {
  bg: ["#ffffff", "#111418"], fg: ["#1b1f24", "#e6e9ed"], muted: ["#57606a", "#9aa4af"],
  rule: ["#d0d7de", "#3a424c"], panel: ["#f6f8fa", "#1a1f26"], accent: ["#0969da", "#6ea8ff"],
  late: ["#b91c1c", "#f87171"], watermark: ["#7c3aed", "#c4b5fd"], ok: ["#1a7f37", "#4ade80"],
  warn: ["#9a6700", "#facc15"], now: ["#1b1f24", "#e6e9ed"],
  "key-0": ["#0969da", "#6ea8ff"], "key-1": ["#c2410c", "#fb923c"], "key-2": ["#0f766e", "#2dd4bf"],
  "key-3": ["#7a5c3e", "#bfa07a"], "key-4": ["#bf3989", "#f9a8d4"],
  // Windows that hold every sensor (tumbling and sliding bars): no sensor's colour.
  "key-all": ["#4b5563", "#cbd5e1"],
};
const INNER = { watermark: "wm", "key-0": "k0", "key-1": "k1", "key-2": "k2", "key-3": "k3", "key-4": "k4", "key-all": "kall" };
/** The names of the `--weir-*` colour properties a host may set. */
export const COLOR_PROPERTIES = Object.keys(PALETTE).map((k) => `--weir-${k}`);
const paletteCss = (scheme) => `:host { ${Object.entries(PALETTE)
  .map(([k, v]) => `--_${INNER[k] ?? k}: var(--weir-${k}, ${v[scheme === "dark" ? 1 : 0]});`).join(" ")} }
* { color-scheme: ${scheme}; }`;

const CSS = `
:host {
  display: block; color: var(--_fg); background: var(--_bg);
  font: var(--weir-font, 15px/1.45 system-ui, sans-serif) !important;
  border: 1px solid var(--_rule); border-radius: 8px; padding: .75em;
  max-width: 100%; box-sizing: border-box; container-type: inline-size;
  /* Sizes are in em, never rem: a host's html { font-size: 62.5% } must not
     shrink the widget's spacing. */
  /* The host page's inherited text properties stop here (a justified,
     indented, letter-spaced course theme must not reach labels and tables). */
  text-align: start !important; text-indent: 0 !important; letter-spacing: normal !important;
  word-spacing: normal !important; text-transform: none !important; white-space: normal !important;
  text-shadow: none !important; hyphens: manual !important; word-break: normal !important;
  overflow-wrap: normal !important; text-decoration: none; cursor: auto; writing-mode: horizontal-tb !important;
  -webkit-text-fill-color: currentcolor !important; -webkit-text-stroke: 0 !important;
  text-underline-offset: auto; font-kerning: auto; font-size-adjust: none; quotes: auto;
  border-collapse: separate; caption-side: top; empty-cells: show; tab-size: 8;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
h3 { font-size: 1.05em; margin: 0 0 .4em; }
h4 { font-size: .95em; margin: .6em 0 .3em; }
p { margin: .3em 0; }
.muted, .note { color: var(--_muted); font-size: .9em; }
.error { color: var(--_late); font-weight: 600; }
/* Fields sit on the row's bottom: a label wrapped onto two lines leaves its control level with its neighbours'. */
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(13em, 1fr)); gap: .5em .9em; align-items: end;
  margin: .4em 0 .7em; }
.field { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: .15em .4em; min-width: 0; }
.field label { grid-column: 1 / -1; font-size: .9em; }
.field .pair { grid-column: 1 / -1; display: flex; gap: .4em; align-items: center; min-width: 0; }
.field input[type=range] { flex: 1 1 auto; min-width: 4em; accent-color: var(--_accent); }
.field input[type=number], select { width: 6.5em; font: inherit; padding: .15em .3em; color: var(--_fg);
  background: var(--_bg); border: 1px solid var(--_muted); border-radius: 4px; }
.unit { color: var(--_muted); font-size: .85em; min-width: 2.2em; flex: none; } /* the slider gives way, never the unit's words */
.buttons { display: flex; flex-wrap: wrap; gap: .4em; margin: .3em 0; }
button { font: inherit; padding: .25em .7em; color: var(--_fg); background: var(--_panel);
  border: 1px solid var(--_muted); border-radius: 4px; cursor: pointer; }
button:disabled, input:disabled, select:disabled, textarea:disabled {
  opacity: .55; cursor: not-allowed; border-style: dashed; }
button:disabled { background: transparent; }
button[aria-pressed=true] { background: var(--_accent); color: var(--_bg); border-color: var(--_accent); }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
svg { display: block; width: 100%; height: auto; font: 11px system-ui, sans-serif; overflow: visible; }
svg text { fill: var(--_fg); }
svg .tick, svg .label-muted { fill: var(--_muted); }
svg .axis { stroke: var(--_muted); }
svg .grid { stroke: var(--_rule); stroke-dasharray: 3 3; }
svg [tabindex]:focus { outline: none; }
svg [tabindex]:focus-visible > :first-child { stroke: var(--_accent); stroke-width: 3; }
.key-0 { --c: var(--_k0); } .key-1 { --c: var(--_k1); } .key-2 { --c: var(--_k2); }
.key-3 { --c: var(--_k3); } .key-4 { --c: var(--_k4); } .key-all { --c: var(--_kall); }
.chart-inner { display: grid; width: max-content; min-width: 100%; }
.chart-inner > svg { grid-area: 1 / 1; }
.chart-inner > svg.gutter { position: sticky; left: 0; z-index: 1; pointer-events: none; overflow: visible; }
svg.gutter text { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
svg.gutter .gutter-bg { fill: var(--_bg); opacity: .85; }
svg .over-line text { paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; pointer-events: none; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .15em .8em; margin: .3em 0; padding: 0;
  font-size: .85em; color: var(--_muted); }
.legend li { display: inline-flex; align-items: center; gap: .3em; }
.legend svg { width: 22px; height: 14px; flex: none; overflow: visible; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: .9em; }
caption { text-align: left; color: var(--_muted); padding-bottom: .25em; }
th, td { padding: .2em .45em; border-bottom: 1px solid var(--_rule); text-align: right; }
th:first-child, td:first-child { text-align: left; }
.scroll { overflow-x: auto; max-width: 100%; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.panel { background: var(--_panel); border-radius: 6px; padding: .5em .6em; margin: .4em 0; min-width: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15em, 1fr)); gap: .6em; }
.field select { width: auto; max-width: 100%; }
/* A field whose longest choice is wider than one column of the controls (13em) takes two, once there are two. */
@container (min-width: 521px) and (min-width: 27em) { .controls .wide { grid-column: span 2; } }
@container (max-width: 520px) {
  table { font-size: .8em; }
  th, td { padding: .15em .25em; }
  .controls { grid-template-columns: 1fr; }
}
.highlight { background: color-mix(in srgb, var(--_warn) 22%, transparent); }
@media (prefers-reduced-motion: no-preference) {
  svg .anim { transition: transform .25s ease, x .25s ease, opacity .25s ease; }
}
`;

let sheet;
function sharedSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

const schemeSheets = {};
function schemeSheet(scheme) {
  if (!schemeSheets[scheme]) {
    schemeSheets[scheme] = new CSSStyleSheet();
    schemeSheets[scheme].replaceSync(paletteCss(scheme));
  }
  return schemeSheets[scheme];
}

/**
 * The colour scheme `el` draws in: its `theme` attribute when "light" or
 * "dark"; otherwise (auto) the `color-scheme` computed on the element (set
 * on it or inherited from the host page), and the OS preference when that
 * says "normal" or allows both. The widgets never set `color-scheme` on the
 * host, so what is read here is the host page's.
 */
export function schemeOf(el) {
  const theme = el.getAttribute("theme");
  if (theme === "light" || theme === "dark") return theme;
  const words = getComputedStyle(el).colorScheme.split(/\s+/);
  const light = words.includes("light"), dark = words.includes("dark");
  if (dark !== light) return dark ? "dark" : "light";
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

// Connected widgets, re-themed when the OS scheme changes or the page
// switches its own theme (a class or style on <html> or <body>).
const themed = new Set();
let themeWatch = null;
function watchThemes() {
  if (themeWatch) return;
  const again = () => { for (const el of themed) el.applyTheme(); };
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", again);
  themeWatch = new MutationObserver(again);
  for (const node of [document.documentElement, document.body]) {
    if (node) themeWatch.observe(node, { attributes: true, attributeFilter: ["class", "style", "data-theme", "data-color-scheme"] });
  }
}

/** Creates an HTML element: h("p", { class: "x" }, "text", child...). */
export function h(name, attrs = {}, ...children) {
  const node = document.createElement(name);
  setAttrs(node, attrs);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

/** Creates an SVG element: s("rect", { x: 1 }, "optional text"), s("g", {}, child...). */
export function s(name, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, name);
  setAttrs(node, attrs);
  for (const c of children) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
}

let uid = 0;
/** A document-unique id prefix for one widget instance. */
export const nextId = (prefix) => `${prefix}-${++uid}`;

// How a unit is said: the visible unit is short ("ms"), the accessible
// name and the slider's value text use the word.
const UNIT_WORDS = {
  ms: "milliseconds", s: "seconds", Hz: "hertz", "%": "percent", B: "bytes", kB: "kilobytes", KB: "kilobytes",
  MB: "megabytes", GB: "gigabytes", KiB: "kibibytes", MiB: "mebibytes", GiB: "gibibytes", sd: "standard deviations",
  "msg/s": "messages per second",
};
const unitWord = (unit) => UNIT_WORDS[unit] ?? unit;

/**
 * A labelled number field with a linked slider. `scale: "log"` makes the
 * slider logarithmic (for sensors, rates, bytes). Calls `onchange(value)`
 * with the number field's value whenever either control changes. A typed
 * value is clamped to [min, max] (the slider's ends); text that is not a
 * number puts the last value back. The unit is part of the number field's
 * accessible name ("Window size in seconds") and of the slider's
 * `aria-valuetext` ("10 seconds"); `setUnit()` changes it (binary units).
 */
export function field({ id, label, unit, min, max, step = 1, scale = "linear", value, onchange, hint }) {
  const toSlider = (v) => (scale === "log" ? Math.log10(Math.max(v, min)) : v);
  const clamp = (v) => Math.min(max, Math.max(min, v));
  const fromSlider = (v) => {
    if (scale !== "log") return clamp(Number(v));
    const raw = 10 ** Number(v);
    const mag = 10 ** Math.floor(Math.log10(raw));
    return clamp(Math.round(raw / mag * 10) / 10 * mag);
  };
  const tidy = (v) => +Number(v).toPrecision(12);
  const spoken = (v) => {
    const word = unitWord(unit ?? "");
    const one = tidy(v) === 1 && word.endsWith("s") ? word.slice(0, -1) : word;
    return `${tidy(v).toLocaleString("en-US", { maximumFractionDigits: 6 })}${word ? ` ${one}` : ""}`;
  };
  const labelEl = h("label", { for: id, id: `${id}-label` }, label);
  const unitName = h("span", { id: `${id}-unit`, class: "sr-only", "aria-hidden": "true" }, unit ? `in ${unitWord(unit)}` : "");
  const unitShown = h("span", { class: "unit", "aria-hidden": "true" }, unit ?? "");
  const numberInput = h("input", {
    type: "number", id, min, max, step: step === "any" ? "any" : step, value, inputmode: "decimal",
    "aria-labelledby": `${id}-label ${id}-unit`,
    "aria-describedby": hint ? `${id}-hint` : undefined,
  });
  const slider = h("input", {
    type: "range", id: `${id}-slider`, "aria-label": `${label} (slider)`,
    min: toSlider(min), max: toSlider(max), step: scale === "log" ? 0.05 : step === "any" ? 0.01 : step,
    value: toSlider(value), "aria-valuetext": spoken(value),
  });
  const wrap = h("div", { class: "field", "data-field": id },
    labelEl,
    h("div", { class: "pair" }, numberInput, unitShown, unitName, slider),
    hint ? h("span", { id: `${id}-hint`, class: "sr-only" }, hint) : undefined);
  let last = Number(value);
  const show = (v) => {
    last = v;
    numberInput.value = tidy(v);
    slider.value = toSlider(v);
    slider.setAttribute("aria-valuetext", spoken(v));
  };
  numberInput.addEventListener("change", () => {
    const typed = numberInput.value.trim() === "" ? NaN : Number(numberInput.value);
    if (!Number.isFinite(typed)) {
      show(last);
      return;
    }
    const v = clamp(typed);
    show(v);
    onchange(v);
  });
  slider.addEventListener("input", () => {
    const v = fromSlider(slider.value);
    show(v);
    onchange(v);
  });
  return {
    element: wrap,
    set(v) { if (Number.isFinite(Number(v))) show(Number(v)); },
    /** Shows the value in unit `u`, with the field's ends at `range` ({ min, max }, in `u`) if given. */
    setUnit(u, range) {
      if (range && (range.min !== min || range.max !== max)) {
        ({ min, max } = range);
        numberInput.min = min;
        numberInput.max = max;
        slider.min = toSlider(min);
        slider.max = toSlider(max);
      }
      unit = u;
      unitShown.textContent = u ?? "";
      unitName.textContent = u ? `in ${unitWord(u)}` : "";
      slider.setAttribute("aria-valuetext", spoken(last));
    },
    get value() { return Number(numberInput.value); },
  };
}

/**
 * The base of every Weir element: an open shadow root with the shared sheet,
 * one coalesced `update()` per batch of attribute changes, a `result`
 * property, a `change` event and a polite live region. Subclasses implement
 * `build()` (once), `update()` (after attribute or property changes) and
 * `release()` (free wasm objects on disconnect).
 */
export class WeirElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.shadowRoot.adoptedStyleSheets = [sharedSheet(), schemeSheet("light")];
    this._result = null;
    this._pending = false;
  }

  connectedCallback() {
    themed.add(this);
    watchThemes();
    this.applyTheme();
    if (!this._built) {
      this._built = true;
      this.live = h("p", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
      this.build();
      this.shadowRoot.append(this.live);
    }
    this.requestUpdate();
  }

  disconnectedCallback() {
    themed.delete(this);
    this.release();
  }

  attributeChangedCallback(name) {
    if (name === "theme") this.applyTheme();
    if (this._built) this.requestUpdate();
  }

  /** Draws in the scheme `schemeOf` picks; says which in `data-scheme`. */
  applyTheme() {
    const scheme = schemeOf(this);
    if (this.dataset.scheme === scheme) return;
    this.dataset.scheme = scheme;
    this.shadowRoot.adoptedStyleSheets = [sharedSheet(), schemeSheet(scheme)];
  }

  /** Coalesces changes into one update on the next microtask. */
  requestUpdate() {
    if (this._pending) return;
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      if (!this.isConnected) return;
      this.applyTheme();
      try {
        // `theme` is every widget's attribute: checked here, like each widget's own
        // (`invalid()` lets a widget that runs on its own, the factory, stop first).
        try {
          readAttrs(this, THEME_SPEC);
        } catch (err) {
          this.invalid?.();
          throw err;
        }
        const done = this.update();
        if (done?.then) {
          this.dataset.state = "loading";
          done.then((applied) => { if (applied !== false) this.dataset.state = "ready"; }, (err) => this.showError(err));
        } else {
          this.dataset.state = "ready";
        }
      } catch (err) {
        this.showError(err);
      }
    });
  }

  showError(err) {
    this.dataset.state = "error";
    if (!this.errorBox) return;
    this.errorBox.hidden = false;
    this.errorBox.textContent = String(err?.message ?? err);
  }

  /** The latest outputs, as plain data. */
  get result() { return this._result; }

  /** Sets `result`, fires `change` (bubbling, composed) and announces `summary`. */
  publish(result, summary) {
    this._result = result;
    if (this.errorBox) this.errorBox.hidden = true;
    if (summary !== undefined && this.live.textContent !== summary) this.live.textContent = summary;
    this.dispatchEvent(new CustomEvent("change", { detail: result, bubbles: true, composed: true }));
  }

  /** Attribute `name` parsed by `parse`, or `fallback` when absent. */
  attr(name, parse, fallback) {
    const v = this.getAttribute(name);
    if (v === null || v === "") return fallback;
    return parse(v);
  }

  build() {}
  update() {}
  release() {}
}

/**
 * Takes over a property a page set on an element before its class was
 * defined: that value is an own property hiding the class's accessor, so it
 * is removed and set again through the accessor. Call it from `build()`.
 */
export function upgradeProperty(el, name) {
  if (!Object.prototype.hasOwnProperty.call(el, name)) return;
  const value = el[name];
  delete el[name];
  el[name] = value;
}

/** Defines `name` unless the page already has an element by that name. */
export function define(name, cls) {
  if (customElements.get(name)) return;
  // Every widget takes `theme`; the subclasses list only their own attributes.
  const own = cls.observedAttributes ?? [];
  if (!own.includes("theme")) Object.defineProperty(cls, "observedAttributes", { value: [...own, "theme"], configurable: true });
  customElements.define(name, cls);
}

/**
 * Runs `rebuild()` (which may replace every node of a chart) and puts the
 * focus back where it was: on the new node with the same `data-focus-id`
 * when focus was on such a node inside `root` (a shadow root). Returns true
 * when focus was put back, so a redraw during playback never drops the
 * learner's place to <body>. When that node is gone, `fallback` takes the focus.
 */
export function keepFocus(root, rebuild, fallback) {
  const id = root.activeElement?.closest?.("[data-focus-id]")?.getAttribute("data-focus-id") ?? null;
  rebuild();
  if (id === null) return false;
  const again = root.querySelector(`[data-focus-id="${globalThis.CSS.escape(id)}"]`);
  if (!again) {
    // The item is gone (a new design has other windows): the focus stays in
    // the chart rather than falling to <body>.
    fallback?.focus({ preventScroll: true });
    return false;
  }
  again.focus({ preventScroll: true });
  return root.activeElement === again;
}

/**
 * Axis ticks at round values between `min` and `max`: a step of 1, 2 or 5
 * times a power of ten (in the axis unit) giving at most `count` ticks.
 */
export function niceTicks(min, max, count) {
  const span = Math.max(max - min, 1e-9);
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw - 1e-9);
  const out = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + 1e-9; t += step) out.push(+t.toPrecision(12));
  return out;
}

/**
 * The width of a time chart: the space available, or more when the readings
 * of its densest lane (the smallest median gap between neighbours of one
 * key) would be drawn closer than `dotPx`, up to `most` px (a desktop
 * width: past it the page's own width is used, as dense data merges on any
 * screen); the chart then scrolls sideways.
 */
export function chartWidth(avail, margins, spanMs, events, dotPx, most = 960) {
  const lanes = new Map();
  for (const e of events) {
    if (!lanes.has(e.key)) lanes.set(e.key, []);
    lanes.get(e.key).push(e.time);
  }
  let gap = Infinity;
  for (const times of lanes.values()) {
    times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]).filter((g) => g > 0).sort((a, b) => a - b);
    if (gaps.length) gap = Math.min(gap, gaps[Math.floor(gaps.length / 2)]);
  }
  const need = Number.isFinite(gap) ? margins + (spanMs / gap) * dotPx : 0;
  return Math.round(Math.max(avail, Math.min(need, most)));
}

/**
 * Copies of the texts matching `selector` in `svg` that a vertical line at
 * `x` crosses, in a group to append after the line: drawn on a halo of the
 * background (`.over-line`), they keep the line from striking through a
 * window's count while the originals stay in their window's group (hover,
 * focus, styles). Call it once the chart is in the page (it measures).
 */
export function textsOverLine(svg, x, selector) {
  const out = s("g", { class: "over-line", "aria-hidden": "true" });
  for (const t of svg.querySelectorAll(selector)) {
    const b = t.getBBox();
    if (b.width && b.x - 2 <= x && x <= b.x + b.width + 2) out.append(t.cloneNode(true));
  }
  return out;
}

/**
 * Scrolls a sideways-scrolling chart `box` so that chart x `x` (px) is in
 * view: the step just played stays on screen when the chart is wider than
 * the page. Leaves the scroll alone while `x` is visible.
 */
export function keepInView(box, x) {
  if (!Number.isFinite(x) || box.scrollWidth <= box.clientWidth) return;
  const { scrollLeft: left, clientWidth: w } = box;
  if (x < left + 24 || x > left + w - 24) box.scrollLeft = Math.max(0, x - w * 0.6);
}

/**
 * A chart key: `<ul class="legend">` with one item per mark. Each `mark` is
 * an SVG fragment builder `(svg) => void` drawing in a 22 x 14 box with the
 * chart's own classes, so the key shows exactly the chart's colours.
 */
export function legend(label, items) {
  return h("ul", { class: "legend", "aria-label": label }, ...items.map(([text, mark, attrs = {}]) => {
    const icon = s("svg", { viewBox: "0 0 22 14", "aria-hidden": "true", focusable: "false" });
    mark(icon);
    return h("li", attrs, icon, text);
  }));
}

/**
 * Roving focus over `items` (SVG or HTML elements): one tab stop for the
 * group, arrow keys / Home / End move between items, and `onfocus(i)` runs
 * on focus and pointer hover. Returns the index focused last.
 */
export function roving(items, { onfocus, onblur, start = 0 }) {
  let current = Math.min(Math.max(start, 0), items.length - 1);
  items.forEach((item, i) => {
    item.setAttribute("tabindex", i === current ? "0" : "-1");
    item.addEventListener("focus", () => {
      items[current]?.setAttribute("tabindex", "-1");
      current = i;
      item.setAttribute("tabindex", "0");
      onfocus(i);
    });
    item.addEventListener("pointerenter", () => onfocus(i));
    if (onblur) {
      item.addEventListener("blur", () => onblur(i));
      item.addEventListener("pointerleave", () => onblur(i));
    }
    item.addEventListener("keydown", (ev) => {
      const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      items[Math.min(Math.max(next, 0), items.length - 1)].focus();
    });
  });
  return () => current;
}
