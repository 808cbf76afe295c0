//! Evaluation tooling, driving the pipeline from outside: the labeled synthetic data generator
//! (`r#gen`, also re-exported here; `gen` is a reserved word in Rust 2024), scoring a run's output against ground truth ([`score`]) and the rules people use
//! today, as baselines ([`baselines`]).

pub mod baselines;
pub mod r#gen;
pub mod score;
pub mod sweep;
pub mod trail;

pub use r#gen::{EventFormat, GenOptions, GenSummary, Scenario, generate};
pub use score::{EvalReport, evaluate};
