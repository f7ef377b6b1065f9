// Type-checked only (`npx tsc -p types --noEmit` from tests/): a program that
// uses every export of www/pkg/weir_wasm.d.ts, with checks that no method
// returns `any` and `@ts-expect-error` lines proving wrong usage is rejected.
import init, {
  initSync,
  estimateMemory,
  formatBytes,
  simulateSensors,
  simulatedStreamHash,
  start,
  SensorSimulator,
  StreamEngine,
} from "../../www/pkg/weir_wasm.js";
import type {
  EngineConfig,
  EngineLimits,
  EngineStats,
  FormatBytesOptions,
  InitInput,
  InitOutput,
  LateEvent,
  MemoryEstimate,
  MemoryFit,
  MemoryParams,
  OpenWindow,
  Outcome,
  ResultColumns,
  SensorStream,
  SimulateOptions,
  SlideAdvice,
  StreamEvent,
  SyncInitInput,
  WindowConfig,
  WindowResult,
  WindowSpan,
  WeirError,
  WeirErrorName,
} from "../../www/pkg/weir_wasm.js";

// --- type-level checks -------------------------------------------------------
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function check<T extends true>(): T | void {}
type Methods = { [K in keyof StreamEngine]: StreamEngine[K] extends (...a: never[]) => infer R ? R : StreamEngine[K] };

check<Equals<ReturnType<StreamEngine["push"]>, Outcome>>();
check<Equals<Outcome, "assigned" | "late-accepted" | "side-output" | "unassigned">>();
check<Equals<ReturnType<StreamEngine["drain"]>, WindowResult[]>>();
check<Equals<ReturnType<StreamEngine["drainColumns"]>, ResultColumns>>();
check<Equals<ReturnType<StreamEngine["drainLate"]>, LateEvent[]>>();
check<Equals<ReturnType<StreamEngine["stats"]>, EngineStats>>();
check<Equals<ReturnType<StreamEngine["windowsFor"]>, WindowSpan[]>>();
check<Equals<ReturnType<StreamEngine["openWindows"]>, OpenWindow[]>>();
check<Equals<ReturnType<StreamEngine["snapshot"]>, Uint8Array>>();
check<Equals<ReturnType<StreamEngine["pushBatch"]>, number>>();
check<Equals<ReturnType<typeof StreamEngine.restore>, StreamEngine>>();
check<Equals<ReturnType<typeof simulateSensors>, SensorStream>>();
check<Equals<ReturnType<typeof estimateMemory>, MemoryEstimate>>();
check<Equals<ReturnType<typeof formatBytes>, string>>();
check<Equals<WindowResult["firing"], "early" | "on-time" | "late" | "final" | "retract">>();
check<Equals<OpenWindow["state"], "open" | "fired" | "closed">>();
check<Equals<MemoryEstimate["smallestFittingSlide"], SlideAdvice | null>>();
// errors: a kind, the field and the value as text; batches add the row
check<Equals<WeirErrorName, "WeirConfigError" | "WeirEventError" | "WeirLimitError" | "WeirSnapshotError">>();
check<Equals<WeirError["name"], WeirErrorName>>();
check<Equals<WeirError["field"] | WeirError["value"], string>>();
check<Equals<WeirError["accepted"], number | undefined>>();
check<Equals<WeirError extends Error ? true : false, true>>();
check<Equals<StreamEngine["stateBytes"], number>>();
check<Equals<keyof EngineLimits, "maxKeys" | "maxStateEntries" | "maxOpenWindows" | "maxPendingResults" | "maxPendingLate" | "maxQueryResults">>();
// no method or getter of the engine is typed `any`
check<Equals<{ [K in keyof Methods]: IsAny<Methods[K]> }[keyof Methods], false>>();
check<Equals<IsAny<ReturnType<SensorSimulator["nextChunk"]>>, false>>();

// --- a program using every export -------------------------------------------
export async function main(wasm: InitInput, bytes: SyncInitInput): Promise<void> {
  const out: InitOutput = await init({ module_or_path: wasm });
  const again: InitOutput = initSync({ module: bytes });
  const memory: WebAssembly.Memory = out.memory;
  console.log(memory.buffer.byteLength, again === out);
  start();

  const window: WindowConfig = { type: "sliding", size: 10_000, slide: 1_000 };
  // running totals "so far today", refreshed every hour
  const daily: WindowConfig = { type: "cumulate", step: 3_600_000, size: 86_400_000, offset: 0 };
  new StreamEngine({ window: daily }).free();
  const config: EngineConfig = {
    window,
    watermark: { maxOutOfOrderness: 2_000 },
    allowedLateness: 5_000,
    timeDomain: "event",
    limits: { maxKeys: 10_000, maxStateEntries: 1_000_000, maxPendingResults: 5_000, maxPendingLate: 5_000, maxQueryResults: 1_000 },
  };
  const old: EngineConfig = { window, limits: { maxOpenWindows: 1_000 } }; // the deprecated name still type-checks
  try {
    new StreamEngine(old).push({ key: 1, time: Number.NaN, value: 1 });
  } catch (e) {
    const err = e as WeirError;
    if (err.name === "WeirEventError") console.log(err.field, err.value, err.stack, err.row ?? -1);
  }
  const engine = new StreamEngine(config);
  const event: StreamEvent = { key: 1, time: 1_500, value: 20.5 };
  const outcome: Outcome = engine.push(event);
  if (outcome === "side-output") console.log("late");
  engine.push({ key: 2, time: 2_000, value: 1, arrival: 2_100 });
  const accepted: number = engine.pushBatch(Uint32Array.of(1), Float64Array.of(3_000), Float64Array.of(21));
  engine.pushBatch(Uint32Array.of(1), Float64Array.of(3_000), Float64Array.of(21), Float64Array.of(3_050));
  engine.pushBatch(Uint32Array.of(1), Float64Array.of(3_000), Float64Array.of(21), null);
  engine.advanceWatermark(20_000);
  const w: number = engine.watermark;
  const spans: WindowSpan[] = engine.windowsFor(3_000);
  const open: OpenWindow[] = engine.openWindows();
  const until: number | undefined = open[0]?.until;
  const stats: EngineStats = engine.stats();
  const results: WindowResult[] = engine.drain();
  const mean: number | undefined = results[0]?.mean;
  engine.flush();
  const columns: ResultColumns = engine.drainColumns();
  const keys: Uint32Array = columns.key;
  const late: Uint8Array = columns.late;
  const sideOutput: LateEvent[] = engine.drainLate();
  const snapshot: Uint8Array = engine.snapshot();
  const restored: StreamEngine = StreamEngine.restore(snapshot);
  restored.free();
  engine.free();
  const bytesNow: number = engine.stateBytes;
  console.log(accepted, w, spans, until, stats.stateBytes, bytesNow, mean, keys, late, sideOutput);

  const processing = new StreamEngine({ window: { type: "session", gap: 1_000 }, timeDomain: "processing" });
  processing.push({ key: 1, time: 0, value: 1, arrival: 10 });
  processing.advanceProcessingTime(5_000);
  processing.free();
  using disposed = new StreamEngine({ window: { type: "tumbling", size: 10, offset: 5 } });
  console.log(disposed.watermark);

  const options: SimulateOptions = { seed: 1, sensors: 10, rateHz: 10, durationMs: 60_000 };
  const stream: SensorStream = simulateSensors(options);
  const times: Float64Array = stream.times;
  const anomalyKey: number | undefined = stream.anomalies[0]?.key;
  const gateways: Uint32Array = simulateSensors({
    sources: 3, silence: [{ source: 1, from: 1_000, to: 5_000 }], skew: [{ source: 2, ms: 2_000 }],
  }).sources;
  console.log(gateways);
  // @ts-expect-error a silence needs its end
  simulateSensors({ silence: [{ source: 1, from: 1_000 }] });
  simulateSensors({ silence: [{ source: 1, from: 1_000, to: 5_000, mode: "backlog" }] });
  // @ts-expect-error a silence's mode is "drop" or "backlog"
  simulateSensors({ silence: [{ source: 1, from: 1_000, to: 5_000, mode: "later" }] });
  simulateSensors();
  const hash: string = simulatedStreamHash(options);
  const sim = new SensorSimulator(options);
  while (!sim.done) {
    const chunk: SensorStream = sim.nextChunk(1_000);
    const inFlight: number = sim.inFlight;
    console.log(chunk.keys.length, inFlight);
  }
  sim.free();
  console.log(times, anomalyKey, hash);

  const params: MemoryParams = {
    sensors: 10_000,
    messagesPerSecond: 100,
    messageBytes: 100,
    window: { type: "sliding", size: 10_000, slide: 1_000 },
    instanceBytes: 16e9,
    stateOverhead: 0.2,
    targetUtilization: 0.5,
  };
  const estimate: MemoryEstimate = estimateMemory(params);
  const fit: MemoryFit = estimate.rawFit;
  const slide: SlideAdvice | null = estimate.smallestFittingSlide;
  const units: FormatBytesOptions = { base: 2 };
  const text: string = formatBytes(estimate.rawBufferBytes) + formatBytes(fit.requiredBytes, units);
  console.log(slide?.slideMs, text, estimate.largestFittingWindowMs);
}

// --- wrong usage the types reject --------------------------------------------
export function rejected(engine: StreamEngine): void {
  // @ts-expect-error a tumbling window needs a size
  new StreamEngine({ window: { type: "tumbling" } });
  // @ts-expect-error a session window has a gap, not a size
  new StreamEngine({ window: { type: "session", size: 10 } });
  // @ts-expect-error a cumulate window needs a step
  new StreamEngine({ window: { type: "cumulate", size: 86_400_000 } });
  // @ts-expect-error a cumulate window has a step, not a slide
  new StreamEngine({ window: { type: "cumulate", size: 60_000, slide: 10_000 } });
  // @ts-expect-error there is no "hopping" window
  new StreamEngine({ window: { type: "hopping", size: 10 } });
  // @ts-expect-error timeDomain is "event" or "processing"
  new StreamEngine({ window: { type: "tumbling", size: 10 }, timeDomain: "wall" });
  // @ts-expect-error unknown config field
  new StreamEngine({ window: { type: "tumbling", size: 10 }, lateness: 5 });
  // @ts-expect-error the config is required
  new StreamEngine();
  // @ts-expect-error an event needs a value
  engine.push({ key: 1, time: 2 });
  // @ts-expect-error times are numbers, not strings
  engine.push({ key: 1, time: "2", value: 3 });
  // @ts-expect-error keys are a Uint32Array, not an Int32Array
  engine.pushBatch(Int32Array.of(1), Float64Array.of(1), Float64Array.of(1));
  // @ts-expect-error times are a Float64Array, not a plain array
  engine.pushBatch(Uint32Array.of(1), [1], Float64Array.of(1));
  // @ts-expect-error advanceWatermark takes a number
  engine.advanceWatermark(null);
  // @ts-expect-error restore takes the bytes of snapshot()
  StreamEngine.restore([1, 2, 3]);
  // @ts-expect-error the outcome is a string union, not a number
  const n: number = engine.push({ key: 1, time: 2, value: 3 });
  // @ts-expect-error drain's results have no "total"
  engine.drain()[0]?.total;
  // @ts-expect-error formatBytes' base is 10 or 2
  formatBytes(1, { base: 16 });
  // @ts-expect-error unknown simulator option
  simulateSensors({ sensor: 5 });
  // @ts-expect-error memory params need instanceBytes
  estimateMemory({ sensors: 1, messagesPerSecond: 1, messageBytes: 1, window: { type: "tumbling", size: 1 } });
  // @ts-expect-error unknown limit
  new StreamEngine({ window: { type: "tumbling", size: 10 }, limits: { maxWindows: 5 } });
  // @ts-expect-error an error's name is one of the four kinds
  const kind: WeirErrorName = "TypeError";
  // @ts-expect-error stateBytes is read-only
  engine.stateBytes = 5;
  console.log(kind);
  // @ts-expect-error watermark is read-only
  engine.watermark = 5;
  console.log(n);
}
