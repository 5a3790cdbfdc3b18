//! The import system: `sys.modules`, native modules, and source modules
//! and packages found on `sys.path` (including relative imports and
//! namespace packages). Compiled-code caching arrives with issue 4.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::inst_dict;
use crate::vm::{str_of, PyErr, PyResult, Vm};
use std::path::{Path, PathBuf};

/// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`.
pub fn import_name(
    vm: &mut Vm,
    name: &Value,
    globals: &Value,
    fromlist: &Value,
    level: &Value,
) -> PyResult<Value> {
    let level = level.as_i64().unwrap_or(0);
    let name_s = str_of(name).to_string();
    let full = if level > 0 {
        resolve_relative(vm, &name_s, globals, level)?
    } else {
        name_s.clone()
    };
    if full.is_empty() {
        return Err(vm.value_error("Empty module name"));
    }
    // Import each prefix.
    let mut module = Value::none();
    let parts: Vec<&str> = full.split('.').collect();
    for i in 0..parts.len() {
        let prefix = parts[..=i].join(".");
        module = import_module(vm, &prefix)?;
    }
    let has_from = !fromlist.is_none() && vm.truthy(fromlist)?;
    if has_from {
        // Submodules named in the fromlist are imported too.
        if inst_dict(&module).map_or(false, |d| vm.dict_get_str(&d, "__path__").is_some()) {
            for f in vm.iterate(fromlist)? {
                let fs = str_of(&f).to_string();
                if fs == "*" {
                    continue;
                }
                if vm.get_attr_opt(&module, &fs)?.is_none() {
                    let sub = format!("{}.{}", full, fs);
                    match import_module(vm, &sub) {
                        Ok(_) => {}
                        // Only "that submodule does not exist" is ignored
                        // (the name is then looked up as an attribute).
                        Err(e)
                            if vm.err_matches(&e, &MODULE_NOT_FOUND_ERROR_TYPE)
                                && vm
                                    .get_attr_opt(&e.0, "name")?
                                    .is_some_and(|n| str_of(&n) == sub) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        return Ok(module);
    }
    if level > 0 && name_s.is_empty() {
        return Ok(module);
    }
    // `import a.b.c` binds `a`.
    let top = if level > 0 {
        let base_len = full.len() - name_s.len();
        let first = name_s.split('.').next().unwrap_or("");
        format!("{}{}", &full[..base_len], first)
    } else {
        parts[0].to_string()
    };
    let mods = vm.modules.clone();
    Ok(vm.dict_get_str(&mods, &top).unwrap_or(module))
}

fn resolve_relative(vm: &mut Vm, name: &str, globals: &Value, level: i64) -> PyResult<String> {
    let g = |vm: &mut Vm, k: &str| {
        if downcast::<DictData>(globals).is_some() {
            vm.dict_get_str(globals, k)
        } else {
            None
        }
    };
    let package = match g(vm, "__package__").filter(|p| !p.is_none()) {
        Some(p) => str_of(&p).to_string(),
        None => {
            let n = g(vm, "__name__")
                .map(|n| str_of(&n).to_string())
                .unwrap_or_default();
            if g(vm, "__path__").is_some() {
                n
            } else {
                n.rsplit_once('.')
                    .map(|(a, _)| a.to_string())
                    .unwrap_or_default()
            }
        }
    };
    if package.is_empty() {
        return Err(vm.new_exc(
            &IMPORT_ERROR_TYPE,
            "attempted relative import with no known parent package",
        ));
    }
    let mut base = package.as_str();
    for _ in 1..level {
        match base.rsplit_once('.') {
            Some((a, _)) => base = a,
            None => {
                return Err(vm.new_exc(
                    &IMPORT_ERROR_TYPE,
                    "attempted relative import beyond top-level package",
                ))
            }
        }
    }
    Ok(if name.is_empty() {
        base.to_string()
    } else {
        format!("{}.{}", base, name)
    })
}

fn not_found(vm: &mut Vm, name: &str) -> PyErr {
    let e = vm.new_exc(
        &MODULE_NOT_FOUND_ERROR_TYPE,
        format!("No module named '{}'", name),
    );
    let n = vm.new_str(name);
    let _ = vm.set_inst_attr(&e.0, "name", n);
    e
}

/// Imports one fully qualified module (its parent already imported).
pub fn import_module(vm: &mut Vm, full: &str) -> PyResult<Value> {
    let mods = vm.modules.clone();
    if let Some(m) = vm.dict_get_str(&mods, full) {
        if m.is_none() {
            let e = vm.new_exc(
                &MODULE_NOT_FOUND_ERROR_TYPE,
                format!("import of {} halted; None in sys.modules", full),
            );
            let n = vm.new_str(full);
            let _ = vm.set_inst_attr(&e.0, "name", n);
            return Err(e);
        }
        return Ok(m);
    }
    let m = if IMPORT_TIME.load(std::sync::atomic::Ordering::Relaxed) {
        load_timed(vm, full)?
    } else {
        load_module(vm, full)?
    };
    attach_spec(vm, full, &m);
    Ok(m)
}

/// `-X importtime` / `PYTHONPROFILEIMPORTTIME`: each module loaded is
/// reported on stderr as CPython reports it.
pub static IMPORT_TIME: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

static IMPORT_TIME_HEADER: std::sync::Once = std::sync::Once::new();

thread_local! {
    /// (nesting level, time spent in nested imports so far) of the
    /// import being timed.
    static IMPORT_TIME_STATE: std::cell::Cell<(usize, std::time::Duration)> =
        const { std::cell::Cell::new((0, std::time::Duration::ZERO)) };
}

/// [`load_module`] timed as CPython's `import_find_and_load` times it:
/// one line when the load ends (whether it succeeded or not), the time
/// of the module's own body ("self", without the nested imports it
/// made) and in all ("cumulative"), in microseconds rounded up, the
/// name indented two spaces for each level of nesting.
fn load_timed(vm: &mut Vm, full: &str) -> PyResult<Value> {
    use std::io::Write;
    IMPORT_TIME_HEADER.call_once(|| {
        let _ = std::io::stderr()
            .write_all(b"import time: self [us] | cumulative | imported package\n");
    });
    let (level, outer_nested) = IMPORT_TIME_STATE.with(|s| s.get());
    IMPORT_TIME_STATE.with(|s| s.set((level + 1, std::time::Duration::ZERO)));
    let start = std::time::Instant::now();
    let r = load_module(vm, full);
    let cumulative = start.elapsed();
    let nested = IMPORT_TIME_STATE.with(|s| s.get().1);
    let us = |d: std::time::Duration| d.as_nanos().div_ceil(1000);
    let line = format!(
        "import time: {:>9} | {:>10} | {:indent$}{}\n",
        us(cumulative.saturating_sub(nested)),
        us(cumulative),
        "",
        full,
        indent = level * 2
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    IMPORT_TIME_STATE.with(|s| s.set((level, outer_nested + cumulative)));
    r
}

/// importlib has been imported: modules get specs as they load.
static IMPORTLIB_ACTIVE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lib's importlib expects every module to carry a `__spec__` and finders
/// on `sys.meta_path` (CPython sets both up at start-up). Pyrite does it
/// when importlib is imported (`_pyrite_importer` installs the finders,
/// `activate` gives the modules already loaded their specs, `attach` each
/// one after), so programs that never use importlib do not pay.
/// A failure here leaves the module without a spec; the import stands.
fn attach_spec(vm: &mut Vm, full: &str, m: &Value) {
    use std::sync::atomic::Ordering;
    let call = |vm: &mut Vm, f: &str, args: &[Value]| {
        let mods = vm.modules.clone();
        if let Some(imp) = vm.dict_get_str(&mods, "_pyrite_importer") {
            if let Ok(Some(func)) = vm.get_attr_opt(&imp, f) {
                let _ = vm.call(&func, args, &[]);
            }
        }
    };
    if full == "importlib" && !IMPORTLIB_ACTIVE.swap(true, Ordering::SeqCst) {
        // Only importlib's users look at sys.meta_path: its finders are
        // installed now, not at start-up.
        if import_module(vm, "_pyrite_importer").is_ok() {
            call(vm, "activate", &[]);
        }
    } else if IMPORTLIB_ACTIVE.load(Ordering::SeqCst) {
        call(vm, "attach", &[m.clone()]);
    }
}

/// Loads `full` (not in `sys.modules`): a native module, a source module
/// or package, or a namespace package.
fn load_module(vm: &mut Vm, full: &str) -> PyResult<Value> {
    let mods = vm.modules.clone();
    if let Some(init) = vm.native_modules.get(full).copied() {
        let m = init(vm)?;
        vm.dict_set_str(&mods, full, m.clone())?;
        return Ok(m);
    }
    let (parent, short) = match full.rsplit_once('.') {
        Some((p, s)) => (Some(p.to_string()), s.to_string()),
        None => (None, full.to_string()),
    };
    let found = find_module(vm, full)?;
    let namespace = match found {
        Found::Package { dir, init } => {
            return load_source(vm, full, &init, Some(&dir), parent.as_deref(), &short)
        }
        Found::Module(file) => {
            return load_source(vm, full, &file, None, parent.as_deref(), &short)
        }
        Found::Namespace(dirs) => dirs,
        Found::Nothing => Vec::new(),
    };
    if !namespace.is_empty() {
        let m = vm.new_module(full)?;
        let d = inst_dict(&m).unwrap();
        let items: Vec<Value> = namespace.iter().map(|p| vm.new_str(p)).collect();
        let l = vm.new_list(items);
        vm.dict_set_str(&d, "__path__", l)?;
        let pk = vm.new_str(full);
        vm.dict_set_str(&d, "__package__", pk)?;
        vm.dict_set_str(&mods, full, m.clone())?;
        bind_in_parent(vm, parent.as_deref(), &short, &m)?;
        return Ok(m);
    }
    Err(not_found(vm, full))
}

/// Where the source of a module lives, as the path-based finder sees it.
pub enum Found {
    Package {
        dir: PathBuf,
        init: PathBuf,
    },
    Module(PathBuf),
    /// Directories of a namespace package (no `__init__.py`).
    Namespace(Vec<String>),
    Nothing,
}

/// Searches `full`'s parent package's `__path__` (the parent must be
/// imported) or `sys.path` for its source: a package directory with
/// `__init__.py`, a `NAME.py`, or namespace-package directories.
pub fn find_module(vm: &mut Vm, full: &str) -> PyResult<Found> {
    let mods = vm.modules.clone();
    let (parent, short) = match full.rsplit_once('.') {
        Some((p, s)) => (Some(p.to_string()), s.to_string()),
        None => (None, full.to_string()),
    };
    let search: Vec<String> = match &parent {
        Some(p) => {
            let pm = vm.dict_get_str(&mods, p).unwrap();
            match vm.get_attr_opt(&pm, "__path__")? {
                Some(path) => vm
                    .iterate(&path)?
                    .iter()
                    .map(|x| str_of(x).to_string())
                    .collect(),
                None => {
                    let msg = format!("No module named '{}'; '{}' is not a package", full, p);
                    let e = vm.new_exc(&MODULE_NOT_FOUND_ERROR_TYPE, msg);
                    let n = vm.new_str(full);
                    let _ = vm.set_inst_attr(&e.0, "name", n);
                    return Err(e);
                }
            }
        }
        None => {
            let sys = vm.sys_module.clone().unwrap();
            let p = vm.get_attr_str(&sys, "path")?;
            vm.iterate(&p)?
                .iter()
                .map(|x| str_of(x).to_string())
                .collect()
        }
    };
    let mut namespace: Vec<String> = Vec::new();
    for dir in &search {
        let d = if dir.is_empty() {
            PathBuf::from(".")
        } else {
            PathBuf::from(dir)
        };
        let pkg = d.join(&short);
        let init = pkg.join("__init__.py");
        if init.is_file() {
            return Ok(Found::Package { dir: pkg, init });
        }
        let file = d.join(format!("{}.py", short));
        if file.is_file() {
            return Ok(Found::Module(file));
        }
        if pkg.is_dir() {
            namespace.push(pkg.to_string_lossy().into_owned());
        } else if !d.is_dir() {
            // Not a directory: a zip archive, or a directory inside one
            // (zipimport's search order: package, module, namespace).
            if let Some((zip, prefix)) = crate::ziparchive::locate_dir(&d) {
                let inner = format!("{}{}", prefix, short);
                if zip.has_file(&format!("{}/__init__.py", inner)) {
                    return Ok(Found::Package { dir: pkg, init });
                }
                if zip.has_file(&format!("{}.py", inner)) {
                    return Ok(Found::Module(file));
                }
                if zip.has_dir(&inner) {
                    namespace.push(pkg.to_string_lossy().into_owned());
                }
            }
        }
    }
    Ok(if namespace.is_empty() {
        Found::Nothing
    } else {
        Found::Namespace(namespace)
    })
}

fn bind_in_parent(vm: &mut Vm, parent: Option<&str>, short: &str, m: &Value) -> PyResult<()> {
    if let Some(p) = parent {
        let mods = vm.modules.clone();
        if let Some(pm) = vm.dict_get_str(&mods, p) {
            vm.set_attr_str(&pm, short, m.clone())?;
        }
    }
    Ok(())
}

fn load_source(
    vm: &mut Vm,
    full: &str,
    file: &Path,
    pkg_dir: Option<&Path>,
    parent: Option<&str>,
    short: &str,
) -> PyResult<Value> {
    if std::env::var_os("PYRITE_TRACE_IMPORT").is_some() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "import {} from {}", full, file.display());
    }
    let fname = file.to_string_lossy().into_owned();
    let code = crate::codecache::load_module_code(vm, file, &fname)?;
    let m = vm.new_module(full)?;
    let d = inst_dict(&m).unwrap();
    let f = vm.new_str(&fname);
    vm.dict_set_str(&d, "__file__", f)?;
    let package = match pkg_dir {
        Some(p) => {
            let ps = vm.new_str(&p.to_string_lossy());
            let l = vm.new_list(vec![ps]);
            vm.dict_set_str(&d, "__path__", l)?;
            full.to_string()
        }
        None => parent.unwrap_or("").to_string(),
    };
    let pk = vm.new_str(&package);
    vm.dict_set_str(&d, "__package__", pk)?;
    let bm = vm.builtins_module.clone();
    vm.dict_set_str(&d, "__builtins__", bm)?;
    let mods = vm.modules.clone();
    vm.dict_set_str(&mods, full, m.clone())?;
    vm.initializing.push(full.to_string());
    let r = vm.run_code(&code, d.clone(), None);
    vm.initializing.retain(|n| n != full);
    if let Err(e) = r {
        let k = vm.new_str(full);
        let _ = vm.table_del(&downcast::<DictData>(&mods).unwrap().table, &k);
        return Err(e);
    }
    // The module may have replaced itself in sys.modules.
    let m = vm.dict_get_str(&mods, full).unwrap_or(m);
    bind_in_parent(vm, parent, short, &m)?;
    Ok(m)
}

/// `IMPORT_FROM`: `from m import name`.
pub fn import_from(vm: &mut Vm, m: &Value, name: &Value) -> PyResult<Value> {
    let n = str_of(name).to_string();
    match vm.get_attr(m, name) {
        Ok(v) => return Ok(v),
        Err(e) if vm.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) => {}
        Err(e) => return Err(e),
    }
    let modname = vm
        .get_attr_opt(m, "__name__")?
        .map(|x| str_of(&x).to_string());
    if let Some(mn) = &modname {
        let full = format!("{}.{}", mn, n);
        let mods = vm.modules.clone();
        if let Some(sub) = vm.dict_get_str(&mods, &full) {
            return Ok(sub);
        }
    }
    let file = vm
        .get_attr_opt(m, "__file__")?
        .filter(|f| !f.is_none())
        .map(|f| str_of(&f).to_string());
    let mn = modname.unwrap_or_else(|| "<unknown module name>".into());
    let msg = if vm.initializing.iter().any(|x| *x == mn) {
        format!(
            "cannot import name '{}' from partially initialized module '{}' (most likely due to a circular import) ({})",
            n,
            mn,
            file.unwrap_or_else(|| "unknown location".into())
        )
    } else {
        match file {
            Some(f) => format!("cannot import name '{}' from '{}' ({})", n, mn, f),
            None => format!(
                "cannot import name '{}' from '{}' (unknown location)",
                n, mn
            ),
        }
    };
    let e = vm.new_exc(&IMPORT_ERROR_TYPE, msg);
    let nv = vm.new_str(&mn);
    let _ = vm.set_inst_attr(&e.0, "name", nv);
    Err(e)
}

/// `from m import *`.
pub fn import_star(vm: &mut Vm, m: &Value, locals: &Value) -> PyResult<()> {
    let names: Vec<Value> = match vm.get_attr_opt(m, "__all__")? {
        Some(all) => vm.iterate(&all)?,
        None => match inst_dict(m) {
            Some(d) => vm
                .iterate(&d)?
                .into_iter()
                .filter(|k| !str_of(k).starts_with('_'))
                .collect(),
            None => Vec::new(),
        },
    };
    for n in names {
        let v = vm.get_attr(m, &n)?;
        vm.setitem(locals, n, v)?;
    }
    Ok(())
}
