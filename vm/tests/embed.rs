//! The embedding API (`pyrite_vm::embed`): values both ways, errors as
//! Rust values with CPython's type names and messages, state kept
//! between calls, and interpreters made one after another (the two tests
//! run on two threads: the second waits for the first's interpreters).

use pyrite_vm::embed::{Interpreter, Object};

#[test]
fn values_errors_and_state() {
    let mut py = Interpreter::new();
    py.run("counter = 0\ndef bump(n=1):\n    global counter\n    counter += n\n    return counter").unwrap();
    assert_eq!(py.eval_i64("bump()").unwrap(), 1);
    assert_eq!(py.eval_i64("bump(41)").unwrap(), 42);
    assert_eq!(py.get("counter").and_then(|v| v.as_i64()), Some(42));
    assert!(py.get("nothing").is_none());

    py.set("name", "Zoë").unwrap();
    py.set("ratio", 0.25).unwrap();
    py.set("flag", true).unwrap();
    assert_eq!(py.eval_string("f'{name}:{ratio:.0%}:{flag}'").unwrap(), "Zoë:25%:True");
    let v: Object = py.eval("[x * x for x in range(4)]").unwrap();
    assert_eq!(v.type_name(), "list");
    assert_eq!(py.repr(&v).unwrap(), "[0, 1, 4, 9]");
    py.set("squares", v).unwrap();
    assert_eq!(py.eval_i64("sum(squares)").unwrap(), 14);
    assert_eq!(py.eval("None").unwrap().is_none(), true);
    assert_eq!(py.eval("3 > 2").unwrap().as_bool(), Some(true));
    assert_eq!(py.eval_f64("7").unwrap(), 7.0);
    let big = py.eval("1.5e300 * 1e10").unwrap();
    assert_eq!(py.str(&big).unwrap(), "inf");

    // Exceptions: type name, str(), the report CPython prints.
    let e = py.eval("{}['k']").unwrap_err();
    assert_eq!((e.type_name.as_str(), e.message.as_str()), ("KeyError", "'k'"));
    let e = py.run("class Oops(ValueError): pass\nraise Oops('bad', 2)").unwrap_err();
    assert_eq!((e.type_name.as_str(), e.message.as_str()), ("Oops", "('bad', 2)"));
    assert_eq!(
        e.traceback,
        "Traceback (most recent call last):\n  File \"<embedded>\", line 2, in <module>\nOops: ('bad', 2)\n"
    );
    let e = py.eval("1 +").unwrap_err();
    assert_eq!(e.type_name, "SyntaxError");
    assert_eq!(e.message, "invalid syntax (<embedded>, line 1)");
    let e = py.run("raise SystemExit(3)").unwrap_err();
    assert_eq!((e.type_name.as_str(), e.message.as_str()), ("SystemExit", "3"));
    let e = py.eval_string("42").unwrap_err();
    assert_eq!(e.to_string(), "TypeError: expected a str, got int");
    // The interpreter is still usable after errors.
    assert_eq!(py.eval_i64("counter").unwrap(), 42);
}

#[test]
fn interpreters_one_after_another() {
    for i in 0..3 {
        let mut py = Interpreter::new();
        py.set("i", i as i64).unwrap();
        py.run("import json, collections\nout = json.dumps(collections.Counter('abca').most_common(1))").unwrap();
        assert_eq!(py.eval_string("out").unwrap(), "[[\"a\", 2]]");
        assert_eq!(py.eval_i64("i * 10").unwrap(), i * 10);
    }
}
