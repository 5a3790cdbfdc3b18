//! Embedding Pyrite: a Rust program that keeps a small table of prices
//! in Rust, lets Python code (a pricing rule given as text) compute
//! totals, and reports a broken rule as a Rust error.
//!
//! Run with `cargo run -p pyrite-vm --release --example embed`; `cargo
//! test -p pyrite-vm --release --examples` builds and runs it too.

use pyrite_vm::embed::{Interpreter, PyError};

/// A pricing rule in Python: defines `total(prices, qty)`.
const RULE: &str = "
def total(prices, qty):
    subtotal = sum(p * q for p, q in zip(prices, qty))
    return round(subtotal * (0.9 if subtotal > 100 else 1.0), 2)
";

fn price(py: &mut Interpreter, prices: &[f64], qty: &[i64]) -> Result<f64, PyError> {
    let list = |xs: Vec<String>| format!("[{}]", xs.join(", "));
    py.set("prices_text", list(prices.iter().map(|p| p.to_string()).collect()))?;
    py.set("qty_text", list(qty.iter().map(|q| q.to_string()).collect()))?;
    py.eval_f64("total(eval(prices_text), eval(qty_text))")
}

fn main() -> Result<(), PyError> {
    let mut py = Interpreter::new();
    py.run(RULE)?;
    let small = price(&mut py, &[2.5, 4.0], &[2, 3])?;
    let large = price(&mut py, &[40.0, 25.0], &[2, 1])?;
    println!("small order: {small}, large order: {large}");
    assert_eq!(small, 17.0);
    assert_eq!(large, 94.5);

    // Python's own output, and values back as text or repr.
    py.run("print('rule loaded:', total.__name__)")?;
    assert_eq!(py.eval_repr("(total.__name__, qty_text)")?, "('total', '[2, 1]')");

    // A rule that raises: the error carries the Python exception.
    py.run("def total(prices, qty):\n    return prices[len(prices)]\n")?;
    let err = price(&mut py, &[1.0], &[1]).unwrap_err();
    println!("broken rule: {err}");
    assert_eq!(err.type_name, "IndexError");
    assert_eq!(err.message, "list index out of range");
    assert!(err.traceback.contains("line 2, in total"), "{}", err.traceback);
    Ok(())
}

/// `cargo test` runs the example (it is a test target: vm/Cargo.toml).
#[test]
fn the_example_runs() {
    main().unwrap();
}
