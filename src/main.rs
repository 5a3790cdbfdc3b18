//! The `pyrite` command line.

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};

#[global_allocator]
static GLOBAL: Allocator = Allocator;

/// mimalloc through its plain entry points. The `mimalloc` crate's
/// allocator calls the `_aligned` variants for every allocation, which
/// cost an extra check and call each (3% of the time of the
/// allocation-heavy `string_ops` benchmark); mimalloc's blocks are always
/// aligned to 8 bytes, which is all Pyrite's objects, strings and vectors
/// need. Larger alignments go through the crate's allocator.
struct Allocator;

extern "C" {
    fn mi_malloc(size: usize) -> *mut u8;
    fn mi_zalloc(size: usize) -> *mut u8;
    fn mi_realloc(p: *mut u8, newsize: usize) -> *mut u8;
    fn mi_free(p: *mut u8);
}

/// The alignment every mimalloc block has.
const MI_MIN_ALIGN: usize = 8;

// SAFETY: each call forwards to mimalloc, which returns blocks of at
// least the requested size aligned to MI_MIN_ALIGN (so only layouts with
// alignment up to that take the plain path), or null on failure; mi_free
// and mi_realloc accept any block mimalloc returned, aligned or not.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MI_MIN_ALIGN {
            unsafe { mi_malloc(layout.size()) }
        } else {
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MI_MIN_ALIGN {
            unsafe { mi_zalloc(layout.size()) }
        } else {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi_free(ptr) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MI_MIN_ALIGN {
            unsafe { mi_realloc(ptr, new_size) }
        } else {
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

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

/// Arenas committed as they fill rather than all at once (what
/// `MIMALLOC_ARENA_EAGER_COMMIT=0` does): `pyrite -S -c pass` 11.6 -> 8.3
/// MiB. Set from an ELF initializer, before the first allocation reserves
/// an arena (from `main` it is too late).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array.00099"]
static LAZY_ARENA_COMMIT: extern "C" fn() = lazy_arena_commit;

#[cfg(target_os = "linux")]
extern "C" fn lazy_arena_commit() {
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    // SAFETY: mi_option_set only stores an option value (index 4 is
    // mimalloc v3's mi_option_arena_eager_commit).
    unsafe { mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) }
}

fn main() {
    no_huge_pages();
    std::process::exit(cli::main());
}
