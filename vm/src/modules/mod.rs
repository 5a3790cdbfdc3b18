//! Native modules: the C-level standard modules of CPython, written in
//! Rust, registered by name and created on first import.

pub mod abc;
pub mod array;
pub mod ast;
pub mod atexit;
pub mod binascii;
pub mod cmath;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod csv;
pub mod testinternalcapi;
pub mod errno;
pub mod faulthandler;
pub mod functools;
pub mod gc;
pub mod hashes;
pub mod heapq;
pub mod bisect;
pub mod imp;
pub mod importer;
pub mod io;
pub mod iomod;
pub mod stdio_protocol;
pub mod itertools;
pub mod json;
pub mod json_scanner;
pub mod locale;
pub mod marshal;
pub mod math;
pub mod memoryview;
pub mod opcode;
pub mod operator;
pub mod posix;
pub mod posixsubprocess;
pub mod random;
pub mod select;
pub mod sha512;
pub mod signal;
pub mod socket;
pub mod sre;
pub mod stdlib_names;
pub mod string;
pub mod struct_;
pub mod structseq;
pub mod sys;
pub mod thread;
pub mod thread_local;
pub mod time;
pub mod tuplegetter;
pub mod typeutil;
pub mod unicodedata;
pub mod unicodedata_tables;
pub mod warnings;
pub mod weakref;
pub mod zlib;

use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Registers every native module's initialiser and creates `sys`.
pub fn register(vm: &mut Vm) {
    let table: &[(&'static str, fn(&mut Vm) -> PyResult<Value>)] = &[
        ("sys", sys::init),
        ("_ast", ast::init),
        ("array", array::init),
        ("_contextvars", contextvars::init),
        ("_csv", csv::init),
        ("_testinternalcapi", testinternalcapi::init),
        ("_json", json::init),
        ("_string", string::init),
        ("_random", random::init),
        ("_sha512", sha512::init),
        ("_operator", operator::init),
        ("_md5", hashes::init_md5),
        ("_sha1", hashes::init_sha1),
        ("_sha256", hashes::init_sha256),
        ("_sha3", hashes::init_sha3),
        ("_blake2", hashes::init_blake2),
        ("_heapq", heapq::init),
        ("_abc", abc::init),
        ("_bisect", bisect::init),
        ("marshal", marshal::init),
        ("_warnings", warnings::init),
        ("_imp", imp::init),
        ("_pyrite_importer", importer::init),
        ("_frozen_importlib", importer::init_frozen_importlib),
        ("_frozen_importlib_external", importer::init_frozen_importlib_external),
        ("_sre", sre::init),
        ("_codecs", codecs::init),
        ("_io", iomod::init),
        ("math", math::init),
        ("cmath", cmath::init),
        ("_collections", collections::init),
        ("_weakref", weakref::init),
        ("itertools", itertools::init),
        ("_functools", functools::init),
        ("_struct", struct_::init),
        ("time", time::init),
        ("_thread", thread::init),
        ("unicodedata", unicodedata::init),
        ("posix", posix::init),
        ("errno", errno::init),
        ("atexit", atexit::init),
        ("faulthandler", faulthandler::init),
        ("binascii", binascii::init),
        ("zlib", zlib::init),
        ("gc", gc::init),
        ("_signal", signal::init),
        ("select", select::init),
        ("_socket", socket::init),
        ("_posixsubprocess", posixsubprocess::init),
        ("_locale", locale::init),
        ("_opcode", opcode::init),
        ("_typing", opcode::init_typing),
        ("opcode", opcode::init_opcode),
        ("dis", opcode::init_dis),
    ];
    for (name, init) in table {
        vm.native_modules.insert(name, *init);
    }
    let s = sys::init(vm).expect("sys module");
    let mods = vm.modules.clone();
    let k = vm.new_str("sys");
    vm.dict_set(&mods, k, s.clone()).expect("sys.modules");
    vm.sys_module = Some(s);
}

/// The Python source of a module Pyrite implements in place of the Lib
/// file of the same name (Lib's describe CPython's bytecode), for
/// `-m NAME`, which runs a module's source as `__main__`.
pub fn lib_replacement_source(name: &str) -> Option<&'static str> {
    match name {
        "dis" => Some(opcode::DIS_SOURCE),
        "opcode" => Some(opcode::OPCODE_SOURCE),
        _ => None,
    }
}

/// Adds native functions to a module's namespace.
pub fn add_functions(
    vm: &mut Vm,
    m: &Value,
    module: &'static str,
    fns: &[(&'static str, crate::objects::NativeFn)],
) -> PyResult<()> {
    let d = crate::vm::attr::inst_dict(m).expect("module dict");
    for (name, f) in fns {
        let fv = vm.new_native_fn(name, *f, Some(module));
        vm.dict_set_str(&d, name, fv)?;
    }
    Ok(())
}

/// A module whose body is Python source compiled into the binary, run in
/// the module's namespace (`_ast`, `_io`, `_contextvars`).
pub fn python_module(vm: &mut Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = vm.new_module(name)?;
    run_python_body(vm, &m, name, source)?;
    Ok(m)
}

/// Runs the Python half of native module `m` (frozen at build time, see
/// build.rs, else compiled from `source`) in its namespace.
pub fn run_python_body(vm: &mut Vm, m: &Value, name: &str, source: &str) -> PyResult<()> {
    let d = crate::vm::attr::inst_dict(m).expect("module dict");
    let bm = vm.builtins_module.clone();
    vm.dict_set_str(&d, "__builtins__", bm)?;
    let code = match frozen_code(vm, name) {
        Some(c) => c,
        None => crate::compile::compile(vm, source.as_bytes(), &format!("<frozen {}>", name), "exec", true)?,
    };
    vm.run_code(&code, d, None)?;
    Ok(())
}

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}

/// The body of module `name` as compiled at build time (see build.rs),
/// unless `-O` asks for it compiled differently or the record does not
/// open (then the caller compiles the source).
fn frozen_code(vm: &mut Vm, name: &str) -> Option<Value> {
    if vm.optimize != 0 {
        return None;
    }
    let (_, bytes) = frozen::FROZEN.iter().find(|(n, _)| *n == name)?;
    let code = pyrite_compiler::serialize::unseal(bytes).ok()?;
    Some(crate::compile::code_value(vm, std::sync::Arc::new(code)))
}

/// Sets `m.name = v`.
pub fn set_attr(vm: &mut Vm, m: &Value, name: &str, v: Value) -> PyResult<()> {
    let d = crate::vm::attr::inst_dict(m).expect("module dict");
    vm.dict_set_str(&d, name, v)
}
