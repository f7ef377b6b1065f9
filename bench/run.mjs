// Weir's speed and size benchmark (not a test): one simulated stream through
// native weir-core (core/examples/throughput.rs) and through the page's wasm
// package in headless Chromium (bench/index.html), for tumbling 10 s,
// sliding 10 s / 1 s and session 5 s windows, drain included. Prints both
// rates, the ratio wasm / native, single push() calls per second, and the
// raw and gzipped sizes of the .wasm and its JS glue.
//
//   ./weir bench-js [--sensors 10000] [--rate-hz 10] [--duration-ms 30000]
//                   [--seed 42] [--batch 65536] [--runs 3] [--push-events 2000000]
//   (or, with www/pkg built: node bench/run.mjs ...)
import { createServer } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// playwright-core is a dev dependency of tests/ (npm ci there).
const { chromium } = createRequire(join(ROOT, "tests", "package.json"))("playwright-core");

const opts = { sensors: 10_000, rateHz: 10, durationMs: 30_000, seed: 42, batch: 65_536, runs: 5, pushEvents: 2_000_000 };
const FLAGS = { "--sensors": "sensors", "--rate-hz": "rateHz", "--duration-ms": "durationMs", "--seed": "seed",
  "--batch": "batch", "--runs": "runs", "--push-events": "pushEvents" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = FLAGS[argv[i]];
  if (!name || argv[i + 1] === undefined || !Number.isFinite(Number(argv[i + 1]))) {
    console.error(`usage: node bench/run.mjs [${Object.keys(FLAGS).map((f) => `${f} N`).join("] [")}]`);
    process.exit(2);
  }
  opts[name] = Number(argv[i + 1]);
}
const MAX_OUT_OF_ORDERNESS = 300;

// --- native -----------------------------------------------------------------
console.log(`stream: simulateSensors({ seed: ${opts.seed}, sensors: ${opts.sensors}, rateHz: ${opts.rateHz}, ` +
  `durationMs: ${opts.durationMs} }), watermark maxOutOfOrderness ${MAX_OUT_OF_ORDERNESS} ms, ` +
  `batches of ${opts.batch}, best of ${opts.runs} rounds`);
// Native and wasm take turns, one run each per round, and the best round
// counts: the machine may be shared, and this keeps both sides under the
// same load.
const nativeArgs = ["run", "-q", "--release", "-p", "weir-core", "--example", "throughput", "--",
  "--sensors", String(opts.sensors), "--rate-hz", String(opts.rateHz), "--duration-ms", String(opts.durationMs),
  "--seed", String(opts.seed), "--batch", String(opts.batch), "--runs", "1",
  "--max-out-of-orderness", String(MAX_OUT_OF_ORDERNESS)];
console.log(`native: cargo ${nativeArgs.join(" ")}`);
const runNative = () => execFileSync("cargo", nativeArgs, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  .trim().split("\n").map((l) => JSON.parse(l));
const best = (a, b) => (!a || b.seconds < a.seconds ? b : a);

// --- wasm in Chromium ---------------------------------------------------------
const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm" };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file = normalize(join(ROOT, path.endsWith("/") ? `${path}index.html` : path));
  const allowed = [join(ROOT, "bench") + sep, join(ROOT, "www", "pkg") + sep];
  if (!allowed.some((d) => file.startsWith(d))) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/bench/index.html`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromiumSandbox: false,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    // e.g. WEIR_BENCH_CHROMIUM_FLAGS=--js-flags=--no-wasm-dynamic-tiering
    ...(process.env.WEIR_BENCH_CHROMIUM_FLAGS ?? "").split(" ").filter(Boolean)],
});
let wasm, native;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  console.log(`wasm: ${url} in ${browser.version()} (headless Chromium)`);
  const wasmOptions = {
    seed: opts.seed, sensors: opts.sensors, rateHz: opts.rateHz, durationMs: opts.durationMs,
    batch: opts.batch, runs: 1, pushEvents: opts.pushEvents, maxOutOfOrderness: MAX_OUT_OF_ORDERNESS,
  };
  for (let round = 0; round < opts.runs; round++) {
    const n = runNative();
    native = native ? native.map((x, i) => best(x, n[i])) : n;
    const w = await page.evaluate((o) => window.weirBench(o), wasmOptions);
    if (!wasm) wasm = w;
    else {
      wasm.windows = wasm.windows.map((x, i) => best(x, w.windows[i]));
      wasm.push = best(wasm.push, w.push);
    }
    process.stdout.write(`round ${round + 1}/${opts.runs} done\n`);
  }
  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
  server.close();
}

// --- report -------------------------------------------------------------------
const M = (x) => `${(x / 1e6).toFixed(2)} M/s`;
const pct = (x) => `${(x * 100).toFixed(0)} %`;
console.log(`\n${wasm.events.toLocaleString("en")} events (generated in the browser in ${wasm.generateSeconds.toFixed(2)} s)\n`);
console.log("| window | native | wasm pushBatch + drainColumns | wasm / native | results |");
console.log("|---|---|---|---|---|");
let worst = Infinity, mismatch = false;
for (const w of wasm.windows) {
  const n = native.find((x) => x.window === w.window);
  const ratio = w.eventsPerSecond / n.eventsPerSecond;
  worst = Math.min(worst, ratio);
  // Same stream, same engine: the same results, to the last bit of the sums.
  const same = n.events === w.events && n.results === w.results && n.checksum === w.checksum;
  mismatch ||= !same;
  console.log(`| ${w.window} | ${M(n.eventsPerSecond)} | ${M(w.eventsPerSecond)} | ${pct(ratio)} | ` +
    `${w.results.toLocaleString("en")}${same ? "" : ` (native ${n.results}, checksums ${n.checksum} vs ${w.checksum}: DIFFER)`} |`);
}
console.log(`\nsingle push({ key, time, value }) calls, ${wasm.push.window}: ${M(wasm.push.eventsPerSecond)} ` +
  `(${wasm.push.events.toLocaleString("en")} calls in ${wasm.push.seconds.toFixed(3)} s)`);

// The glue is weir_wasm.js plus the inline JS snippets wasm-bindgen writes
// next to it (www/pkg/snippets/); the page loads them all.
const PKG = join(ROOT, "www", "pkg");
const snippetFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.isDirectory() ? snippetFiles(join(dir, d.name)) : d.name.endsWith(".js") ? [join(dir, d.name)] : []);
const bin = readFileSync(join(PKG, "weir_wasm_bg.wasm"));
const glue = Buffer.concat([join(PKG, "weir_wasm.js"), ...snippetFiles(join(PKG, "snippets"))].map((f) => readFileSync(f)));
const gz = (b) => gzipSync(b, { level: 9 }).length;
console.log("\n| file | raw | gzip -9 |\n|---|---|---|");
console.log(`| weir_wasm_bg.wasm | ${bin.length.toLocaleString("en")} B | ${gz(bin).toLocaleString("en")} B |`);
console.log(`| weir_wasm.js + snippets/ (glue) | ${glue.length.toLocaleString("en")} B | ${gz(glue).toLocaleString("en")} B |`);
const both = gz(Buffer.concat([bin, glue]));
console.log(`| .wasm + glue | ${(bin.length + glue.length).toLocaleString("en")} B | ${both.toLocaleString("en")} B |`);

const targets = [
  [`wasm batch >= 50 % of native (worst ${pct(worst)})`, worst >= 0.5],
  [`single push >= 1 M events/s (${M(wasm.push.eventsPerSecond)})`, wasm.push.eventsPerSecond >= 1e6],
  [`.wasm + glue <= 150 KB gzipped (${(both / 1000).toFixed(1)} KB)`, both <= 150_000],
  ["wasm and native give the same results", !mismatch],
];
console.log("");
for (const [what, ok] of targets) console.log(`${ok ? "met    " : "MISSED "} ${what}`);
