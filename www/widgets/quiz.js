// <weir-quiz>: the chapter's Knowledge Check. Questions come from a built-in
// bank (the chapter's facts, written down here so a clone needs nothing
// else), from questions the course author writes in HTML inside the element,
// and from engine questions whose right answer and explanation are computed
// by Weir (a real StreamEngine, windowsFor, estimateMemory; for the v2 rules,
// presets, discarding refinements and per-source watermarks, every wrong
// choice too is what an engine run under other settings gives), with
// parameters from attributes or drawn from a seeded generator. Answers are checked on
// demand, with the reason, any number of times; `result`, `change` and an
// xAPI-shaped `weir-score` event report the score to the page.
import { StreamEngine, estimateMemory, formatBytes } from "../weir.js";
import { WeirElement, h, nextId } from "./base.js";
import { fateWords, formatDuration, formatPercent, num, parseBytes, parseDuration } from "./units.js";

/**
 * The chapter bank. Every fact is the chapter's ("Stream processing",
 * sections 3.2-3.9): the rule, the latency table, the domain table, the
 * windows, the watermark and late-event example, the worked example and the
 * four pitfalls. `right` is the index of the right choice.
 */
export const CHAPTER_BANK = [
  {
    id: "rule", prompt: "The chapter's rule of thumb: if the value of your insight degrades over time, which should you use?",
    choices: ["Batch processing", "Stream processing", "Either: it makes no difference", "Neither: store first, then decide"],
    right: 1,
    explain: "\"If the value of your insight degrades over time, use stream processing; if you need the complete picture, use batch.\"",
  },
  {
    id: "hard-real-time", prompt: "What does hard real-time (industrial control, a PLC) guarantee?",
    choices: ["Zero latency", "A deterministic maximum latency, under 10 ms", "99.9 % of events under 100 ms", "An update every 5 seconds"],
    right: 1,
    explain: "Real-time means predictable, bounded latency, not zero. Hard real-time is a guaranteed maximum (< 10 ms, deterministic); 99.9 % under 100 ms is soft real-time, and a 5 s dashboard is near real-time.",
  },
  {
    id: "latency-classes", prompt: "VoIP and online gaming need latency under 100 ms with a statistical guarantee (99.9 %). Which class is that?",
    choices: ["Hard real-time (< 10 ms)", "Soft real-time (< 100 ms)", "Near real-time (< 1 s)", "Batch (minutes to hours)"],
    right: 1,
    explain: "The chapter's table: hard real-time < 10 ms, deterministic (PLC control); soft real-time < 100 ms, statistical 99.9 % (VoIP, gaming); near real-time < 1 s, best effort (dashboards); batch minutes to hours, no guarantee (daily reports).",
  },
  {
    id: "domain-fastest", prompt: "Which application domain has the tightest latency requirement in the chapter's table?",
    choices: ["Smart grid load balancing", "Healthcare monitoring", "Autonomous vehicles", "Financial fraud detection"],
    right: 2,
    explain: "Autonomous vehicles need < 10 ms (collision, injury). Industrial safety < 100 ms, smart grid < 1 s, fraud detection < 5 s, healthcare monitoring < 10 s, predictive maintenance < 1 min.",
  },
  {
    id: "domain-healthcare", prompt: "What latency does the chapter require for healthcare monitoring?",
    choices: ["Under 10 ms", "Under 1 second", "Under 10 seconds", "Under 1 minute"],
    right: 2,
    explain: "Healthcare monitoring: < 10 seconds (patient deterioration, delayed intervention). Under 1 s is the smart grid, under 1 minute predictive maintenance.",
  },
  {
    id: "window-trend", prompt: "A moving average of the last 10 minutes, updated every minute: which window?",
    choices: ["Tumbling", "Sliding", "Session", "No window: average the whole stream"],
    right: 1,
    explain: "Sliding windows overlap and give smooth moving averages (trend detection). Tumbling windows are for periodic reports, session windows for activity bursts; a whole unbounded stream never ends, so it has no average.",
  },
  {
    id: "window-session", prompt: "Group every reading of a machine during one work session, separated by 5 minutes of inactivity: which window?",
    choices: ["Tumbling", "Sliding", "Session"],
    right: 2,
    explain: "Session windows are activity-based: a gap of inactivity (here 5 minutes) closes one, so their size follows the data.",
  },
  {
    id: "window-memory", prompt: "A 10-second sliding window that advances every 1 second needs how many times the memory of a 10-second tumbling window?",
    numeric: { answer: 10, tolerance: 0, unit: "×" },
    explain: "It maintains 10 s / 1 s = 10 overlapping windows at once: 10× the memory (the chapter: 1,000 sensors at 10 Hz, 100 B: tumbling 10 MB, sliding 100 MB).",
  },
  {
    id: "event-time", prompt: "A pipeline sensor measures 95 °C at 14:00:00; over an intermittent network the reading reaches the system at 14:05:23. What is its event time?",
    choices: ["14:00:00", "14:05:23", "00:05:23", "Unknown until the watermark passes"],
    right: 0,
    explain: "Event time is when the reading was taken (14:00:00, when it really was 95 °C); 14:05:23 is the processing time. Windowing by event time puts it where it belongs despite the delay.",
  },
  {
    id: "watermark", prompt: "The latest event time seen is 14:00:30 and the maximum out-of-orderness is 10 s. Where is the watermark?",
    choices: ["14:00:40", "14:00:30", "14:00:20", "14:00:10"],
    right: 2,
    explain: "W = 14:00:30 - 10 s = 14:00:20: \"every event before 14:00:20 has arrived\". Windows whose end is at or before it can close.",
  },
  {
    id: "late-event", prompt: "An event stamped 14:00:05 arrives when the watermark is already 14:00:20, with no allowed lateness. What happens to it?",
    choices: ["It is counted in [14:00:00, 14:00:10) like any other event", "It goes to the side output: its window already closed", "The watermark moves back to 14:00:05", "It opens a new window [14:00:05, 14:00:15)"],
    right: 1,
    explain: "Its window [14:00:00, 14:00:10) closed and emitted when W reached 14:00:10. With allowed lateness 0 the event goes to the side output; with enough lateness it would update the window and trigger a new result. The watermark never moves back.",
  },
  {
    id: "ooo-vs-lateness", prompt: "Max out-of-orderness and allowed lateness are different settings. What does allowed lateness control?",
    choices: ["Where the watermark is", "How long after a window closes late events are still accepted", "How many windows overlap", "How often state is checkpointed"],
    right: 1,
    explain: "Max out-of-orderness (the watermark delay) sets the watermark's position; allowed lateness sets how long after a window closes its late events still update it.",
  },
  {
    id: "worked-window", prompt: "The worked example: 10,000 sensors × 100 messages/s × 100 bytes. How much data is one 10-second window?",
    numeric: { answer: 1, tolerance: 0, unit: "GB" },
    explain: "10,000 × 100 = 1,000,000 messages/s × 100 B = 100 MB/s; × 10 s = 1 GB per window.",
  },
  {
    id: "worked-utilization", prompt: "With a 1-second slide the same 10-second window holds 10 overlapping windows: 10 GB. What share of the 16 GB instance is that?",
    numeric: { answer: 62.5, tolerance: 0.1, unit: "%" },
    explain: "10 GB / 16 GB = 62.5 % utilization, before state-store overhead: limited headroom for garbage collection spikes and bursts.",
  },
  {
    id: "worked-overhead", prompt: "Add the state store's ~20 % overhead to those 10 GB. What utilization of 16 GB is that?",
    numeric: { answer: 75, tolerance: 0.1, unit: "%" },
    explain: "10 GB × 1.2 = 12 GB; 12 GB / 16 GB = 75 %.",
  },
  {
    id: "worked-instances", prompt: "For production safety the chapter targets 50 % memory utilization. How many 16 GB instances do those 12 GB need?",
    numeric: { answer: 2, tolerance: 0, unit: "instances" },
    explain: "50 % of 16 GB is 8 GB per instance; 12 GB / 8 GB = 1.5, rounded up: 2 instances.",
  },
  {
    id: "pitfalls", prompt: "Which of these is NOT one of the chapter's four pitfalls?",
    choices: ["Using batch processing patterns for streaming problems", "Conflating event time with processing time", "Using tumbling windows for periodic reports", "Stateful computations without recovery planning"],
    right: 2,
    explain: "Tumbling windows are the right tool for periodic reports. The four pitfalls: batch patterns for streaming problems, conflating event time with processing time, stateful computations without recovery planning (checkpointing), and not alerting on consumer lag.",
  },
  {
    id: "pitfall-lag", prompt: "What does the chapter call the leading indicator of a streaming pipeline's degradation, worth an alert at 10,000 events or 60 seconds?",
    choices: ["CPU usage", "Consumer lag", "The number of open windows", "The checkpoint size"],
    right: 1,
    explain: "Consumer lag, how far the processor is behind the latest events: when it grows, the processor falls behind ingestion and will drop events or run ever further behind.",
  },
];

/** The engine question kinds: the chapter's (v1) and the v2 rules' (presets, accumulation, sources). */
export const V1_KINDS = ["windows", "watermark", "fate", "memory", "results"];
export const V2_KINDS = ["kafka", "discarding", "gateway", "idle"];
export const ENGINE_KINDS = [...V1_KINDS, ...V2_KINDS];
/** Names in `engine` that stand for several kinds. */
export const ENGINE_GROUPS = { v1: V1_KINDS, v2: V2_KINDS, all: ENGINE_KINDS };

const DAY = 86_400_000;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** "14:00:30" -> ms since midnight; anything else is a duration ("30s", "5000"). */
export function parseTime(text) {
  const m = CLOCK.exec(String(text).trim());
  if (!m) return parseDuration(text);
  const [hh, mm, ss] = [m[1], m[2], m[3] ?? "0"].map(Number);
  if (hh > 23 || mm > 59 || ss > 59) throw new Error(`time "${text}": expected hh:mm:ss`);
  return ((hh * 60 + mm) * 60 + ss) * 1000 + Number((m[4] ?? "0").padEnd(3, "0"));
}

/** ms since midnight -> "14:00:30" (".250" when not whole seconds). */
export function clock(ms) {
  const d = ((ms % DAY) + DAY) % DAY;
  const p = (n, w = 2) => String(Math.floor(n)).padStart(w, "0");
  const base = `${p(d / 3_600_000)}:${p((d / 60_000) % 60)}:${p((d / 1000) % 60)}`;
  return d % 1000 ? `${base}.${p(d % 1000, 3)}` : base;
}

const span = (w) => `[${clock(w.start)}, ${clock(w.end)})`;

/** mulberry32: a small seeded generator, enough to vary numbers between students. */
export function prng(seed) {
  let a = (Number(seed) >>> 0) || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

/** Runs `fn(engine)` on a fresh engine and frees it. */
function withEngine(config, fn) {
  const engine = new StreamEngine(config);
  try { return fn(engine); } finally { engine.free(); }
}

const NOON = 14 * 3_600_000; // the chapter's examples start at 14:00:00

/**
 * The parameters of one engine question: attributes win, missing ones are
 * drawn from `rng` when the quiz has a seed, else the chapter's numbers.
 * Every parameter is always drawn, so an attribute does not shift the
 * numbers of the questions after it.
 */
export function engineParams(kind, get, rng) {
  const dur = (name, drawn, fallback) => { const v = get(name); return v !== null ? parseDuration(v) : rng ? drawn : fallback; };
  const time = (name, drawn, fallback) => { const v = get(name); return v !== null ? parseTime(v) : rng ? drawn : fallback; };
  const count = (name, drawn, fallback) => { const v = get(name); return v !== null ? Number(v) : rng ? drawn : fallback; };
  const r = rng ?? prng(1);
  const s = 1000;
  switch (kind) {
    case "windows": {
      const dSize = r.pick([6, 8, 10]) * s, dSlide = r.pick([2, 2, 5]) * s, dT = NOON + r.int(0, 59) * s;
      const type = get("window") ?? "sliding";
      if (type !== "sliding" && type !== "tumbling") throw new Error(`window "${type}": expected sliding or tumbling`);
      return { type, size: dur("size", dSize, 10 * s), slide: dur("slide", Math.min(dSlide, dSize), 2 * s), time: time("time", dT, NOON + 7 * s) };
    }
    case "watermark": {
      const dL = NOON + r.int(20, 59) * s, dB = r.pick([2, 5, 10, 15]) * s, bump = r.int(0, 1);
      const latest = time("latest", dL, NOON + 30 * s), bound = dur("bound", dB, 10 * s), size = dur("size", 10 * s, 10 * s);
      // The window asked about ends at or just after the watermark, so both answers occur.
      const floorEnd = Math.floor((latest - bound) / size) * size;
      const end = time("window-end", floorEnd + bump * size, NOON + 10 * s);
      return { latest, bound, size, end };
    }
    case "fate": {
      const dL = NOON + r.int(20, 60) * s, dB = r.pick([2, 5, 10]) * s, dA = r.pick([0, 5, 10, 30]) * s, dBack = r.int(1, 40) * s;
      const latest = time("latest", dL, NOON + 30 * s);
      return {
        latest, bound: dur("bound", dB, 10 * s), lateness: dur("lateness", dA, 0),
        size: dur("size", 10 * s, 10 * s), time: time("time", latest - dBack, NOON + 5 * s),
      };
    }
    case "memory": {
      const d = { sensors: r.pick([1000, 5000, 10_000]), rate: r.pick([10, 50, 100]), bytes: r.pick([100, 200]), size: r.pick([10, 60]) * s, slide: r.pick([1, 2, 5]) * s };
      const g = get("message-bytes");
      return {
        sensors: count("sensors", d.sensors, 10_000), rate: count("rate", d.rate, 100),
        bytes: g !== null ? parseBytes(g) : rng ? d.bytes : 100,
        size: dur("size", d.size, 10 * s), slide: dur("slide", d.slide, 1 * s),
        instance: get("memory") !== null ? parseBytes(get("memory")) : 16e9,
      };
    }
    case "results": {
      const dSize = r.pick([4, 6, 10]) * s, dSlide = r.pick([1, 2]) * s, dDur = r.int(10, 30) * s;
      return { size: dur("size", dSize, 10 * s), slide: dur("slide", dSlide, 2 * s), duration: dur("duration", dDur, 20 * s), every: dur("every", 1 * s, 1 * s) };
    }
    case "kafka": {
      // Two readings in the first window, one in the next (stream time passes the first's end), then a straggler for the first.
      const dSize = r.pick([10, 20]) * s, dGrace = r.pick([0, 0, 2, 5]) * s;
      const tenths = [r.int(0, 4), r.int(5, 9), 10 + r.int(1, 9), r.int(0, 9)], values = tenths.map(() => r.int(1, 9));
      const size = dur("size", dSize, 10 * s);
      const drawn = tenths.map((t, i) => ({ time: NOON + Math.round((t * size) / 10), value: values[i] }));
      return { size, grace: dur("grace", dGrace, 0), trace: trace(get("trace"), rng ? drawn : "14:00:01=1 14:00:04=2 14:00:12=4 14:00:06=8") };
    }
    case "discarding": {
      // Readings in the first window, one in the next (W passes the first's end), then a straggler for the first.
      const dSize = r.pick([10, 20]) * s, dEarly = r.pick([2, 2, 3]), dL = r.pick([0, 2, 5]) * s, n = r.int(3, 5);
      const tenths = [...Array.from({ length: n }, () => r.int(0, 9)), 10 + r.int(1, 4), r.int(0, 9)], values = tenths.map(() => r.int(1, 9));
      const size = dur("size", dSize, 10 * s);
      const drawn = tenths.map((t, i) => ({ time: NOON + Math.round((t * size) / 10), value: values[i] }));
      const early = count("early", dEarly, 2);
      if (!(Number.isInteger(early) && early >= 1)) throw new Error(`early "${get("early")}": expected a whole number >= 1`);
      return {
        size, early, lateness: dur("lateness", dL, 5 * s),
        trace: trace(get("trace"), rng ? drawn : "14:00:01=1 14:00:03=2 14:00:05=3 14:00:12=5 14:00:07=4"),
      };
    }
    case "gateway": {
      // Three gateways send a reading every 5 s of arrival, each with its own lag; the slow one stops after round `stop`.
      const dB = r.pick([0, 2, 5]) * s, dT = r.pick([0, 10]) * s, slow = r.int(0, 2), stop = r.int(0, 3);
      const lags = [0, 1, 2].map(() => r.int(0, 8) * s), delays = Array.from({ length: 15 }, () => r.int(0, 3) * s);
      const t = get("idle-timeout");
      const idleTimeout = t !== null ? (t.trim() === "none" ? 0 : parseDuration(t)) : rng ? dT : 10 * s;
      const shape = rng ? { slow, stop, lags, delays } : { slow: 1, stop: 0, lags: [2 * s, 0, 5 * s], delays: delays.map(() => 0) };
      return { bound: dur("bound", dB, 2 * s), idleTimeout, ...shape };
    }
    case "idle": {
      // Gateway 0 sends five readings across three windows; gateway 1 sends one reading first, or none, then nothing.
      const dB = r.pick([0, 2]) * s, has = r.int(0, 1), quietAt = r.int(0, 25);
      const tenths = [r.int(1, 4), r.int(5, 9), r.int(11, 14), r.int(16, 19), r.int(21, 28)], values = tenths.map(() => r.int(1, 9));
      const size = dur("size", 10 * s, 10 * s);
      const at = (t) => NOON + Math.round((t * size) / 10);
      const q = get("silent-reading");
      const quiet = q !== null ? (q.trim() === "none" ? null : parseTime(q)) : rng && has ? at(quietAt) : null;
      const readings = rng ? tenths.map((t, i) => ({ time: at(t), value: values[i] })) : [3, 7, 12, 18, 24].map((t, i) => ({ time: at(t), value: i + 1 }));
      return { size, bound: dur("bound", dB, 2 * s), quiet, readings };
    }
    default:
      throw new Error(`engine "${kind}": expected one of ${ENGINE_KINDS.join(", ")}`);
  }
}

/** A trace as `time=value` pairs ("14:00:01=1 14:00:04=2"), in arrival order; `fallback` (pairs or a list) when `text` is null. */
function trace(text, fallback) {
  const src = text ?? fallback;
  if (typeof src !== "string") return src;
  const pairs = src.split(/[\s,]+/).filter(Boolean);
  const list = pairs.map((pair) => {
    const m = /^([^=]+)=([-+]?\d+(?:\.\d+)?)$/.exec(pair);
    if (!m) throw new Error(`trace "${src}": expected time=value pairs, like 14:00:01=1 14:00:04=2`);
    return { time: parseTime(m[1]), value: Number(m[2]) };
  });
  if (!list.length) throw new Error(`trace "${src}": expected time=value pairs, like 14:00:01=1 14:00:04=2`);
  return list;
}

const distinct = (choices) => choices.filter((c, i) => choices.indexOf(c) === i);

/**
 * Builds one engine question: the engine gives the right answer and the
 * numbers of the explanation; only the wrong choices are made up here.
 */
export function engineQuestion(kind, p) {
  switch (kind) {
    case "windows": {
      const window = p.type === "tumbling" ? { type: "tumbling", size: p.size } : { type: "sliding", size: p.size, slide: p.slide };
      const wins = withEngine({ window }, (e) => e.windowsFor(p.time));
      const step = p.type === "tumbling" ? p.size : p.slide;
      const list = (ws) => ws.map(span).join(", ");
      const right = list(wins);
      const shift = (d) => list(wins.map((w) => ({ start: w.start + d, end: w.end + d })));
      const choices = distinct([right, shift(step), shift(-step), list(wins.slice(-1)), list([{ start: p.time, end: p.time + p.size }])]).slice(0, 4);
      const order = choices.slice().sort();
      const desc = p.type === "tumbling" ? `a tumbling window of ${formatDuration(p.size)}` : `a sliding window of ${formatDuration(p.size)} every ${formatDuration(p.slide)}`;
      return {
        prompt: `With ${desc}, which windows does an event at ${clock(p.time)} fall in?`,
        choices: order, right: order.indexOf(right),
        explain: `windowsFor(${clock(p.time)}) returns ${wins.length} window${wins.length === 1 ? "" : "s"}: ${right}. ` +
          `A window [start, end) holds the event when start <= ${clock(p.time)} < end; starts are multiples of ${formatDuration(step)}.`,
        params: p,
      };
    }
    case "watermark": {
      const start = p.end - p.size;
      const { w, fired } = withEngine({ window: { type: "tumbling", size: p.size }, watermark: { maxOutOfOrderness: p.bound } }, (e) => {
        e.push({ key: 1, time: start, value: 1 });
        e.push({ key: 1, time: p.latest, value: 1 });
        return { w: e.watermark, fired: e.drain().some((r) => r.start === start && r.end === p.end) };
      });
      const win = span({ start, end: p.end });
      const opts = [[w, true], [w, false], [p.latest, true], [p.latest, false]];
      const text = ([t, f]) => `W = ${clock(t)}; ${win} has ${f ? "fired" : "not fired yet"}`;
      return {
        prompt: `The latest event time seen is ${clock(p.latest)} and the maximum out-of-orderness is ${formatDuration(p.bound)}. ` +
          `A reading at ${clock(start)} is in the window ${win}. Where is the watermark, and has that window fired?`,
        choices: opts.map(text), right: opts.findIndex(([t, f]) => t === w && f === fired),
        explain: `W = ${clock(p.latest)} - ${formatDuration(p.bound)} = ${clock(w)} ${fired ? ">=" : "<"} the window's end ${clock(p.end)}, ` +
          (fired ? "so the window has fired (the engine emitted its result)." : "so the window is still open: the engine has emitted nothing for it yet."),
        params: p,
      };
    }
    case "fate": {
      const config = { window: { type: "tumbling", size: p.size }, watermark: { maxOutOfOrderness: p.bound }, allowedLateness: p.lateness };
      const r = withEngine(config, (e) => {
        const [win] = e.windowsFor(p.time);
        e.push({ key: 1, time: win.start, value: 1 });
        e.push({ key: 1, time: p.latest, value: 1 });
        const w = e.watermark;
        const outcome = e.push({ key: 1, time: p.time, value: 1 });
        const refired = e.drain().some((x) => x.start === win.start && x.firing === "late");
        return { win, w, outcome, refired };
      });
      const FATES = [["assigned", "On time: counted in its window before the window fires"],
        ["late-accepted", "Late but accepted: its window fires again with it"],
        ["side-output", "Side output: too late for its window"]];
      const end = clock(r.win.end), closes = clock(r.win.end + p.lateness);
      const why = {
        assigned: `W = ${clock(r.w)} < the window's end ${end}, so the window ${span(r.win)} has not fired: the event is on time.`,
        "late-accepted": `W = ${clock(r.w)} >= the window's end ${end}, so ${span(r.win)} has fired; but W < end + allowed lateness = ${closes}, so the event is accepted and the window fires again${r.refired ? " (the engine emitted a late firing)" : ""}.`,
        "side-output": `W = ${clock(r.w)} >= end + allowed lateness = ${end} + ${formatDuration(p.lateness)} = ${closes}, so ${span(r.win)} is closed for good: the event goes to the side output.`,
      }[r.outcome];
      return {
        prompt: `Tumbling windows of ${formatDuration(p.size)}, maximum out-of-orderness ${formatDuration(p.bound)}, allowed lateness ${formatDuration(p.lateness)}. ` +
          `After an event at ${clock(p.latest)}, an event stamped ${clock(p.time)} arrives. What happens to it?`,
        choices: FATES.map(([, t]) => t), right: FATES.findIndex(([o]) => o === r.outcome),
        explain: `The engine says the event is ${fateWords(r.outcome)}. W = ${clock(p.latest)} - ${formatDuration(p.bound)} = ${clock(r.w)}. ${why ?? ""}`,
        params: { ...p, watermark: r.w, outcome: r.outcome },
      };
    }
    case "memory": {
      const est = estimateMemory({
        sensors: p.sensors, messagesPerSecond: p.rate, messageBytes: p.bytes,
        window: { type: "sliding", size: p.size, slide: p.slide }, instanceBytes: p.instance,
      });
      const f = (b) => formatBytes(b);
      const right = f(est.rawBufferBytes);
      const choices = distinct([right, f(est.bytesPerWindow), f(est.bytesPerWindow * 2), f(est.rawBufferBytes * 2), f(est.bytesPerSecond)]).slice(0, 4);
      const order = choices.slice().sort((a, b) => parseBytes(a.replace(/\s/g, "")) - parseBytes(b.replace(/\s/g, "")));
      return {
        prompt: `${p.sensors.toLocaleString("en")} sensors send ${p.rate} messages/s each, ${p.bytes} B per message. ` +
          `A sliding window of ${formatDuration(p.size)} every ${formatDuration(p.slide)} buffers the raw readings. How much memory does that take?`,
        choices: order, right: order.indexOf(right),
        explain: `estimateMemory: ${p.sensors.toLocaleString("en")} × ${p.rate}/s × ${p.bytes} B = ${f(est.bytesPerSecond)}/s; × ${formatDuration(est.windowLengthMs)} = ${f(est.bytesPerWindow)} per window; ` +
          `${formatDuration(p.size)} / ${formatDuration(p.slide)} = ${num(est.overlapFactor)} overlapping windows held: ${right} ` +
          `(${formatPercent(est.rawFit.utilizationRaw)} of ${f(p.instance)}).`,
        params: { ...p, rawBufferBytes: est.rawBufferBytes },
      };
    }
    case "results": {
      const run = (window) => withEngine({ window }, (e) => {
        for (let t = 0; t < p.duration; t += p.every) e.push({ key: 1, time: NOON + t, value: 1 });
        e.flush();
        return e.drain().length;
      });
      const tumbling = run({ type: "tumbling", size: p.size });
      const sliding = run({ type: "sliding", size: p.size, slide: p.slide });
      const per = withEngine({ window: { type: "sliding", size: p.size, slide: p.slide } }, (e) => e.windowsFor(NOON).length);
      const n = Math.round(p.duration / p.every);
      return {
        prompt: `One sensor sends a reading every ${formatDuration(p.every)} from 14:00:00 for ${formatDuration(p.duration)} (${n} readings). ` +
          `A tumbling window of ${formatDuration(p.size)} emits ${tumbling} results. How many results does a sliding window of ${formatDuration(p.size)} every ${formatDuration(p.slide)} emit, once the stream ends?`,
        numeric: { answer: sliding, tolerance: 0, unit: "results" },
        explain: `Weir ran both engines: tumbling ${tumbling}, sliding ${sliding}. Each reading is in ${per} sliding windows (${formatDuration(p.size)} / ${formatDuration(p.slide)}), ` +
          `and every window that holds at least one reading fires, including those that start before the first reading or end after the last.`,
        params: { ...p, tumbling, sliding },
      };
    }
    case "kafka": {
      const window = { type: "tumbling", size: p.size };
      const events = p.trace.map(({ time, value }) => ({ key: 1, time, value }));
      const run = (preset, grace) => runTrace({ window, preset, allowedLateness: grace }, events);
      const kafka = run("kafka-streams", p.grace);
      const final = run("kafka-streams-final", p.grace), flink = run("flink", p.grace);
      const right = rowsText(kafka.rows);
      // The wrong rows: suppress, the other grace, each row a delta (discarding), Flink's rules (often the same as suppress's).
      const delta = runTrace({ window, preset: "kafka-streams", allowedLateness: p.grace, accumulation: "discarding" }, events);
      const choices = distinct([right, rowsText(final.rows), rowsText(run("kafka-streams", p.grace ? 0 : p.size).rows),
        rowsText(delta.rows), rowsText(flink.rows)]).slice(0, 4);
      const order = shuffle(choices, traceSeed(p.trace));
      const spans = withEngine({ window }, (e) => events.map((ev) => e.windowsFor(ev.time)[0]));
      const notes = events.map((ev, i) => {
        const o = kafka.outcomes[i];
        if (o === "assigned") return "";
        const closes = clock(spans[i].end + p.grace);
        return o === "side-output"
          ? ` The record at ${clock(ev.time)} arrived at stream time W = ${at(kafka.before[i])} >= its window's end + grace = ${closes}: side output (Kafka drops it).`
          : ` The record at ${clock(ev.time)} arrived at W = ${at(kafka.before[i])} < its window's end + grace = ${closes}: accepted late, one more row.`;
      }).join("");
      return {
        prompt: `A Kafka Streams job (preset kafka-streams, grace ${formatDuration(p.grace)}) sums one sensor's readings in tumbling windows of ${formatDuration(p.size)}. ` +
          `The readings arrive in this order (values in brackets): ${traceText(p.trace)}. Which rows does it emit (each window's running sums, in order), once the stream has ended?`,
        choices: order, right: order.indexOf(right),
        explain: `Preset kafka-streams: stream time (d = 0), grace = allowed lateness, every-event mode: each accepted record fires every window it entered at once ` +
          `(early while W < end, late after), accumulating; nothing fires at W >= end, nor at the end of the stream.${notes} ` +
          `Weir's rows: ${rowsText(kafka.rows, true)}. With suppress (kafka-streams-final) the job would emit ${rowsText(final.rows)}; under Flink's rules ${rowsText(flink.rows)}.`,
        params: { ...p, outcomes: kafka.outcomes },
      };
    }
    case "discarding": {
      const window = { type: "tumbling", size: p.size };
      const events = p.trace.map(({ time, value }) => ({ key: 1, time, value }));
      const trigger = { mode: "watermark", early: { count: p.early } };
      const [win] = withEngine({ window }, (e) => e.windowsFor(events[0].time));
      const rows = (accumulation, lateness = p.lateness) => {
        const res = runTrace({ window, trigger, accumulation, allowedLateness: lateness }, events);
        return { ...res, mine: res.rows.filter((x) => x.start === win.start && x.key === 1) };
      };
      const total = (list, signed = false) => list.reduce((a, x) => a + (signed && x.firing === "retract" ? -x.sum : x.sum), 0);
      const disc = rows("discarding"), acc = rows("accumulating"), ret = rows("retracting");
      const right = total(disc.mine);
      const wrong = distinct([total(acc.mine), total(ret.mine), disc.mine[0].sum, disc.mine.at(-1).sum,
        total(rows("discarding", p.lateness ? 0 : p.size).mine)]).filter((n) => n !== right);
      // Which three wrong totals are shown varies with the trace, so the right one is not always second smallest.
      const order = [right, ...shuffle(wrong, traceSeed(p.trace)).slice(0, 3)].sort((a, b) => a - b).map((n) => num(n));
      const list = (xs) => xs.map((x) => `${x.firing} ${num(x.sum)}`).join(", ");
      const dropped = events.map((ev, i) => (disc.outcomes[i] === "side-output" ? ` The reading at ${clock(ev.time)} came at W = ${at(disc.before[i])} >= end + allowed lateness = ${clock(win.end + p.lateness)}: side output, in no row.` : "")).join("");
      return {
        prompt: `Tumbling windows of ${formatDuration(p.size)}, maximum out-of-orderness 0 s, allowed lateness ${formatDuration(p.lateness)}, ` +
          `an early firing every ${p.early} readings (trigger early count ${p.early}) and accumulation discarding. One sensor's readings arrive in this order (values in brackets): ${traceText(p.trace)}. ` +
          `A downstream job adds up the sum of every row emitted for ${span(win)}. What total does it get, once the stream has ended?`,
        choices: order, right: order.indexOf(num(right)),
        explain: `Discarding (Flink's PurgingTrigger, Beam's default): every firing reports only the readings added since the window's previous firing, and a firing with nothing new is not emitted. ` +
          `Weir's rows for ${span(win)}: ${list(disc.mine)}; they add up to ${num(right)}, each reading counted once.${dropped} ` +
          `Accumulating, the same firings report ${list(acc.mine)}: ${num(total(acc.mine))}, earlier readings counted again in every later row; ` +
          `retracting puts a retract row before each refinement, which a downstream sum must count negative (${num(total(ret.mine, true))}).`,
        params: { ...p, total: right },
      };
    }
    case "gateway": {
      const events = [];
      for (let k = 0, i = 0; k < 5; k++) {
        for (let g = 0; g < 3; g++, i++) {
          if (g === p.slow && k > p.stop) continue;
          const arrival = NOON + k * 5000 + g * 1000;
          events.push({ key: 1, time: arrival - p.lags[g] - p.delays[i], value: 1, source: g, arrival });
        }
      }
      const watermark = { maxOutOfOrderness: p.bound, ...(p.idleTimeout ? { idleTimeout: p.idleTimeout } : {}) };
      const res = runTrace({ window: { type: "tumbling", size: 10_000 }, watermark, sources: 3 }, events);
      const now = events.at(-1).arrival;
      const holder = res.sources.find((x) => x.holdsBack);
      const choices = res.sources.map((x) => `Gateway ${x.source}: W = ${at(x.watermark)}`);
      if (!holder) choices.push(`No gateway: every one is idle, W = ${at(res.watermark)}`);
      const per = res.sources.map((x) => `gateway ${x.source}'s latest event time is ${clock(x.maxEventTime)} (its last reading arrived at ${clock(x.lastArrival)})`);
      const ws = res.sources.map((x) => `W_${x.source} = ${clock(x.maxEventTime)} - ${formatDuration(p.bound)} = ${at(x.watermark)}` +
        (x.idle ? ` (idle: silent for ${formatDuration(now - x.lastArrival)} >= the ${formatDuration(p.idleTimeout)} timeout)` : ""));
      return {
        prompt: `Three gateways feed one job (sources: 3), maximum out-of-orderness ${formatDuration(p.bound)}, ${p.idleTimeout ? `idle timeout ${formatDuration(p.idleTimeout)}` : "no idle timeout"}. ` +
          `After the last reading the processing clock is at ${clock(now)}: ${per.join("; ")}. Which gateway holds the watermark back, and where is W?`,
        choices, right: holder ? res.sources.indexOf(holder) : choices.length - 1,
        explain: `sourceStats(): ${ws.join(", ")}. W = the min over the active gateways = ${at(res.watermark)}` +
          `${holder ? `: gateway ${holder.source} holds it back` : ""}. Each source's watermark is its max event time - d and W the min over the active sources; ` +
          (p.idleTimeout ? "a source whose last event arrived at least idleTimeout ago on the processing clock is idle and leaves the min." : "without idleTimeout no source ever leaves the min, however long it is silent."),
        params: { ...p, watermark: res.watermark, holder: holder?.source ?? null },
      };
    }
    case "idle": {
      const window = { type: "tumbling", size: p.size };
      const quiet = p.quiet === null ? [] : [{ key: 1, time: p.quiet, value: 1, source: 1, arrival: NOON }];
      const loud = p.readings.map(({ time, value }) => ({ key: 1, time, value, source: 0, arrival: Math.max(time, NOON) + 1000 }));
      const [win] = withEngine({ window }, (e) => e.windowsFor(p.readings[0].time));
      const watermark = { maxOutOfOrderness: p.bound };
      const given = runTrace({ window, watermark, sources: 2 }, [...quiet, ...loud]);
      const naive = runTrace({ window, watermark }, loud);
      // An idle timeout longer than gateway 0's longest silence: only gateway 1 can go idle.
      const idleTimeout = Math.max(...loud.map((x, i) => x.arrival - (i ? loud[i - 1].arrival : NOON))) + 1000;
      const timeout = runTrace({ window, watermark: { ...watermark, idleTimeout }, sources: 2 }, [...quiet, ...loud]);
      const mine = (xs) => xs.find((x) => x.start === win.start && x.key === 1);
      const during = (w) => `Yes, on time during the stream, at W = ${at(w)}`;
      const atFlush = (w) => `Only at flush(): until the stream ends W stays at ${at(w)}`;
      const never = "Never, not even at flush(): the window stays stuck";
      const fate = (res) => (mine(res.running) ? during(mine(res.running).watermark) : mine(res.atFlush) ? atFlush(res.watermark) : never);
      const right = fate(given);
      const order = distinct([right, fate(naive), fate(timeout), never, atFlush(given.watermark)]).slice(0, 4).sort();
      const [s0, s1] = given.sources;
      const row = mine(given.rows);
      const how = mine(given.running)
        ? `W reached the window's end ${clock(win.end)} while the stream ran: it fired on time at W = ${at(row.watermark)}.`
        : `W stayed at ${at(given.watermark)} < the window's end ${clock(win.end)}: nothing fired while the stream ran. flush() sets W = +∞: every open window fires${row ? `, this one on time with ${row.count} readings (sum ${num(row.sum)})` : ""}.`;
      return {
        prompt: `Tumbling windows of ${formatDuration(p.size)}, maximum out-of-orderness ${formatDuration(p.bound)}. The job declares two gateways (sources: 2) and sets no idle timeout. ` +
          `Gateway 0 sends readings stamped ${p.readings.map((x) => clock(x.time)).join(", ")}; gateway 1 ${p.quiet === null ? "never sends anything" : `sends one reading, stamped ${clock(p.quiet)}, before them, and then nothing`}. ` +
          `Does the window ${span(win)} fire, and when?`,
        choices: order, right: order.indexOf(right),
        explain: `Before flush(), sourceStats() gives W_0 = ${at(s0.watermark)} and W_1 = ${at(s1.watermark)}${s1.holdsBack ? " (gateway 1 holds W back)" : s0.holdsBack ? " (gateway 0 holds W back)" : ""}: W is the min of the two. ${how} ` +
          `A declared source holds W at −∞ until it sends or goes idle, and without idleTimeout a silent source never goes idle (the classic stalled job). ` +
          `With an idle timeout of ${formatDuration(idleTimeout)} the engine's answer is: ${fate(timeout).replace(/^./, (c) => c.toLowerCase())}.`,
        params: { ...p, watermark: given.watermark, fired: mine(given.running) ? "running" : row ? "flush" : "never" },
      };
    }
    default:
      throw new Error(`engine "${kind}": expected one of ${ENGINE_KINDS.join(", ")}`);
  }
}

/**
 * Pushes `events` (arrival order) into a fresh engine: the watermark before
 * each push, the outcomes, the rows fired while the stream ran and at
 * flush(), and the watermark and per-source stats just before the flush.
 */
function runTrace(config, events) {
  return withEngine(config, (e) => {
    const before = [];
    const outcomes = events.map((ev) => { before.push(e.watermark); return e.push(ev); });
    const running = e.drain(), watermark = e.watermark, sources = e.sourceStats();
    e.flush();
    const atFlush = e.drain();
    return { before, outcomes, running, atFlush, rows: [...running, ...atFlush], watermark, sources };
  });
}

/** `list` in an order fixed by `seed` (Fisher-Yates on the seeded generator). */
function shuffle(list, seed) {
  const r = prng(seed), out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A number that follows the trace, to seed `shuffle`: the same question always shows its choices in the same order. */
const traceSeed = (t) => t.reduce((a, x, i) => (a * 31 + x.time + x.value * (i + 7)) >>> 0, 7);

/** A watermark as a clock time, or −∞ / +∞. */
const at = (w) => (w === -Infinity ? "−∞" : w === Infinity ? "+∞" : clock(w));

const traceText = (t) => t.map((x) => `${clock(x.time)} (${num(x.value)})`).join(", ");

/** Rows grouped by window in order of their first row: "[a, b): 1, 3; [b, c): 4"; with `kinds`, each sum's firing kind too. */
function rowsText(rows, kinds = false) {
  if (!rows.length) return "No rows at all";
  const groups = new Map();
  for (const x of rows) {
    const k = `${x.start}/${x.end}`;
    if (!groups.has(k)) groups.set(k, [span(x), []]);
    groups.get(k)[1].push(kinds ? `${x.firing} ${num(x.sum)}` : num(x.sum));
  }
  return [...groups.values()].map(([w, sums]) => `${w}: ${sums.join(", ")}`).join("; ");
}

/** An author's `<weir-question>` as a question object (errors name the question). */
function authorQuestion(el, index, rng) {
  const id = el.id || `q${index + 1}`;
  const where = `question "${id}"`;
  const engine = el.getAttribute("engine");
  if (engine) {
    const q = engineQuestion(engine, engineParams(engine, (n) => el.getAttribute(n), rng));
    return { ...q, id, kind: engine };
  }
  const text = (sel) => el.querySelector(sel)?.textContent.replace(/\s+/g, " ").trim() ?? "";
  const prompt = text("weir-prompt");
  if (!prompt) throw new Error(`${where}: needs a <weir-prompt>`);
  const explain = text("weir-explain");
  if (el.hasAttribute("answer")) {
    const answer = Number(el.getAttribute("answer"));
    const tolerance = Number(el.getAttribute("tolerance") ?? 0);
    if (!Number.isFinite(answer)) throw new Error(`${where}: answer "${el.getAttribute("answer")}" is not a number`);
    if (!(tolerance >= 0)) throw new Error(`${where}: tolerance "${el.getAttribute("tolerance")}" is not a number >= 0`);
    return { id, kind: "author", prompt, explain, numeric: { answer, tolerance, unit: el.getAttribute("unit") ?? "" } };
  }
  const opts = [...el.querySelectorAll("weir-choice")];
  const right = opts.findIndex((c) => c.hasAttribute("correct"));
  if (opts.length < 2) throw new Error(`${where}: needs two or more <weir-choice> (or an answer attribute)`);
  if (right < 0 || opts.filter((c) => c.hasAttribute("correct")).length > 1) throw new Error(`${where}: mark exactly one <weir-choice correct>`);
  return { id, kind: "author", prompt, explain, choices: opts.map((c) => c.textContent.replace(/\s+/g, " ").trim()), right };
}

const STYLE = `
ol.questions { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
fieldset { border: 1px solid var(--_rule); border-radius: 6px; margin: 0; padding: .4rem .6rem .5rem; min-width: 0; }
legend { font-weight: 600; padding: .2rem 0 .3rem; float: left; width: 100%; }
legend + * { clear: both; }
.choice { display: flex; gap: .45rem; align-items: flex-start; padding: .15rem 0; }
.choice input { margin-top: .3rem; accent-color: var(--_accent); }
.num { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
:host { color-scheme: light dark; }
.num input { width: 8rem; font: inherit; padding: .15rem .3rem; color: var(--_fg); background: var(--_bg);
  border: 1px solid var(--_muted); border-radius: 4px; }
.feedback { margin: .35rem 0 0; padding: .35rem .5rem; border-radius: 4px; border-left: 4px solid var(--_muted); background: var(--_panel); }
.feedback[data-correct=true] { border-left-color: var(--_ok); }
.feedback[data-correct=false] { border-left-color: var(--_late); }
.verdict { font-weight: 700; }
[data-correct=true] .verdict { color: var(--_ok); }
[data-correct=false] .verdict { color: var(--_late); }
.score { font-weight: 600; }
.tag { font-size: .8em; color: var(--_muted); font-weight: 400; }
`;

export class WeirQuiz extends WeirElement {
  static get observedAttributes() { return ["bank", "engine", "seed", "heading"]; }

  build() {
    this.ids = nextId("weir-quiz");
    this.errorBox = h("p", { class: "error", role: "alert", hidden: true });
    this.heading = h("h3", {}, "Knowledge Check");
    this.scoreLine = h("p", { class: "score" });
    this.list = h("ol", { class: "questions" });
    this.reset = h("button", { type: "button", onclick: () => this.startOver() }, "Start over");
    this.shadowRoot.append(h("style", {}, STYLE), this.heading, this.scoreLine, this.errorBox, this.list,
      h("div", { class: "buttons" }, this.reset));
    this.watchChildren();
  }

  /** Author questions live in the light DOM: edits to them rebuild the quiz (the host's own attributes go through observedAttributes). */
  watchChildren() {
    this.observer = new MutationObserver((records) => {
      if (records.some((r) => r.target !== this || r.type === "childList")) this.requestUpdate();
    });
    this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
  }

  release() { this.observer?.disconnect(); this.observer = null; }

  connectedCallback() {
    if (this._built && !this.observer) this.watchChildren();
    super.connectedCallback();
  }

  /** The questions the attributes and children ask for, in order. */
  questions() {
    const bank = this.getAttribute("bank") ?? "chapter";
    if (bank !== "chapter" && bank !== "none") throw new Error(`bank "${bank}": expected chapter or none`);
    const seed = this.getAttribute("seed");
    if (seed !== null && !/^\d+$/.test(seed.trim())) throw new Error(`seed "${seed}": expected a whole number`);
    const rng = seed === null ? null : prng(Number(seed));
    const qs = bank === "chapter" ? CHAPTER_BANK.map((q) => ({ ...q, kind: "chapter" })) : [];
    [...this.querySelectorAll(":scope > weir-question")].forEach((el, i) => qs.push(authorQuestion(el, i, rng)));
    const kinds = (this.getAttribute("engine") ?? "").split(/[\s,]+/).filter(Boolean).flatMap((k) => (Object.hasOwn(ENGINE_GROUPS, k) ? ENGINE_GROUPS[k] : [k]));
    const unknown = kinds.find((k) => !ENGINE_KINDS.includes(k));
    if (unknown) throw new Error(`engine "${unknown}": expected one of ${ENGINE_KINDS.join(", ")} (or a group: ${Object.keys(ENGINE_GROUPS).join(", ")})`);
    const seen = {};
    for (const kind of kinds) {
      seen[kind] = (seen[kind] ?? 0) + 1;
      const q = engineQuestion(kind, engineParams(kind, () => null, rng));
      qs.push({ ...q, id: `engine-${kind}${seen[kind] > 1 ? `-${seen[kind]}` : ""}`, kind });
    }
    const ids = new Set();
    for (const q of qs) {
      if (ids.has(q.id)) throw new Error(`question id "${q.id}" is used twice`);
      ids.add(q.id);
    }
    if (!qs.length) throw new Error("no questions: set bank=\"chapter\", engine, or write <weir-question> elements");
    return qs;
  }

  update() {
    this.heading.textContent = this.getAttribute("heading") ?? "Knowledge Check";
    const qs = this.questions();
    const sig = JSON.stringify(qs.map((q) => [q.id, q.prompt, q.choices, q.right, q.numeric, q.explain]));
    if (sig === this.sig) return;
    this.sig = sig;
    this.qs = qs;
    this.state = qs.map(() => ({ correct: false, checked: false, response: null, attempts: 0 }));
    this.list.replaceChildren(...qs.map((q, i) => this.render(q, i)));
    this.report(undefined);
  }

  render(q, i) {
    const base = `${this.ids}-${i}`;
    const fb = h("div", { class: "feedback", id: `${base}-fb`, hidden: true });
    const check = h("button", { type: "submit" }, "Check");
    let input;
    let body;
    const label = `Question ${i + 1} of ${this.qs.length}: `;
    if (q.numeric) {
      input = h("input", { type: "number", id: `${base}-n`, step: "any", inputmode: "decimal", "aria-describedby": `${base}-u` });
      body = h("div", { class: "num" },
        h("label", { for: `${base}-n` }, "Your answer"), input,
        h("span", { id: `${base}-u`, class: "unit" }, q.numeric.unit));
    } else {
      body = h("div", { class: "choices" }, ...q.choices.map((c, j) => {
        const r = h("input", { type: "radio", name: base, id: `${base}-${j}`, value: String(j) });
        return h("div", { class: "choice" }, r, h("label", { for: `${base}-${j}` }, c));
      }));
    }
    const tag = q.kind === "chapter" ? "" : q.kind === "author" ? "" : " (computed by Weir)";
    const form = h("form", { "data-question": q.id, "data-kind": q.kind, novalidate: true },
      h("fieldset", {},
        h("legend", { id: `${base}-lg` }, h("span", { class: "sr-only" }, label), h("span", { "aria-hidden": "true" }, `${i + 1}. `), q.prompt,
          tag ? h("span", { class: "tag" }, tag) : undefined),
        body,
        h("div", { class: "buttons" }, check),
        fb));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); this.check(i, form, fb); });
    return h("li", {}, form);
  }

  check(i, form, fb) {
    const q = this.qs[i];
    const st = this.state[i];
    let response;
    let correct;
    if (q.numeric) {
      const raw = form.querySelector("input[type=number]").value.trim();
      response = raw === "" ? null : Number(raw);
      correct = response !== null && Math.abs(response - q.numeric.answer) <= q.numeric.tolerance + 1e-9;
    } else {
      const picked = form.querySelector("input[type=radio]:checked");
      response = picked ? q.choices[Number(picked.value)] : null;
      correct = picked !== null && Number(picked.value) === q.right;
    }
    if (response === null) {
      fb.hidden = false;
      fb.dataset.correct = "false";
      fb.replaceChildren(h("span", { class: "verdict" }, "No answer yet. "), q.numeric ? "Type a number first." : "Pick one of the choices first.");
      this.live.textContent = `Question ${i + 1}: no answer yet.`;
      return;
    }
    st.attempts += 1;
    st.checked = true;
    st.correct = correct;
    st.response = response;
    const rightText = q.numeric ? `${num(q.numeric.answer, 6)} ${q.numeric.unit}`.trim() : q.choices[q.right];
    const verdict = correct ? "Right." : "Not quite.";
    fb.hidden = false;
    fb.dataset.correct = String(correct);
    fb.replaceChildren(h("span", { class: "verdict" }, `${verdict} `),
      correct ? "" : `You answered ${q.numeric ? `${response} ${q.numeric.unit}`.trim() : `"${response}"`}; the answer is ${rightText}. `,
      q.explain ?? "");
    form.dataset.correct = String(correct);
    this.report(`Question ${i + 1}, attempt ${st.attempts}: ${verdict} ${correct ? "" : `The answer is ${rightText}. `}${this.scoreText()}`);
    const r = this._result;
    this.dispatchEvent(new CustomEvent("weir-score", {
      bubbles: true, composed: true,
      detail: { score: { raw: r.correct, min: 0, max: r.total, scaled: r.score }, success: r.correct === r.total, completion: r.answered === r.total },
    }));
  }

  scoreText() {
    const correct = this.state.filter((s) => s.correct).length;
    const answered = this.state.filter((s) => s.checked).length;
    return `Score: ${correct} of ${this.qs.length} right (${answered} answered).`;
  }

  report(summary) {
    const questions = this.qs.map((q, i) => ({ id: q.id, correct: this.state[i].correct, response: this.state[i].response, attempts: this.state[i].attempts }));
    const correct = questions.filter((q) => q.correct).length;
    const answered = this.state.filter((s) => s.checked).length;
    this.scoreLine.textContent = this.scoreText();
    this.publish({ answered, correct, total: questions.length, score: questions.length ? correct / questions.length : 0, questions }, summary);
  }

  startOver() {
    this.sig = null;
    this.update();
    this.live.textContent = "Started over: every answer cleared.";
    this.list.querySelector("input")?.focus();
  }
}
