//! The standard library frozen at build time (vm/build.rs,
//! `codecache::frozen_stdlib`): what an import loads from it must be the
//! code compiling the module's source gives — same instructions,
//! constants, names, line table and positions, same filename — and
//! `-X frozen_modules=off` must still import everything from source.

use std::process::Command;

const CHECK: &str = r#"
import sys, types, importlib

def walk(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from walk(c)

def shape(code):
    consts = tuple(c.co_qualname if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    return (code.co_qualname, code.co_filename, code.co_code, consts, code.co_names,
            code.co_varnames, code.co_freevars, code.co_cellvars, code.co_flags,
            code.co_argcount, code.co_kwonlyargcount, code.co_firstlineno,
            list(code.co_lines()), list(code.co_positions()))

checked = 0
for name in ["json.decoder", "typing", "collections", "enum", "email.message"]:
    mod = importlib.import_module(name)
    with open(mod.__file__, "rb") as f:
        fresh = {c.co_qualname: c for c in walk(compile(f.read(), mod.__file__, "exec"))}
    for obj in list(vars(mod).values()) + [m for k in vars(mod).values() if isinstance(k, type) and k.__module__ == name for m in vars(k).values()]:
        code = getattr(obj, "__code__", None)
        if code is None or code.co_filename != mod.__file__:
            continue
        other = fresh.get(code.co_qualname)
        if other is None:
            continue
        if shape(code) != shape(other):
            print("differs:", name, code.co_qualname)
        checked += 1
print("checked", checked > 200)
"#;

fn run(extra: &[&str]) -> (String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(extra)
        .args(["-c", CHECK])
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn frozen_modules_are_the_compiled_source() {
    let (out, err) = run(&[]);
    assert_eq!(out, "checked True\n", "stderr: {err}");
}

#[test]
fn frozen_modules_off_compiles_from_source() {
    let (out, err) = run(&["-X", "frozen_modules=off"]);
    assert_eq!(out, "checked True\n", "stderr: {err}");
}
