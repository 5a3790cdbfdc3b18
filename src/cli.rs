//! Command-line parsing and the ways of running Python: a file, `-c`,
//! `-m`, stdin, the interactive prompt; CPython's options and environment
//! variables (into the VM's `Config`), and Pyrite's own tool modes.

use pyrite_compiler::{ast, source, SyntaxError};
use std::io::Write;

const USAGE: &str = "usage: pyrite [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options (CPython 3.11's):
-b     : issue warnings about str(bytes_instance) and the like (-bb: errors)
-B     : don't write .pyc files on import (also PYTHONDONTWRITEBYTECODE=x)
-c cmd : program passed in as string (terminates option list)
-d     : turn on parser debugging output (accepted)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script (also PYTHONINSPECT=x)
-I     : isolate Pyrite from the user's environment (implies -E, -P and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements (also PYTHONOPTIMIZE=x)
-OO    : do -O changes and also discard docstrings
-P     : don't prepend a potentially unsafe path to sys.path (also PYTHONSAFEPATH)
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path (also PYTHONNOUSERSITE)
-S     : don't imply 'import site' at the interactive prompt
-u     : force the stdout and stderr streams to be unbuffered (also PYTHONUNBUFFERED=x)
-v     : verbose (accepted)
-V     : print the Python version number and exit (also --version)
-W arg : warning control (also PYTHONWARNINGS=arg)
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option: dev, utf8[=0|1], importtime,
         faulthandler, int_max_str_digits=N, ...
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
Other environment variables: PYTHONPATH (':'-separated directories
prefixed to the module search path), PYTHONSTARTUP (file run before the
first interactive prompt), PYTHONINTMAXSTRDIGITS, PYTHONDEVMODE, PYTHONUTF8,
PYTHONIOENCODING (encoding[:errors] of stdin/stdout/stderr),
PYTHONPROFILEIMPORTTIME, PYTHONFAULTHANDLER,
PYRITE_STDLIB (where CPython 3.11's Lib is).
Pyrite's own options:
--jit-threshold N: loop iterations before the tracing JIT compiles a loop
                 (accepted; the JIT has not landed yet)
--no-jit       : run on the interpreter only
--profile-opcodes: count the instructions the program runs; print the
                 most frequent instructions and pairs to stderr at exit
--dump-ast FILE: print ast.dump(ast.parse(source), include_attributes=True)
--symtable FILE: print FILE's symbol tables (scopes, names, CPython's flags)
--dis FILE     : compile FILE and print the disassembly of every code object
--code-info FILE: print each code object's names, locals, cells and flags
--consts FILE  : print each code object's constants
--lines FILE   : print each code object's line sequence (co_lines order)
--positions FILE : print each instruction's source span (co_positions)
";

enum Mode {
    DumpAst(String),
    Symtable(String),
    Dis(String),
    CodeInfo(String),
    Consts(String),
    Lines(String),
    Positions(String),
    Command(String),
    /// `-m MODULE`.
    Module(String),
    File(String),
    /// `-` or no program: the interactive prompt on a terminal (or with
    /// -i), else stdin is the program.
    Stdin,
    Help,
    Version,
}

/// Interpreter options that come before the program: CPython's flags
/// (into the VM's `Config`) and Pyrite's own.
#[derive(Default)]
struct Options {
    config: pyrite_vm::config::Config,
    /// `--profile-opcodes`: count instructions, report at exit.
    profile_opcodes: bool,
    /// `-x`: skip the first line of the source.
    skip_first_line: bool,
    /// `--jit-threshold N` / `--no-jit`: accepted; the tracing JIT that
    /// reads them has not landed yet.
    jit_threshold: Option<u64>,
    no_jit: bool,
}

/// Writes to the process's stderr; a failure (a closed pipe) is ignored
/// (`eprint!` would panic).
fn write_stderr(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// Writes to the process's stdout; false if that failed (a closed pipe),
/// for status 120 as CPython's when stdout cannot be flushed at exit.
fn write_stdout(s: &str) -> bool {
    let out = std::io::stdout();
    let mut l = out.lock();
    l.write_all(s.as_bytes()).and_then(|_| l.flush()).is_ok()
}

/// A command-line mistake, reported as CPython does (status 2 follows).
fn usage_error(msg: &str) {
    write_stderr(&format!(
        "{}\n{}\nTry `pyrite -h' for more information.\n",
        msg,
        USAGE.lines().next().unwrap_or("")
    ));
}

/// After reading the environment: what the command line set stands.
fn merge_flags(c: &mut pyrite_vm::config::Config, f: &pyrite_vm::config::Config) {
    c.optimize = c.optimize.max(f.optimize);
    c.verbose = c.verbose.max(f.verbose);
    c.inspect |= f.inspect;
    c.dont_write_bytecode |= f.dont_write_bytecode;
    c.unbuffered |= f.unbuffered;
    c.safe_path |= f.safe_path;
    c.no_user_site |= f.no_user_site;
    c.dev_mode |= f.dev_mode;
    c.import_time |= f.import_time;
    c.faulthandler |= f.faulthandler;
    if f.int_max_str_digits >= 0 {
        c.int_max_str_digits = f.int_max_str_digits;
    }
    if f.utf8_mode_set {
        c.utf8_mode = f.utf8_mode;
        c.utf8_mode_set = true;
    }
    // -W options come after PYTHONWARNINGS (they take precedence).
    let env_w = std::mem::take(&mut c.warnoptions);
    c.warnoptions = env_w
        .into_iter()
        .filter(|w| !f.warnoptions.contains(w))
        .collect();
    c.warnoptions.extend(f.warnoptions.iter().cloned());
}

/// Splits off the leading interpreter options, as CPython's getopt does:
/// single-letter flags may be grouped (`-OO`, `-Bu`), `-W`/`-X` take the
/// rest of their word or the next one, and `-c`/`-m` end the options
/// (handed on, as the first remaining word, to `parse_args`).
fn parse_flags(args: &[String]) -> Result<(Options, Vec<String>), String> {
    let mut o = Options::default();
    let c = &mut o.config;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "--profile-opcodes" => o.profile_opcodes = true,
            "--no-jit" => o.no_jit = true,
            "--jit-threshold" => {
                let v = args
                    .get(i + 1)
                    .ok_or("Argument expected for the --jit-threshold option")?;
                o.jit_threshold = Some(
                    v.parse()
                        .map_err(|_| format!("--jit-threshold: not a count: {}", v))?,
                );
                i += 1;
            }
            s if s.starts_with('-') && !s.starts_with("--") && s.len() > 1 => {
                let chars: Vec<char> = s[1..].chars().collect();
                let mut k = 0;
                while k < chars.len() {
                    let rest: String = chars[k + 1..].iter().collect();
                    match chars[k] {
                        'b' => c.bytes_warning += 1,
                        'B' => c.dont_write_bytecode = true,
                        'd' => c.debug = true,
                        'E' => c.ignore_environment = true,
                        'i' => {
                            c.inspect = true;
                            c.interactive = true;
                        }
                        'I' => {
                            c.isolated = true;
                            c.ignore_environment = true;
                            c.no_user_site = true;
                            c.safe_path = true;
                        }
                        'O' => c.optimize += 1,
                        'P' => c.safe_path = true,
                        'q' => c.quiet = true,
                        's' => c.no_user_site = true,
                        'S' => c.no_site = true,
                        'u' => c.unbuffered = true,
                        'v' => c.verbose += 1,
                        'x' => o.skip_first_line = true,
                        'R' => {}
                        'W' | 'X' => {
                            let val = if !rest.is_empty() {
                                rest.clone()
                            } else {
                                i += 1;
                                args.get(i).cloned().ok_or_else(|| {
                                    format!("Argument expected for the -{} option", chars[k])
                                })?
                            };
                            if chars[k] == 'W' {
                                c.warnoptions.push(val);
                            } else {
                                c.add_xoption(&val)?;
                            }
                            break;
                        }
                        // The rest is the program: -c/-m (with their
                        // argument attached or next), -h, -V, -?.
                        'c' | 'm' | 'h' | 'V' | '?' => {
                            let mut out = vec![format!("-{}{}", chars[k], rest)];
                            out.extend(args[i + 1..].iter().cloned());
                            return Ok((o, out));
                        }
                        other => return Err(format!("Unknown option: -{}", other)),
                    }
                    k += 1;
                }
            }
            _ => break,
        }
        i += 1;
    }
    Ok((o, args[i..].to_vec()))
}

fn parse_args(args: &[String]) -> Result<Mode, String> {
    let Some(a) = args.first() else {
        return Ok(Mode::Stdin);
    };
    let operand = |what: &str| {
        args.get(1)
            .cloned()
            .ok_or_else(|| format!("Argument expected for the {} option", what))
    };
    match a.as_str() {
        "-h" | "--help" | "-?" => Ok(Mode::Help),
        "-V" | "--version" => Ok(Mode::Version),
        "--dump-ast" => operand("--dump-ast").map(Mode::DumpAst),
        "--symtable" => operand("--symtable").map(Mode::Symtable),
        "--dis" => operand("--dis").map(Mode::Dis),
        "--code-info" => operand("--code-info").map(Mode::CodeInfo),
        "--consts" => operand("--consts").map(Mode::Consts),
        "--lines" => operand("--lines").map(Mode::Lines),
        "--positions" => operand("--positions").map(Mode::Positions),
        "-c" => operand("-c").map(Mode::Command),
        "-m" => operand("-m").map(Mode::Module),
        s if s.starts_with("-m") => Ok(Mode::Module(s[2..].to_string())),
        s if s.starts_with("-c") => Ok(Mode::Command(s[2..].to_string())),
        "-" => Ok(Mode::Stdin),
        s if s.starts_with('-') => Err(format!("Unknown option: {}", s)),
        _ => Ok(Mode::File(a.clone())),
    }
}

/// CPython shows the script path made absolute.
fn display_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    if p.is_absolute() {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(p).to_string_lossy().into_owned(),
        Err(_) => path.to_string(),
    }
}

/// Whether the program named is run through its `__main__` module (a
/// directory, or a zip archive whatever its name), as CPython decides by
/// asking `sys.path_hooks` for an importer for it.
fn is_main_importer(path: &str) -> bool {
    let p = std::path::Path::new(path);
    p.is_dir() || pyrite_vm::ziparchive::is_archive(p)
}

fn read_source(path: &str) -> Result<Vec<u8>, i32> {
    std::fs::read(path).map_err(|e| {
        let errno = e.raw_os_error().unwrap_or(0);
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
            _ if errno == 21 => "Is a directory".to_string(),
            _ => e.to_string(),
        };
        write_stderr(&format!(
            "pyrite: can't open file '{}': [Errno {}] {}\n",
            display_path(path),
            errno,
            what
        ));
        2
    })
}

fn report(err: &SyntaxError, filename: &str, bytes: &[u8]) -> i32 {
    let text = source::decode_source(bytes).ok();
    write_stderr(&err.render(filename, text.as_deref()));
    1
}

fn dump_ast(path: &str) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let result = pyrite_compiler::parse_source(&bytes).map(|m| ast::dump(&m));
    match result {
        Ok(text) => {
            let out = std::io::stdout();
            let mut lock = out.lock();
            if lock
                .write_all(text.as_bytes())
                .and_then(|_| lock.write_all(b"\n"))
                .and_then(|_| lock.flush())
                .is_err()
            {
                return 120;
            }
            0
        }
        Err(e) => report(&e, path, &bytes),
    }
}

fn dump_symtable(path: &str) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    // Like CPython's `symtable` module: parse and build, no other checks.
    let result = pyrite_compiler::parse_source(&bytes).and_then(|m| {
        pyrite_compiler::checks::future_parse(&m)?;
        let future = pyrite_compiler::checks::future_annotations(&m);
        pyrite_compiler::symtable::build(&m, future).map(|t| t.dump())
    });
    match result {
        Ok(text) => {
            if write_stdout(&text) {
                0
            } else {
                120
            }
        }
        Err(e) => report(&e, path, &bytes),
    }
}

/// Compile FILE and print what `show` makes of the module's code object.
fn show_code(path: &str, show: fn(&pyrite_compiler::code::CodeObject) -> String) -> i32 {
    let bytes = match read_source(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let shown = display_path(path);
    let result = pyrite_compiler::parse_source(&bytes).and_then(|m| {
        pyrite_compiler::codegen::compile_module(m, &shown, Default::default()).map(|c| show(&c))
    });
    match result {
        Ok(text) => {
            if write_stdout(&text) {
                0
            } else {
                120
            }
        }
        Err(e) => report(&e, path, &bytes),
    }
}

type Code = pyrite_compiler::code::CodeObject;

/// One line per code object, nested ones after their parent in `co_consts`
/// order (the order the parity tools walk CPython's code objects in).
fn per_code_object(code: &Code, line: fn(&Code) -> String) -> String {
    fn walk(c: &Code, line: fn(&Code) -> String, out: &mut String) {
        out.push_str(&line(c));
        out.push('\n');
        for child in c.children() {
            walk(child, line, out);
        }
    }
    let mut out = String::new();
    walk(code, line, &mut out);
    out
}

/// The attributes CPython's code objects would have.
fn code_info(code: &Code) -> String {
    per_code_object(code, |c| {
        // Lists of names as Python prints them (`['a', 'b']`).
        let list = |names: &[String]| {
            let mut s = String::from("[");
            for (i, n) in names.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                pyrite_compiler::repr::write_utf8_repr(&mut s, n);
            }
            s.push(']');
            s
        };
        format!(
            "{} {} {} args={}/{}/{} flags={:#x} stacksize={} varnames={} cellvars={} freevars={} names={}",
            c.name,
            c.qualname,
            c.firstlineno,
            c.argcount,
            c.posonlyargcount,
            c.kwonlyargcount,
            c.flags,
            c.stacksize,
            list(&c.varnames),
            list(&c.cellvars),
            list(&c.freevars),
            list(&c.names)
        )
    })
}

/// Each code object's `co_consts` (nested code objects shown by name).
fn code_consts(code: &Code) -> String {
    use pyrite_compiler::code::Constant;
    fn repr(c: &Constant) -> String {
        match c {
            Constant::Code(code) => format!("<code {}>", code.name),
            Constant::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(repr).collect();
                if items.len() == 1 {
                    format!("({},)", inner[0])
                } else {
                    format!("({})", inner.join(", "))
                }
            }
            Constant::FrozenSet(items) => {
                let mut inner: Vec<String> = items.iter().map(repr).collect();
                inner.sort();
                format!("frozenset({})", inner.join(","))
            }
            other => other.repr(),
        }
    }
    per_code_object(code, |c| {
        let items: Vec<String> = c.consts.iter().map(repr).collect();
        format!("{} [{}]", c.qualname, items.join(", "))
    })
}

/// Each code object's line sequence: the line of every run of
/// instructions in `co_lines()` order, repeats collapsed.
fn code_lines(code: &Code) -> String {
    per_code_object(code, |c| {
        let mut lines: Vec<String> = Vec::new();
        for (_, _, line) in c.lines() {
            let l = line.map_or("None".to_string(), |l| l.to_string());
            if lines.last() != Some(&l) {
                lines.push(l);
            }
        }
        format!("{} {}", c.qualname, lines.join(" "))
    })
}

/// Each code object's `co_positions()`, one `line:end_line:col:end_col`
/// per instruction (`None` for an artificial one) — what tracebacks use
/// to place their carets.
fn code_positions(code: &Code) -> String {
    per_code_object(code, |c| {
        let mut s = c.qualname.clone();
        for loc in &c.locations {
            if *loc == ast::Loc::default() {
                s.push_str(" None");
            } else {
                let col = |c: u32| {
                    if c == ast::Loc::NO_COLUMN {
                        "None".to_string()
                    } else {
                        c.to_string()
                    }
                };
                s.push_str(&format!(
                    " {}:{}:{}:{}",
                    loc.lineno,
                    loc.end_lineno,
                    col(loc.col_offset),
                    col(loc.end_col_offset)
                ));
            }
        }
        s
    })
}

/// Run a program as `__main__` on a fresh VM: `argv` becomes `sys.argv`,
/// `path0` is prepended to `sys.path` (the script's directory, or `''`).
fn run_program(
    filename: String,
    bytes: Vec<u8>,
    argv: Vec<String>,
    path0: String,
    opts: &Options,
) -> i32 {
    with_vm(argv, path0, opts, |vm| {
        let out = pyrite_vm::run::exec_main(vm, &bytes, &filename, None);
        let status = then_inspect(vm, opts, out);
        pyrite_vm::run::shutdown(vm, status)
    })
}

/// With `-i`, the prompt after the program (unless it called
/// `sys.exit()`); the status to exit with.
fn then_inspect(vm: &mut pyrite_vm::vm::Vm, opts: &Options, out: pyrite_vm::run::Outcome) -> i32 {
    if opts.config.inspect && !out.system_exit {
        return interactive(vm, opts, false, false);
    }
    out.status
}

/// The interactive prompt (`site` was imported at start-up, unless -S):
/// the banner, then lines from the terminal or a pipe.
fn interactive(vm: &mut pyrite_vm::vm::Vm, opts: &Options, banner: bool, startup: bool) -> i32 {
    use std::io::IsTerminal;
    if banner {
        write_stderr(&format!(
            "Python 3.11.7 (pyrite {}) [Rust] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
            env!("CARGO_PKG_VERSION")
        ));
    }
    // PYTHONSTARTUP runs before the first prompt of a session that has no
    // program.
    if startup {
        if let Some(path) = opts.config.startup.clone() {
            pyrite_vm::run::run_startup_file(vm, &path);
        }
    }
    if std::io::stdin().is_terminal() {
        if let Some(mut t) = crate::line_input::Terminal::new() {
            return pyrite_vm::run::exec_interactive(vm, &mut t);
        }
    }
    pyrite_vm::run::exec_interactive(vm, &mut crate::line_input::Pipe::new())
}

/// A fresh VM set up from the options, `sys.argv` and `sys.path[0]`,
/// handed to `run`; the exit status.
fn with_vm(
    argv: Vec<String>,
    path0: String,
    opts: &Options,
    run: impl FnOnce(&mut pyrite_vm::vm::Vm) -> i32,
) -> i32 {
    let mut vm = pyrite_vm::vm::Vm::new();
    let mut config = opts.config.clone();
    config.orig_argv = std::env::args().collect();
    if let Err(e) = vm.apply_config(&config) {
        return pyrite_vm::run::handle_uncaught(&mut vm, e);
    }
    if let Err(msg) = vm.init_std_streams(&config) {
        write_stderr(&msg);
        return 1;
    }
    // CPython's last step of initialisation, before the program's
    // directory goes on sys.path: `site` (site-packages, the prompt's
    // `exit`/`help`), unless -S.
    if !config.no_site {
        pyrite_vm::run::import_site(&mut vm);
    }
    // The opcode profile covers the program, not start-up.
    if opts.profile_opcodes {
        vm.op_profile = Some(Default::default());
    }
    let path0 = (!opts.config.safe_path).then_some(path0.as_str());
    if let Err(e) = vm.set_argv_and_path0(argv, path0) {
        return pyrite_vm::run::handle_uncaught(&mut vm, e);
    }
    run(&mut vm)
}

pub fn main() -> i32 {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let (mut opts, args) = match parse_flags(&all) {
        Ok(x) => x,
        Err(msg) if pyrite_vm::config::is_fatal(&msg) => {
            write_stderr(&msg);
            return 1;
        }
        Err(msg) => {
            usage_error(&msg);
            return 2;
        }
    };
    // Flags win over the environment: read it, then re-apply them.
    let flags = opts.config.clone();
    if let Err(msg) = opts.config.read_environment() {
        write_stderr(&msg);
        return 1;
    }
    merge_flags(&mut opts.config, &flags);
    let args = &args[..];
    match parse_args(args) {
        Ok(Mode::Help) => {
            if write_stdout(USAGE) {
                0
            } else {
                120
            }
        }
        Ok(Mode::Version) => {
            let v = format!("Python 3.11.7 (pyrite {})\n", env!("CARGO_PKG_VERSION"));
            if write_stdout(&v) {
                0
            } else {
                120
            }
        }
        Ok(Mode::DumpAst(path)) => dump_ast(&path),
        Ok(Mode::Symtable(path)) => dump_symtable(&path),
        Ok(Mode::Dis(path)) => show_code(&path, |c| c.disassemble()),
        Ok(Mode::CodeInfo(path)) => show_code(&path, code_info),
        Ok(Mode::Consts(path)) => show_code(&path, code_consts),
        Ok(Mode::Lines(path)) => show_code(&path, code_lines),
        Ok(Mode::Positions(path)) => show_code(&path, code_positions),
        Ok(Mode::Command(cmd)) => {
            let pos = args.iter().position(|a| a.starts_with("-c")).unwrap_or(0);
            let skip = if args[pos] == "-c" { pos + 2 } else { pos + 1 };
            let mut argv = vec!["-c".to_string()];
            argv.extend(args.iter().skip(skip).cloned());
            run_program(
                "<string>".into(),
                cmd.into_bytes(),
                argv,
                String::new(),
                &opts,
            )
        }
        Ok(Mode::Module(name)) => {
            // sys.argv[0] is '-m' while the module is looked for, then its
            // file; sys.path[0] is the working directory.
            let pos = args.iter().position(|a| a.starts_with("-m")).unwrap_or(0);
            let skip = if args[pos] == "-m" { pos + 2 } else { pos + 1 };
            let mut argv = vec!["-m".to_string()];
            argv.extend(args.iter().skip(skip).cloned());
            let cwd = std::env::current_dir()
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_default();
            with_vm(argv, cwd, &opts, |vm| {
                let out = pyrite_vm::run::exec_module(vm, &name);
                let status = then_inspect(vm, &opts, out);
                pyrite_vm::run::shutdown(vm, status)
            })
        }
        Ok(Mode::File(path)) if is_main_importer(&path) => {
            // A directory or zip archive with a `__main__.py`: it becomes
            // sys.path[0] (made absolute) even under -P, as in CPython.
            let pos = args.iter().position(|a| *a == path).unwrap_or(0);
            let mut argv = vec![path.clone()];
            argv.extend(args.iter().skip(pos + 1).cloned());
            let full = display_path(&path);
            with_vm(argv.clone(), full.clone(), &opts, |vm| {
                if opts.config.safe_path {
                    if let Err(e) = vm.set_argv_and_path0(argv, Some(&full)) {
                        return pyrite_vm::run::handle_uncaught(vm, e);
                    }
                }
                let out = pyrite_vm::run::exec_path_main(vm, &full);
                let status = then_inspect(vm, &opts, out);
                pyrite_vm::run::shutdown(vm, status)
            })
        }
        Ok(Mode::File(path)) => match read_source(&path) {
            Ok(mut bytes) => {
                if opts.skip_first_line {
                    // -x: the first line is not Python; keep the numbering.
                    let end = bytes
                        .iter()
                        .position(|&b| b == b'\n')
                        .unwrap_or(bytes.len());
                    bytes.drain(..end);
                }
                let pos = args.iter().position(|a| *a == path).unwrap_or(0);
                let mut argv = vec![path.clone()];
                argv.extend(args.iter().skip(pos + 1).cloned());
                let full = display_path(&path);
                let dir = std::path::Path::new(&full)
                    .parent()
                    .map(|d| d.to_string_lossy().into_owned())
                    .unwrap_or_default();
                run_program(full, bytes, argv, dir, &opts)
            }
            Err(code) => code,
        },
        Ok(Mode::Stdin) => {
            use std::io::{IsTerminal, Read};
            let mut argv = vec![if args.is_empty() {
                String::new()
            } else {
                "-".to_string()
            }];
            argv.extend(args.iter().skip(1).cloned());
            if std::io::stdin().is_terminal() || opts.config.inspect {
                // The interactive prompt, reading the terminal (or, with
                // -i, whatever stdin is).
                let banner = !opts.config.quiet;
                return with_vm(argv, String::new(), &opts, |vm| {
                    let status = interactive(vm, &opts, banner, true);
                    pyrite_vm::run::shutdown(vm, status)
                });
            }
            let mut bytes = Vec::new();
            if std::io::stdin().read_to_end(&mut bytes).is_err() {
                return 1;
            }
            run_program("<stdin>".into(), bytes, argv, String::new(), &opts)
        }
        Err(msg) => {
            usage_error(&msg);
            2
        }
    }
}
