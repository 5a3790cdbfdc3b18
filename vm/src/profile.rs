//! `--profile-opcodes`: how often each instruction ran, and which pairs
//! ran back to back (the candidates for fused instructions).
//!
//! The eval loop is instantiated twice (`run_instructions::<true>` counts,
//! `::<false>` does not), so profiling costs nothing when it is off.

use pyrite_compiler::opcode::Op;

const N: usize = 256;

/// Counters filled by the counting instantiation of the eval loop.
pub struct OpProfile {
    counts: Box<[u64; N]>,
    /// `pairs[prev * N + op]`.
    pairs: Vec<u64>,
    prev: usize,
}

impl Default for OpProfile {
    fn default() -> Self {
        OpProfile {
            counts: Box::new([0; N]),
            pairs: vec![0; N * N],
            prev: 0,
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
        out
    }
}
