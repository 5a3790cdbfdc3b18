//! Running a program as `__main__` and turning its outcome into the
//! process exit status, as CPython's `pymain_run_python` does.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{str_of, PyErr, Vm};

/// Runs `source` (from `filename`) as the `__main__` module; returns the
/// exit status.
pub fn run_main(vm: &mut Vm, source: &[u8], filename: &str) -> i32 {
    let out = exec_main(vm, source, filename, None);
    shutdown(vm, out.status)
}

/// How running the program went, before finalisation.
pub struct Outcome {
    /// The exit status it asks for.
    pub status: i32,
    /// It ended by `SystemExit` (`-i` does not then go interactive).
    pub system_exit: bool,
}

/// `-m NAME`, as CPython's `runpy._run_module_as_main`: the parent
/// packages are imported, the module's source is found on their
/// `__path__` (or `sys.path`), a package runs its `__main__` submodule,
/// and the code runs as `__main__` with `sys.argv[0]` set to its file.
/// Failures to find it are reported as CPython does, with status 1.
pub fn run_module(vm: &mut Vm, name: &str) -> i32 {
    let out = exec_module(vm, name);
    shutdown(vm, out.status)
}

/// `-m NAME` without the finalisation (see [`run_module`]).
pub fn exec_module(vm: &mut Vm, name: &str) -> Outcome {
    let failed = Outcome {
        status: 1,
        system_exit: false,
    };
    let exe = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "pyrite".into());
    // Pyrite's own replacements of Lib modules (dis, opcode) run as
    // themselves, not as the Lib file they shadow (which describes
    // CPython's bytecode); argv[0] is that file, as CPython would have it.
    if let Some(own) = crate::modules::lib_replacement_source(name) {
        let argv0 = match find_main_module(vm, name) {
            Ok(Ok((file, _))) => file.to_string_lossy().into_owned(),
            _ => format!("<frozen {}>", name),
        };
        set_argv0(vm, &argv0);
        return exec_main_with(vm, own.as_bytes(), &format!("<frozen {}>", name), true, |vm, d| {
            let pv = vm.new_str("");
            let _ = vm.dict_set_str(d, "__package__", pv);
        });
    }
    let (file, package) = match find_main_module(vm, name) {
        Ok(Ok(x)) => x,
        Ok(Err(msg)) => {
            write_stderr(vm, &format!("{}: {}\n", exe, msg));
            return failed;
        }
        Err(e) => {
            let tn = e.0.type_of().name();
            let text = vm
                .to_str(&e.0)
                .map(|s| str_of(&s).to_string())
                .unwrap_or_default();
            let msg = format!(
                "Error while finding module specification for '{}' ({}: {})",
                name, tn, text
            );
            write_stderr(vm, &format!("{}: {}\n", exe, msg));
            return failed;
        }
    };
    let fname = file.to_string_lossy().into_owned();
    let source = match crate::ziparchive::read_path(&file) {
        Ok(b) => b,
        Err(e) => {
            write_stderr(
                vm,
                &format!("{}: can't open file '{}': {}\n", exe, fname, e),
            );
            return failed;
        }
    };
    set_argv0(vm, &fname);
    exec_main_with(vm, &source, &fname, true, |vm, d| {
        let pv = vm.new_str(&package);
        let _ = vm.dict_set_str(d, "__package__", pv);
    })
}

/// `sys.argv[0] = argv0` (the module `-m` runs).
fn set_argv0(vm: &mut Vm, argv0: &str) {
    if let Some(sys) = vm.sys_module.clone() {
        if let Ok(argv) = vm.get_attr_str(&sys, "argv") {
            if let Some(l) = downcast::<ListData>(&argv) {
                let f = vm.new_str(argv0);
                if let Some(first) = l.items.borrow_mut().first_mut() {
                    *first = f;
                }
            }
        }
    }
    if let Some(a) = vm.argv.first_mut() {
        *a = argv0.to_string();
    }
}

/// The file `-m name` runs and its package, or the message CPython prints
/// when there is none. An exception is an error raised while importing
/// the parent packages.
fn find_main_module(
    vm: &mut Vm,
    name: &str,
) -> crate::vm::PyResult<Result<(std::path::PathBuf, String), String>> {
    use crate::import::Found;
    if name.is_empty() || name.starts_with('.') {
        return Ok(Err("Relative module names not supported".to_string()));
    }
    // Import the parents, outermost first.
    let parts: Vec<&str> = name.split('.').collect();
    for i in 1..parts.len() {
        crate::import::import_module(vm, &parts[..i].join("."))?;
    }
    let package = parts[..parts.len() - 1].join(".");
    match crate::import::find_module(vm, name)? {
        Found::Module(file) => Ok(Ok((file, package))),
        Found::Package { .. } | Found::Namespace(_) => {
            // A package: import it, then run its __main__.
            crate::import::import_module(vm, name)?;
            let main_name = format!("{}.__main__", name);
            match crate::import::find_module(vm, &main_name)? {
                Found::Module(file) => Ok(Ok((file, name.to_string()))),
                _ => Ok(Err(format!(
                    "No module named {}; '{}' is a package and cannot be directly executed",
                    main_name, name
                ))),
            }
        }
        Found::Nothing => {
            if vm.native_modules.contains_key(name) {
                return Ok(Err(format!("No code object available for {}", name)));
            }
            Ok(Err(format!("No module named {}", name)))
        }
    }
}

/// `pyrite DIR` or `pyrite ARCHIVE` (a zip file, such as `zipapp`
/// makes), as CPython runs them: `path0` (the path made absolute) is
/// already `sys.path[0]`, and the `__main__` module found there runs as
/// runpy's `_run_module_as_main` runs it, with `__file__`, `__spec__`,
/// `__loader__` and `__cached__` from its spec (a `SourceFileLoader` for
/// a directory, a `zipimporter` for an archive) and `__package__` `''`.
/// Without a `__main__.py` it is CPython's "can't find '__main__' module"
/// and status 1.
pub fn exec_path_main(vm: &mut Vm, path0: &str) -> Outcome {
    use crate::import::Found;
    let failed = Outcome {
        status: 1,
        system_exit: false,
    };
    let file = match crate::import::find_module(vm, "__main__") {
        Ok(Found::Module(file)) => file,
        Ok(_) => {
            let p = vm.new_str(path0);
            let shown = vm.repr(&p).unwrap_or_else(|_| format!("'{}'", path0));
            let exe = std::env::current_exe()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| "pyrite".into());
            write_stderr(
                vm,
                &format!("{}: can't find '__main__' module in {}\n", exe, shown),
            );
            return failed;
        }
        Err(e) => {
            return Outcome {
                status: handle_uncaught(vm, e),
                system_exit: false,
            }
        }
    };
    let fname = file.to_string_lossy().into_owned();
    let source = match crate::ziparchive::read_path(&file) {
        Ok(b) => b,
        Err(e) => {
            write_stderr(vm, &format!("can't open file '{}': {}\n", fname, e));
            return failed;
        }
    };
    // The spec comes from importlib's classes (imported for it); without
    // them (no Lib) the module runs with `__spec__` None.
    let spec = crate::import::import_module(vm, "_pyrite_importer").and_then(|imp| {
        let f = vm.get_attr_str(&imp, "spec_for_file")?;
        let args = [vm.new_str("__main__"), vm.new_str(&fname), Value::none()];
        vm.call(&f, &args, &[])
    });
    let spec = spec.ok().filter(|s| !s.is_none());
    exec_main_with(vm, &source, &fname, true, |vm, d| {
        let pk = vm.new_str("");
        let _ = vm.dict_set_str(d, "__package__", pk);
        if let Some(spec) = &spec {
            let loader = vm.get_attr_opt(spec, "loader").ok().flatten();
            let cached = vm.get_attr_opt(spec, "cached").ok().flatten();
            let _ = vm.dict_set_str(d, "__spec__", spec.clone());
            if let Some(l) = loader {
                let _ = vm.dict_set_str(d, "__loader__", l);
            }
            if let Some(c) = cached {
                let _ = vm.dict_set_str(d, "__cached__", c);
            }
        }
    })
}

/// Runs `source` as `__main__` (with `__package__` for `-m`) and reports
/// an uncaught exception; the finalisation is [`shutdown`]'s.
pub fn exec_main(vm: &mut Vm, source: &[u8], filename: &str, package: Option<&str>) -> Outcome {
    exec_main_with(vm, source, filename, false, |vm, d| {
        if let Some(p) = package {
            let pv = vm.new_str(p);
            let _ = vm.dict_set_str(d, "__package__", pv);
        }
    })
}

/// [`exec_main`], `setup` adding to `__main__`'s namespace first;
/// `runpy`: the module runs as CPython's runpy runs it (`-m`, a directory
/// or archive), whose two frames head an uncaught exception's traceback.
fn exec_main_with(
    vm: &mut Vm,
    source: &[u8],
    filename: &str,
    runpy: bool,
    setup: impl FnOnce(&mut Vm, &Value),
) -> Outcome {
    let main = match vm.new_module("__main__") {
        Ok(m) => m,
        Err(_) => {
            return Outcome {
                status: 1,
                system_exit: false,
            }
        }
    };
    let d = crate::vm::attr::inst_dict(&main).unwrap();
    let f = vm.new_str(filename);
    let _ = vm.dict_set_str(&d, "__file__", f);
    setup(vm, &d);
    let bm = vm.builtins_module.clone();
    let _ = vm.dict_set_str(&d, "__builtins__", bm);
    let mods = vm.modules.clone();
    let _ = vm.dict_set_str(&mods, "__main__", main);
    install_sigint(vm);
    crate::modules::faulthandler::register_thread(vm);
    let code = match crate::compile::compile_program(vm, source, filename) {
        Ok(c) => c,
        Err((e, text)) => {
            crate::modules::io::flush_stdout(vm);
            write_stderr(vm, &e.render(filename, text.as_deref()));
            return Outcome {
                status: 1,
                system_exit: false,
            };
        }
    };
    match vm.run_code(&code, d, None) {
        Ok(_) => Outcome {
            status: 0,
            system_exit: false,
        },
        Err(e) => {
            let system_exit = vm.err_matches(&e, &SYSTEM_EXIT_TYPE);
            Outcome {
                status: report_uncaught(vm, e, runpy),
                system_exit,
            }
        }
    }
}

/// `PYTHONSTARTUP`: the file's code runs in `__main__` before the first
/// prompt; an error is reported and the session goes on.
pub fn run_startup_file(vm: &mut Vm, path: &str) {
    let Ok(source) = std::fs::read(path) else {
        return;
    };
    let mods = vm.modules.clone();
    if vm.dict_get_str(&mods, "__main__").is_none() {
        if let Ok(m) = vm.new_module("__main__") {
            let d = crate::vm::attr::inst_dict(&m).unwrap();
            let bm = vm.builtins_module.clone();
            let _ = vm.dict_set_str(&d, "__builtins__", bm);
            let _ = vm.dict_set_str(&mods, "__main__", m);
        }
    }
    let Some(main) = vm.dict_get_str(&mods, "__main__") else {
        return;
    };
    let d = crate::vm::attr::inst_dict(&main).unwrap();
    let r = crate::compile::compile(vm, &source, path, "exec", false)
        .and_then(|code| vm.run_code(&code, d, None));
    if let Err(e) = r {
        crate::modules::io::flush_stdout(vm);
        let text = crate::traceback::format_exception(vm, &e.0);
        write_stderr(vm, &text);
    }
}

/// The interactive loop on `__main__` (see `crate::repl`), after the
/// program if any; its exit status.
pub fn exec_interactive(vm: &mut Vm, input: &mut dyn crate::repl::LineSource) -> i32 {
    install_sigint(vm);
    crate::modules::faulthandler::register_thread(vm);
    crate::repl::interact(vm, input)
}

/// CPython's `wait_for_thread_shutdown`: if `threading` was imported,
/// `threading._shutdown()` joins the non-daemon threads before exit.
fn wait_for_thread_shutdown(vm: &mut Vm) {
    let mods = vm.modules.clone();
    let Some(threading) = vm.dict_get_str(&mods, "threading") else {
        return;
    };
    if let Ok(Some(f)) = vm.get_attr_opt(&threading, "_shutdown") {
        if let Err(e) = vm.call(&f, &[], &[]) {
            let text = crate::traceback::format_exception(vm, &e.0);
            write_stderr(
                vm,
                &format!("Exception ignored on threading shutdown:\n{}", text),
            );
        }
    }
}

/// Imports `site` (the prompt's `exit`, `quit`, `help`, `copyright`, and
/// site-packages on `sys.path`); an error in it is reported, not fatal.
pub fn import_site(vm: &mut Vm) {
    if let Err(e) = crate::import::import_module(vm, "site") {
        let text = crate::traceback::format_exception(vm, &e.0);
        write_stderr(vm, &text);
    }
}

/// CPython's finalisation order: pending finalizers, `atexit` callbacks,
/// `__main__` cleared, the `--profile-opcodes` report, the standard
/// streams flushed (120 if stdout cannot be); the final exit status.
pub fn shutdown(vm: &mut Vm, status: i32) -> i32 {
    vm.run_finalizers();
    wait_for_thread_shutdown(vm);
    crate::modules::atexit::run_exitfuncs(vm);
    crate::modules::sys::FINALIZING.store(true, std::sync::atomic::Ordering::Relaxed);
    clear_main(vm);
    vm.run_finalizers();
    if let Some(p) = vm.op_profile.take() {
        crate::modules::io::flush_stdout(vm);
        write_stderr(vm, &p.report());
    }
    finish(vm, status)
}

/// At exit, CPython clears `__main__`'s namespace (`_PyModule_ClearDict`):
/// names starting with one underscore first, then the others except
/// `__builtins__`, each set to None — objects die and finalize in that
/// order.
fn clear_main(vm: &mut Vm) {
    let mods = vm.modules.clone();
    let Some(main) = vm.dict_get_str(&mods, "__main__") else {
        return;
    };
    let Some(d) = crate::vm::attr::inst_dict(&main) else {
        return;
    };
    let Some(dd) = downcast::<DictData>(&d) else {
        return;
    };
    for pass in 0..2 {
        let n = dd.table.borrow().positions();
        for i in 0..n {
            let key = match dd.table.borrow().entry_at(i) {
                Some(e) => e.key.clone(),
                None => continue,
            };
            let k = str_of(&key);
            let underscore = k.starts_with('_') && !k.starts_with("__");
            if (pass == 0) != underscore || k == "__builtins__" {
                continue;
            }
            let old = dd
                .table
                .borrow_mut()
                .entry_at_mut(i)
                .map(|e| std::mem::replace(&mut e.value, Value::none()));
            drop(old);
            vm.run_finalizers();
        }
    }
}

/// Ctrl-C raises KeyboardInterrupt (at the next eval-breaker check), as
/// CPython arranges at start-up with `signal.default_int_handler`.
fn install_sigint(vm: &mut Vm) {
    let Ok(m) = crate::import::import_module(vm, "_signal") else {
        return;
    };
    if let (Ok(Some(set)), Ok(Some(h))) = (
        vm.get_attr_opt(&m, "signal"),
        vm.get_attr_opt(&m, "default_int_handler"),
    ) {
        let _ = vm.call(&set, &[crate::vm::new::new_int_i64(2), h], &[]);
    }
}

/// Flushes the standard streams; 120, whatever the status was, if they
/// cannot be flushed (stdout's failure reported), as CPython's
/// `Py_RunMain` when `Py_FinalizeEx` fails.
pub fn finish(vm: &mut Vm, status: i32) -> i32 {
    let status = if crate::modules::io::flush_std_files(vm) {
        status
    } else {
        120
    };
    // The VM is about to go: the fault handler must not read it.
    crate::modules::faulthandler::finalize();
    status
}

/// Reports an uncaught exception (or handles SystemExit); the exit status.
pub fn handle_uncaught(vm: &mut Vm, e: PyErr) -> i32 {
    report_uncaught(vm, e, false)
}

/// The frames of CPython's runpy (frozen) that a module run by it has
/// under it: they head the traceback of an exception that escapes it.
const RUNPY_FRAMES: &str = "  File \"<frozen runpy>\", line 198, in _run_module_as_main\n  File \"<frozen runpy>\", line 88, in _run_code\n";

/// [`handle_uncaught`]; with `runpy`, the traceback of the exception
/// (the last one shown) starts with runpy's frames, as in CPython.
fn report_uncaught(vm: &mut Vm, e: PyErr, runpy: bool) -> i32 {
    crate::modules::io::flush_stdout(vm);
    if vm.err_matches(&e, &SYSTEM_EXIT_TYPE) {
        let code = vm
            .get_attr_opt(&e.0, "code")
            .ok()
            .flatten()
            .unwrap_or_else(Value::none);
        if code.is_none() {
            return 0;
        }
        if let Some(i) = crate::vm::ops::to_int(&code) {
            return i.to_i64().map(|x| x as i32).unwrap_or(-1);
        }
        let s = vm
            .to_str(&code)
            .map(|s| str_of(&s).to_string())
            .unwrap_or_default();
        write_stderr(vm, &format!("{}\n", s));
        return 1;
    }
    let mut text = crate::traceback::format_exception(vm, &e.0);
    if runpy {
        const HEAD: &str = "Traceback (most recent call last):\n";
        let at = if text.starts_with(HEAD) {
            Some(0)
        } else {
            text.rfind(&format!("\n{}", HEAD)).map(|i| i + 1)
        };
        if let Some(at) = at {
            text.insert_str(at + HEAD.len(), RUNPY_FRAMES);
        }
    }
    write_stderr(vm, &text);
    if vm.err_matches(&e, &KEYBOARD_INTERRUPT_TYPE) {
        // CPython ends by SIGINT itself; the shell sees 130.
        return 130;
    }
    1
}

pub fn write_stderr(vm: &mut Vm, s: &str) {
    match crate::modules::sys::stderr(vm) {
        Ok(err) => {
            if let Some(st) = crate::modules::io::native_stream(&err) {
                st.write_str(vm, s);
                st.flush();
            } else {
                let sv = vm.new_str(s);
                let _ = vm.call_method(&err, "write", &[sv]);
            }
        }
        Err(_) => {
            use std::io::Write;
            let _ = std::io::stderr().write_all(s.as_bytes());
        }
    }
    let _ = downcast::<ExcData>;
}
