// The factory's Web Worker imports the wasm glue: bundled as an ES module
// worker (the default, iife, cannot hold import.meta.url).
export default { worker: { format: "es" } };
