//! `Int` behaviour the CPython case file cannot show: the normalised
//! representation, the size caps that replace CPython's MemoryError, and
//! inputs that must fail cleanly rather than panic.

use pyrite_vm::int::{parse_int, Int, IntErrorKind, MAX_BITS};

fn big(s: &str) -> Int {
    parse_int(s, 0, 0).expect("valid literal")
}

#[test]
fn results_in_i64_range_are_small() {
    let a = big("18446744073709551616"); // 2**64
    assert!(matches!(a, Int::Big(_)));
    let b = a.sub(&big("18446744073709551611"));
    assert_eq!(b, Int::Small(5));
    assert!(matches!(big("-9223372036854775808"), Int::Small(i64::MIN)));
    assert!(matches!(Int::Small(i64::MIN).neg(), Int::Big(_)));
    assert_eq!(Int::Small(i64::MIN).neg().neg(), Int::Small(i64::MIN));
    let (q, r) = Int::Small(i64::MIN)
        .divmod(&Int::Small(-1))
        .expect("nonzero");
    assert_eq!(q.to_decimal(0).expect("no limit"), "9223372036854775808");
    assert_eq!(r, Int::ZERO);
}

#[test]
fn huge_shifts_and_powers_are_refused() {
    let one = Int::Small(1);
    for n in [big("1000000000000000000"), big("0x10000000000000000000")] {
        let e = one.lshift(&n).expect_err("too big");
        assert_eq!(e.kind, IntErrorKind::OverflowError);
        assert_eq!(e.message, "too many digits in integer");
        assert!(Int::Small(2).pow(&n).is_err());
    }
    assert!(one.lshift(&Int::from(MAX_BITS)).is_err());
    // Right shifts by anything just lose bits.
    let n = big("0x10000000000000000000");
    assert_eq!(big("-5").rshift(&n), Ok(Int::Small(-1)));
    assert_eq!(big("5").rshift(&n), Ok(Int::ZERO));
    // Bases whose powers do not grow take any exponent.
    assert_eq!(Int::Small(-1).pow(&n), Ok(Int::Small(1)));
    assert_eq!(Int::ZERO.pow(&n), Ok(Int::ZERO));
    assert_eq!(
        Int::Small(-2).pow(&Int::Small(-1)).map_err(|e| e.kind),
        Err(IntErrorKind::ValueError)
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        "",
        "-",
        "+",
        "_",
        "0x",
        "0b_",
        "\u{0}",
        "1\u{0}",
        "𝟙",
        "٣",
        "0x\u{3000}1",
        "  -0o_7_7  ",
        "--1",
        "1e5",
        "١٢",
    ];
    for s in inputs {
        for base in [0, 2, 8, 10, 16, 36, 1, 37, u32::MAX] {
            let _ = parse_int(s, base, 4300);
        }
    }
    for f in [
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        -0.0,
        f64::EPSILON,
        1e308,
    ] {
        let n = Int::from_f64(f).expect("finite");
        assert_eq!(n.to_f64(), Ok(f.trunc()));
    }
    assert!(Int::from_f64(f64::NAN).is_err());
    assert!(Int::from_f64(f64::NEG_INFINITY).is_err());
    let m = big(&format!("0x{}", "f".repeat(300)));
    assert_eq!(m.to_hex().len(), 302);
}

#[test]
fn ordering_and_hash_agree_with_equality() {
    let vals = [
        "-0x10000000000000000",
        "-1",
        "0",
        "9223372036854775807",
        "0x8000000000000000",
    ];
    let ints: Vec<Int> = vals.iter().map(|s| big(s)).collect();
    for (i, a) in ints.iter().enumerate() {
        for (j, b) in ints.iter().enumerate() {
            assert_eq!(a.cmp(b), i.cmp(&j));
        }
    }
    assert_eq!(Int::Small(-1).hash(), -2);
    assert_eq!(big("2305843009213693951").hash(), 0); // 2**61 - 1
}

#[test]
fn format_int_handles_big_values() {
    use pyrite_vm::format::format_int;
    let n = big("0x123456789abcdef0123456789");
    assert_eq!(
        format_int(&n, "#_x", "int").expect("valid"),
        "0x1_2345_6789_abcd_ef01_2345_6789"
    );
    assert_eq!(
        format_int(&n.neg(), ",", "int").expect("valid"),
        "-90,144,042,682,896,311,822,508,713,865"
    );
}
