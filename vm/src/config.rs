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
    pub safe_path: bool,
    pub unbuffered: bool,
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
            safe_path: false,
            unbuffered: false,
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
    pub fn read_environment(&mut self) {
        if self.ignore_environment {
            return;
        }
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(p) = var("PYTHONPATH") {
            self.pythonpath = p
                .split(':')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        if var("PYTHONDONTWRITEBYTECODE").is_some() {
            self.dont_write_bytecode = true;
        }
        if var("PYTHONUNBUFFERED").is_some() {
            self.unbuffered = true;
        }
        if var("PYTHONINSPECT").is_some() {
            self.inspect = true;
        }
        if var("PYTHONSAFEPATH").is_some() {
            self.safe_path = true;
        }
        if var("PYTHONNOUSERSITE").is_some() {
            self.no_user_site = true;
        }
        if var("PYTHONDEVMODE").is_some() {
            self.dev_mode = true;
        }
        if let Some(v) = var("PYTHONUTF8") {
            self.utf8_mode = v == "1";
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
    }

    /// `-X name[=value]`; the options CPython gives meaning to take effect.
    pub fn add_xoption(&mut self, opt: &str) -> Result<(), String> {
        let (k, v) = match opt.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (opt.to_string(), None),
        };
        match (k.as_str(), v.as_deref()) {
            ("dev", _) => self.dev_mode = true,
            ("utf8", None) | ("utf8", Some("1")) => self.utf8_mode = true,
            ("utf8", Some("0")) => self.utf8_mode = false,
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

impl Vm {
    /// Applies `c` to the VM and `sys` (before `sys.path[0]` is set).
    pub fn apply_config(&mut self, c: &Config) -> PyResult<()> {
        self.set_optimize(c.optimize);
        if c.int_max_str_digits >= 0 {
            self.int_max_str_digits = c.int_max_str_digits as usize;
        }
        crate::modules::io::set_unbuffered(c.unbuffered);
        let sys = self.sys_module.clone().expect("sys");
        let flags = crate::modules::sys::flags_value(self, c);
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
