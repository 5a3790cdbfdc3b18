//! The interpreter's configuration (CPython's `PyConfig`): what the
//! command line and the environment asked for, applied to `sys` and the
//! VM before the program runs.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Options from `-X`, `-W`, the flags and `PYTHON*` variables.
#[derive(Clone, Debug)]
pub struct Config {
    pub debug: bool,
    pub inspect: bool,
    pub interactive: bool,
    pub optimize: u32,
    pub dont_write_bytecode: bool,
    pub no_user_site: bool,
    pub no_site: bool,
    pub ignore_environment: bool,
    pub verbose: u32,
    pub bytes_warning: u32,
    pub quiet: bool,
    pub isolated: bool,
    pub dev_mode: bool,
    pub utf8_mode: bool,
    /// `-X utf8[=0|1]` or `PYTHONUTF8` decided `utf8_mode` (else the
    /// locale does: the C and POSIX locales turn it on).
    pub utf8_mode_set: bool,
    /// `PYTHONIOENCODING=encoding[:errors]` (each part may be missing).
    pub stdio_encoding: Option<String>,
    pub stdio_errors: Option<String>,
    pub safe_path: bool,
    pub unbuffered: bool,
    /// `-X importtime` / `PYTHONPROFILEIMPORTTIME`.
    pub import_time: bool,
    /// `-X faulthandler` / `PYTHONFAULTHANDLER`.
    pub faulthandler: bool,
    /// -1: the default limit (4300).
    pub int_max_str_digits: i64,
    /// `PYTHONWARNINGS` entries, then `-W` options (`sys.warnoptions`).
    pub warnoptions: Vec<String>,
    /// `-X name[=value]` in order (`sys._xoptions`).
    pub xoptions: Vec<(String, Option<String>)>,
    /// `PYTHONPATH` entries, placed after `sys.path[0]`.
    pub pythonpath: Vec<String>,
    /// The process's arguments, interpreter included (`sys.orig_argv`).
    pub orig_argv: Vec<String>,
    /// `PYTHONSTARTUP`: run before the first prompt.
    pub startup: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            debug: false,
            inspect: false,
            interactive: false,
            optimize: 0,
            dont_write_bytecode: false,
            no_user_site: false,
            no_site: false,
            ignore_environment: false,
            verbose: 0,
            bytes_warning: 0,
            quiet: false,
            isolated: false,
            dev_mode: false,
            utf8_mode: false,
            utf8_mode_set: false,
            stdio_encoding: None,
            stdio_errors: None,
            safe_path: false,
            unbuffered: false,
            import_time: false,
            faulthandler: false,
            int_max_str_digits: -1,
            warnoptions: Vec::new(),
            xoptions: Vec::new(),
            pythonpath: Vec::new(),
            orig_argv: Vec::new(),
            startup: None,
        }
    }
}

impl Config {
    /// Reads the `PYTHON*` environment variables CPython reads (unless
    /// `-E`/`-I` said not to); command-line flags applied after win.
    /// `Err` is CPython's fatal error for a value it refuses.
    pub fn read_environment(&mut self) -> Result<(), String> {
        if self.ignore_environment {
            return Ok(());
        }
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(p) = var("PYTHONPATH") {
            self.pythonpath = p
                .split(':')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        // Variables that turn a switch on by being set (non-empty).
        let switches: [(&str, &mut bool); 8] = [
            ("PYTHONDONTWRITEBYTECODE", &mut self.dont_write_bytecode),
            ("PYTHONUNBUFFERED", &mut self.unbuffered),
            ("PYTHONINSPECT", &mut self.inspect),
            ("PYTHONSAFEPATH", &mut self.safe_path),
            ("PYTHONNOUSERSITE", &mut self.no_user_site),
            ("PYTHONFAULTHANDLER", &mut self.faulthandler),
            ("PYTHONPROFILEIMPORTTIME", &mut self.import_time),
            ("PYTHONDEVMODE", &mut self.dev_mode),
        ];
        for (name, flag) in switches {
            if var(name).is_some() {
                *flag = true;
            }
        }
        if let Some(v) = var("PYTHONUTF8") {
            match v.as_str() {
                "1" => self.utf8_mode = true,
                "0" => self.utf8_mode = false,
                _ => return Err(fatal_preinit(
                    "preconfig_init_utf8_mode: invalid PYTHONUTF8 environment variable value",
                )),
            }
            self.utf8_mode_set = true;
        }
        // PYTHONIOENCODING=encoding[:errors]: an encoding without errors
        // means errors 'strict' (decided with the locale, later).
        if let Ok(v) = std::env::var("PYTHONIOENCODING") {
            let (enc, errors) = match v.split_once(':') {
                Some((e, r)) => (e.to_string(), Some(r.to_string())),
                None => (v.clone(), None),
            };
            self.stdio_encoding = Some(enc).filter(|e| !e.is_empty());
            self.stdio_errors = errors.filter(|e| !e.is_empty());
        }
        // A number is a level; any other non-empty value means 1.
        let level = |v: String| v.parse::<u32>().unwrap_or(1);
        if let Some(v) = var("PYTHONOPTIMIZE") {
            self.optimize = self.optimize.max(level(v));
        }
        if let Some(v) = var("PYTHONVERBOSE") {
            self.verbose = self.verbose.max(level(v));
        }
        if let Some(v) = var("PYTHONINTMAXSTRDIGITS") {
            if let Ok(n) = v.parse::<i64>() {
                self.int_max_str_digits = n;
            }
        }
        if let Some(w) = var("PYTHONWARNINGS") {
            self.warnoptions.extend(
                w.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
        }
        self.startup = var("PYTHONSTARTUP");
        Ok(())
    }

    /// `-X name[=value]`; the options CPython gives meaning to take effect.
    pub fn add_xoption(&mut self, opt: &str) -> Result<(), String> {
        let (k, v) = match opt.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (opt.to_string(), None),
        };
        match (k.as_str(), v.as_deref()) {
            ("dev", _) => self.dev_mode = true,
            // Any value (even 0) turns it on in 3.11.
            ("importtime", _) => self.import_time = true,
            ("faulthandler", _) => self.faulthandler = true,
            ("utf8", None) | ("utf8", Some("1")) => {
                self.utf8_mode = true;
                self.utf8_mode_set = true;
            }
            ("utf8", Some("0")) => {
                self.utf8_mode = false;
                self.utf8_mode_set = true;
            }
            ("utf8", Some(_)) => {
                return Err(fatal_preinit(
                    "preconfig_init_utf8_mode: invalid -X utf8 option value",
                ))
            }
            ("int_max_str_digits", v) => {
                let n = v
                    .and_then(|v| v.parse::<i64>().ok())
                    .filter(|&n| n == 0 || n >= 640);
                match n {
                    Some(n) => self.int_max_str_digits = n,
                    None => return Err(
                        "-X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited."
                            .into(),
                    ),
                }
            }
            _ => {}
        }
        self.xoptions.push((k, v));
        Ok(())
    }
}

/// CPython's report of a configuration it refuses before starting:
/// printed as it is, status 1.
pub fn fatal_preinit(what: &str) -> String {
    format!(
        "Fatal Python error: {}\nPython runtime state: preinitializing\n\n",
        what
    )
}

/// Whether a message from [`Config::add_xoption`] or
/// [`Config::read_environment`] is a fatal error (status 1) rather than
/// a usage error (status 2).
pub fn is_fatal(msg: &str) -> bool {
    msg.starts_with("Fatal Python error: ")
}

impl Vm {
    /// The standard streams' encoding and errors from `c` (see
    /// `modules::io::configure_std_streams`); `Err` is CPython's fatal
    /// report for an unknown encoding (to print, then exit with 1).
    pub fn init_std_streams(&mut self, c: &Config) -> Result<(), String> {
        crate::modules::io::configure_std_streams(self, c).map_err(|e| {
            format!(
                "Fatal Python error: init_stdio_encoding: failed to get the Python codec name of the stdio encoding\nPython runtime state: core initialized\n{}\n\nCurrent thread {:#018x} (most recent call first):\n  <no Python frame>\n",
                e,
                // SAFETY: pthread_self has no preconditions.
                unsafe { libc::pthread_self() } as u64
            )
        })
    }

    /// Applies `c` to the VM and `sys` (before `sys.path[0]` is set).
    pub fn apply_config(&mut self, c: &Config) -> PyResult<()> {
        self.set_optimize(c.optimize);
        if c.int_max_str_digits >= 0 {
            self.int_max_str_digits = c.int_max_str_digits as usize;
        }
        crate::modules::io::set_unbuffered(c.unbuffered);
        crate::import::IMPORT_TIME.store(c.import_time, std::sync::atomic::Ordering::Relaxed);
        let frozen_off = c.xoptions.iter().any(|(k, v)| k == "frozen_modules" && v.as_deref() == Some("off"));
        crate::codecache::USE_FROZEN_STDLIB.store(!frozen_off, std::sync::atomic::Ordering::Relaxed);
        if c.faulthandler {
            crate::modules::faulthandler::enable_at_startup(self);
        }
        let sys = self.sys_module.clone().expect("sys");
        let mut effective = c.clone();
        effective.utf8_mode = crate::modules::io::utf8_mode(c);
        let flags = crate::modules::sys::flags_value(self, &effective);
        self.set_attr_str(&sys, "flags", flags)?;
        let b = Value::from_bool(c.dont_write_bytecode);
        self.set_attr_str(&sys, "dont_write_bytecode", b)?;
        // Development mode shows warnings by default ("default" first,
        // so every later option overrides it).
        let mut warnoptions = c.warnoptions.clone();
        if c.dev_mode {
            warnoptions.insert(0, "default".to_string());
        }
        let w: Vec<Value> = warnoptions.iter().map(|s| self.new_str(s)).collect();
        let w = self.new_list(w);
        self.set_attr_str(&sys, "warnoptions", w)?;
        let x = self.new_dict();
        for (k, v) in &c.xoptions {
            let val = match v {
                Some(v) => self.new_str(v),
                None => Value::from_bool(true),
            };
            let key = self.new_str(k);
            self.dict_set(&x, key, val)?;
        }
        self.set_attr_str(&sys, "_xoptions", x)?;
        let oa: Vec<Value> = c.orig_argv.iter().map(|s| self.new_str(s)).collect();
        let oa = self.new_list(oa);
        self.set_attr_str(&sys, "orig_argv", oa)?;
        let path = self.get_attr_str(&sys, "path")?;
        if let Some(l) = crate::objects::downcast::<crate::objects::ListData>(&path) {
            let items: Vec<Value> = c.pythonpath.iter().map(|p| self.new_str(p)).collect();
            let mut lv = l.items.borrow_mut();
            for (i, v) in items.into_iter().enumerate() {
                lv.insert(i, v);
            }
        }
        Ok(())
    }
}
