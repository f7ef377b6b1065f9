//! The JS API under Node.js: `wasm-pack test --node wasm`.

mod common;
