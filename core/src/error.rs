//! Errors the engine reports. Every variant names the offending field and
//! value, so a layer above (the wasm API, the replay tool) can show it as is.

use thiserror::Error;

/// Everything that can go wrong when configuring or feeding the engine.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EngineError {
    /// A configuration field is out of its allowed range.
    #[error("invalid config: {field} = {value}: {reason}")]
    InvalidConfig {
        /// Field name as a user writes it (for example `window.size`).
        field: &'static str,
        /// The rejected value, rendered.
        value: String,
        /// What the field must be.
        reason: &'static str,
    },
    /// An event field is out of its allowed range. The event was not accepted
    /// and the engine is unchanged.
    #[error("invalid event: {field} = {value}: {reason}")]
    InvalidEvent {
        /// Field name (`key`, `time`, `value`, `arrival`).
        field: &'static str,
        /// The rejected value, rendered.
        value: String,
        /// What the field must be.
        reason: &'static str,
    },
    /// Accepting the event would exceed a configured state limit. The event
    /// was not accepted and the engine is unchanged.
    #[error("limit exceeded: {field} = {limit} reached; the event (key {key}, time {time}) was not accepted")]
    LimitExceeded {
        /// Which limit (`maxKeys` or `maxStateEntries`).
        field: &'static str,
        /// The configured limit.
        limit: u64,
        /// Key of the rejected event.
        key: u32,
        /// Time of the rejected event.
        time: i64,
    },
    /// A query would return more rows than a configured limit allows; it
    /// returned nothing and the engine is unchanged.
    #[error("limit exceeded: {field} = {limit}: the query would return {rows} rows")]
    QueryLimit {
        /// Which limit (`maxQueryResults`).
        field: &'static str,
        /// The configured limit.
        limit: u64,
        /// Rows the query would have returned (at least).
        rows: u64,
    },
    /// Firing stopped because the undrained results reached a limit, with
    /// windows still due. The watermark and every accepted event are kept,
    /// and the due windows stay queued: drain the results and call
    /// `flush`/`advance_*` again (or push) to resume where it stopped.
    #[error("limit exceeded: {field} = {limit} reached: firing stopped at watermark {watermark} with windows due; drain and call again (nothing was lost)")]
    FiringLimit {
        /// Which limit (`maxPendingResults`).
        field: &'static str,
        /// The configured limit.
        limit: u64,
        /// Results waiting to be drained.
        pending: u64,
        /// The watermark the due windows fire at.
        watermark: i64,
    },
    /// A snapshot could not be restored.
    #[error("invalid snapshot: {0}")]
    Snapshot(String),
}

/// A batch that stopped at a row: which row, how many rows before it were accepted
/// (0 when a row failed validation: a batch is checked whole before any row is
/// accepted; the row's index when a state limit was hit midway), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchError {
    /// Index of the row that failed.
    pub row: usize,
    /// Rows accepted before it (they stay accepted).
    pub accepted: usize,
    /// What was wrong with that row.
    pub error: EngineError,
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}

impl std::error::Error for BatchError {}

/// Result alias for engine operations.
pub type Result<T> = std::result::Result<T, EngineError>;
