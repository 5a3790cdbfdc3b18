//! Criterion micro-benchmarks of Pyrite's front end on the shared corpus
//! (eight large CPython 3.11 stdlib modules, ~0.9 MB; see `pyrite_bench`).
//!
//! Group "frontend" splits the pipeline so a regression can be placed:
//! - `tokenize`: `tokenizer::tokenize` on the already decoded text;
//! - `parse`: `parse_source` on the raw bytes (decode + tokenize + parse);
//! - `parse_and_dump`: `parse_source` + `ast::dump`, the exact work that
//!   `parse_vs_cpython` compares with CPython's
//!   `ast.dump(ast.parse(src), include_attributes=True)`;
//! - `drop_tree`: freeing the parsed tree (and nothing else).
//!
//! As in `parse_vs_cpython` (and CPython's own timing there), `parse` and
//! `parse_and_dump` leave freeing the tree out of the measurement;
//! `drop_tree` shows that cost separately, since a tree of many small boxes
//! is far from free to deallocate.
//!
//! Throughput is reported in corpus bytes. Sample size and measurement time
//! are kept modest so `cargo bench -p pyrite-bench` finishes in about a
//! minute on a 2-core machine.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use pyrite_compiler::{ast, parse_source, source, tokenizer};

// The `pyrite` binary's allocator, so the numbers are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn frontend(c: &mut Criterion) {
    let (path, corpus) = pyrite_bench::parse_corpus().expect("building the benchmark corpus");
    let text = source::decode_source(&corpus).expect("decoding the corpus");
    // Fail early (and loudly) rather than time an error path.
    let toks = tokenizer::tokenize(&text);
    assert!(
        toks.error.is_none(),
        "corpus {} does not tokenize: {:?}",
        path.display(),
        toks.error
    );
    let tree = parse_source(&corpus)
        .unwrap_or_else(|e| panic!("corpus {} does not parse: {e:?}", path.display()));
    drop(tree);

    let mut group = c.benchmark_group("frontend");
    group
        .sample_size(20)
        // Each iteration takes milliseconds: equal-sized samples fit the
        // budget where criterion's default linear ramp would overrun it.
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(corpus.len() as u64));

    // The token vector is one allocation: freeing it inside the loop is
    // negligible and lets each run reuse warm memory.
    group.bench_function("tokenize", |b| {
        b.iter(|| tokenizer::tokenize(black_box(&text)))
    });
    // Batches of one: each tree is freed right after its (timed) run, outside
    // the timing, so the next run reuses that memory, exactly as in
    // `parse_vs_cpython` (`iter_with_large_drop` would keep every tree of a
    // sample alive and time first-touch page faults instead).
    group.bench_function("parse", |b| {
        b.iter_batched(
            || (),
            |()| parse_source(black_box(&corpus)).unwrap(),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("parse_and_dump", |b| {
        b.iter_batched(
            || (),
            |()| {
                let tree = parse_source(black_box(&corpus)).unwrap();
                let dump = ast::dump(&tree);
                (tree, dump)
            },
            BatchSize::PerIteration,
        )
    });
    // Untimed set-up (a parse) per iteration; a shorter budget keeps the
    // total run time down.
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("drop_tree", |b| {
        b.iter_batched(
            || parse_source(&corpus).unwrap(),
            drop,
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, frontend);
criterion_main!(benches);
