// Type-checked only: the v2 trigger and accumulation config, the five firing
// kinds, the firing column of drainColumns and the new counters.
import { StreamEngine } from "../../www/pkg/weir_wasm.js";
import type {
  EngineConfig,
  EngineStats,
  FiringKind,
  ResultColumns,
  TriggerConfig,
  WindowResult,
} from "../../www/pkg/weir_wasm.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function check<T extends true>(): T | void {}

check<Equals<FiringKind, "early" | "on-time" | "late" | "final" | "retract">>();
check<Equals<WindowResult["firing"], FiringKind>>();
check<Equals<ResultColumns["firing"], Uint8Array>>();
check<Equals<EngineConfig["accumulation"], "accumulating" | "discarding" | "retracting" | undefined>>();
check<Equals<TriggerConfig["mode"], "watermark" | "every-event" | "final" | undefined>>();
check<Equals<EngineStats["firedEarly"] | EngineStats["firedFinal"] | EngineStats["retractions"], number>>();

export function v2Trigger(): number {
  const configs: EngineConfig[] = [
    { window: { type: "tumbling", size: 1_000 }, trigger: { early: { count: 1 } }, accumulation: "retracting" },
    { window: { type: "sliding", size: 10_000, slide: 1_000 }, trigger: { mode: "watermark", early: { eventTime: 1_000 } }, accumulation: "discarding" },
    { window: { type: "session", gap: 500 }, trigger: { early: { processingTime: 5_000 } } },
    { window: { type: "tumbling", size: 1_000 }, trigger: { mode: "every-event" } },
    { window: { type: "tumbling", size: 1_000 }, trigger: { mode: "final" }, allowedLateness: 500 },
  ];
  // @ts-expect-error: not a mode
  const bad: TriggerConfig = { mode: "eager" };
  // @ts-expect-error: not an accumulation mode
  const worse: EngineConfig = { window: { type: "tumbling", size: 1 }, accumulation: "summing" };
  let n = 0;
  for (const c of configs) {
    const e = new StreamEngine(c);
    e.push({ key: 1, time: 100, value: 1, arrival: 10 });
    e.advanceProcessingTime(10_000);
    e.flush();
    const kinds: FiringKind[] = e.drain().map((r) => r.firing);
    n += kinds.length + e.stats().firedEarly;
    e.free();
  }
  return n + (bad.mode === undefined ? 0 : 1) + (worse.accumulation === undefined ? 0 : 1);
}
