// Checks on the charts of <weir-window-types> and <weir-event-time> shared
// by their tests: text drawn over a mark, region labels, dot spacing.

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
