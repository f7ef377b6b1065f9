// Attribute validation for every widget: one small parser per kind of value
// (durations, counts, plain numbers, bytes, shares, enumerations), each with
// its range. A widget lists its attributes as specs and reads them all with
// readAttrs(); a bad value throws one Error that names every bad attribute
// and its value, so the widget shows its error state instead of running on
// NaN or on a value its controls cannot show. Nothing here knows about
// windows or engines.
import { formatDuration, num, parseBytes, parseDuration, parseShare } from "./units.js";

const DAY = 86_400_000;
const plain = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 6 });
const showBytes = (b) => (b >= 1e9 ? `${plain(+(b / 1e9).toFixed(3))} GB` : b >= 1e6 ? `${plain(+(b / 1e6).toFixed(3))} MB` : b >= 1e3 ? `${plain(+(b / 1e3).toFixed(3))} KB` : `${plain(b)} B`);
const showShare = (f) => `${num(f * 100, 4)}%`;

/** A number from `text`, or NaN: no blanks, no trailing junk ("5x", "fast"). */
function strictNumber(text) {
  const t = String(text).trim();
  return t === "" ? NaN : Number(t);
}

function ranged({ def, min, max, parse, expected, show, integer = false, unit = "" }) {
  const range = `${show(min)}${unit} to ${show(max)}${unit}`;
  return {
    def, min, max,
    read(raw) {
      let v;
      try { v = parse(raw); } catch { v = NaN; }
      if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
        return { error: `expected ${expected} from ${range}` };
      }
      return { value: v };
    },
  };
}

/** A duration ("2s", "500ms", "1min"; a bare number is ms), in ms, within [min, max] ms. */
export const duration = (def, { min = 0, max = 7 * DAY } = {}) =>
  ranged({ def, min, max, parse: parseDuration, expected: 'a duration such as "2s" or "500ms"', show: formatDuration });

/** A whole number within [min, max]. */
export const count = (def, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
  ranged({ def, min, max, parse: strictNumber, expected: "a whole number", show: plain, integer: true });

/** A number (with `unit` in the message, e.g. " Hz") within [min, max]. */
export const number = (def, { min = 0, max = Number.MAX_SAFE_INTEGER, unit = "" } = {}) =>
  ranged({ def, min, max, parse: strictNumber, expected: "a number", show: plain, unit: unit && ` ${unit}` });

/** A size in bytes ("16GB", "4GiB", "100"), within [min, max] bytes. */
export const bytes = (def, { min = 1, max = 2 ** 53 } = {}) =>
  ranged({ def, min, max, parse: parseBytes, expected: 'a size such as "100B", "16GB" or "4GiB"', show: showBytes });

/** A share ("20%" or 0.2), as a fraction within [min, max]. */
export const share = (def, { min = 0, max = 1 } = {}) =>
  ranged({ def, min, max, parse: parseShare, expected: 'a share such as "20%" or 0.2', show: showShare });

/** One of `values` (strings), compared as written; `canon` maps spellings ("60min") to a value first. */
export const oneOf = (values, def, canon = (v) => v) => ({
  def, values,
  read(raw) {
    let v;
    try { v = canon(raw.trim()); } catch { v = undefined; }
    return values.includes(v) ? { value: v } : { error: `expected one of ${values.join(", ")}` };
  },
});

/** The `theme` attribute every widget takes (an unknown value is an error, not "auto"). */
export const THEME = oneOf(["light", "dark", "auto"], "auto");

/** Any text (a URL, a name): only checked for presence. */
export const text = (def) => ({ def, read: (raw) => ({ value: raw }) });

/**
 * The values of `specs` ({ attribute: spec }) on `el`; an absent or empty
 * attribute gives the spec's default. Throws one Error naming each invalid
 * attribute and its value (`sensors="-5": expected a whole number from 1
 * to 10,000`); its `attributes` lists their names.
 */
export function readAttrs(el, specs) {
  const out = {};
  const problems = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = el.getAttribute(name);
    if (raw === null || raw.trim() === "") {
      out[name] = spec.def;
      continue;
    }
    const r = spec.read(raw);
    if (r.error) problems.push([name, `${name}="${raw}": ${r.error}`]);
    else out[name] = r.value;
  }
  if (problems.length) {
    const err = new Error(problems.map(([, m]) => m).join("; "));
    err.attributes = problems.map(([n]) => n);
    throw err;
  }
  return out;
}

/** One attribute of `el` by `spec` (see readAttrs). */
export const readAttr = (el, name, spec) => readAttrs(el, { [name]: spec })[name];
