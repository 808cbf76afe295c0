//! Subcommands (minimal wiring in the evalgen branch; the lead owns this file).

pub mod eval;
pub mod r#gen;
