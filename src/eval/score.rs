//! Scoring a run's output against ground truth.
