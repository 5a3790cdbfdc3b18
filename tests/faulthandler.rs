//! `faulthandler`: stacks dumped on request, on a fatal signal, after a
//! timeout and on a registered signal, in CPython 3.11's format (what
//! python3 prints for the same programs, thread numbers aside).

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};

fn pyrite() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    c.env_remove("PYTHONFAULTHANDLER");
    c
}

fn run(code: &str) -> Output {
    pyrite().args(["-c", code]).output().unwrap()
}

/// stderr with each `0x` + 16 hex digits thread number made `0xN`.
fn stderr(o: &Output) -> String {
    let s = String::from_utf8_lossy(&o.stderr).into_owned();
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let hex = &rest[i + 2..];
        let n = hex.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        assert_eq!(n, 16, "thread numbers have 16 digits: {:?}", s);
        out.push_str("0xN");
        rest = &hex[n..];
    }
    out.push_str(rest);
    out
}

#[test]
fn dump_traceback_prints_cpythons_format() {
    let o = run("import faulthandler\ndef f():\n    faulthandler.dump_traceback()\n    faulthandler.dump_traceback(all_threads=False)\nf()\nprint(faulthandler.is_enabled())\nfaulthandler.enable()\nprint(faulthandler.is_enabled(), faulthandler.disable(), faulthandler.is_enabled(), faulthandler.disable())");
    assert_eq!(
        stderr(&o),
        "Current thread 0xN (most recent call first):\n  File \"<string>\", line 3 in f\n  File \"<string>\", line 5 in <module>\nStack (most recent call first):\n  File \"<string>\", line 4 in f\n  File \"<string>\", line 5 in <module>\n"
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "False\nTrue True False False\n");
    // To a file (its descriptor), and CPython's errors.
    let o = run("import faulthandler, sys\nfaulthandler.dump_traceback(sys.stdout)\ntry:\n    faulthandler.dump_traceback(file='x')\nexcept AttributeError as e: print(e)\ntry:\n    faulthandler.enable(file=-1)\nexcept ValueError as e: print(e)\ntry:\n    faulthandler.dump_traceback_later(0)\nexcept ValueError as e: print(e)\nimport signal\ntry:\n    faulthandler.register(signal.SIGSEGV)\nexcept RuntimeError as e: print(e)");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("Current thread 0x"), "{}", out);
    assert!(out.ends_with(" (most recent call first):\n  File \"<string>\", line 2 in <module>\n'str' object has no attribute 'fileno'\nfile is not a valid file descripter\ntimeout must be greater than 0\nsignal 11 cannot be registered, use enable() instead\n"), "{}", out);
    // -X faulthandler and PYTHONFAULTHANDLER enable it at start-up.
    let probe = "import faulthandler; print(faulthandler.is_enabled())";
    let o = pyrite().args(["-X", "faulthandler", "-c", probe]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "True\n");
    let o = pyrite().env("PYTHONFAULTHANDLER", "1").args(["-c", probe]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "True\n");
}

/// A fatal signal: the header, the stacks (newest thread first, blank
/// lines between), then the process ends by the signal.
#[test]
fn fatal_signals_dump_the_stack_then_kill() {
    let o = run("import faulthandler\nfaulthandler.enable()\ndef g():\n    faulthandler._sigsegv()\ng()");
    assert_eq!(
        stderr(&o),
        "Fatal Python error: Segmentation fault\n\nCurrent thread 0xN (most recent call first):\n  File \"<string>\", line 4 in g\n  File \"<string>\", line 5 in <module>\n"
    );
    assert_eq!(o.status.signal(), Some(11));
    let o = run("import faulthandler; faulthandler.enable(all_threads=False); faulthandler._sigfpe()");
    assert_eq!(
        stderr(&o),
        "Fatal Python error: Floating point exception\n\nStack (most recent call first):\n  File \"<string>\", line 1 in <module>\n"
    );
    assert_eq!(o.status.signal(), Some(8));
    let o = pyrite().args(["-X", "faulthandler", "-c", "import faulthandler; faulthandler._sigabrt()"]).output().unwrap();
    assert_eq!(
        stderr(&o),
        "Fatal Python error: Aborted\n\nCurrent thread 0xN (most recent call first):\n  File \"<string>\", line 1 in <module>\n"
    );
    assert_eq!(o.status.signal(), Some(6));
    // A real fault (an unmapped read).
    let o = run("import faulthandler; faulthandler.enable(); faulthandler._read_null()");
    assert!(stderr(&o).starts_with("Fatal Python error: Segmentation fault\n\n"));
    assert_eq!(o.status.signal(), Some(11));
    // Without the handler the signal still ends the process.
    let o = run("import faulthandler; faulthandler._sigsegv()");
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.signal(), Some(11));
    // Two threads: the other one first.
    let o = run("import faulthandler, threading\nev = threading.Event()\ndef worker():\n    ev.wait()\nt = threading.Thread(target=worker)\nt.start()\nfaulthandler.enable()\nfaulthandler._sigsegv()");
    let err = stderr(&o);
    assert!(err.starts_with("Fatal Python error: Segmentation fault\n\nThread 0xN (most recent call first):\n  File \""), "{}", err);
    assert!(err.contains("\", line 4 in worker\n"), "{}", err);
    assert!(err.ends_with("\n\nCurrent thread 0xN (most recent call first):\n  File \"<string>\", line 8 in <module>\n"), "{}", err);
    assert_eq!(o.status.signal(), Some(11));
}

/// dump_traceback_later: "Timeout (H:MM:SS.ffffff)!" and the stacks (no
/// thread is current), repeated or not, exit=True ending with status 1;
/// register(): the stack on that signal.
#[test]
fn later_and_registered_dumps() {
    let o = run("import faulthandler, time\nfaulthandler.dump_traceback_later(0.2)\ndef f():\n    time.sleep(0.6)\nf()\nfaulthandler.dump_traceback_later(0.1, repeat=True)\nfaulthandler.cancel_dump_traceback_later()\ntime.sleep(0.3)\nfaulthandler.dump_traceback_later(0.2, exit=True)\ntime.sleep(5)\nprint('not reached')");
    assert_eq!(
        stderr(&o),
        "Timeout (0:00:00.200000)!\nThread 0xN (most recent call first):\n  File \"<string>\", line 4 in f\n  File \"<string>\", line 5 in <module>\nTimeout (0:00:00.200000)!\nThread 0xN (most recent call first):\n  File \"<string>\", line 10 in <module>\n"
    );
    assert_eq!(o.stdout, b"");
    assert_eq!(o.status.code(), Some(1));
    // A busy loop holding the GIL is stopped at a switch point and read.
    let o = run("import faulthandler, time\nfaulthandler.dump_traceback_later(0.2, exit=True)\ndef busy():\n    while True:\n        pass\nbusy()");
    assert_eq!(
        stderr(&o),
        "Timeout (0:00:00.200000)!\nThread 0xN (most recent call first):\n  File \"<string>\", line 4 in busy\n  File \"<string>\", line 6 in <module>\n"
    );
    let o = run("import faulthandler, signal, os\nfaulthandler.register(signal.SIGUSR1, all_threads=False)\ndef f():\n    os.kill(os.getpid(), signal.SIGUSR1)\nf()\nprint(faulthandler.unregister(signal.SIGUSR1), faulthandler.unregister(signal.SIGUSR1))");
    assert_eq!(
        stderr(&o),
        "Stack (most recent call first):\n  File \"<string>\", line 4 in f\n  File \"<string>\", line 5 in <module>\n"
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "True False\n");
}
