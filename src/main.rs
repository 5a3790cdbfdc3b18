//! The `pyrite` command line.

use mimalloc::MiMalloc;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

mod cli;
mod line_input;

/// No transparent huge pages for the heap: mimalloc would otherwise
/// advise 2 MiB pages for its arenas, and every small program's resident
/// memory would grow in 2 MiB steps (measured: `import os` 17.3 -> 10.0
/// MiB, CPython 13.4). This is what mimalloc's own `MIMALLOC_ALLOW_THP=0`
/// does; like it, it applies to this process (and children it starts).
fn no_huge_pages() {
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    const MI_OPTION_ALLOW_THP: std::ffi::c_int = 43;
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    // SAFETY: mi_option_set stores an option value (the index is
    // mimalloc v3's mi_option_allow_thp); prctl(PR_SET_THP_DISABLE, 1, 0,
    // 0, 0) only sets a flag on this process.
    unsafe {
        mi_option_set(MI_OPTION_ALLOW_THP, 0);
        prctl(
            PR_SET_THP_DISABLE,
            1 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
        );
    }
}

fn main() {
    no_huge_pages();
    std::process::exit(cli::main());
}
