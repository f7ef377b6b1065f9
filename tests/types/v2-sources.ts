// Type-checked only: the v2 sources API (config `sources`,
// `watermark.idleTimeout`, `preset`; the event's `source`; pushBatch's
// source column; `sourceStats()`), with `@ts-expect-error` lines proving
// wrong usage is rejected.
import { StreamEngine } from "../../www/pkg/weir_wasm.js";
import type { EngineConfig, PresetName, SourceStats, StreamEvent } from "../../www/pkg/weir_wasm.js";

const config: EngineConfig = {
  window: { type: "tumbling", size: 10_000 },
  watermark: { maxOutOfOrderness: 1_000, idleTimeout: 5_000 },
  sources: 3,
  preset: "kafka-streams",
};
const onlyIdle: EngineConfig = { window: { type: "session", gap: 5 }, watermark: { idleTimeout: 10 } };
const e = new StreamEngine(config);
new StreamEngine(onlyIdle).free();

const ev: StreamEvent = { key: 1, time: 5, value: 1, arrival: 7, source: 2 };
e.push(ev);
e.pushBatch(new Uint32Array(1), new Float64Array(1), new Float64Array(1), undefined, new Uint32Array(1));

const stats: SourceStats[] = e.sourceStats();
const first: SourceStats | undefined = stats[0];
if (first) {
  const n: number = first.source + first.watermark + first.maxEventTime + first.lastArrival;
  const b: boolean = first.idle || first.holdsBack;
  void n;
  void b;
}

const names: PresetName[] = ["flink", "flink-sql", "beam", "kafka-streams", "kafka-streams-final", "spark-append"];
void names;

// @ts-expect-error not a preset
const badPreset: EngineConfig = { window: { type: "tumbling", size: 1 }, preset: "spark" };
// @ts-expect-error sources is a number
const badSources: EngineConfig = { window: { type: "tumbling", size: 1 }, sources: "2" };
// @ts-expect-error the source column is a Uint32Array
e.pushBatch(new Uint32Array(1), new Float64Array(1), new Float64Array(1), undefined, new Float64Array(1));
void badPreset;
void badSources;
e.free();
