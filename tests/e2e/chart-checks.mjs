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

/**
 * Each shown select narrower than one of its choices needs, as
 * "element#id: label: "choice" shown/needed px"; [] when no choice is
 * clipped. The needed width is a copy's holding only that choice, laid out
 * with no column to fit. Looks in `host`'s shadow root, or without `host` in
 * every Weir element on the page, and in the widgets inside those; a hidden
 * select (a closed panel) is not measured.
 */
export const clippedSelects = (page, host = null) => page.evaluate((sel) => {
  const out = [];
  const measure = (el) => {
    const name = `${el.localName}${el.id ? `#${el.id}` : ""}`;
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
    walk(el.shadowRoot);
  };
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) if (el.localName.startsWith("weir-") && el.shadowRoot) measure(el);
  };
  if (sel) measure(document.querySelector(sel));
  else walk(document);
  return out;
}, host);

/**
 * Rows of a widget's controls whose inputs and selects do not line up (a
 * label wrapping onto two lines pushes its control below its neighbours'),
 * as "element#id: label, label: bottoms a-b px"; [] when every row of
 * controls is level. Without `host`, every Weir element on the page.
 */
export const unevenControls = (page, host = null) => page.evaluate((sel) => {
  const out = [];
  const measure = (el) => {
    const name = `${el.localName}${el.id ? `#${el.id}` : ""}`;
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
    el.shadowRoot.querySelectorAll("*").forEach((x) => { if (x.localName.startsWith("weir-") && x.shadowRoot) measure(x); });
  };
  if (sel) measure(document.querySelector(sel));
  else document.querySelectorAll("*").forEach((x) => { if (x.localName.startsWith("weir-") && x.shadowRoot) measure(x); });
  return out;
}, host);
