//! `--profile-opcodes`: how often each instruction ran, which pairs ran
//! back to back (the candidates for fused instructions), and how often the
//! inline caches of the instructions that have them answered.
//!
//! The eval loop is instantiated twice (`run_instructions::<true>` counts,
//! `::<false>` does not), so profiling costs nothing when it is off.

use pyrite_compiler::opcode::Op;

const N: usize = 256;

/// The instructions with inline caches, as counted by `OpProfile::cache`.
pub const CACHE_LOAD_ATTR: usize = 0;
pub const CACHE_LOAD_METHOD: usize = 1;
pub const CACHE_LOAD_GLOBAL: usize = 2;
pub const CACHE_STORE_ATTR: usize = 3;
const CACHE_NAMES: [&str; 4] = ["LOAD_ATTR", "LOAD_METHOD", "LOAD_GLOBAL", "STORE_ATTR"];

/// Counters filled by the counting instantiation of the eval loop.
pub struct OpProfile {
    counts: Box<[u64; N]>,
    /// `pairs[prev * N + op]`.
    pairs: Vec<u64>,
    prev: usize,
    /// `[hits, misses]` of each cached instruction (its fused forms
    /// included).
    caches: [[u64; 2]; 4],
}

impl Default for OpProfile {
    fn default() -> Self {
        OpProfile {
            counts: Box::new([0; N]),
            pairs: vec![0; N * N],
            prev: 0,
            caches: [[0; 2]; 4],
        }
    }
}

impl OpProfile {
    #[inline(always)]
    pub fn record(&mut self, op: Op) {
        let o = op as usize;
        self.counts[o] += 1;
        self.pairs[self.prev * N + o] += 1;
        self.prev = o;
    }

    /// An inline cache of kind `kind` (`CACHE_*`) answered (`hit`) or not.
    #[inline(always)]
    pub fn cache(&mut self, kind: usize, hit: bool) {
        self.caches[kind][!hit as usize] += 1;
    }

    /// The report printed at exit: the top instructions and pairs with
    /// their shares of all instructions run.
    pub fn report(&self) -> String {
        let total: u64 = self.counts.iter().sum();
        let pct = |n: u64| {
            if total == 0 {
                0.0
            } else {
                n as f64 * 100.0 / total as f64
            }
        };
        let name = |i: usize| Op::ALL.get(i).map(|o| o.name()).unwrap_or("?");
        let mut out = format!("--profile-opcodes: {} instructions executed\n", total);
        let mut ops: Vec<(usize, u64)> = self
            .counts
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .collect();
        ops.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push_str(&format!("{:>14} {:>7}  instruction\n", "count", "%"));
        for (i, n) in ops.iter().take(40) {
            out.push_str(&format!("{:>14} {:>6.2}%  {}\n", n, pct(*n), name(*i)));
        }
        let mut pairs: Vec<(usize, u64)> = self
            .pairs
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push_str(&format!(
            "{:>14} {:>7}  pair (previous -> next)\n",
            "count", "%"
        ));
        for (i, n) in pairs.iter().take(25) {
            out.push_str(&format!(
                "{:>14} {:>6.2}%  {} -> {}\n",
                n,
                pct(*n),
                name(i / N),
                name(i % N)
            ));
        }
        out.push_str(&format!(
            "{:>14} {:>14} {:>7}  inline cache (fused forms included)\n",
            "hits", "misses", "hit %"
        ));
        for (name, [hits, misses]) in CACHE_NAMES.iter().zip(self.caches) {
            let all = hits + misses;
            let rate = if all == 0 { 0.0 } else { hits as f64 * 100.0 / all as f64 };
            out.push_str(&format!("{:>14} {:>14} {:>6.2}%  {}\n", hits, misses, rate, name));
        }
        out
    }
}
