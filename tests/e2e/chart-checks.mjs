// Layout checks shared by the widget tests: on the charts of
// <weir-window-types> and <weir-event-time>, text drawn over a mark, region
// labels, dot spacing, marks apart; for any widget, selects that clip a choice.

/**
 * Every chart text (counts, ticks, labels) whose box overlaps an event dot,
 * as "text over event N" strings; [] when labels never collide with marks.
 */
export const labelCollisions = (page, host) => page.evaluate((sel) => {
  const svg = document.querySelector(sel).shadowRoot.querySelector("svg.timeline");
  const boxes = (q) => [...svg.querySelectorAll(q)].map((el) => [el, el.getBoundingClientRect()]);
  const dots = boxes("g.event circle");
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const out = [];
  for (const [t, tb] of boxes("text")) {
    for (const [d, db] of dots) {
      if (hit(tb, db)) out.push(`"${t.textContent}" over event ${d.closest("g.event").dataset.index}`);
    }
  }
  return out.slice(0, 5);
}, host);

/** The aria-labels of the shown regions in `host`'s shadow root, and whether each can take focus. */
export const regions = (page, host) => page.evaluate((sel) =>
  [...document.querySelector(sel).shadowRoot.querySelectorAll("[role=region]")]
    .filter((r) => !r.closest("[hidden]"))
    .map((r) => ({ label: r.getAttribute("aria-label"), focusable: r.tabIndex === 0 })), host);

/** Median horizontal gap in px between neighbouring dots of one sensor lane (event-time dots for event-time). */
export const medianDotGap = (page, host, key, circle = "circle") => page.evaluate(([sel, k, c]) => {
  const xs = [...document.querySelector(sel).shadowRoot.querySelectorAll(`g.event[data-key="${k}"] ${c}`)]
    .map((el) => el.getBoundingClientRect().x).sort((a, b) => a - b);
  const gaps = xs.slice(1).map((x, i) => x - xs[i]).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}, [host, key, circle]);

/** Tick labels of the chart's time axis, left to right. */
export const ticks = (page, host) => page.evaluate((sel) =>
  [...document.querySelector(sel).shadowRoot.querySelectorAll("svg.timeline text.tick")].map((t) => t.textContent), host);

/**
 * The most px by which two neighbouring firing marks of one window (or a
 * window's count and a mark) overlap sideways in `host`'s chart; <= 0 when
 * every mark stands apart.
 */
export const worstMarkOverlap = (page, host) => page.evaluate((sel) => {
  let worst = -Infinity;
  for (const w of document.querySelector(sel).shadowRoot.querySelectorAll("svg.timeline g.window")) {
    const marks = [...w.querySelectorAll("g.firing")].map((g) => g.getBoundingClientRect()).sort((a, b) => a.left - b.left);
    for (let i = 1; i < marks.length; i++) worst = Math.max(worst, marks[i - 1].right - marks[i].left);
    const count = w.querySelector("text.count")?.getBoundingClientRect();
    // The count sits before the marks (window types) or after them (event time).
    for (const m of count ? marks : []) {
      if (m.left < count.right && count.left < m.right) worst = Math.max(worst, Math.min(m.right, count.right) - Math.max(m.left, count.left));
    }
  }
  return worst;
}, host);

// The Weir elements a page-wide check looks at: `sel`'s element, or every
// Weir element on the page, and the widgets inside their shadow roots, parents
// first. It runs in the page, so it is passed as source, not as a closure.
function weirElements(sel) {
  const out = [];
  const add = (el) => { out.push(el); walk(el.shadowRoot); };
  const walk = (root) => { for (const el of root.querySelectorAll("*")) if (el.localName.startsWith("weir-") && el.shadowRoot) add(el); };
  if (sel) add(document.querySelector(sel));
  else walk(document);
  return out;
}

/** `check(el, "element#id")`, run in the page on each of weirElements(host); its problems, joined. */
const overWeirElements = (page, host, check) => page.evaluate(
  `(${weirElements})(${JSON.stringify(host)}).flatMap((el) => (${check})(el, el.localName + (el.id ? "#" + el.id : "")))`);

/**
 * Each shown select narrower than one of its choices needs, as
 * "element#id: label: "choice" shown/needed px"; [] when no choice is
 * clipped. The needed width is a copy's holding only that choice, laid out
 * with no column to fit. Looks in `host`'s shadow root, or without `host` in
 * every Weir element on the page, and in the widgets inside those; a hidden
 * select (a closed panel) is not measured.
 */
export const clippedSelects = (page, host = null) => overWeirElements(page, host, (el, name) => {
  const out = [];
  for (const s of el.shadowRoot.querySelectorAll("select")) {
    if (!s.offsetParent) continue;
    const shown = s.getBoundingClientRect().width;
    for (const keep of [...s.options]) {
      const copy = s.cloneNode(true);
      for (const o of [...copy.options]) if (o.value !== keep.value) o.remove();
      Object.assign(copy.style, { position: "absolute", width: "auto", maxWidth: "none", visibility: "hidden" });
      s.parentElement.append(copy);
      const need = copy.getBoundingClientRect().width;
      copy.remove();
      if (shown + 0.5 < need) out.push(`${name}: ${s.labels[0]?.textContent ?? s.id}: "${keep.text}" ${shown.toFixed(1)}/${need.toFixed(1)} px`);
    }
  }
  return out;
});

/**
 * Rows of a widget's controls whose inputs and selects do not line up (a
 * label wrapping onto two lines pushes its control below its neighbours'),
 * as "element#id: label, label: bottoms a-b px"; [] when every row of
 * controls is level. Without `host`, every Weir element on the page.
 */
export const unevenControls = (page, host = null) => overWeirElements(page, host, (el, name) => {
  const out = [];
  for (const grid of el.shadowRoot.querySelectorAll(".controls")) {
    if (!grid.offsetParent) continue;
    // Each field's first control (the number box, the select), by the row it starts in.
    const rows = new Map();
    for (const f of grid.children) {
      const c = f.querySelector("input:not([type=range]), select");
      if (!c || !f.offsetParent) continue;
      const top = Math.round(f.getBoundingClientRect().top);
      const row = [...rows.keys()].find((t) => Math.abs(t - top) < 24) ?? top;
      if (!rows.has(row)) rows.set(row, []);
      rows.get(row).push([f.querySelector("label")?.textContent ?? c.id, c.getBoundingClientRect().bottom]);
    }
    for (const items of rows.values()) {
      const bottoms = items.map(([, b]) => b);
      const lo = Math.min(...bottoms), hi = Math.max(...bottoms);
      if (hi - lo > 1) out.push(`${name}: ${items.map(([l]) => l).join(", ")}: bottoms ${lo.toFixed(0)}-${hi.toFixed(0)} px`);
    }
  }
  return out;
});

/**
 * Chart texts (ticks, titles, lane names, counts) that a line matching
 * `line` (the watermark by default) is drawn across in `host`'s charts, as
 * "text" strings; [] when the line crosses no text but its own label. A text
 * painted over the line on a halo of the background (later in the same
 * chart, or in the sticky gutter of lane names, which sits above the chart)
 * stays readable and is not counted, nor is one with such a copy over the
 * line at its place, nor one matching `skip`.
 */
export const textsCrossed = (page, host, line = "line.watermark", skip = null) => page.evaluate(([sel, q, skipped]) => {
  const root = document.querySelector(sel).shadowRoot;
  const out = [];
  const haloed = (t) => {
    const st = getComputedStyle(t);
    return st.paintOrder.startsWith("stroke") && parseFloat(st.strokeWidth) >= 2 && st.stroke === getComputedStyle(root.host).backgroundColor;
  };
  const above = (t, l) => t.closest("svg.gutter") !== null || Boolean(l.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  for (const l of root.querySelectorAll(`svg ${q}`)) {
    if (l.closest(".legend")) continue;
    const lb = l.getBoundingClientRect();
    for (const t of root.querySelectorAll("svg text")) {
      if (t.closest(".legend") || t.classList.contains("watermark-label") || (skipped && t.matches(skipped))) continue;
      const tb = t.getBoundingClientRect();
      if (!tb.width) continue;
      const hit = lb.left - 0.5 < tb.right && tb.left < lb.right + 0.5 && lb.top < tb.bottom - 1 && tb.top + 1 < lb.bottom;
      // Or a copy of it on a halo over the line, at the same place (a window's count keeps its original in the window).
      const covered = (u) => u.textContent === t.textContent && above(u, l) && haloed(u)
        && ["left", "top", "right", "bottom"].every((k) => Math.abs(u.getBoundingClientRect()[k] - tb[k]) < 0.5);
      if (hit && !(above(t, l) && haloed(t)) && ![...root.querySelectorAll("svg text")].some((u) => u !== t && covered(u))) out.push(`"${t.textContent}"`);
    }
  }
  return out;
}, [host, line, skip]);

/**
 * The sticky gutter of lane names in `host`'s chart: `bare` lists names not
 * on a backing of the background (the readings scrolled under them show
 * through), `hidden` the readings a backing covers while the chart is not
 * scrolled (it must stop short of the chart's first instant).
 */
export const gutterCover = (page, host) => page.evaluate((sel) => {
  const root = document.querySelector(sel).shadowRoot;
  const gutter = root.querySelector("svg.gutter");
  const bg = getComputedStyle(root.host).backgroundColor;
  const backs = [...gutter.querySelectorAll("rect.gutter-bg")]
    .filter((r) => getComputedStyle(r).fill === bg && Number(getComputedStyle(r).opacity) >= 0.8)
    .map((r) => r.getBoundingClientRect());
  const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  const bare = [...gutter.querySelectorAll("text")].filter((t) => !backs.some((b) => inside(t.getBoundingClientRect(), b))).map((t) => t.textContent);
  const box = gutter.closest(".scroll-x");
  const left = box.scrollLeft;
  box.scrollLeft = 0;
  const hidden = [...root.querySelectorAll("g.event circle")].map((c) => c.getBoundingClientRect())
    .filter((c) => backs.some((b) => c.left < b.right - 0.5 && b.left < c.right && c.top < b.bottom && b.top < c.bottom)).length;
  box.scrollLeft = left;
  return { bare, hidden };
}, host);

/**
 * <weir-watermark-price>'s target and budget words that a curve or a
 * setting's dot runs through, as "chart: words" strings; [] when each sits
 * on the side of its line the curves leave free. Measured in each chart's
 * own coordinates (getBBox, the polylines' points, the dots' centres).
 */
export const limitLabelsOnCurves = (page, host) => page.evaluate((sel) => {
  const out = [];
  for (const svg of document.querySelector(sel).shadowRoot.querySelectorAll("svg.sweep")) {
    const segs = [...svg.querySelectorAll("polyline.curve")].flatMap((pl) => {
      const pts = pl.getAttribute("points").trim().split(/\s+/).map((p) => p.split(",").map(Number));
      return pts.slice(1).map((b, i) => [pts[i], b]);
    });
    const dots = [...svg.querySelectorAll("circle.dot")].map((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy")), Number(c.getAttribute("r"))]);
    for (const t of svg.querySelectorAll("text.limit-label")) {
      const b = t.getBBox();
      const inBox = (px, py, pad = 0) => px >= b.x - pad && px <= b.x + b.width + pad && py >= b.y - pad && py <= b.y + b.height + pad;
      const crossed = segs.some(([[ax, ay], [bx, by]]) => Array.from({ length: 41 }, (_, k) => k / 40).some((f) => inBox(ax + (bx - ax) * f, ay + (by - ay) * f)))
        || dots.some(([cx, cy, r]) => inBox(cx, cy, r));
      if (crossed) out.push(`${svg.dataset.kind}: ${t.textContent}`);
    }
  }
  return out;
}, host);

/**
 * Fields whose unit's words ("events", "msg/s") run into the slider beside
 * them, as "element#id: label" strings, in every Weir element on the page
 * (those inside another's shadow root too); [] when each unit has room.
 */
export const unitsUnderSliders = (page) => overWeirElements(page, null, (el, name) => {
  const out = [];
  for (const pair of el.shadowRoot.querySelectorAll(".field .pair")) {
    const unit = pair.querySelector(".unit"), slider = pair.querySelector("input[type=range]");
    if (!unit?.firstChild || !slider || !pair.offsetParent) continue;
    const range = document.createRange();
    range.selectNodeContents(unit);
    const text = range.getBoundingClientRect(), sl = slider.getBoundingClientRect();
    if (text.width && text.right > sl.left + 0.5 && sl.right > text.left) out.push(`${name}: ${pair.closest(".field").querySelector("label")?.textContent}`);
  }
  return out;
});

/**
 * Chart texts that run past the left or right edge of their chart's drawing
 * (its viewBox), where the chart's box cuts them off, as "element#id: text"
 * strings, in every Weir element on the page; [] when every word is drawn
 * whole. Legends' small icons are not charts and are skipped.
 */
export const textsOffChart = async (page) => [...new Set(await overWeirElements(page, null, (el, name) => {
  const out = [];
  for (const svg of el.shadowRoot.querySelectorAll("svg[viewBox]")) {
    if (svg.closest(".legend") || !svg.getBoundingClientRect().width) continue;
    const [vx, , vw] = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    for (const t of svg.querySelectorAll("text")) {
      const b = t.getBBox();
      if (b.width && (b.x < vx - 1 || b.x + b.width > vx + vw + 1)) out.push(`${name}: ${t.textContent}`);
    }
  }
  return out;
}))];
