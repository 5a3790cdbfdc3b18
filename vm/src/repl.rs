//! The interactive loop (CPython's `PyRun_InteractiveLoop`): read a
//! statement, line by line under `sys.ps1`/`sys.ps2`, compile it in
//! `single` mode (expression results go through `sys.displayhook`, which
//! keeps the last one in `builtins._`), run it in `__main__`, print any
//! traceback and carry on. End of input leaves; `SystemExit` leaves with
//! its status.
//!
//! Where lines come from is the caller's business ([`LineSource`]): the
//! CLI reads a terminal with line editing and history, or a pipe.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{str_of, Vm};

/// One read at a prompt.
pub enum Read {
    /// A line, without its end-of-line.
    Line(String),
    /// End of input (Ctrl-D).
    Eof,
    /// Ctrl-C at the prompt.
    Interrupted,
}

/// Supplies input lines to the loop.
pub trait LineSource {
    /// Shows `prompt` and reads one line. `names` offers the names
    /// currently visible in `__main__` and builtins, for completion.
    fn read_line(&mut self, prompt: &str, names: &[String]) -> Read;
}

/// What the buffered lines amount to.
#[derive(Debug, PartialEq, Eq)]
enum Status {
    /// Only blank lines and comments.
    Empty,
    /// A statement is still open: read more under `sys.ps2`.
    Incomplete,
    /// Ready to compile and run (or to report its SyntaxError).
    Ready,
}

/// CPython's rules for when a statement typed line by line is complete:
/// open brackets, triple-quoted strings and trailing backslashes continue
/// it; a compound statement (one with a block, even on one line) ends at a
/// blank line; a SyntaxError that
/// only says the input ended early waits for more unless the last line
/// was blank.
fn status(vm: &mut Vm, buf: &str) -> Status {
    let lines: Vec<&str> = buf.lines().collect();
    if lines.iter().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        return Status::Empty;
    }
    let last_blank = lines.last().is_none_or(|l| l.trim().is_empty());
    if !last_blank && lines.last().is_some_and(|l| l.ends_with('\\')) {
        return Status::Incomplete;
    }
    let first = lines
        .iter()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim())
        .unwrap_or("");
    // A compound statement (it has a block, even on one line) ends only
    // at a blank line; a statement continued in brackets ends with them.
    let keyword = first
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    let compound = first.ends_with(':')
        || first.starts_with('@')
        || matches!(
            keyword,
            "if" | "for" | "while" | "def" | "class" | "with" | "try" | "async"
        );
    match crate::compile::compile(vm, buf.as_bytes(), "<stdin>", "single", true) {
        Ok(_) => {
            if compound && !last_blank {
                Status::Incomplete
            } else {
                Status::Ready
            }
        }
        Err(e) => {
            let msg = vm
                .get_attr_opt(&e.0, "msg")
                .ok()
                .flatten()
                .map(|m| str_of(&m).to_string())
                .unwrap_or_default();
            let unclosed = msg.ends_with("was never closed")
                || msg.starts_with("unterminated triple-quoted string");
            let ended_early =
                msg.starts_with("expected an indented block") || msg.starts_with("unexpected EOF");
            if unclosed || (!last_blank && (ended_early || first.starts_with('@'))) {
                Status::Incomplete
            } else {
                Status::Ready
            }
        }
    }
}

/// `str(sys.<name>)`, or `default` when unset.
fn prompt(vm: &mut Vm, name: &str, default: &str) -> String {
    let Some(sys) = vm.sys_module.clone() else {
        return default.to_string();
    };
    match vm.get_attr_opt(&sys, name) {
        Ok(Some(p)) => match vm.to_str(&p) {
            Ok(s) => str_of(&s).to_string(),
            Err(_) => default.to_string(),
        },
        _ => default.to_string(),
    }
}

/// The names offered for completion: `__main__`'s globals and builtins.
fn visible_names(vm: &mut Vm, globals: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for d in [globals.clone(), vm.builtins.clone()] {
        if let Some(dd) = downcast::<DictData>(&d) {
            for e in dd.table.borrow().iter() {
                if downcast::<StrData>(&e.key).is_some() {
                    out.push(str_of(&e.key).to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The `__main__` module's namespace, creating the module if needed.
fn main_dict(vm: &mut Vm) -> Value {
    let mods = vm.modules.clone();
    if let Some(m) = vm.dict_get_str(&mods, "__main__") {
        if let Some(d) = crate::vm::attr::inst_dict(&m) {
            return d;
        }
    }
    let m = vm.new_module("__main__").expect("module");
    let d = crate::vm::attr::inst_dict(&m).unwrap();
    let bm = vm.builtins_module.clone();
    let _ = vm.dict_set_str(&d, "__builtins__", bm);
    let _ = vm.dict_set_str(&mods, "__main__", m);
    d
}

/// Runs the interactive loop until end of input or `SystemExit`; returns
/// the status to exit with (the caller finalizes).
pub fn interact(vm: &mut Vm, input: &mut dyn LineSource) -> i32 {
    let globals = main_dict(vm);
    if let Some(sys) = vm.sys_module.clone() {
        for (name, value) in [("ps1", ">>> "), ("ps2", "... ")] {
            if vm.get_attr_opt(&sys, name).ok().flatten().is_none() {
                let v = vm.new_str(value);
                let _ = vm.set_attr_str(&sys, name, v);
            }
        }
    }
    let mut buf = String::new();
    loop {
        let p = if buf.is_empty() {
            prompt(vm, "ps1", ">>> ")
        } else {
            prompt(vm, "ps2", "... ")
        };
        crate::modules::io::flush_stdout(vm);
        let names = visible_names(vm, &globals);
        match input.read_line(&p, &names) {
            Read::Eof => {
                crate::run::write_stderr(vm, "\n");
                return 0;
            }
            Read::Interrupted => {
                crate::run::write_stderr(vm, "\nKeyboardInterrupt\n");
                buf.clear();
            }
            Read::Line(line) => {
                buf.push_str(&line);
                buf.push('\n');
                match status(vm, &buf) {
                    Status::Empty => buf.clear(),
                    Status::Incomplete => {}
                    Status::Ready => {
                        let src = std::mem::take(&mut buf);
                        if let Some(code) = run_one(vm, &src, &globals) {
                            return code;
                        }
                    }
                }
            }
        }
        vm.run_finalizers();
    }
}

/// Compiles and runs one statement; `Some(status)` when it raised
/// `SystemExit`.
fn run_one(vm: &mut Vm, src: &str, globals: &Value) -> Option<i32> {
    let r = crate::compile::compile(vm, src.as_bytes(), "<stdin>", "single", true)
        .and_then(|code| vm.run_code(&code, globals.clone(), None));
    match r {
        Ok(_) => None,
        Err(e) if vm.err_matches(&e, &SYSTEM_EXIT_TYPE) => Some(crate::run::handle_uncaught(vm, e)),
        Err(e) => {
            crate::modules::io::flush_stdout(vm);
            let text = crate::traceback::format_exception(vm, &e.0);
            crate::run::write_stderr(vm, &text);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_complete_as_cpython_decides() {
        let mut vm = Vm::new();
        let cases = [
            ("1 + 1\n", Status::Ready),
            ("# just a comment\n", Status::Empty),
            ("\n", Status::Empty),
            ("if x:\n", Status::Incomplete),
            ("if x:\n    y = 1\n", Status::Incomplete),
            ("if x:\n    y = 1\n\n", Status::Ready),
            ("(1,\n", Status::Incomplete),
            ("(1,\n\n", Status::Incomplete),
            ("x = '''abc\n", Status::Incomplete),
            ("x = 1 + \\\n", Status::Incomplete),
            ("@dec\n", Status::Incomplete),
            ("x = 1 +\n", Status::Ready),
            ("if x:\n\n", Status::Ready),
            ("def f():\n    return 1\n\n", Status::Ready),
            ("f(1,\n  2)\n", Status::Ready),
            ("for i in x: print(i)\n", Status::Incomplete),
            ("format = 1\n", Status::Ready),
        ];
        for (src, want) in cases {
            assert_eq!(status(&mut vm, src), want, "{:?}", src);
        }
    }
}
