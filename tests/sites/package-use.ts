// The package as a TypeScript user sees it (tests/sites: the package test
// unpacks pack/weir-widgets.tgz into a node_modules next to a copy of this).
import { WeirMemoryCalculator, type WeirWidget } from "weir-widgets";
import { estimateMemory, formatBytes } from "weir-widgets/weir.js";

const calc: WeirMemoryCalculator = document.createElement("weir-memory-calculator");
const widget: WeirWidget = calc;
const e = estimateMemory({
  sensors: 1, messagesPerSecond: 1, messageBytes: 1, instanceBytes: 1e9,
  window: { type: "tumbling", size: 1000 },
});
console.log(formatBytes(e.bytesPerWindow), widget.result);
// @ts-expect-error: estimateMemory takes the model's parameters
estimateMemory(5);
// @ts-expect-error: no such element
const none: WeirMemoryCalculator = document.createElement("weir-nope");
console.log(none);
