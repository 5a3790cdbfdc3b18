//! Which big-integer crate should back Pyrite's heap ints (beyond ±2^49)?
//! This benchmark runs the same Python-shaped workloads on each candidate
//! from crates.io:
//!
//! - `num-bigint` 0.4 (`BigInt`, with `num-integer` for floor division);
//! - `malachite` (`malachite-nz` `Integer`, `malachite-base` traits);
//! - `dashu` (`dashu-int` `IBig`);
//! - `ibig` (`IBig`, dashu's predecessor);
//! - `rug` (GMP, `Integer`), only with `--features bench-rug`: it builds GMP
//!   from C (needs `m4` and a C compiler) and is LGPL, so it is not part of
//!   the default build.
//!
//! Every candidate implements one minimal API ([`Big`]) with Python's
//! semantics (floor division and modulo, two's-complement bitwise ops on
//! negatives, arithmetic right shift); every operation returns a new value,
//! as Python ints are immutable. Small operands (`n * k`, `x * 3 + 1`,
//! `x % 1000003`) go through the crate's mixed big×primitive operations
//! where it has them, since the interpreter's small ints are inline.
//!
//! Workloads:
//! - `pidigits/{2000,5000}`: the Benchmarks Game spigot (the Python program:
//!   `n <<= 1`-style shift, multiply by small, add, `divmod` by a big
//!   divisor, comparisons), checked against the digits of pi;
//! - `factorial_loop/5000`: `x = 1; for i in 2..=5000: x *= i`;
//! - `str/factorial5000`: `str(x)` of that 16 326-digit number;
//! - `str/4000digits`: `str(x)` of a 4 000-digit number;
//! - `mul/4000x4000digits`: `x * x` of that number (big × big);
//! - `parse/4000digits`: `int(s)` of a 4 000-digit string (CPython's default
//!   `sys.int_max_str_digits` is 4 300, so this is the largest default case);
//! - `mixed/{65,1000}bit`: 256 values × 4 rounds of `x = x * 3 + 1;
//!   r ^= x % 1000003` (time per batch of 1 024 rounds);
//! - `bits/1000bit`: `a & b`, `a | -b`, `a ^ -b`, `a << 37`, `-a >> 37`,
//!   `~a` on ~1000-bit ints (time per group of six ops).
//!
//! Before measuring, each candidate's Python semantics are checked (floor
//! division, bitwise ops on negatives, shifts, `float(x)` with
//! round-half-even, string round trips) against values from CPython 3.11,
//! and the deviations are printed; the workloads' results are asserted equal
//! across candidates.
//!
//! Run: `cargo bench -p pyrite-vm --bench bigint --features bench-bigint` (or
//! `--features bench-rug` to add GMP). Results and the decision: `vm/src/bigint_choice.md`.

use std::cmp::Ordering;
use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

// The `pyrite` binary's allocator: big-int results are heap allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The minimal Python-int API every candidate implements.
trait Big: Clone + Sized {
    const NAME: &'static str;
    fn from_i64(v: i64) -> Self;
    fn to_i64(&self) -> Option<i64>;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    fn neg(&self) -> Self;
    /// `self + v` with `v` an inline int.
    fn add_small(&self, v: i64) -> Self;
    /// `self * v` with `v` an inline int.
    fn mul_small(&self, v: i64) -> Self;
    /// Python `divmod(self, o)`: floor quotient, remainder with `o`'s sign.
    fn divmod(&self, o: &Self) -> (Self, Self);
    /// Python `self % m` with `m` a nonzero inline int.
    fn mod_small(&self, m: i64) -> i64;
    fn cmp(&self, o: &Self) -> Ordering;
    fn shl(&self, n: usize) -> Self;
    /// Arithmetic shift: floor(self / 2^n).
    fn shr(&self, n: usize) -> Self;
    fn and(&self, o: &Self) -> Self;
    fn or(&self, o: &Self) -> Self;
    fn xor(&self, o: &Self) -> Self;
    /// `~self` = `-self - 1`.
    fn invert(&self) -> Self;
    /// `float(self)`: nearest, ties to even (overflow is the caller's check).
    fn to_f64(&self) -> f64;
    fn to_dec(&self) -> String;
    fn parse_dec(s: &str) -> Self;
}

/// Python's floor fix-up of a truncating remainder `r` of `x % m`.
#[inline]
fn floor_fix(r: i64, m: i64) -> i64 {
    if r != 0 && ((r < 0) != (m < 0)) {
        r + m
    } else {
        r
    }
}

/// The operations every candidate spells with Rust's operators on
/// references; `|v| wrap` turns the operator's result into the adaptor
/// (rug's operators return lazy expressions, completed by `Integer::from`).
macro_rules! operator_ops {
    (|$v:ident| $wrap:expr) => {
        fn add(&self, o: &Self) -> Self {
            let $v = &self.0 + &o.0;
            $wrap
        }
        fn sub(&self, o: &Self) -> Self {
            let $v = &self.0 - &o.0;
            $wrap
        }
        fn mul(&self, o: &Self) -> Self {
            let $v = &self.0 * &o.0;
            $wrap
        }
        fn neg(&self) -> Self {
            let $v = -&self.0;
            $wrap
        }
        fn cmp(&self, o: &Self) -> Ordering {
            self.0.cmp(&o.0)
        }
        fn shl(&self, n: usize) -> Self {
            let $v = &self.0 << n;
            $wrap
        }
        fn shr(&self, n: usize) -> Self {
            let $v = &self.0 >> n;
            $wrap
        }
        fn and(&self, o: &Self) -> Self {
            let $v = &self.0 & &o.0;
            $wrap
        }
        fn or(&self, o: &Self) -> Self {
            let $v = &self.0 | &o.0;
            $wrap
        }
        fn xor(&self, o: &Self) -> Self {
            let $v = &self.0 ^ &o.0;
            $wrap
        }
        fn invert(&self) -> Self {
            let $v = !&self.0;
            $wrap
        }
    };
}

// ---------------------------------------------------------------- num-bigint

mod nb {
    use super::*;
    use num_bigint::BigInt;
    use num_integer::Integer;
    use num_traits::ToPrimitive;

    #[derive(Clone)]
    pub struct N(pub BigInt);

    impl Big for N {
        operator_ops!(|v| N(v));
        const NAME: &'static str = "num-bigint";
        fn from_i64(v: i64) -> Self {
            N(BigInt::from(v))
        }
        fn to_i64(&self) -> Option<i64> {
            self.0.to_i64()
        }
        fn add_small(&self, v: i64) -> Self {
            N(&self.0 + v)
        }
        fn mul_small(&self, v: i64) -> Self {
            N(&self.0 * v)
        }
        fn divmod(&self, o: &Self) -> (Self, Self) {
            let (q, r) = self.0.div_mod_floor(&o.0);
            (N(q), N(r))
        }
        fn mod_small(&self, m: i64) -> i64 {
            let r = &self.0 % m;
            floor_fix(r.to_i64().unwrap(), m)
        }
        fn to_f64(&self) -> f64 {
            self.0.to_f64().unwrap()
        }
        fn to_dec(&self) -> String {
            self.0.to_string()
        }
        fn parse_dec(s: &str) -> Self {
            N(BigInt::from_str(s).unwrap())
        }
    }
}

// ----------------------------------------------------------------- malachite

mod ma {
    use super::*;
    use malachite_base::num::arithmetic::traits::{DivMod, Mod};
    use malachite_base::num::conversion::traits::RoundingFrom;
    use malachite_base::rounding_modes::RoundingMode;
    use malachite_nz::integer::Integer;

    #[derive(Clone)]
    pub struct M(pub Integer);

    impl Big for M {
        operator_ops!(|v| M(v));
        const NAME: &'static str = "malachite";
        fn from_i64(v: i64) -> Self {
            M(Integer::from(v))
        }
        fn to_i64(&self) -> Option<i64> {
            i64::try_from(&self.0).ok()
        }
        // No mixed Integer×primitive arithmetic; a small Integer is inline
        // (no allocation), so convert.
        fn add_small(&self, v: i64) -> Self {
            M(&self.0 + Integer::from(v))
        }
        fn mul_small(&self, v: i64) -> Self {
            M(&self.0 * Integer::from(v))
        }
        fn divmod(&self, o: &Self) -> (Self, Self) {
            let (q, r) = (&self.0).div_mod(&o.0);
            (M(q), M(r))
        }
        fn mod_small(&self, m: i64) -> i64 {
            i64::try_from(&(&self.0).mod_op(Integer::from(m))).unwrap()
        }
        fn to_f64(&self) -> f64 {
            f64::rounding_from(&self.0, RoundingMode::Nearest).0
        }
        fn to_dec(&self) -> String {
            self.0.to_string()
        }
        fn parse_dec(s: &str) -> Self {
            M(Integer::from_str(s).unwrap())
        }
    }
}

// --------------------------------------------------------------------- dashu

mod da {
    use super::*;
    use dashu_int::ops::DivRem;
    use dashu_int::IBig;

    #[derive(Clone)]
    pub struct D(pub IBig);

    impl Big for D {
        operator_ops!(|v| D(v));
        const NAME: &'static str = "dashu";
        fn from_i64(v: i64) -> Self {
            D(IBig::from(v))
        }
        fn to_i64(&self) -> Option<i64> {
            i64::try_from(&self.0).ok()
        }
        fn add_small(&self, v: i64) -> Self {
            D(&self.0 + IBig::from(v))
        }
        fn mul_small(&self, v: i64) -> Self {
            D(&self.0 * IBig::from(v))
        }
        // Only truncating and Euclidean division: floor by fix-up.
        fn divmod(&self, o: &Self) -> (Self, Self) {
            let (q, r) = (&self.0).div_rem(&o.0);
            if !r.is_zero() && (r.sign() != o.0.sign()) {
                (D(q - IBig::ONE), D(r + &o.0))
            } else {
                (D(q), D(r))
            }
        }
        fn mod_small(&self, m: i64) -> i64 {
            let r = &self.0 % m;
            floor_fix(r, m)
        }
        fn to_f64(&self) -> f64 {
            self.0.to_f64().value()
        }
        fn to_dec(&self) -> String {
            self.0.to_string()
        }
        fn parse_dec(s: &str) -> Self {
            D(IBig::from_str(s).unwrap())
        }
    }
}

// ---------------------------------------------------------------------- ibig

mod ib {
    use super::*;
    use ibig::ops::DivRem;
    use ibig::IBig;

    #[derive(Clone)]
    pub struct I(pub IBig);

    impl Big for I {
        operator_ops!(|v| I(v));
        const NAME: &'static str = "ibig";
        fn from_i64(v: i64) -> Self {
            I(IBig::from(v))
        }
        fn to_i64(&self) -> Option<i64> {
            i64::try_from(&self.0).ok()
        }
        fn add_small(&self, v: i64) -> Self {
            I(&self.0 + v)
        }
        fn mul_small(&self, v: i64) -> Self {
            I(&self.0 * v)
        }
        // Only truncating and Euclidean division: floor by fix-up.
        fn divmod(&self, o: &Self) -> (Self, Self) {
            let (q, r) = (&self.0).div_rem(&o.0);
            if r != IBig::from(0u8) && (r.signum() != o.0.signum()) {
                (I(q - 1), I(r + &o.0))
            } else {
                (I(q), I(r))
            }
        }
        fn mod_small(&self, m: i64) -> i64 {
            let r = &self.0 % m;
            floor_fix(r, m)
        }
        fn to_f64(&self) -> f64 {
            self.0.to_f64()
        }
        fn to_dec(&self) -> String {
            self.0.to_string()
        }
        fn parse_dec(s: &str) -> Self {
            I(IBig::from_str(s).unwrap())
        }
    }
}

// ----------------------------------------------------------------------- rug

#[cfg(feature = "bench-rug")]
mod rg {
    use super::*;
    use rug::Integer;

    #[derive(Clone)]
    pub struct R(pub Integer);

    impl Big for R {
        operator_ops!(|v| R(Integer::from(v)));
        const NAME: &'static str = "rug";
        fn from_i64(v: i64) -> Self {
            R(Integer::from(v))
        }
        fn to_i64(&self) -> Option<i64> {
            self.0.to_i64()
        }
        fn add_small(&self, v: i64) -> Self {
            R(Integer::from(&self.0 + v))
        }
        fn mul_small(&self, v: i64) -> Self {
            R(Integer::from(&self.0 * v))
        }
        fn divmod(&self, o: &Self) -> (Self, Self) {
            let mut q = Integer::new();
            let mut r = Integer::new();
            rug::Assign::assign(&mut (&mut q, &mut r), self.0.div_rem_floor_ref(&o.0));
            (R(q), R(r))
        }
        fn mod_small(&self, m: i64) -> i64 {
            floor_fix(Integer::from(&self.0 % m).to_i64().unwrap(), m)
        }
        fn to_f64(&self) -> f64 {
            self.0.to_f64()
        }
        fn to_dec(&self) -> String {
            self.0.to_string()
        }
        fn parse_dec(s: &str) -> Self {
            R(Integer::from_str(s).unwrap())
        }
    }
}

// ----------------------------------------------------------------- workloads

/// The Benchmarks Game pidigits program (Python version), first `n` digits.
fn pidigits<B: Big>(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut k: i64 = 0;
    let mut k1: i64 = 1;
    let mut n1 = B::from_i64(1);
    let mut a = B::from_i64(0);
    let mut d = B::from_i64(1);
    loop {
        k += 1;
        let t = n1.shl(1);
        n1 = n1.mul_small(k);
        a = a.add(&t);
        k1 += 2;
        a = a.mul_small(k1);
        d = d.mul_small(k1);
        if a.cmp(&n1) != Ordering::Less {
            let (t, u) = n1.mul_small(3).add(&a).divmod(&d);
            let u = u.add(&n1);
            if d.cmp(&u) == Ordering::Greater {
                let t = t.to_i64().unwrap(); // a digit: an inline int
                out.push(char::from(b'0' + t as u8));
                if out.len() >= n {
                    return out;
                }
                a = a.sub(&d.mul_small(t));
                a = a.mul_small(10);
                n1 = n1.mul_small(10);
            }
        }
    }
}

fn factorial_loop<B: Big>(n: i64) -> B {
    let mut x = B::from_i64(1);
    for i in 2..=n {
        x = x.mul_small(i);
    }
    x
}

/// 256 values × 4 rounds of `x = x * 3 + 1; r ^= x % 1000003`.
fn mixed<B: Big>(xs: &[B]) -> i64 {
    let mut r = 0i64;
    for x in xs {
        let mut x = x.clone();
        for _ in 0..4 {
            x = x.mul_small(3).add_small(1);
            r ^= x.mod_small(1_000_003);
        }
    }
    r
}

fn bits<B: Big>(a: &B, b: &B, nb: &B, na: &B) -> [B; 6] {
    [
        a.and(b),
        a.or(nb),
        a.xor(nb),
        a.shl(37),
        na.shr(37),
        a.invert(),
    ]
}

/// A pseudo-random `bits`-bit positive value (deterministic).
fn make<B: Big>(bits: u32, seed: u64) -> B {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut x = B::from_i64(1);
    let mut have = 1;
    while have < bits {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let take = (bits - have).min(31);
        x = x
            .shl(take as usize)
            .add_small((s & ((1 << take) - 1)) as i64);
        have += take;
    }
    x
}

const PI_100: &str =
    "3141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117067";

// ------------------------------------------------------------------ checks

/// Python 3.11's results for the semantic checks (computed with CPython).
fn check_semantics<B: Big>() -> Vec<String> {
    let mut bad = Vec::new();
    let p = |s: &str| B::parse_dec(s);
    let mut eq = |what: &str, got: String, want: &str| {
        if got != want {
            bad.push(format!("{what}: got {got}, Python {want}"));
        }
    };
    let a = p("-1000000000000000000000000000007");
    let b = p("100000000000000000003");
    let (q, r) = a.divmod(&b);
    eq("-(10**30+7) // (10**20+3)", q.to_dec(), "-10000000000");
    eq("-(10**30+7) % (10**20+3)", r.to_dec(), "29999999993");
    let (q, r) = a.divmod(&b.neg());
    eq("-(10**30+7) // -(10**20+3)", q.to_dec(), "9999999999");
    eq(
        "-(10**30+7) % -(10**20+3)",
        r.to_dec(),
        "-99999999970000000010",
    );
    let (q, r) = a.neg().divmod(&b.neg());
    eq("(10**30+7) // -(10**20+3)", q.to_dec(), "-10000000000");
    eq("(10**30+7) % -(10**20+3)", r.to_dec(), "-29999999993");
    let (q, r) = B::from_i64(-1).divmod(&b);
    eq("-1 // (10**20+3)", q.to_dec(), "-1");
    eq("-1 % (10**20+3)", r.to_dec(), "100000000000000000002");
    eq(
        "-(10**30+7) % 1000003",
        a.mod_small(1_000_003).to_string(),
        "236",
    );
    eq(
        "(10**30+7) % -1000003",
        a.neg().mod_small(-1_000_003).to_string(),
        "-236",
    );
    let x = p("-1267650600228229401496703217721"); // -(2**100 + 12345)
    let y = B::from_i64(1).shl(90).add_small(987654321);
    eq("x & y", x.and(&y).to_dec(), "1237940039285380275886770305");
    eq(
        "x | y",
        x.or(&y).to_dec(),
        "-1267650600228229401496703209481",
    );
    eq(
        "x ^ y",
        x.xor(&y).to_dec(),
        "-1268888540267514781772589979786",
    );
    eq("x >> 7", x.shr(7).to_dec(), "-9903520314283042199192993889");
    eq(
        "x << 7",
        x.shl(7).to_dec(),
        "-162259276829213363391578011868288",
    );
    eq(
        "x & -y",
        x.and(&y.neg()).to_dec(),
        "-1268888540267514781772589988025",
    );
    eq("x | -y", x.or(&y.neg()).to_dec(), "-8241");
    eq(
        "x ^ -y",
        x.xor(&y.neg()).to_dec(),
        "1268888540267514781772589979784",
    );
    eq("~x", x.invert().to_dec(), "1267650600228229401496703217720");
    eq("-1 >> 1000", B::from_i64(-1).shr(1000).to_dec(), "-1");
    let two = |e: usize| B::from_i64(1).shl(e);
    let f = |v: B| format!("{:?}", v.to_f64());
    eq(
        "float(2**53+1)",
        f(two(53).add_small(1)),
        "9007199254740992.0",
    );
    eq(
        "float(2**54+2)",
        f(two(54).add_small(2)),
        "1.8014398509481984e16",
    );
    eq(
        "float(2**54+3)",
        f(two(54).add_small(3)),
        "1.8014398509481988e16",
    );
    eq(
        "float(2**80+2**27+1)",
        f(two(80).add(&two(27)).add_small(1)),
        "1.2089258196146294e24",
    );
    eq(
        "float(-(2**80+2**27+1))",
        f(two(80).add(&two(27)).add_small(1).neg()),
        "-1.2089258196146294e24",
    );
    eq(
        "float(2**80+2**27)",
        f(two(80).add(&two(27))),
        "1.2089258196146292e24",
    );
    eq(
        "float(2**80+3*2**27)",
        f(two(80).add(&two(27).mul_small(3))),
        "1.2089258196146297e24",
    );
    eq(
        "float(2**1000+1)",
        f(two(1000).add_small(1)),
        "1.0715086071862673e301",
    );
    eq(
        "float(2**1024-2**970-1)",
        f(two(1024).sub(&two(970)).add_small(-1)),
        "1.7976931348623157e308",
    );
    eq(
        "(2**100+7) * -(2**90+1)",
        two(100)
            .add_small(7)
            .mul(&two(90).add_small(1).neg())
            .to_dec(),
        "-1569275433846670190958947357078232784528815924537005703175",
    );
    let s = "-1234567890123456789012345678901234567890";
    eq("str(int(s))", p(s).to_dec(), s);
    eq("str(0)", B::from_i64(0).to_dec(), "0");
    eq("str(-0)", B::from_i64(0).neg().to_dec(), "0");
    bad
}

fn verify_all() {
    fn one<B: Big>(reference: &str, fact: &str) {
        eprintln!("[{}] size_of = {} bytes", B::NAME, std::mem::size_of::<B>());
        for issue in check_semantics::<B>() {
            eprintln!("[{}] differs from Python: {issue}", B::NAME);
        }
        let pi = pidigits::<B>(2000);
        assert!(pi.starts_with(PI_100), "{}: pidigits", B::NAME);
        assert_eq!(&pi[1990..2000], "4780275900", "{}: pidigits", B::NAME);
        assert_eq!(pi, reference, "{}: pidigits", B::NAME);
        let f = factorial_loop::<B>(5000).to_dec();
        assert_eq!(f.len(), 16326);
        assert!(f.starts_with("42285779266055435222"));
        assert_eq!(f, fact, "{}: factorial", B::NAME);
        assert_eq!(B::parse_dec(fact).to_dec(), fact, "{}: parse", B::NAME);
    }
    let reference = pidigits::<nb::N>(2000);
    let fact = factorial_loop::<nb::N>(5000).to_dec();
    one::<nb::N>(&reference, &fact);
    one::<ma::M>(&reference, &fact);
    one::<da::D>(&reference, &fact);
    one::<ib::I>(&reference, &fact);
    #[cfg(feature = "bench-rug")]
    one::<rg::R>(&reference, &fact);
    let p5000 = pidigits::<ma::M>(5000);
    assert_eq!(&p5000[4990..5000], "7413260472");
}

// ---------------------------------------------------------------- criterion

fn bench_crate<B: Big>(c: &mut Criterion) {
    let name = B::NAME;
    let mut g = c.benchmark_group("pidigits");
    g.sample_size(10);
    for n in [2000usize, 5000] {
        g.bench_with_input(BenchmarkId::new(name, n), &n, |bch, &n| {
            bch.iter(|| pidigits::<B>(black_box(n)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("factorial_loop");
    g.bench_function(BenchmarkId::new(name, 5000), |bch| {
        bch.iter(|| factorial_loop::<B>(black_box(5000)))
    });
    g.finish();

    let fact = factorial_loop::<B>(5000);
    let s4000: String = {
        let f = fact.to_dec();
        f[..4000].to_string()
    };
    let n4000 = B::parse_dec(&s4000);
    let mut g = c.benchmark_group("str");
    g.bench_function(BenchmarkId::new(name, "factorial5000"), |bch| {
        bch.iter(|| black_box(&fact).to_dec())
    });
    g.bench_function(BenchmarkId::new(name, "4000digits"), |bch| {
        bch.iter(|| black_box(&n4000).to_dec())
    });
    g.finish();

    let mut g = c.benchmark_group("mul");
    g.bench_function(BenchmarkId::new(name, "4000x4000digits"), |bch| {
        bch.iter(|| black_box(&n4000).mul(black_box(&n4000)))
    });
    g.finish();

    let mut g = c.benchmark_group("parse");
    g.bench_function(BenchmarkId::new(name, "4000digits"), |bch| {
        bch.iter(|| B::parse_dec(black_box(&s4000)))
    });
    g.finish();

    let mut g = c.benchmark_group("mixed");
    for bits in [65u32, 1000] {
        let xs: Vec<B> = (0..256).map(|i| make::<B>(bits, i + 1)).collect();
        g.bench_with_input(
            BenchmarkId::new(name, format!("{bits}bit")),
            &xs,
            |bch, xs| bch.iter(|| mixed::<B>(black_box(xs))),
        );
    }
    g.finish();

    let a = make::<B>(1000, 7);
    let b = make::<B>(990, 11);
    let (na, nb) = (a.neg(), b.neg());
    let mut g = c.benchmark_group("bits");
    g.bench_function(BenchmarkId::new(name, "1000bit"), |bch| {
        bch.iter(|| bits::<B>(black_box(&a), black_box(&b), black_box(&nb), black_box(&na)))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    verify_all();
    bench_crate::<nb::N>(c);
    bench_crate::<ma::M>(c);
    bench_crate::<da::D>(c);
    bench_crate::<ib::I>(c);
    #[cfg(feature = "bench-rug")]
    bench_crate::<rg::R>(c);
}

criterion_group! {
    name = group;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = benches
}
criterion_main!(group);
