//! `sys`: the interpreter's state as Python sees it.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::*;
use crate::vm::{Args, PyResult, Vm};

/// The standard library directory: `PYRITE_STDLIB`, else the one
/// python3 reported when Pyrite was built (`vm/build.rs`) if it is still
/// there, else the usual CPython 3.11 prefixes.
pub fn find_stdlib() -> Option<String> {
    if let Ok(p) = std::env::var("PYRITE_STDLIB") {
        return Some(p);
    }
    let built = env!("PYRITE_BUILD_STDLIB");
    if !built.is_empty() && std::path::Path::new(built).join("os.py").exists() {
        return Some(built.to_string());
    }
    for p in ["/usr/lib/python3.11", "/usr/local/lib/python3.11"] {
        if std::path::Path::new(p).join("os.py").exists() {
            return Some(p.to_string());
        }
    }
    None
}

/// `sys.flags` for a configuration (a struct sequence, as CPython's).
pub fn flags_value(vm: &mut Vm, c: &crate::config::Config) -> Value {
    static FLAGS_T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let t = super::typeutil::type_at(*FLAGS_T.get_or_init(|| {
        let t = super::structseq::new_type(vm, "flags", "sys", &names);
        super::structseq::forbid_new(t);
        super::typeutil::type_addr(t)
    }));
    let i = |b: bool| new_int_i64(b as i64);
    let items = vec![
        i(c.debug),
        i(c.inspect),
        i(c.interactive),
        new_int_i64(c.optimize as i64),
        i(c.dont_write_bytecode),
        i(c.no_user_site),
        i(c.no_site),
        i(c.ignore_environment),
        new_int_i64(c.verbose as i64),
        new_int_i64(c.bytes_warning as i64),
        i(c.quiet),
        i(false),
        i(c.isolated),
        Value::from_bool(c.dev_mode),
        i(c.utf8_mode),
        i(false),
        Value::from_bool(c.safe_path),
        new_int_i64(c.int_max_str_digits),
    ];
    super::structseq::new(t, items)
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("sys")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("exit", sys_exit),
        ("getrecursionlimit", sys_getrecursionlimit),
        ("getswitchinterval", sys_getswitchinterval),
        ("get_asyncgen_hooks", sys_get_asyncgen_hooks),
        ("set_asyncgen_hooks", sys_set_asyncgen_hooks),
        ("get_coroutine_origin_tracking_depth", sys_get_coro_origin_depth),
        ("set_coroutine_origin_tracking_depth", sys_set_coro_origin_depth),
        ("setswitchinterval", sys_setswitchinterval),
        ("setrecursionlimit", sys_setrecursionlimit),
        ("exc_info", sys_exc_info),
        ("exception", sys_exception),
        ("getsizeof", sys_getsizeof),
        ("intern", sys_intern),
        ("_getframe", sys_getframe),
        ("get_int_max_str_digits", sys_get_int_max_str_digits),
        ("set_int_max_str_digits", sys_set_int_max_str_digits),
        ("getdefaultencoding", sys_getdefaultencoding),
        ("getfilesystemencoding", sys_getfilesystemencoding),
        ("call_tracing", sys_call_tracing),
        ("_current_frames", sys_current_frames),
        ("_current_exceptions", sys_current_exceptions),
        ("getrefcount", sys_getrefcount),
        ("settrace", sys_settrace),
        ("gettrace", sys_gettrace),
        ("setprofile", sys_settrace),
        ("getprofile", sys_gettrace),
        ("getfilesystemencodeerrors", sys_getfilesystemencodeerrors),
        ("audit", sys_audit),
        ("addaudithook", sys_audit),
        ("is_finalizing", sys_is_finalizing),
    ];
    crate::modules::add_functions(vm, &m, "sys", fns)?;
    let set = |vm: &mut Vm, n: &str, v: Value| crate::modules::set_attr(vm, &m, n, v);
    let mods = vm.modules.clone();
    set(vm, "modules", mods)?;
    let argv: Vec<Value> = vm.argv.clone().iter().map(|a| vm.new_str(a)).collect();
    let argv = vm.new_list(argv);
    set(vm, "argv", argv)?;
    let mut path = Vec::new();
    if let Some(p) = vm.stdlib_path.clone().or_else(find_stdlib) {
        vm.stdlib_path = Some(p.clone());
        path.push(vm.new_str(&p));
    }
    let path = vm.new_list(path);
    set(vm, "path", path)?;
    // A descriptor closed at start-up (`2>&-`) makes that stream None,
    // as CPython's `create_stdio` does.
    let stream = |fd: i32, name: &'static str| {
        if crate::modules::io::closed_at_start(fd) {
            Value::none()
        } else {
            crate::modules::io::new_stream(fd, name)
        }
    };
    let out = stream(1, "stdout");
    let err = stream(2, "stderr");
    let inp = stream(0, "stdin");
    set(vm, "stdout", out.clone())?;
    set(vm, "stderr", err.clone())?;
    set(vm, "stdin", inp.clone())?;
    set(vm, "__stdout__", out)?;
    set(vm, "__stderr__", err)?;
    set(vm, "__stdin__", inp)?;
    let fin = vm_str(vm, "final");
    let vit = super::structseq::new_type(
        vm,
        "version_info",
        "sys",
        &["major", "minor", "micro", "releaselevel", "serial"],
    );
    super::structseq::forbid_new(vit);
    let vi = super::structseq::new(
        vit,
        vec![
            new_int_i64(3),
            new_int_i64(11),
            new_int_i64(7),
            fin,
            new_int_i64(0),
        ],
    );
    set(vm, "version_info", vi.clone())?;
    let imp = crate::object::alloc_object(&NAMESPACE_TYPE, Empty);
    let name = vm.new_str("pyrite");
    vm.set_inst_attr(&imp, "name", name)?;
    let tag = vm.new_str("pyrite-311");
    vm.set_inst_attr(&imp, "cache_tag", tag)?;
    vm.set_inst_attr(&imp, "version", vi)?;
    vm.set_inst_attr(&imp, "hexversion", new_int_i64(0x030b07f0))?;
    let ma = vm.new_str("x86_64-linux-gnu");
    vm.set_inst_attr(&imp, "_multiarch", ma)?;
    set(vm, "implementation", imp)?;
    // float_info, int_info, hash_info, flags: struct sequences.
    let ns =
        |vm: &mut Vm, name: &'static str, items: &[(&'static str, Value)]| -> PyResult<Value> {
            let fields: Vec<&str> = items.iter().map(|(k, _)| *k).collect();
            let t = super::structseq::new_type(vm, name, "sys", &fields);
            Ok(super::structseq::new(
                t,
                items.iter().map(|(_, v)| v.clone()).collect(),
            ))
        };
    let fi = ns(
        vm,
        "float_info",
        &[
            ("max", Value::float(f64::MAX)),
            ("max_exp", new_int_i64(f64::MAX_EXP as i64)),
            ("max_10_exp", new_int_i64(f64::MAX_10_EXP as i64)),
            ("min", Value::float(f64::MIN_POSITIVE)),
            ("min_exp", new_int_i64(f64::MIN_EXP as i64)),
            ("min_10_exp", new_int_i64(f64::MIN_10_EXP as i64)),
            ("dig", new_int_i64(f64::DIGITS as i64)),
            ("mant_dig", new_int_i64(f64::MANTISSA_DIGITS as i64)),
            ("epsilon", Value::float(f64::EPSILON)),
            ("radix", new_int_i64(2)),
            ("rounds", new_int_i64(1)),
        ],
    )?;
    set(vm, "float_info", fi)?;
    let ii = ns(
        vm,
        "int_info",
        &[
            ("bits_per_digit", new_int_i64(30)),
            ("sizeof_digit", new_int_i64(4)),
            ("default_max_str_digits", new_int_i64(4300)),
            ("str_digits_check_threshold", new_int_i64(640)),
        ],
    )?;
    set(vm, "int_info", ii)?;
    let alg = vm.new_str("siphash13");
    let hi = ns(
        vm,
        "hash_info",
        &[
            ("width", new_int_i64(64)),
            ("modulus", new_int_i64((1 << 61) - 1)),
            ("inf", new_int_i64(314159)),
            ("nan", new_int_i64(0)),
            ("imag", new_int_i64(1000003)),
            ("algorithm", alg),
            ("hash_bits", new_int_i64(64)),
            ("seed_bits", new_int_i64(128)),
            ("cutoff", new_int_i64(0)),
        ],
    )?;
    set(vm, "hash_info", hi)?;
    let fl = flags_value(vm, &crate::config::Config::default());
    set(vm, "flags", fl)?;
    let frs = vm_str(vm, "short");
    set(vm, "float_repr_style", frs)?;
    let v = vm.new_str("3.11.7 (pyrite) [Rust]");
    set(vm, "version", v)?;
    set(vm, "hexversion", new_int_i64(0x030b07f0))?;
    set(vm, "maxsize", new_int_i64(i64::MAX))?;
    set(vm, "maxunicode", new_int_i64(0x10ffff))?;
    let bo = vm.new_str("little");
    set(vm, "byteorder", bo)?;
    let pl = vm.new_str("linux");
    set(vm, "platform", pl)?;
    // A release build's (empty) ABI flags: sysconfig names its data
    // module `_sysconfigdata_{abiflags}_{platform}_{multiarch}` from it.
    let af = vm.new_str("");
    set(vm, "abiflags", af)?;
    set(vm, "api_version", new_int_i64(1013))?;
    let names: Vec<Value> = super::stdlib_names::STDLIB_MODULE_NAMES
        .iter()
        .map(|n| vm.new_str(n))
        .collect();
    let names = vm.new_list(names);
    let fs = crate::vm::attr::type_value(&FROZENSET_TYPE);
    let names = vm.call(&fs, &[names], &[])?;
    set(vm, "stdlib_module_names", names)?;
    let sd = match find_stdlib() {
        Some(p) => vm.new_str(&p),
        None => Value::none(),
    };
    set(vm, "_stdlib_dir", sd)?;
    let (tn, tl) = (vm.new_str("pthread"), vm.new_str("semaphore"));
    let ti = ns(
        vm,
        "thread_info",
        &[("name", tn), ("lock", tl), ("version", Value::none())],
    )?;
    set(vm, "thread_info", ti)?;
    // Where `site` looks for site-packages (`lib/python3.11/...`).
    let pd = vm.new_str("lib");
    set(vm, "platlibdir", pd)?;
    // No -X pycache_prefix / PYTHONPYCACHEPREFIX support: None, as CPython
    // without them.
    set(vm, "pycache_prefix", Value::none())?;
    let cr = vm.new_str("Copyright (c) the Pyrite developers.\nThe Python standard library it runs: Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.");
    set(vm, "copyright", cr)?;
    let ex = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ex = vm.new_str(&ex);
    set(vm, "executable", ex)?;
    // Not the aliases of importlib's modules (frozen, in CPython).
    let mut names: Vec<&'static str> = vm
        .native_modules
        .keys()
        .copied()
        .filter(|n| !n.starts_with("_frozen_"))
        // Pyrite's own `opcode` and `dis` replace Lib's opcode.py and
        // dis.py; CPython's are not built in.
        .filter(|n| !matches!(*n, "opcode" | "dis"))
        .collect();
    names.push("builtins");
    names.sort_unstable();
    names.dedup();
    let items: Vec<Value> = names.iter().map(|n| vm_str(vm, n)).collect();
    let bmn = vm.new_tuple(items);
    set(vm, "builtin_module_names", bmn)?;
    let uh = vm.new_native_fn("unraisablehook", sys_unraisablehook, Some("sys"));
    set(vm, "unraisablehook", uh.clone())?;
    set(vm, "__unraisablehook__", uh)?;
    let eh = vm.new_native_fn("excepthook", sys_excepthook, Some("sys"));
    set(vm, "excepthook", eh.clone())?;
    set(vm, "__excepthook__", eh)?;
    let dh = vm.new_native_fn("displayhook", sys_displayhook, Some("sys"));
    set(vm, "displayhook", dh.clone())?;
    set(vm, "__displayhook__", dh)?;
    let ps = vm.new_list(vec![]);
    set(vm, "meta_path", ps)?;
    let ph = vm.new_list(vec![]);
    set(vm, "path_hooks", ph)?;
    let pic = vm.new_dict();
    set(vm, "path_importer_cache", pic)?;
    let dwb = Value::from_bool(true);
    set(vm, "dont_write_bytecode", dwb)?;
    // The installation the standard library came from (PREFIX/lib/
    // python3.11): `site` finds site-packages under it.
    let prefix = find_stdlib()
        .and_then(|d| {
            let p = std::path::Path::new(&d);
            (p.file_name()? == "python3.11").then(|| p.parent()?.parent().map(|q| q.to_string_lossy().into_owned()))?
        })
        .unwrap_or_else(|| "/usr".to_string());
    let pfx = vm.new_str(&prefix);
    set(vm, "prefix", pfx.clone())?;
    set(vm, "base_prefix", pfx.clone())?;
    set(vm, "exec_prefix", pfx.clone())?;
    set(vm, "base_exec_prefix", pfx)?;
    let xo = vm.new_dict();
    set(vm, "_xoptions", xo)?;
    let wo = vm.new_list(vec![]);
    set(vm, "warnoptions", wo)?;
    Ok(m)
}

fn vm_str(vm: &mut Vm, s: &str) -> Value {
    vm.new_str(s)
}

/// `sys.stdout`.
pub fn stdout(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.sys_module.clone().unwrap();
    vm.get_attr_str(&s, "stdout")
}

/// `sys.stderr`.
pub fn stderr(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.sys_module.clone().unwrap();
    vm.get_attr_str(&s, "stderr")
}

fn sys_exit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("exit", &a, 0, 1)?;
    // Made by calling SystemExit, so that `code` is set from the argument;
    // a tuple is the arguments themselves (`sys.exit((42,))` exits 42).
    let t = crate::vm::attr::type_value(&SYSTEM_EXIT_TYPE);
    let args = match a.args.first().and_then(downcast::<TupleData>) {
        Some(tu) => tu.items.to_vec(),
        None => a.args.to_vec(),
    };
    let e = vm.call(&t, &args, &[])?;
    Err(crate::vm::PyErr(e))
}

/// `sys.call_tracing(func, args)`: `func(*args)`.
fn sys_call_tracing(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("call_tracing", &a, 2, 2)?;
    let Some(t) = downcast::<TupleData>(&a.args[1]) else {
        let msg = format!(
            "call_tracing() argument 2 must be tuple, not {}",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let args = t.items.to_vec();
    vm.call(&a.args[0], &args, &[])
}

/// Each thread's ident and VM: `None` for the caller's own (`vm`),
/// else another thread's, parked outside the GIL that the caller holds.
fn thread_vms(vm: &mut Vm) -> Vec<(i64, Option<*mut Vm>)> {
    let me = vm as *mut Vm;
    let mut out = vec![(super::thread::current_ident(), None)];
    for (ident, p) in super::faulthandler::registered_vms() {
        if p != me && ident != out[0].0 {
            out.push((ident, Some(p)));
        }
    }
    out
}

/// `sys._current_frames()`: each thread's ident to its innermost frame.
fn sys_current_frames(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let d = vm.new_dict();
    for (ident, other) in thread_vms(vm) {
        let fo = match other {
            None => {
                let n = vm.frames.len();
                (n > 0).then(|| vm.frame_object(n - 1))
            }
            Some(p) => {
                // SAFETY: a registered VM stays where it is while it is
                // registered, and that thread waits for the GIL (which we
                // hold), so nothing else uses it now.
                let other = unsafe { &mut *p };
                refresh_frame_lines(other);
                let n = other.frames.len();
                (n > 0).then(|| other.frame_object(n - 1))
            }
        };
        if let Some(fo) = fo {
            vm.dict_set(&d, new_int_i64(ident), fo)?;
        }
    }
    Ok(d)
}

/// `sys._current_exceptions()`: each thread's ident to its handled
/// exception as an `exc_info()` triple.
fn sys_current_exceptions(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let d = vm.new_dict();
    for (ident, other) in thread_vms(vm) {
        let e = match other {
            None => vm.handled_exc(),
            Some(p) => {
                // SAFETY: as in `sys_current_frames`.
                let other = unsafe { &mut *p };
                refresh_frame_lines(other);
                other.handled_exc()
            }
        };
        let t = exc_info_of(vm, e);
        vm.dict_set(&d, new_int_i64(ident), t)?;
    }
    Ok(d)
}

/// Brings the line numbers of a parked thread's existing frame objects
/// up to date (its traceback's frames are where it waits now).
fn refresh_frame_lines(other: &mut Vm) {
    for i in 0..other.frames.len() {
        if other.frames[i].frame_obj.is_some() {
            other.frame_object(i);
        }
    }
}

fn exc_info_of(vm: &mut Vm, e: Option<Value>) -> Value {
    match e {
        Some(e) => {
            let t = crate::vm::attr::type_value(e.type_of());
            let tb = downcast::<ExcData>(&e)
                .and_then(|d| d.traceback.borrow().clone())
                .unwrap_or_else(Value::none);
            vm.new_tuple(vec![t, e, tb])
        }
        None => vm.new_tuple(vec![Value::none(), Value::none(), Value::none()]),
    }
}

/// `sys.get_asyncgen_hooks()`: the hooks set for this thread. (They are
/// kept for asyncio, which sets and restores them; async generators do
/// not call them yet.)
fn sys_get_asyncgen_hooks(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    static T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let t = super::typeutil::type_at(*T.get_or_init(|| {
        super::typeutil::type_addr(super::structseq::new_type(
            vm,
            "asyncgen_hooks",
            "sys",
            &["firstiter", "finalizer"],
        ))
    }));
    let (f, g) = vm.asyncgen_hooks.clone();
    Ok(super::structseq::new(
        t,
        vec![f.unwrap_or_else(Value::none), g.unwrap_or_else(Value::none)],
    ))
}

/// `sys.set_asyncgen_hooks(firstiter=..., finalizer=...)`: each given
/// one must be callable or None.
fn sys_set_asyncgen_hooks(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(
        vm,
        &a,
        "set_asyncgen_hooks",
        &["firstiter", "finalizer"],
        false,
    )?;
    let mut new = vm.asyncgen_hooks.clone();
    for (i, (v, what)) in [(b[0], "firstiter"), (b[1], "finalizer")]
        .into_iter()
        .enumerate()
    {
        if let Some(v) = v {
            if !v.is_none() && !crate::builtins::module::is_callable(v) {
                return Err(vm.type_error(format!(
                    "callable {} expected, got {}",
                    what,
                    v.type_of().name()
                )));
            }
            let slot = if i == 0 { &mut new.0 } else { &mut new.1 };
            *slot = (!v.is_none()).then(|| v.clone());
        }
    }
    vm.asyncgen_hooks = new;
    Ok(Value::none())
}

fn sys_get_coro_origin_depth(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_coroutine_origin_tracking_depth", &a, 0, 0)?;
    Ok(new_int_i64(vm.coro_origin_depth as i64))
}

/// `sys.set_coroutine_origin_tracking_depth(depth)`: new coroutines
/// record that many creating frames in `cr_origin` (0: none).
fn sys_set_coro_origin_depth(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "set_coroutine_origin_tracking_depth", &["depth"], false)?;
    let Some(d) = b[0] else {
        return Err(vm.type_error(
            "set_coroutine_origin_tracking_depth() missing required argument 'depth' (pos 1)",
        ));
    };
    let d = vm.index_i64(d)?;
    if d < 0 {
        return Err(vm.value_error("depth must be >= 0"));
    }
    vm.coro_origin_depth = d.min(i32::MAX as i64) as usize;
    Ok(Value::none())
}

/// The GIL's switch interval, in seconds (`crate::gil`).
fn sys_getswitchinterval(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let us = crate::gil::SWITCH_INTERVAL_US.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Value::float(us as f64 / 1e6))
}

fn sys_setswitchinterval(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setswitchinterval", &a, 1, 1)?;
    let s = crate::modules::math::real(vm, &a.args[0])?;
    if s.is_nan() || s <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    let us = (s * 1e6).clamp(1.0, u64::MAX as f64 / 2.0) as u64;
    crate::gil::SWITCH_INTERVAL_US.store(us, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::none())
}

fn sys_getrecursionlimit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("sys.getrecursionlimit", &a, 0, 0)?;
    Ok(new_int_i64(vm.recursion_limit as i64))
}

fn sys_setrecursionlimit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setrecursionlimit", &a, 1, 1)?;
    if a.args[0].as_f64().is_some() {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(&a.args[0])?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    if (n as usize) <= vm.depth {
        let msg = format!(
            "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low",
            n, vm.depth
        );
        return Err(vm.new_exc(&RECURSION_ERROR_TYPE, msg));
    }
    vm.recursion_limit = n as usize;
    Ok(Value::none())
}

fn sys_exc_info(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let e = vm.handled_exc();
    Ok(exc_info_of(vm, e))
}

fn sys_exception(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.handled_exc().unwrap_or_else(Value::none))
}

fn sys_getsizeof(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getsizeof", &a, 1, 2)?;
    match vm.call_special(&a.args[0], "__sizeof__", &[])? {
        Some(r) => Ok(r),
        None => Ok(new_int_i64(16)),
    }
}

/// `sys.intern(s)`: the interned string equal to `s`, which becomes `s`
/// itself if there is none yet. Only exact strs are interned.
fn sys_intern(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("intern", &a, 1, 1)?;
    let v = &a.args[0];
    if !std::ptr::eq(v.type_of(), &STR_TYPE) {
        let msg = if downcast::<StrData>(v).is_some() {
            format!("can't intern {}", v.type_of().name())
        } else {
            format!("intern() argument must be str, not {}", v.type_of().name())
        };
        return Err(vm.type_error(msg));
    }
    Ok(crate::vm::intern_value(v, crate::vm::str_of(v)))
}

fn sys_getframe(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_getframe", &a, 0, 1)?;
    let depth = match a.args.first() {
        Some(d) => vm.index_i64(d)?,
        None => 0,
    };
    let n = vm.frames.len() as i64;
    if depth < 0 || depth >= n {
        return Err(vm.value_error("call stack is not deep enough"));
    }
    let fi = (n - 1 - depth) as usize;
    Ok(vm.frame_object(fi))
}

fn sys_get_int_max_str_digits(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(vm.int_max_str_digits as i64))
}

fn sys_set_int_max_str_digits(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = match a.args.first().or_else(|| a.kw("maxdigits")) {
        Some(v) => vm.index_i64(v)?,
        None => {
            return Err(vm.type_error(
                "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
            ))
        }
    };
    if v != 0 && v < 640 {
        return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits = if v == 0 { usize::MAX } else { v as usize };
    Ok(Value::none())
}

fn sys_getdefaultencoding(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("sys.getdefaultencoding", &a, 0, 0)?;
    Ok(vm.new_str("utf-8"))
}

fn sys_getfilesystemencoding(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("sys.getfilesystemencoding", &a, 0, 0)?;
    Ok(vm.new_str("utf-8"))
}

fn sys_getrefcount(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = a
        .args
        .first()
        .and_then(|v| v.as_object())
        .map(|p| unsafe { p.as_ref() }.refcnt())
        .unwrap_or(1);
    Ok(new_int_i64(n as i64))
}

fn sys_settrace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("settrace", &a, 1, 1)?;
    let f = a.args[0].clone();
    vm.set_trace(if f.is_none() { None } else { Some(f) });
    Ok(Value::none())
}

fn sys_gettrace(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.trace_func.clone().unwrap_or_else(Value::none))
}

fn sys_displayhook(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("displayhook", &a, 1, 1)?;
    if !a.args[0].is_none() {
        let sys = vm.sys_module.clone().unwrap();
        let out = crate::vm::attr::inst_dict(&sys).and_then(|d| vm.dict_get_str(&d, "stdout"));
        if out.map_or(true, |o| o.is_none()) {
            return Err(vm.new_exc(&RUNTIME_ERROR_TYPE, "lost sys.stdout"));
        }
    }
    crate::builtins::module::display_hook(vm, a.args[0].clone())?;
    Ok(Value::none())
}

fn sys_getfilesystemencodeerrors(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_str("surrogateescape"))
}

/// `sys.audit`/`sys.addaudithook`: no audit hooks yet; events are dropped.
fn sys_audit(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

/// True once the interpreter shuts down (after atexit functions, as
/// `__main__` is cleared).
pub static FINALIZING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn sys_is_finalizing(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(FINALIZING.load(std::sync::atomic::Ordering::Relaxed)))
}

/// The argument of `sys.unraisablehook`: a `sys.UnraisableHookArgs`.
pub fn unraisable_args(vm: &mut Vm, err_msg: Option<&str>, obj: Option<Value>, exc: &Value) -> Value {
    static T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let t = super::typeutil::type_at(*T.get_or_init(|| {
        super::typeutil::type_addr(super::structseq::new_type(
            vm,
            "UnraisableHookArgs",
            "sys",
            &["exc_type", "exc_value", "exc_traceback", "err_msg", "object"],
        ))
    }));
    let ty = crate::vm::attr::type_value(exc.type_of());
    let tb = downcast::<ExcData>(exc)
        .and_then(|d| d.traceback.borrow().clone())
        .unwrap_or_else(Value::none);
    let msg = match err_msg {
        Some(m) => vm.new_str(m),
        None => Value::none(),
    };
    super::structseq::new(
        t,
        vec![ty, exc.clone(), tb, msg, obj.unwrap_or_else(Value::none)],
    )
}

/// `sys.unraisablehook(unraisable)`: the default report on stderr.
fn sys_unraisablehook(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("unraisablehook", &a, 1, 1)?;
    let items = match downcast::<TupleData>(&a.args[0]) {
        Some(t) if t.items.len() >= 5 => t.items.to_vec(),
        _ => {
            let msg = "sys.unraisablehook argument type must be UnraisableHookArgs";
            return Err(vm.type_error(msg));
        }
    };
    let msg = if items[3].is_none() {
        None
    } else {
        Some(vm.to_str(&items[3]).map(|s| crate::vm::str_of(&s).to_string())?)
    };
    vm.default_unraisable(msg.as_deref(), Some(items[4].clone()), &items[1]);
    Ok(Value::none())
}

/// `sys.excepthook(type, value, traceback)`: prints the report CPython
/// prints for an uncaught exception.
fn sys_excepthook(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("excepthook", &a, 3, 3)?;
    let text = if crate::vm::class::is_instance(&a.args[1], &BASE_EXCEPTION_TYPE) {
        crate::traceback::format_exception(vm, &a.args[1])
    } else {
        // CPython reports the bad value itself instead of failing.
        format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            a.args[1].type_of().name()
        )
    };
    crate::modules::io::flush_stdout(vm);
    let err = stderr(vm)?;
    match crate::modules::io::native_stream(&err) {
        Some(st) => {
            st.write_str(vm, &text);
            st.flush();
        }
        None => {
            let s = vm.new_str_owned(text);
            vm.call_method(&err, "write", &[s])?;
        }
    }
    Ok(Value::none())
}
