//! Computes a fingerprint of the compiler's source: compiled-code caches
//! (`__pycache__/*.pyrite-311.pyc`) record it and are ignored when it
//! differs, so a cache never outlives the compiler that wrote it.

use std::path::Path;

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    files.sort();
    // FNV-1a over each file's path and contents.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        let mut feed = |b: &[u8]| {
            for &x in b {
                h = (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        feed(f.to_string_lossy().as_bytes());
        feed(&std::fs::read(f).unwrap_or_default());
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("fingerprint.rs");
    std::fs::write(out, format!("/// Fingerprint of the compiler's source (build.rs).\npub const COMPILER_FINGERPRINT: u64 = {:#x};\n", h)).unwrap();
}
