// Loaded with `node --import` before a js example: lets www/weir.js run in
// Node unchanged. Its wasm-bindgen glue fetches the .wasm next to itself
// (a file: URL under Node), and Node's fetch refuses file: URLs, so this
// answers those from the disk and leaves every other fetch alone.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const netFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== "file:") return netFetch(input, init);
  const body = await readFile(fileURLToPath(url));
  const type = url.pathname.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
  return new Response(body, { headers: { "content-type": type } });
};
