//! What an estimate says about itself: which model the fit uses and what
//! slicing does and does not save, as data. The core holds no sentences;
//! the calculator widget (`www/widgets/memory-calculator.js`) words each
//! kind from these figures.

/// The note of an estimate, one kind per window type, with the figures its
/// words need. Every byte figure is the estimate's own (the same numbers
/// as its fields), in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Note {
    /// Tumbling windows: raw buffering of `windows_held` windows (2: the
    /// open window plus the one being emitted, the chapter's worked
    /// example; 1: its quick estimate) against one aggregate per key per
    /// window.
    Tumbling {
        /// Windows held by raw buffering.
        windows_held: u32,
        /// Raw buffering.
        raw_bytes: f64,
        /// Aggregate state per key per window.
        state_bytes_per_key: f64,
        /// Per-window aggregates.
        per_window_bytes: f64,
    },
    /// Sliding windows: Weir's slices against the per-window aggregates
    /// (more slices than windows when the slide does not divide the size)
    /// and against raw buffering. Slicing saves update work (one slice
    /// update per event instead of `overlap_factor` window updates), not
    /// bytes.
    Sliding {
        /// Slices per key Weir keeps.
        slices_per_key: u64,
        /// Sliced aggregates.
        sliced_bytes: f64,
        /// Windows open per key in the per-window model.
        open_windows_per_key: u64,
        /// Per-window aggregates.
        per_window_bytes: f64,
        /// `size / slide`: window updates per event without slicing.
        overlap_factor: f64,
        /// Raw buffering.
        raw_bytes: f64,
        /// The slide exceeds the size: events between windows belong to
        /// no window.
        sampling: bool,
    },
    /// Cumulating windows: raw buffering holds the period once (each of its
    /// windows is a prefix of the same events), against `steps_per_period`
    /// slices per key (window `k` merges the first `k`), as many as the
    /// period's per-window aggregates.
    Cumulate {
        /// `size / step`: windows per period, and slices per key.
        steps_per_period: u64,
        /// Raw buffering of one period.
        raw_bytes: f64,
        /// Sliced aggregates.
        sliced_bytes: f64,
        /// Per-window aggregates.
        per_window_bytes: f64,
    },
    /// Sessions: every event of an expected session buffered, against one
    /// aggregate per open session per key. Sessions get no slide advice.
    Session {
        /// Raw buffering of one expected session.
        raw_bytes: f64,
        /// One aggregate per key.
        sliced_bytes: f64,
    },
}
