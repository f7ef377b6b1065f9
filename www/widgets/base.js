// What the three widgets share: one constructable stylesheet (themed by CSS
// custom properties, light and dark, reduced motion), a thin base element
// (shadow root, attribute-driven updates, a `result` property, a `change`
// event, a polite live region) and small DOM/SVG helpers.

export const SVG_NS = "http://www.w3.org/2000/svg";

const CSS = `
:host {
  --_bg: var(--weir-bg, #ffffff); --_fg: var(--weir-fg, #1b1f24);
  --_muted: var(--weir-muted, #57606a); --_rule: var(--weir-rule, #d0d7de);
  --_panel: var(--weir-panel, #f6f8fa); --_accent: var(--weir-accent, #0969da);
  --_late: var(--weir-late, #b91c1c); --_wm: var(--weir-watermark, #7c3aed);
  --_ok: var(--weir-ok, #1a7f37); --_warn: var(--weir-warn, #9a6700);
  --_k0: var(--weir-key-0, #0969da); --_k1: var(--weir-key-1, #c2410c);
  --_k2: var(--weir-key-2, #1a7f37); --_k3: var(--weir-key-3, #8250df);
  --_k4: var(--weir-key-4, #bf3989);
  display: block; color: var(--_fg); background: var(--_bg);
  font: var(--weir-font, 15px/1.45 system-ui, sans-serif);
  border: 1px solid var(--_rule); border-radius: 8px; padding: .75rem;
  max-width: 100%; box-sizing: border-box; container-type: inline-size;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--weir-bg, #111418); --_fg: var(--weir-fg, #e6e9ed);
    --_muted: var(--weir-muted, #9aa4af); --_rule: var(--weir-rule, #3a424c);
    --_panel: var(--weir-panel, #1a1f26); --_accent: var(--weir-accent, #6ea8ff);
    --_late: var(--weir-late, #f87171); --_wm: var(--weir-watermark, #c4b5fd);
    --_ok: var(--weir-ok, #4ade80); --_warn: var(--weir-warn, #facc15);
    --_k0: var(--weir-key-0, #6ea8ff); --_k1: var(--weir-key-1, #fb923c);
    --_k2: var(--weir-key-2, #4ade80); --_k3: var(--weir-key-3, #c4b5fd);
    --_k4: var(--weir-key-4, #f9a8d4);
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
h3 { font-size: 1.05em; margin: 0 0 .4rem; }
h4 { font-size: .95em; margin: .6rem 0 .3rem; }
p { margin: .3rem 0; }
.muted, .note { color: var(--_muted); font-size: .9em; }
.error { color: var(--_late); font-weight: 600; }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .5rem .9rem;
  margin: .4rem 0 .7rem; }
.field { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: .15rem .4rem; min-width: 0; }
.field label { grid-column: 1 / -1; font-size: .9em; }
.field .pair { grid-column: 1 / -1; display: flex; gap: .4rem; align-items: center; min-width: 0; }
.field input[type=range] { flex: 1 1 auto; min-width: 4rem; accent-color: var(--_accent); }
.field input[type=number], select { width: 6.5rem; font: inherit; padding: .15rem .3rem; color: var(--_fg);
  background: var(--_bg); border: 1px solid var(--_muted); border-radius: 4px; }
.unit { color: var(--_muted); font-size: .85em; min-width: 2.2rem; }
.buttons { display: flex; flex-wrap: wrap; gap: .4rem; margin: .3rem 0; }
button { font: inherit; padding: .25rem .7rem; color: var(--_fg); background: var(--_panel);
  border: 1px solid var(--_muted); border-radius: 4px; cursor: pointer; }
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
.key-3 { --c: var(--_k3); } .key-4 { --c: var(--_k4); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: .9em; }
caption { text-align: left; color: var(--_muted); padding-bottom: .25rem; }
th, td { padding: .2rem .45rem; border-bottom: 1px solid var(--_rule); text-align: right; }
th:first-child, td:first-child { text-align: left; }
.scroll { overflow-x: auto; max-width: 100%; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.panel { background: var(--_panel); border-radius: 6px; padding: .5rem .6rem; margin: .4rem 0; min-width: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .6rem; }
.field select { width: auto; max-width: 100%; }
@container (max-width: 520px) {
  table { font-size: .8em; }
  th, td { padding: .15rem .25rem; }
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

/** Creates an HTML element: h("p", { class: "x" }, "text", child...). */
export function h(name, attrs = {}, ...children) {
  const node = document.createElement(name);
  setAttrs(node, attrs);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

/** Creates an SVG element: s("rect", { x: 1 }, "optional text"). */
export function s(name, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, name);
  setAttrs(node, attrs);
  if (text !== undefined) node.textContent = text;
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
    this.shadowRoot.adoptedStyleSheets = [sharedSheet()];
    this._result = null;
    this._pending = false;
  }

  connectedCallback() {
    if (!this._built) {
      this._built = true;
      this.live = h("p", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
      this.build();
      this.shadowRoot.append(this.live);
    }
    this.requestUpdate();
  }

  disconnectedCallback() {
    this.release();
  }

  attributeChangedCallback() {
    if (this._built) this.requestUpdate();
  }

  /** Coalesces changes into one update on the next microtask. */
  requestUpdate() {
    if (this._pending) return;
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      if (!this.isConnected) return;
      try {
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

/** Defines `name` unless the page already has an element by that name. */
export function define(name, cls) {
  if (!customElements.get(name)) customElements.define(name, cls);
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
