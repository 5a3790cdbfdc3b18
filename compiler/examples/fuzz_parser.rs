//! A mutation fuzzer for the whole compiler (tokenizer, parser, checks,
//! optimizer, symbol table, code generation, assembler), run for as long
//! as you like:
//!
//!     cargo run --release -p pyrite-compiler --example fuzz_parser -- SECONDS [DIR]
//!
//! It takes every `.py` file under DIR (default: CPython's standard library,
//! found through `python3`), applies random byte- and token-level edits,
//! and parses the result. A panic is a bug: the input is saved to
//! `fuzz-crash-N.py` and the run fails.

use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n != "__pycache__" && n != "site-packages")
            {
                collect(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"(", b")", b"[", b"]", b"{", b"}", b"'", b"\"", b"'''", b"f'{", b"}", b"\\", b"\n", b"\n    ",
    b"\t", b":", b"=", b":=", b"*", b"**", b"lambda", b"if", b"else", b"async ", b"await ",
    b"yield", b"match", b"case", b"\xff", b"\xc3", b"\0", b"#", b"0x", b"1e", b"_", b"!r", b"=}",
];

fn mutate(src: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = src.to_vec();
    for _ in 0..1 + rng.below(6) {
        let i = rng.below(b.len() + 1);
        match rng.below(5) {
            0 => b.insert(i, rng.next() as u8),
            1 if i < b.len() => {
                let end = (i + 1 + rng.below(40)).min(b.len());
                b.drain(i..end);
            }
            2 => {
                let t = INTERESTING[rng.below(INTERESTING.len())];
                b.splice(i..i, t.iter().copied());
            }
            3 if !b.is_empty() => {
                // Duplicate a slice somewhere else.
                let a = rng.below(b.len());
                let e = (a + rng.below(200)).min(b.len());
                let piece = b[a..e].to_vec();
                b.splice(i.min(b.len())..i.min(b.len()), piece);
            }
            _ if i < b.len() => b[i] = rng.next() as u8,
            _ => {}
        }
    }
    b
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = match args.get(1) {
        Some(d) => PathBuf::from(d),
        None => {
            let out = std::process::Command::new("python3")
                .args([
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
                ])
                .output()
                .expect("python3 to locate the standard library");
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        }
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let corpus: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .filter(|b| b.len() < 200_000)
        .collect();
    assert!(!corpus.is_empty(), "no .py files under {}", dir.display());
    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ std::process::id() as u64);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut ok, mut crashes) = (0u64, 0u64, 0u32);
    while Instant::now() < deadline {
        let seed = &corpus[rng.below(corpus.len())];
        // Fuzz a window of the file: small inputs mutate more densely.
        let start = rng.below(seed.len());
        let end = (start + 64 + rng.below(4000)).min(seed.len());
        let input = mutate(&seed[start..end], &mut rng);
        let result = panic::catch_unwind(|| {
            let parsed = pyrite_compiler::parse_source(&input);
            let ok = parsed.is_ok();
            if let Ok(m) = parsed {
                let _ = pyrite_compiler::ast::dump(&m);
                // The whole compiler: checks, optimizer, symbol table,
                // code generation, assembly.
                if let Ok(code) =
                    pyrite_compiler::codegen::compile_module(m, "<fuzz>", Default::default())
                {
                    let _ = code.disassemble();
                }
            }
            ok
        });
        runs += 1;
        match result {
            Ok(true) => ok += 1,
            Ok(false) => {}
            Err(_) => {
                crashes += 1;
                let name = format!("fuzz-crash-{}.py", crashes);
                std::fs::write(&name, &input).unwrap();
                eprintln!("panic: input saved to {}", name);
            }
        }
    }
    println!(
        "fuzz_parser: {} inputs in {} s ({} parsed, {} errors), {} panics",
        runs,
        seconds,
        ok,
        runs - ok - crashes as u64,
        crashes
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
