//! Where the REPL's lines come from: a terminal, with rustyline's line
//! editing, history kept in `~/.pyrite_history` and tab completion of the
//! names in `__main__` and builtins; or a pipe (`pyrite -i < file`), read
//! plainly with the prompts on stderr, as CPython does without readline.

use pyrite_vm::repl::{LineSource, Read};
use rustyline::completion::{Completer, Pair};
use rustyline::history::DefaultHistory;
use rustyline::{Context, Editor, Helper, Highlighter, Hinter, Validator};
use std::io::{BufRead, Write};

/// Completion candidates: the names visible at the prompt, refreshed
/// before each read.
#[derive(Helper, Highlighter, Hinter, Validator, Default)]
struct Names {
    names: Vec<String>,
}

impl Completer for Names {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        // The identifier being typed ends at the cursor.
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let word = &line[start..pos];
        if word.is_empty() {
            // Tab on an empty prefix indents, as CPython's completer does.
            return Ok((
                pos,
                vec![Pair {
                    display: "    ".into(),
                    replacement: "    ".into(),
                }],
            ));
        }
        let found = self
            .names
            .iter()
            .filter(|n| n.starts_with(word) && (word.starts_with('_') || !n.starts_with('_')))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            })
            .collect();
        Ok((start, found))
    }
}

/// A terminal: line editing, history, completion.
pub struct Terminal {
    editor: Editor<Names, DefaultHistory>,
    history: Option<std::path::PathBuf>,
}

impl Terminal {
    pub fn new() -> Option<Terminal> {
        let mut editor: Editor<Names, DefaultHistory> = Editor::new().ok()?;
        editor.set_helper(Some(Names::default()));
        let history =
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".pyrite_history"));
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        Some(Terminal { editor, history })
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if let Some(h) = &self.history {
            let _ = self.editor.save_history(h);
        }
    }
}

impl LineSource for Terminal {
    fn read_line(&mut self, prompt: &str, names: &[String]) -> Read {
        if let Some(h) = self.editor.helper_mut() {
            h.names = names.to_vec();
        }
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = self.editor.add_history_entry(line.as_str());
                }
                Read::Line(line)
            }
            Err(rustyline::error::ReadlineError::Interrupted) => Read::Interrupted,
            Err(_) => Read::Eof,
        }
    }
}

/// Standard input that is not a terminal. Its lock is taken for each
/// line only: the program's `input()` and `sys.stdin` read through the
/// same (shared, buffered) handle between prompts.
pub struct Pipe {}

impl Pipe {
    pub fn new() -> Pipe {
        Pipe {}
    }
}

impl LineSource for Pipe {
    fn read_line(&mut self, prompt: &str, _names: &[String]) -> Read {
        let mut err = std::io::stderr();
        let _ = err.write_all(prompt.as_bytes());
        let _ = err.flush();
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => Read::Eof,
            Ok(_) => {
                if line.ends_with('\n') {
                    line.pop();
                    if line.ends_with('\r') {
                        line.pop();
                    }
                }
                Read::Line(line)
            }
        }
    }
}
