// Type-checked only, like usage.ts: www/weir.js (the page's one JS client of
// the wasm module) is typed by JSDoc and checked by tsc (`checkJs`); this
// program uses every export, checks the types it gets (none `any`), and its
// `@ts-expect-error` lines prove wrong usage is rejected.
import {
  StreamEngine,
  estimateMemory,
  formatBytes,
  loadFlinkExport,
  presetRules,
  replay,
  simulateSensors,
} from "../../www/weir.js";
import type {
  EngineConfig,
  FlinkExport,
  FlinkExportOptions,
  MemoryEstimate,
  Outcome,
  PresetRule,
  ReplayResult,
  SensorStream,
  StreamEvent,
  ToFlinkSql,
  WindowResult,
} from "../../www/weir.js";
import type * as Pkg from "../../www/pkg/weir_wasm.js";
import type * as PkgFlink from "../../www/pkg-flink/weir_wasm.js";

// --- type-level checks -------------------------------------------------------
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function check<T extends true>(): T | void {}

// weir.js hands out the wasm package's own class and types
check<Equals<typeof StreamEngine, typeof Pkg.StreamEngine>>();
check<Equals<StreamEngine, Pkg.StreamEngine>>();
check<Equals<EngineConfig, Pkg.EngineConfig>>();
check<Equals<ReturnType<typeof simulateSensors>, SensorStream>>();
check<Equals<Parameters<typeof simulateSensors>, [config?: Pkg.SimulateOptions | null]>>();
check<Equals<ReturnType<typeof estimateMemory>, MemoryEstimate>>();
check<Equals<Parameters<typeof estimateMemory>, [params: Pkg.MemoryParams]>>();
check<Equals<ReturnType<typeof formatBytes>, string>>();
// presetRules: the core's presets, their names typed, what each sets
check<Equals<ReturnType<typeof presetRules>, PresetRule[]>>();
check<Equals<PresetRule["name"], Pkg.PresetName>>();
check<Equals<PresetRule["sets"]["mode"], "watermark" | "every-event" | "final" | undefined>>();
// replay: one outcome per event, every firing, the watermark before the flush
check<Equals<ReturnType<typeof replay>, ReplayResult>>();
check<Equals<ReplayResult, { outcomes: Outcome[]; results: WindowResult[]; watermark: number }>>();
// loadFlinkExport resolves to pkg-flink's toFlinkSql, which returns a FlinkExport
check<Equals<ReturnType<typeof loadFlinkExport>, Promise<ToFlinkSql>>>();
check<Equals<ToFlinkSql, typeof PkgFlink.toFlinkSql>>();
check<Equals<ReturnType<ToFlinkSql>, FlinkExport>>();
check<Equals<FlinkExport, { language: "sql" | "java"; text: string; notes: string[] }>>();
check<Equals<Awaited<ReturnType<typeof loadFlinkExport>>, (config: Pkg.EngineConfig, options?: FlinkExportOptions | null) => FlinkExport>>();
// nothing exported is `any`
check<Equals<IsAny<typeof replay> | IsAny<typeof loadFlinkExport> | IsAny<ToFlinkSql> | IsAny<typeof StreamEngine>, false>>();

// --- a program using every export -------------------------------------------
export async function main(): Promise<void> {
  const config: EngineConfig = { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 2_000 } };
  const events: StreamEvent[] = [{ key: 1, time: 500, value: 20 }, { key: 1, time: 12_000, value: 21, arrival: 12_100 }];
  const run: ReplayResult = replay(config, events);
  const frozen: readonly StreamEvent[] = Object.freeze(events.slice());
  const outcome: Outcome | undefined = replay(config, frozen).outcomes[0];
  const mean: number | undefined = run.results[0]?.mean;
  const w: number = run.watermark;

  const engine: StreamEngine = new StreamEngine(config);
  engine.push({ key: 2, time: 1, value: 3 });
  engine.free();

  const stream: SensorStream = simulateSensors({ seed: 7, sensors: 3, rateHz: 2, durationMs: 40_000 });
  simulateSensors();
  simulateSensors(null);
  const estimate: MemoryEstimate = estimateMemory({
    sensors: 10_000, messagesPerSecond: 100, messageBytes: 100, instanceBytes: 16e9,
    window: { type: "sliding", size: 10_000, slide: 1_000 },
  });
  const rules: PresetRule[] = presetRules();
  const kafka: number | undefined = rules.find((r) => r.name === "kafka-streams")?.sets.maxOutOfOrderness;
  // @ts-expect-error a preset's name is one of PresetName
  const wrong: PresetRule["name"] = "spark";
  const text: string = formatBytes(estimate.rawBufferBytes) + formatBytes(1024, { base: 2 }) + formatBytes(1, null);

  const toFlinkSql: ToFlinkSql = await loadFlinkExport();
  const job: FlinkExport = toFlinkSql(config);
  const options: FlinkExportOptions = {
    source: { type: "kafka", topic: "sensors", bootstrapServers: "kafka:9092", groupId: "weir", format: "json" },
    sink: { type: "print" },
    aggregates: ["count", "mean"],
    language: "java",
  };
  const java: FlinkExport = (await loadFlinkExport())({ window: { type: "session", gap: 3_000 } }, options);
  const language: "sql" | "java" = job.language;
  const notes: string[] = java.notes;
  console.log(outcome, mean, w, stream.keys.length, text, job.text, language, notes, kafka, wrong);
}

// --- wrong usage the types reject --------------------------------------------
export async function rejected(): Promise<void> {
  // @ts-expect-error replay's config is an EngineConfig (no "hopping" window)
  replay({ window: { type: "hopping", size: 10 } }, []);
  // @ts-expect-error replay's events need a value
  replay({ window: { type: "tumbling", size: 10 } }, [{ key: 1, time: 2 }]);
  // @ts-expect-error replay's outcomes are strings, not numbers
  const n: number[] = replay({ window: { type: "tumbling", size: 10 } }, []).outcomes;
  // @ts-expect-error loadFlinkExport resolves to a function, not to the script
  const direct: FlinkExport = await loadFlinkExport();
  // @ts-expect-error loadFlinkExport takes no config: call what it resolves to
  loadFlinkExport({ window: { type: "tumbling", size: 10 } });
  const toFlinkSql = await loadFlinkExport();
  // @ts-expect-error toFlinkSql needs a config
  toFlinkSql();
  // @ts-expect-error there is no "parquet" sink
  toFlinkSql({ window: { type: "tumbling", size: 10 } }, { sink: { type: "parquet", path: "x" } });
  // @ts-expect-error a Kafka source needs a topic
  toFlinkSql({ window: { type: "tumbling", size: 10 } }, { source: { type: "kafka", bootstrapServers: "k:9092", groupId: "g" } });
  // @ts-expect-error the asked-for language is "sql" or "java"
  toFlinkSql({ window: { type: "tumbling", size: 10 } }, { language: "scala" });
  // @ts-expect-error the export's language is "sql" or "java"
  const lang: "scala" = toFlinkSql({ window: { type: "tumbling", size: 10 } }).language;
  // @ts-expect-error formatBytes' base is 10 or 2
  formatBytes(1, { base: 16 });
  // @ts-expect-error unknown simulator option
  simulateSensors({ sensor: 5 });
  // @ts-expect-error memory params need instanceBytes
  estimateMemory({ sensors: 1, messagesPerSecond: 1, messageBytes: 1, window: { type: "tumbling", size: 1 } });
  // @ts-expect-error StreamEngine needs its config
  new StreamEngine();
  console.log(n, direct, lang);
}
