// The course page's one script: the package registers every element, and
// its JS client is there for the page's own figures.
import "weir-widgets";
import { estimateMemory, formatBytes } from "weir-widgets/weir.js";

const e = estimateMemory({
  sensors: 10_000, messagesPerSecond: 100, messageBytes: 100, instanceBytes: 16e9,
  window: { type: "sliding", size: 10_000, slide: 1000 },
});
document.getElementById("client").textContent = `From the client: one window is ${formatBytes(e.bytesPerWindow)}.`;
