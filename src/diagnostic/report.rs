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

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFiles};

struct View<'a>(&'a SourceFiles);

impl<'a> Files<'a> for View<'a> {
    type FileId = u32;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<String, FilesError> {
        Ok(self
            .0
            .get(crate::diagnostic::FileId(id))
            .shown
            .display()
            .to_string())
    }

    fn source(&'a self, id: u32) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(crate::diagnostic::FileId(id)).text)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let starts = self.0.get(crate::diagnostic::FileId(id)).line_starts();
        Ok(starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(crate::diagnostic::FileId(id));
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn convert(d: &Diagnostic, files: &SourceFiles) -> CsDiagnostic<u32> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut out = CsDiagnostic::new(severity).with_message(&d.message);
    if let Some(span) = d.span {
        let text_len = files.get(span.file).text.len();
        let start = (span.start as usize).min(text_len);
        let end = (span.end as usize).clamp(start, text_len);
        // Point at the first line only: a mapping's span can cover a whole file.
        let line_end = files.get(span.file).text[start..end]
            .find('\n')
            .map_or(end, |i| start + i);
        out = out.with_labels(vec![
            Label::primary(span.file.0, start..line_end)
                .with_message(d.label.clone().unwrap_or_default()),
        ]);
    } else if let Some(file) = d.file {
        out = out.with_labels(vec![Label::primary(file.0, 0..0)]);
    }
    out.with_notes(d.notes.clone())
}

/// Render diagnostics as text, optionally with ANSI colours.
pub fn render(diagnostics: &Diagnostics, files: &SourceFiles, color: bool) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let view = View(files);
    let mut buffer = if color {
        term::termcolor::Buffer::ansi()
    } else {
        term::termcolor::Buffer::no_color()
    };
    for d in &diagnostics.items {
        // A rendering failure can only come from a span outside its file; show the bare message then.
        if term::emit_to_write_style(&mut buffer, &config, &view, &convert(d, files)).is_err() {
            let plain = CsDiagnostic::<u32>::new(match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
            })
            .with_message(&d.message)
            .with_notes(d.notes.clone());
            let _ = term::emit_to_write_style(&mut buffer, &config, &view, &plain);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
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
