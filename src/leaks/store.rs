//! The memory-mapped leak store file.
