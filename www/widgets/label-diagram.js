// <weir-label-diagram>: the chapter's Concept Check "Label the Diagram". Two
// built-in SVG diagrams drawn after the chapter's figures (the pipeline of
// figures 3.5-3.7, event time against processing time of figures 3.8 and
// 3.15) with blanks on them and a tray of labels. A label is placed by
// dragging it (pointer events: mouse, pen and touch), by keyboard (pick a
// label, then a blank) or with the labelled select of each blank; Check
// marks each blank right or wrong, Reset empties them. Pure UI: no engine.
import { WeirElement, h, nextId, s } from "./base.js";

const BW = 150; // blank width and height, in viewBox units
const BH = 30;

/** Draws the shared arrowhead marker into `svg`'s defs (ids are per instance). */
function marker(id) {
  return s("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
}

const arrow = (d, id, cls = "flow") => s("path", { d, class: cls, "marker-end": `url(#${id})` });

/**
 * The diagrams: their labels, their blanks (which label is right, where the
 * blank sits, and a description of the place that does not give the answer
 * away) and a `draw(g, arrowId)` for the figure itself.
 */
export const DIAGRAMS = {
  pipeline: {
    title: "A stream processing pipeline",
    description: "Readings flow left to right from the sources through a message log into the processing stage and out to the results; a store below the processing stage and an arrow back from it to the log complete the picture (the chapter's figures 3.5 to 3.7).",
    viewBox: "0 0 900 400",
    labels: [["sensors", "Sensors"], ["ingestion", "Ingestion"], ["windowing", "Windowing"], ["watermark", "Watermark"],
      ["checkpoint", "Checkpoint"], ["output", "Output"], ["backpressure", "Backpressure"], ["lag", "Consumer lag"]],
    blanks: [
      { id: "b-sources", answer: "sensors", x: 20, y: 262, where: "under the three devices on the left, where the readings start" },
      { id: "b-log", answer: "ingestion", x: 215, y: 138, where: "the box that receives the readings and keeps them in a log" },
      { id: "b-lag", answer: "lag", x: 215, y: 262, where: "the span of the log between what the processor has read and the newest entry" },
      { id: "b-windows", answer: "windowing", x: 403, y: 218, where: "in the processing stage, under the row of adjacent time buckets" },
      { id: "b-wm", answer: "watermark", x: 562, y: 218, where: "in the processing stage, under the dashed vertical line" },
      { id: "b-store", answer: "checkpoint", x: 610, y: 332, where: "the store below the processing stage, where its state is saved" },
      { id: "b-out", answer: "output", x: 737, y: 218, where: "the box on the right that receives the results" },
      { id: "b-back", answer: "backpressure", x: 320, y: 38, where: "on the arrow from the processing stage back to the log" },
    ],
    draw(g, id) {
      g.append(
        // sources
        ...[150, 185, 220].flatMap((y) => [s("circle", { cx: 85, cy: y, r: 13, class: "node" }), s("path", { d: `M78 ${y} q3.5 -6 7 0 t7 0`, class: "wave" })]),
        arrow("M102 185 H196", id),
        // ingestion: a log of entries, the read position and the newest entry
        s("rect", { x: 205, y: 130, width: 170, height: 100, rx: 6, class: "node" }),
        ...Array.from({ length: 7 }, (_, k) => s("rect", { x: 212 + k * 20, y: 176, width: 16, height: 38, rx: 2, class: k < 2 ? "entry read" : "entry" })),
        s("path", { d: "M252 222 v10 H352 v-10", class: "bracket" }),
        s("path", { d: "M252 246 l-5 -8 h10 z", class: "pointer" }),
        arrow("M375 185 H388", id),
        // processing: windows and a watermark
        s("rect", { x: 395, y: 110, width: 325, height: 150, rx: 8, class: "node" }),
        s("text", { x: 410, y: 132, class: "stage" }, "Processing"),
        ...[0, 1, 2].map((k) => s("rect", { x: 410 + k * 44, y: 150, width: 42, height: 56, rx: 3, class: "bucket" })),
        ...[[425, 168], [445, 190], [470, 175], [500, 195], [515, 160], [540, 182]].map(([cx, cy]) => s("circle", { cx, cy, r: 4, class: "dot" })),
        s("line", { x1: 636, y1: 140, x2: 636, y2: 212, class: "wm" }),
        arrow("M720 185 H742", id),
        // output
        s("rect", { x: 745, y: 140, width: 130, height: 72, rx: 6, class: "node" }),
        s("path", { d: "M760 200 V160 M760 200 H860 M770 192 l18 -14 l16 8 l22 -20 l20 10", class: "chart" }),
        // checkpoint store
        arrow("M545 262 V318", id, "flow dashed"),
        s("path", { d: "M505 325 a40 9 0 0 0 80 0 a40 9 0 0 0 -80 0 v40 a40 9 0 0 0 80 0 v-40", class: "node" }),
        // backpressure: from processing back to the log
        arrow("M470 108 C470 40 280 40 280 126", id, "flow back"),
      );
    },
  },
  "event-time": {
    title: "Event time, processing time and late data",
    description: "Two time axes, 14:00:00 to 14:00:30: readings are dots on the upper axis, each joined by a line to where it arrives on the lower axis; a shaded bracket covers 14:00:00 to 14:00:10 on the upper axis, a dashed line stands at 14:00:20, one reading measured at 14:00:05 arrives at 14:00:27 and drops into a tray (the chapter's figures 3.8 and 3.15).",
    viewBox: "0 0 900 410",
    labels: [["event", "Event time"], ["processing", "Processing time"], ["delay", "Network delay"], ["watermark", "Watermark"],
      ["window", "Window"], ["late", "Late event"], ["side", "Side output"]],
    blanks: [
      { id: "b-top", answer: "event", x: 6, y: 75, where: "the name of the upper axis, on which each reading is placed when it was measured" },
      { id: "b-bottom", answer: "processing", x: 6, y: 265, where: "the name of the lower axis, on which each reading is placed when it reached the system" },
      { id: "b-line", answer: "delay", x: 325, y: 188, where: "on the slanted line from a reading's dot on the upper axis to its dot on the lower axis" },
      { id: "b-bracket", answer: "window", x: 215, y: 18, where: "above the shaded bracket from 14:00:00 to 14:00:10" },
      { id: "b-dashed", answer: "watermark", x: 612, y: 18, where: "at the dashed vertical line at 14:00:20" },
      { id: "b-hollow", answer: "late", x: 740, y: 226, where: "next to the hollow dot measured at 14:00:05 that arrives at 14:00:27" },
      { id: "b-tray", answer: "side", x: 737, y: 352, where: "the tray that the hollow dot drops into" },
    ],
    draw(g, id) {
      const x = (sec) => 185 + sec * 21;
      const ticks = [0, 5, 10, 15, 20, 25, 30];
      g.append(
        s("rect", { x: x(0), y: 58, width: x(10) - x(0), height: 26, class: "bucket" }),
        s("line", { x1: x(0), y1: 90, x2: x(30) + 20, y2: 90, class: "axis", "marker-end": `url(#${id})` }),
        s("line", { x1: x(0), y1: 280, x2: x(30) + 20, y2: 280, class: "axis", "marker-end": `url(#${id})` }),
        ...ticks.flatMap((t) => [
          s("line", { x1: x(t), y1: 86, x2: x(t), y2: 94, class: "axis" }),
          s("text", { x: x(t), y: 108, class: "tick", "text-anchor": "middle" }, `14:00:${String(t).padStart(2, "0")}`),
          s("line", { x1: x(t), y1: 276, x2: x(t), y2: 284, class: "axis" }),
          s("text", { x: x(t), y: 298, class: "tick", "text-anchor": "middle" }, `14:00:${String(t).padStart(2, "0")}`),
        ]),
        ...[[1, 2], [3, 5], [6, 6.5], [8, 12], [12, 16], [15, 17], [19, 21], [24, 25.5]].flatMap(([t, a]) => [
          s("line", { x1: x(t), y1: 90, x2: x(a), y2: 280, class: "delay" }),
          s("circle", { cx: x(t), cy: 90, r: 5, class: "dot" }),
          s("circle", { cx: x(a), cy: 280, r: 5, class: "dot" }),
        ]),
        s("line", { x1: x(20), y1: 52, x2: x(20), y2: 300, class: "wm" }),
        s("line", { x1: x(5), y1: 90, x2: x(27), y2: 280, class: "delay late" }),
        s("circle", { cx: x(5), cy: 90, r: 5, class: "dot late" }),
        s("circle", { cx: x(27), cy: 280, r: 6, class: "hollow" }),
        arrow(`M${x(27)} 288 V340`, id, "flow late"),
        s("rect", { x: 725, y: 342, width: 175, height: 50, rx: 6, class: "tray" }),
      );
    },
  },
};

const STYLE = `
:host { color-scheme: light dark; }
.figure { overflow-x: auto; max-width: 100%; }
.figure svg { min-width: 600px; touch-action: pan-x pan-y; }
svg .node { fill: var(--_panel); stroke: var(--_muted); stroke-width: 1.5; }
svg .wave { fill: none; stroke: var(--_accent); stroke-width: 1.5; }
svg .entry { fill: var(--_bg); stroke: var(--_muted); }
svg .entry.read { fill: var(--_muted); }
svg .bracket, svg .chart { fill: none; stroke: var(--_fg); stroke-width: 1.5; }
svg .pointer { fill: var(--_fg); }
svg .stage { font-weight: 600; }
svg .bucket { fill: color-mix(in srgb, var(--_accent) 14%, transparent); stroke: var(--_accent); }
svg .dot { fill: var(--_accent); }
svg .dot.late { fill: var(--_late); }
svg .hollow { fill: var(--_bg); stroke: var(--_late); stroke-width: 2.5; }
svg .wm { stroke: var(--_wm); stroke-width: 2.5; stroke-dasharray: 7 4; }
svg .delay { stroke: var(--_muted); stroke-width: 1.2; }
svg .delay.late { stroke: var(--_late); stroke-dasharray: 5 3; stroke-width: 1.6; }
svg .flow { fill: none; stroke: var(--_fg); stroke-width: 1.6; }
svg .flow.dashed { stroke-dasharray: 5 4; }
svg .flow.back { stroke: var(--_warn); stroke-width: 2; stroke-dasharray: 8 4; }
svg .flow.late { stroke: var(--_late); }
svg marker path { fill: context-stroke; }
svg .tray { fill: color-mix(in srgb, var(--_late) 10%, var(--_bg)); stroke: var(--_late); stroke-width: 1.5; }
svg .axis { stroke: var(--_fg); stroke-width: 1.4; }
svg .blank { cursor: pointer; touch-action: none; }
svg .blank rect { fill: var(--_bg); stroke: var(--_accent); stroke-width: 1.6; stroke-dasharray: 5 3; }
svg .blank.filled rect { stroke-dasharray: none; }
svg .blank.over rect { stroke-width: 3.5; fill: color-mix(in srgb, var(--_accent) 15%, var(--_bg)); }
svg .blank .num { fill: var(--_muted); font-weight: 700; }
svg .blank .txt { font-size: 12.5px; }
svg .blank .mk { font-size: 15px; font-weight: 700; }
svg .blank[data-mark=right] .mk { fill: var(--_ok); }
svg .blank[data-mark=wrong] .mk { fill: var(--_late); }
svg .blank.empty .txt { fill: var(--_muted); font-style: italic; }
svg .blank[data-mark=right] rect { stroke: var(--_ok); stroke-width: 3; }
svg .blank[data-mark=wrong] rect { stroke: var(--_late); stroke-width: 3; }
svg .blank:focus-visible rect { stroke: var(--_fg); stroke-width: 3.5; }
.tray-box { display: flex; flex-wrap: wrap; gap: .4rem; min-height: 2.4rem; padding: .4rem; border: 1px dashed var(--_muted); border-radius: 6px; margin: .4rem 0; }
.tray-box.over { border-style: solid; border-color: var(--_accent); }
.chip { touch-action: none; user-select: none; -webkit-user-select: none; }
.chip[aria-pressed=true] { background: var(--_accent); color: var(--_bg); border-color: var(--_accent); }
.chip.dragging { position: relative; z-index: 2; box-shadow: 0 2px 8px rgb(0 0 0 / .3); }
.selects { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .35rem .8rem; margin: .4rem 0; }
.selects .field { grid-template-columns: 1fr; }
.mark { font-weight: 600; }
.mark.right { color: var(--_ok); } .mark.wrong { color: var(--_late); }
.summary { font-weight: 600; }
details summary { cursor: pointer; }
`;

export class WeirLabelDiagram extends WeirElement {
  static get observedAttributes() { return ["diagram", "heading"]; }

  build() {
    this.ids = nextId("weir-label");
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.heading = h("h3", { id: `${this.ids}-h` });
    this.intro = h("p", { class: "muted" });
    this.figure = h("div", { class: "figure", role: "group", "aria-labelledby": `${this.ids}-h` });
    this.tray = h("div", { class: "tray-box", role: "group", "aria-label": "Labels to place" });
    this.selects = h("div", { class: "selects" });
    this.summary = h("p", { class: "summary" });
    this.checkButton = h("button", { type: "button", onclick: () => this.check() }, "Check");
    this.resetButton = h("button", { type: "button", onclick: () => this.reset() }, "Reset");
    this.shadowRoot.append(h("style", {}, STYLE), this.heading, this.intro, this.errorBox, this.figure,
      h("p", { class: "muted", id: `${this.ids}-how` }, "Drag a label onto a blank, or press a label and then a blank. Pressing a filled blank puts its label back."),
      this.tray,
      h("details", {}, h("summary", {}, "Or choose the label of each blank from a list"), this.selects),
      h("div", { class: "buttons" }, this.checkButton, this.resetButton), this.summary);
    this.shadowRoot.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && this.picked) { this.picked = null; this.refresh("Nothing picked."); }
    });
  }

  update() {
    const name = this.getAttribute("diagram") ?? "pipeline";
    const d = DIAGRAMS[name];
    if (!d) throw new Error(`diagram "${name}": expected ${Object.keys(DIAGRAMS).join(" or ")}`);
    this.heading.textContent = this.getAttribute("heading") ?? `Label the diagram: ${d.title.toLowerCase()}`;
    if (name === this.name) return;
    this.name = name;
    this.d = d;
    this.place = Object.fromEntries(d.blanks.map((b) => [b.id, null]));
    this.checked = false;
    this.picked = null;
    this.intro.textContent = `${d.description} Put each of the ${d.labels.length} labels on its blank, then press Check.`;
    this.drawFigure();
    this.drawSelects();
    this.chips = {};
    this.allPlaced = h("span", { class: "muted" }, "Every label is placed.");
    this.tray.replaceChildren(...d.labels.map(([l, t]) => {
      const chip = h("button", { type: "button", class: "chip", "data-label": l, "aria-describedby": `${this.ids}-how` }, t);
      chip.addEventListener("click", () => { if (!this.suppressClick) this.pick(l); });
      chip.addEventListener("pointerdown", (ev) => this.startDrag(ev, l, chip));
      this.chips[l] = chip;
      return chip;
    }), this.allPlaced);
    this.refresh(undefined);
  }

  labelText(id) { return this.d.labels.find(([l]) => l === id)?.[1] ?? ""; }

  drawFigure() {
    const d = this.d;
    const arrowId = `${this.ids}-arrow`;
    const m = marker(arrowId);
    m.append(s("path", { d: "M0 0 L10 5 L0 10 z" }));
    const fig = s("g", { class: "drawing", "aria-hidden": "true" });
    d.draw(fig, arrowId);
    this.blankEls = {};
    const blanks = d.blanks.map((b, i) => {
      const g = s("g", { class: "blank empty", "data-blank": b.id, role: "button", tabindex: 0, transform: `translate(${b.x} ${b.y})` });
      g.append(s("rect", { width: BW, height: BH, rx: 5 }), s("text", { x: 10, y: 20, class: "num" }, String(i + 1)),
        s("text", { x: 26, y: 20, class: "txt" }), s("text", { x: BW - 10, y: 20, class: "mk", "text-anchor": "end" }));
      g.addEventListener("click", () => { if (!this.suppressClick) this.pressBlank(b.id); });
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); this.pressBlank(b.id); }
        if (ev.key === "Delete" || ev.key === "Backspace") { ev.preventDefault(); if (this.place[b.id]) this.unplace(this.place[b.id]); }
      });
      g.addEventListener("pointerdown", (ev) => { if (this.place[b.id]) this.startDrag(ev, this.place[b.id], g); });
      this.blankEls[b.id] = g;
      return g;
    });
    const svg = s("svg", { viewBox: d.viewBox, role: "group", "aria-label": `${d.title}: ${d.blanks.length} blanks` });
    const defs = s("defs");
    defs.append(m);
    svg.append(s("title", {}, d.title), defs, fig, ...blanks);
    this.svg = svg;
    this.figure.replaceChildren(svg);
  }

  drawSelects() {
    this.selectEls = {};
    this.selects.replaceChildren(...this.d.blanks.map((b, i) => {
      const id = `${this.ids}-sel-${i}`;
      const sel = h("select", { id, "data-blank": b.id },
        h("option", { value: "" }, "(empty)"), ...this.d.labels.map(([v, t]) => h("option", { value: v }, t)));
      sel.addEventListener("change", () => {
        if (sel.value) this.put(sel.value, b.id);
        else if (this.place[b.id]) this.unplace(this.place[b.id]);
      });
      this.selectEls[b.id] = sel;
      return h("div", { class: "field" }, h("label", { for: id }, `Blank ${i + 1}: ${b.where}`), sel,
        h("span", { class: "mark", "data-mark-for": b.id }));
    }));
  }

  /** Keyboard and click: place the picked label, or take a placed one back. */
  pressBlank(blankId) {
    if (this.picked) {
      const label = this.picked;
      this.put(label, blankId);
      const next = this.tray.querySelector(".chip:not([hidden])");
      (next ?? this.checkButton).focus();
      return;
    }
    const current = this.place[blankId];
    if (current) this.unplace(current);
    else this.refresh("Pick a label first, then this blank.");
  }

  blankOf(label) { return Object.keys(this.place).find((b) => this.place[b] === label) ?? null; }

  put(label, blankId) {
    const from = this.blankOf(label);
    if (from) this.place[from] = null;
    this.place[blankId] = label;
    this.picked = null;
    this.checked = false;
    const n = this.d.blanks.findIndex((b) => b.id === blankId) + 1;
    this.refresh(`"${this.labelText(label)}" placed on blank ${n}.`);
  }

  unplace(label) {
    const from = this.blankOf(label);
    if (from) this.place[from] = null;
    this.picked = null;
    this.checked = false;
    this.refresh(`"${this.labelText(label)}" back in the tray.`);
  }

  pick(label) {
    this.picked = this.picked === label ? null : label;
    this.refresh(this.picked ? `Picked "${this.labelText(label)}". Now press a blank.` : "Nothing picked.");
  }

  /** Pointer drag (mouse, pen, touch): the chip follows the pointer, the blank under it lights up. */
  startDrag(ev, label, source) {
    if (ev.button !== 0) return;
    const x0 = ev.clientX, y0 = ev.clientY;
    let moved = false;
    let over = null;
    let ghost = null;
    source.setPointerCapture?.(ev.pointerId);
    const targetAt = (x, y) => {
      if (ghost) ghost.style.pointerEvents = "none";
      const el = this.shadowRoot.elementFromPoint(x, y);
      if (ghost) ghost.style.pointerEvents = "";
      return el?.closest?.(".blank") ?? (el?.closest?.(".tray-box") ? this.tray : null);
    };
    const move = (e) => {
      if (!moved && Math.hypot(e.clientX - x0, e.clientY - y0) < 5) return;
      if (!moved) {
        moved = true;
        ghost = source.classList.contains("chip") ? source : null;
        ghost?.classList.add("dragging");
      }
      if (ghost) ghost.style.transform = `translate(${e.clientX - x0}px, ${e.clientY - y0}px)`;
      const t = targetAt(e.clientX, e.clientY);
      if (t !== over) {
        over?.classList.remove("over");
        over = t;
        over?.classList.add("over");
      }
    };
    const end = (e) => {
      source.removeEventListener("pointermove", move);
      source.removeEventListener("pointerup", end);
      source.removeEventListener("pointercancel", end);
      over?.classList.remove("over");
      if (ghost) { ghost.style.transform = ""; ghost.classList.remove("dragging"); }
      if (!moved) return;
      // The click that follows a drag is not a press.
      this.suppressClick = true;
      setTimeout(() => { this.suppressClick = false; }, 0);
      const t = e.type === "pointerup" ? targetAt(e.clientX, e.clientY) : null;
      if (t?.dataset?.blank) this.put(label, t.dataset.blank);
      else if (t === this.tray || (t === null && this.blankOf(label))) this.unplace(label);
    };
    source.addEventListener("pointermove", move);
    source.addEventListener("pointerup", end);
    source.addEventListener("pointercancel", end);
  }

  refresh(summary) {
    const d = this.d;
    // The chips stay in the tray (placed ones hidden) so that a focused chip keeps focus.
    let inTray = 0;
    for (const [l] of d.labels) {
      const chip = this.chips[l];
      chip.hidden = !!this.blankOf(l);
      chip.setAttribute("aria-pressed", String(this.picked === l));
      if (!chip.hidden) inTray++;
    }
    this.allPlaced.hidden = inTray > 0;
    let correct = 0;
    d.blanks.forEach((b, i) => {
      const g = this.blankEls[b.id];
      const label = this.place[b.id];
      const right = label === b.answer;
      if (right) correct++;
      g.classList.toggle("filled", !!label);
      g.classList.toggle("empty", !label);
      const mark = this.checked && label ? (right ? "right" : "wrong") : "";
      if (mark) g.dataset.mark = mark; else delete g.dataset.mark;
      const text = label ? this.labelText(label) : "drop a label";
      g.querySelector(".txt").textContent = text;
      g.querySelector(".mk").textContent = mark ? (right ? "✓" : "✗") : "";
      const state = label ? `"${this.labelText(label)}"${mark ? `, ${mark}` : ""}` : "empty";
      g.setAttribute("aria-label", `Blank ${i + 1}, ${b.where}: ${state}`);
      this.selectEls[b.id].value = label ?? "";
      const markEl = this.selects.querySelector(`[data-mark-for="${b.id}"]`);
      markEl.textContent = mark ? (right ? "✓ right" : "✗ wrong") : "";
      markEl.className = `mark ${mark}`;
    });
    const placed = d.blanks.filter((b) => this.place[b.id]).length;
    const total = d.blanks.length;
    this.summary.textContent = this.checked ? `${correct} of ${total} right.` : `${placed} of ${total} placed.`;
    const placements = Object.fromEntries(d.blanks.map((b) => [b.id, this.place[b.id]]));
    this.publish({ diagram: this.name, placed, correct, total, checked: this.checked, placements }, summary);
  }

  check() {
    this.checked = true;
    this.picked = null;
    const total = this.d.blanks.length;
    this.refresh("");
    const r = this._result;
    const wrong = this.d.blanks.map((b, i) => (this.place[b.id] && this.place[b.id] !== b.answer ? i + 1 : null)).filter(Boolean);
    const empty = this.d.blanks.map((b, i) => (this.place[b.id] ? null : i + 1)).filter(Boolean);
    this.live.textContent = `${r.correct} of ${total} right.` + (wrong.length ? ` Wrong: blank ${wrong.join(", ")}.` : "") +
      (empty.length ? ` Empty: blank ${empty.join(", ")}.` : "");
    this.dispatchEvent(new CustomEvent("weir-score", {
      bubbles: true, composed: true,
      detail: { score: { raw: r.correct, min: 0, max: total, scaled: r.correct / total }, success: r.correct === total, completion: r.placed === total },
    }));
  }

  reset() {
    for (const b of Object.keys(this.place)) this.place[b] = null;
    this.picked = null;
    this.checked = false;
    this.refresh("Every label is back in the tray.");
  }
}
