//! The old path of the memory figures: the chapter's teaching model lives in
//! [`crate::model`], the prediction of Weir's own engine state in
//! [`crate::engine::footprint`]. Both are re-exported here so that callers of
//! `weir_core::memory::*` keep compiling.

pub use crate::engine::footprint::{
    engine_state_bytes_per_key, predict_engine_state, predict_state, predict_trigger_state,
    EnginePrediction, StatePrediction, ENGINE_SESSION_BYTES, ENGINE_SLICE_BYTES,
    ENGINE_TRIGGER_WINDOW_BYTES,
};
pub use crate::model::*;
