// Tumbling windows of 10 s over a small out-of-order stream of three
// sensors, with a bounded out-of-orderness of 2 s: the events, the windows
// they fall in, the two that arrive too late, and what each window emitted.
import { replay } from "./weir.js";
import { PALETTE } from "./widgets/base.js";

const SVG = "http://www.w3.org/2000/svg";

export const CONFIG = {
  window: { type: "tumbling", size: 10_000 },
  watermark: { maxOutOfOrderness: 2_000 },
};

// [key, time ms, value °C] in arrival order. A few arrive out of order
// within 2 s (still on time); k3 @ 9.5 s and k2 @ 19.8 s arrive after the
// watermark has passed their window's end: late, to the side output.
export const STREAM = [
  [1, 500, 20.0], [2, 1200, 18.5], [3, 2100, 22.0], [1, 3400, 20.5],
  [2, 2800, 18.0], [3, 5600, 22.5], [1, 7200, 21.0], [2, 8900, 19.0],
  [1, 10400, 21.5], [3, 9100, 23.0], [2, 11800, 19.5], [1, 12600, 22.0],
  [3, 9500, 30.0], [2, 14300, 20.0], [3, 15900, 23.5], [1, 17000, 22.5],
  [2, 16200, 20.5], [3, 19400, 24.0], [1, 21500, 23.0], [2, 20700, 21.0],
  [3, 22800, 24.5], [1, 25300, 23.5], [2, 19800, 99.0], [2, 26900, 21.5],
  [3, 28400, 25.0], [1, 29900, 24.0], [2, 31000, 22.0], [3, 32500, 25.5],
  [1, 34100, 24.5], [2, 36600, 22.5],
].map(([key, time, value]) => ({ key, time, value }));

const KEYS = [1, 2, 3];
const T_END = 40_000;
const W = 760, LEFT = 78, RIGHT = 16, TOP = 24, LANE = 46;
const x = (t) => LEFT + (t / T_END) * (W - LEFT - RIGHT);
const laneY = (key) => TOP + KEYS.indexOf(key) * LANE;
const AXIS_Y = TOP + KEYS.length * LANE + 8;
const H = AXIS_Y + 42;
const secs = (ms) => `${+(ms / 1000).toFixed(1)} s`;
const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ""));

// Sensor k is drawn in the widgets' colour key-(k % 5), light and dark, so a
// sensor looks the same here as in every widget (and a --weir-key-N set on
// the page recolours both).
const keyColours = (scheme) => [0, 1, 2, 3, 4]
  .map((i) => `#tumbling-demo .key-${i} { --c: var(--weir-key-${i}, ${PALETTE[`key-${i}`][scheme]}); }`).join("\n");
const style = document.createElement("style");
style.textContent = `${keyColours(0)}\n@media (prefers-color-scheme: dark) {\n${keyColours(1)}\n}`;
document.head.append(style);

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawSvg(svg, events, outcomes, results, watermark) {
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "tumbling-title tumbling-desc");
  svg.append(
    el("title", { id: "tumbling-title" }, "Tumbling windows of 10 s over 30 sensor readings"),
    el("desc", { id: "tumbling-desc" },
      `Three sensor lanes on a 0 to 40 s time axis. ${results.length} window results ` +
      `are drawn as rectangles; ${outcomes.filter((o) => o === "side-output").length} ` +
      `readings arrived after the watermark passed their window and went to the side output.`),
  );
  // Window results: one rectangle per (key, window), labelled with its count.
  for (const r of results) {
    const g = el("g", { class: `window key-${r.key % 5}`, "data-key": r.key, "data-start": r.start, "data-end": r.end });
    g.append(
      el("rect", { x: x(r.start) + 2, y: laneY(r.key) + 4, width: x(r.end) - x(r.start) - 4, height: LANE - 8, rx: 4 }),
      el("text", { x: x(r.start) + 7, y: laneY(r.key) + 16, class: "count" }, `n=${r.count}`),
    );
    svg.append(g);
  }
  // Lanes and their labels.
  for (const k of KEYS) {
    svg.append(el("text", { x: LEFT - 10, y: laneY(k) + LANE / 2 + 4, "text-anchor": "end", class: `lane-label key-${k % 5}` }, `sensor ${k}`));
  }
  // Time axis with a tick every 5 s; window boundaries as dashed lines.
  svg.append(el("line", { x1: x(0), x2: x(T_END), y1: AXIS_Y, y2: AXIS_Y, class: "axis" }));
  for (let t = 0; t <= T_END; t += 5_000) {
    if (t % 10_000 === 0) {
      svg.append(el("line", { x1: x(t), x2: x(t), y1: TOP, y2: AXIS_Y, class: "boundary" }));
    }
    svg.append(
      el("line", { x1: x(t), x2: x(t), y1: AXIS_Y, y2: AXIS_Y + 5, class: "axis" }),
      el("text", { x: x(t), y: AXIS_Y + 18, "text-anchor": "middle", class: "tick" }, secs(t)),
    );
  }
  svg.append(el("text", { x: x(T_END), y: AXIS_Y + 36, "text-anchor": "end", class: "tick" }, "event time"));
  // The watermark when the stream ended (before the final flush).
  const wx = x(watermark);
  svg.append(
    el("line", { x1: wx, x2: wx, y1: TOP - 6, y2: AXIS_Y, class: "watermark", "data-watermark": watermark }),
    el("text", { x: wx, y: TOP - 10, "text-anchor": "middle", class: "watermark-label" }, `watermark ${secs(watermark)}`),
  );
  // Events: filled dots, hollow with a cross when sent to the side output.
  events.forEach((e, i) => {
    const late = outcomes[i] === "side-output";
    // Late readings sit a little higher, clear of their on-time neighbours.
    const cx = x(e.time), cy = laneY(e.key) + LANE / 2 + (late ? -5 : 4);
    const g = el("g", {
      class: `event key-${e.key % 5}${late ? " late" : ""}`,
      "data-key": e.key, "data-time": e.time, "data-value": e.value, "data-outcome": outcomes[i],
    });
    g.append(el("title", {}, `sensor ${e.key}, t = ${secs(e.time)}, ${e.value} °C, arrival #${i + 1}: ${outcomes[i]}`));
    g.append(el("circle", { cx, cy, r: 5 }));
    if (late) {
      g.append(el("path", { d: `M${cx - 3.5} ${cy - 3.5}l7 7m0 -7l-7 7`, class: "cross" }));
    }
    svg.append(g);
  });
}

function fillTable(tbody, results) {
  for (const r of results) {
    const tr = document.createElement("tr");
    tr.className = `result key-${r.key % 5}`;
    for (const f of ["key", "start", "end", "count", "sum", "min", "max", "mean", "firing"]) {
      tr.dataset[f] = r[f];
    }
    const cells = [
      [`sensor ${r.key}`, "th"],
      [`[${secs(r.start)}, ${secs(r.end)})`],
      [r.count], [fmt(r.sum)], [fmt(r.min)], [fmt(r.max)], [fmt(r.mean)], [r.firing],
    ];
    for (const [text, tag = "td"] of cells) {
      const c = document.createElement(tag);
      if (tag === "th") c.scope = "row";
      c.textContent = text;
      tr.append(c);
    }
    tbody.append(tr);
  }
}

export function mount(root) {
  try {
    const { outcomes, results, watermark } = replay(CONFIG, STREAM);
    const late = outcomes.filter((o) => o === "side-output").length;
    drawSvg(root.querySelector("svg"), STREAM, outcomes, results, watermark);
    fillTable(root.querySelector("tbody"), results);
    root.querySelector(".summary").textContent =
      `${STREAM.length} readings: ${outcomes.length - late} assigned to a window, ` +
      `${late} late (side output). ${results.length} window results, ` +
      `${results.filter((r) => r.firing === "on-time").length} of them on time.`;
    Object.assign(root.dataset, { events: STREAM.length, sideOutput: late, results: results.length, watermark, state: "ready" });
  } catch (err) {
    root.dataset.state = "error";
    const p = root.querySelector("[role=alert]");
    p.hidden = false;
    p.textContent = `The demo failed: ${err.message}`;
    throw err;
  }
}

mount(document.getElementById("tumbling-demo"));
