// Units the widgets accept in attributes and show in outputs. Durations:
// "250ms", "10s", "1.5 s", "1min", "2h", or a bare number of ms. Sizes:
// B, KB/MB/GB/TB (10^3, 10^6, 10^9, 10^12) and KiB/MiB/GiB/TiB (2^10...),
// or a bare number of bytes. Nothing here knows about windows.

const DURATION = { ms: 1, s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 };
const SIZE = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

function parseWithUnits(text, units, what) {
  if (typeof text === "number") return text;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(String(text ?? ""));
  const unit = m ? (m[2] || Object.keys(units)[0]).toLowerCase() : "";
  if (!m || !(unit in units)) throw new Error(`${what} "${text}": expected a number with one of ${Object.keys(units).join(", ")}`);
  return Number(m[1]) * units[unit];
}

/** "10s" -> 10000, "1min" -> 60000, "250" -> 250 (ms). Rounds to whole ms. */
export const parseDuration = (text) => Math.round(parseWithUnits(text, DURATION, "duration"));

/** "16GB" -> 16e9, "1GiB" -> 2^30, "100" -> 100 (bytes). */
export const parseBytes = (text) => parseWithUnits(text, SIZE, "size");

/** A share: "20%" -> 0.2, "0.2" -> 0.2, "20" -> 0.2 (numbers above 1 are percent). */
export function parseShare(text) {
  const s = String(text).trim();
  const n = Number(s.replace(/%$/, ""));
  if (!Number.isFinite(n) || n < 0) throw new Error(`share "${text}": expected a percentage`);
  return s.endsWith("%") || n > 1 ? n / 100 : n;
}

// What the engine did with an event, in the words the widgets show: the
// engine's outcome names (push()'s return) are identifiers, not words.
const FATES = { assigned: "on time", "late-accepted": "late, accepted", "side-output": "too late: side output", unassigned: "in no window" };

/** "side-output" -> "too late: side output"; an outcome without words is shown as it is. */
export const fateWords = (outcome) => FATES[outcome] ?? outcome;

/** A number to at most `digits` decimals, trailing zeros dropped. */
export function num(n, digits = 2) {
  if (!Number.isFinite(n)) return n > 0 ? "∞" : n < 0 ? "−∞" : "–";
  return String(+n.toFixed(digits));
}

/** 1500 -> "1.5 s", 60000 -> "1 min", 250 -> "250 ms". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return ms > 0 ? "+∞" : "−∞";
  const a = Math.abs(ms);
  if (a >= 3_600_000 && ms % 360_000 === 0) return `${num(ms / 3_600_000)} h`;
  if (a >= 60_000 && ms % 6_000 === 0) return `${num(ms / 60_000)} min`;
  if (a >= 1000 || a === 0) return `${num(ms / 1000, 3)} s`;
  return `${ms} ms`;
}

/** 0.625 -> "62.5 %". */
export const formatPercent = (f) => `${num(f * 100, 1)} %`;

/** Parses `key,time_ms,value[,arrival_ms]` CSV (a header line is skipped). */
export function parseEventsCsv(text) {
  const events = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim() || line.startsWith("#")) continue;
    const cells = line.split(",").map((c) => c.trim());
    const [key, time, value, arrival] = cells.map(Number);
    if (!Number.isFinite(key) || !Number.isFinite(time) || !Number.isFinite(value)) {
      if (i === 0) continue; // header
      throw new Error(`CSV line ${i + 1}: expected key,time_ms,value[,arrival_ms], got "${line}"`);
    }
    const e = { key, time, value };
    if (cells.length > 3 && cells[3] !== "") e.arrival = arrival;
    events.push(e);
  }
  return events;
}
