//! The `pyrite` command line.

use mimalloc::MiMalloc;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

mod cli;
mod line_input;

fn main() {
    std::process::exit(cli::main());
}
