//! credsieve finds the accounts taken over by credential stuffing in login logs.
//!
//! Data flows one way through the stages, one module each:
//! [`input`] (bytes, chunks, formats) -> [`event`] (compact events) -> [`leaks`] (fingerprints
//! looked up in leak stores) -> [`windows`] (per-source and per-account state) -> [`rules`]
//! (verdicts with evidence) -> [`report`] (output files). [`pipeline`] wires the stages;
//! [`eval`] drives the same pipeline from outside: synthetic data sets, evaluation against
//! labels, threshold sweeps and baselines.

#![warn(missing_docs)]

pub mod error;
pub mod eval;
pub mod event;
pub mod fingerprint;
pub mod input;
pub mod leaks;
pub mod mem;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod windows;

pub use error::{Error, Result};
pub use leaks::{ExactSet, LeakLookup};
pub use rules::{Config, Verdicts};
