//! Pyrite's benchmark crate: criterion micro-benchmarks live in `benches/`.
