//! Printing for the command line, never a panic and never a changed outcome.
//!
//! In: lines for standard error (messages, diagnostics) and bytes for
//! standard output (`fonts`, `completions`, `man`). Out: nothing, or for
//! standard output a [`StdoutClosed`] error.
//!
//! `eprintln!` panics when the reader of a pipe is gone (`kpibrief build -v
//! 2>&1 | head -1`), which turns a run into exit 101; letting the error stop
//! the run instead would hide its outcome (a data error must still exit 1).
//! So a failed write to standard error is remembered and later messages are
//! dropped, and the run goes on to its own exit code, as ripgrep does. Every
//! line is made safe for a terminal first ([`report::printable`]): paths and
//! messages can hold text from the data.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use kpibrief::diagnostic::report;

/// Set once a write to standard error failed: nobody reads it any more.
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

/// Write text that is already safe for a terminal (rendered diagnostics,
/// which may hold colour codes of their own) to standard error.
pub fn stderr_raw(text: &str) {
    if STDERR_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut err = std::io::stderr().lock();
    if err
        .write_all(text.as_bytes())
        .and_then(|()| err.flush())
        .is_err()
    {
        STDERR_GONE.store(true, Ordering::Relaxed);
    }
}

/// One line to standard error, its control characters escaped.
pub fn say_line(args: std::fmt::Arguments<'_>) {
    if STDERR_GONE.load(Ordering::Relaxed) {
        return;
    }
    let line = args.to_string();
    let mut text = report::printable(&line).into_owned();
    text.push('\n');
    stderr_raw(&text);
}

/// `eprintln!` that neither panics nor fails: see the module doc.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Standard output was closed by its reader: the command stops writing; it
/// has nothing left to do that would change its outcome.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct StdoutClosed;

/// Write a command's product to standard output.
pub fn stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}
