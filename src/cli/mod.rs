//! The command line (wiring owned by the lead; this is the leaks worktree's minimal version).

pub mod leaks;
