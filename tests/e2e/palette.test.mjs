// The widgets' palette (www/widgets/base.js PALETTE), light and dark: every
// colour drawn on the background is readable against it (4.5:1, WCAG's text
// contrast, since marks carry labels in their colour), and the colours a
// chart tells apart (the five sensors, all-sensor windows, late, watermark,
// on time, warning) differ from each other by a visible step (CIE76
// delta E >= 15; 2.3 is a just-noticeable difference). Dark key-3 once
// equalled the watermark's violet, so gateway 3's lane in <weir-sources>
// read as a watermark.
import { test } from "node:test";
import assert from "node:assert/strict";

// base.js defines the widgets' base class, which extends HTMLElement; the
// palette itself needs no DOM.
globalThis.HTMLElement ??= class {};
const { PALETTE } = await import("../../www/widgets/base.js");

const channels = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
const luminance = (hex) => { const [r, g, b] = channels(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
function lab(hex) {
  const [r, g, b] = channels(hex);
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const deltaE = (a, b) => { const q = lab(b); return Math.hypot(...lab(a).map((v, i) => v - q[i])); };

const SCHEMES = ["light", "dark"];
// Surfaces and hairlines, not marks; accent is key-0 on purpose (the UI's blue).
const NOT_ON_BG = new Set(["bg", "panel", "rule"]);
const TOLD_APART = ["key-0", "key-1", "key-2", "key-3", "key-4", "key-all", "late", "watermark", "ok", "warn"];

test("every mark colour reads against the background, light and dark", () => {
  const weak = [];
  SCHEMES.forEach((scheme, s) => {
    for (const [name, pair] of Object.entries(PALETTE)) {
      if (NOT_ON_BG.has(name)) continue;
      const c = contrast(pair[s], PALETTE.bg[s]);
      if (c < 4.5) weak.push(`${scheme} ${name} ${pair[s]}: ${c.toFixed(2)}:1`);
    }
  });
  assert.deepEqual(weak, []);
});

test("the colours a chart tells apart differ visibly from each other, light and dark", () => {
  for (const name of TOLD_APART) assert.ok(PALETTE[name], `PALETTE has ${name}`);
  const close = [];
  SCHEMES.forEach((scheme, s) => {
    TOLD_APART.forEach((a, i) => TOLD_APART.slice(i + 1).forEach((b) => {
      const d = deltaE(PALETTE[a][s], PALETTE[b][s]);
      if (d < 15) close.push(`${scheme} ${a} ${PALETTE[a][s]} ~ ${b} ${PALETTE[b][s]}: delta E ${d.toFixed(1)}`);
    }));
  });
  assert.deepEqual(close, []);
});
