//! `_io`: the I/O stack (`StringIO`, `BytesIO`, `FileIO`, the buffered
//! classes, `TextIOWrapper`, `open`). Its body is Python (`iomod.py`, run
//! in the module's namespace at first import) over the native `posix` and
//! `_codecs` modules: compact, and the same classes Lib/io.py imports.
//! `sys.stdout`/`stderr`/`stdin` stay the native streams of `io.rs`,
//! made subclasses of these classes here (`stdio_protocol.rs`).

use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

const SOURCE: &str = include_str!("iomod.py");

/// `import _io`.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::memoryview::ensure_builtin(vm);
    let m = crate::modules::python_module(vm, "_io", SOURCE)?;
    crate::modules::stdio_protocol::adopt_io_classes(vm, &m)?;
    Ok(m)
}

/// `builtins.open`: `_io.open`.
pub fn open(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = crate::import::import_module(vm, "_io")?;
    let f = vm.get_attr_str(&m, "open")?;
    vm.call(&f, a.args, a.kwnames)
}
