//! The one place diagnostics are turned into text, rustc-style:
//!
//! ```text
//! error: unknown key `ful_score` in an indicator
//!   --> data/indicators.yaml:4:5
//!    |
//!  4 |     ful_score: 10
//!    |     ^^^^^^^^^ unknown key
//!    |
//!    = help: did you mean `full_score`?
//! ```
//!
//! Everything printed comes from the data, so it is made safe for a
//! terminal first: control characters (an escape sequence that retitles the
//! window or recolours the screen) and bidirectional controls are shown
//! escaped, as `\u{1b}`, and a long source line is cut around its marker
//! (the column in the `-->` line stays the real one).

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};

use crate::check::freetext::is_bidi_control;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFiles};

/// Characters of a source line kept before the marker, and after it.
const CONTEXT_CHARS: usize = 60;
/// Characters of the marked text shown at most.
const MARKED_CHARS: usize = 80;

/// `text` safe to print on a terminal: every control character but the line
/// break and the tab, and every bidirectional control, written as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The one source line a diagnostic shows, escaped and cut to size, with
/// its real name, line and column for the `-->` line.
struct Excerpt {
    name: String,
    text: String,
    line: usize,
    col: usize,
}

impl Excerpt {
    /// The line holding `start` in `file`, and the marked range in the excerpt.
    fn new(
        files: &SourceFiles,
        file: crate::diagnostic::FileId,
        range: Range<usize>,
    ) -> (Excerpt, Range<usize>) {
        let f = files.get(file);
        let starts = f.line_starts();
        let index = starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        let line_start = starts.get(index).copied().unwrap_or(0).min(range.start);
        let line_end = f.text[line_start..]
            .find('\n')
            .map_or(f.text.len(), |i| line_start + i);
        let end = range.end.clamp(range.start, line_end);
        let before = &f.text[line_start..range.start];
        let marked = &f.text[range.start..end];
        let after = &f.text[end..line_end];

        let mut text = String::new();
        let skipped = before.chars().count().saturating_sub(CONTEXT_CHARS);
        if skipped > 0 {
            text.push('…');
        }
        text.push_str(&printable(
            &before.chars().skip(skipped).collect::<String>(),
        ));
        let mark_start = text.len();
        let marked_cut = marked.chars().count() > MARKED_CHARS;
        text.push_str(&printable(
            &marked.chars().take(MARKED_CHARS).collect::<String>(),
        ));
        let mark_end = text.len();
        if marked_cut {
            text.push('…');
        } else {
            let shown: String = after.chars().take(CONTEXT_CHARS).collect();
            text.push_str(&printable(&shown));
            if shown.len() < after.len() {
                text.push('…');
            }
        }
        let excerpt = Excerpt {
            name: printable(&f.shown.display().to_string()).into_owned(),
            text,
            line: index + 1,
            col: before.chars().count() + 1,
        };
        (excerpt, mark_start..mark_end)
    }
}

/// The excerpts of one run, as codespan's files: each is one line, shown
/// with the line and column it has in its real file.
struct View(Vec<Excerpt>);

impl<'a> Files<'a> for View {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, id: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.get(id)?.line)
    }

    fn column_number(&'a self, id: usize, _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.get(id)?.col)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index != 0 {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: 0,
            });
        }
        Ok(0..self.get(id)?.text.len())
    }
}

impl View {
    fn get(&self, id: usize) -> Result<&Excerpt, FilesError> {
        self.0.get(id).ok_or(FilesError::FileMissing)
    }
}

fn severity(d: &Diagnostic) -> CsSeverity {
    match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    }
}

fn notes(d: &Diagnostic) -> Vec<String> {
    d.notes.iter().map(|n| printable(n).into_owned()).collect()
}

fn convert(d: &Diagnostic, files: &SourceFiles, view: &mut View) -> CsDiagnostic<usize> {
    let out = CsDiagnostic::new(severity(d)).with_message(printable(&d.message));
    let range = match (d.span, d.file) {
        (Some(span), _) => {
            let text_len = files.get(span.file).text.len();
            let start = (span.start as usize).min(text_len);
            let end = (span.end as usize).clamp(start, text_len);
            Some((span.file, start..end))
        }
        (None, Some(file)) => Some((file, 0..0)),
        (None, None) => None,
    };
    let out = match range {
        Some((file, range))
            if files.get(file).text.is_char_boundary(range.start)
                && files.get(file).text.is_char_boundary(range.end) =>
        {
            // Point at the first line only: a mapping's span can cover a whole file.
            let (excerpt, marked) = Excerpt::new(files, file, range);
            view.0.push(excerpt);
            let label = d.label.as_deref().map(printable).unwrap_or_default();
            out.with_labels(vec![
                Label::primary(view.0.len() - 1, marked).with_message(label),
            ])
        }
        _ => out,
    };
    out.with_notes(notes(d))
}

/// Render diagnostics as text, optionally with ANSI colours.
pub fn render(diagnostics: &Diagnostics, files: &SourceFiles, color: bool) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut view = View(Vec::new());
    let mut buffer = if color {
        term::termcolor::Buffer::ansi()
    } else {
        term::termcolor::Buffer::no_color()
    };
    for d in &diagnostics.items {
        if let Some(place) = d.place.as_deref() {
            emit_at_place(&mut buffer, &config, &view, d, place);
            continue;
        }
        let converted = convert(d, files, &mut view);
        // A rendering failure can only come from a span outside its file; show the bare message then.
        if term::emit_to_write_style(&mut buffer, &config, &view, &converted).is_err() {
            let plain = CsDiagnostic::<usize>::new(severity(d))
                .with_message(printable(&d.message))
                .with_notes(notes(d));
            let _ = term::emit_to_write_style(&mut buffer, &config, &view, &plain);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A diagnostic whose place is a spreadsheet cell, in the same layout:
/// the message, `--> file: sheet!cell`, then the notes.
fn emit_at_place(
    buffer: &mut term::termcolor::Buffer,
    config: &Config,
    view: &View,
    d: &Diagnostic,
    place: &str,
) {
    use std::io::Write as _;
    let head = CsDiagnostic::<usize>::new(severity(d)).with_message(printable(&d.message));
    // codespan ends a diagnostic with a blank line; the place follows the message directly.
    let mut first = if term::termcolor::WriteColor::supports_color(buffer) {
        term::termcolor::Buffer::ansi()
    } else {
        term::termcolor::Buffer::no_color()
    };
    let _ = term::emit_to_write_style(&mut first, config, view, &head);
    let bytes = first.as_slice();
    let _ = buffer.write_all(bytes.strip_suffix(b"\n").unwrap_or(bytes));
    let _ = writeln!(buffer, "  --> {}", printable(place));
    if let Some(label) = &d.label {
        let _ = writeln!(buffer, "   |\n   = {}", printable(label));
    } else if !d.notes.is_empty() {
        let _ = writeln!(buffer, "   |");
    }
    for n in notes(d) {
        let _ = writeln!(buffer, "   = {n}");
    }
    let _ = writeln!(buffer);
}

/// One line that sums a run's diagnostics up, e.g. "2 errors, 1 warning".
pub fn summary(diagnostics: &Diagnostics) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(diagnostics.error_count(), "error"),
        plural(diagnostics.warning_count(), "warning")
    )
}
