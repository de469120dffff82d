//! Problems found in a workspace, with where they are.
//!
//! The loader and the checker never stop at the first problem: they collect
//! [`Diagnostic`]s, and one printer at the edge ([`crate::diagnostic::report`]) renders
//! them rustc-style against the [`SourceFiles`] they point into.

pub mod report;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors stop a run before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Index of a file in [`SourceFiles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a source file: byte range for the printer, line and column
/// (both 1-based, the column in characters) for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    /// Byte offsets (files are at most 16 MiB, so `u32` is enough and keeps diagnostics small).
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub col: u32,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file the problem is in, when there is one.
    pub file: Option<FileId>,
    /// Where in the file, when the file could be parsed that far.
    pub span: Option<Span>,
    /// A short label under the marker, e.g. "unknown key".
    pub label: Option<String>,
    /// Notes such as "expected: …", "found: …", "did you mean …?".
    pub notes: Vec<String>,
    /// A place that is not a line of a text file: a spreadsheet's cell,
    /// `returns/北塘区.xlsx: 填报!F7`. Printed as the `-->` line. (Boxed:
    /// a diagnostic is the error of many results, and stays small.)
    pub place: Option<Box<String>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            notes: Vec::new(),
            place: None,
        }
    }

    /// Point at a place outside the workspace's text files (a cell of a spreadsheet).
    pub fn at_place(mut self, place: impl Into<String>) -> Self {
        self.place = Some(Box::new(place.into()));
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.file = Some(span.file);
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn expected(self, what: impl fmt::Display) -> Self {
        self.note(format!("expected: {what}"))
    }

    pub fn found(self, what: impl fmt::Display) -> Self {
        self.note(format!("found: {what}"))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A file of the workspace as it was read, for pointing into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the workspace root, with `/` separators (stable across machines).
    pub rel: String,
    /// Path as shown to the user: the workspace folder as given, joined with `rel`.
    pub shown: PathBuf,
    /// The text after decoding (byte-order mark removed, CRLF folded to LF);
    /// empty when the file could not be decoded.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(rel: String, shown: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            rel,
            shown,
            text,
            line_starts,
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset(&self, line: usize, col_chars: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .take_while(|&(_, c)| c != '\n')
            .nth(col_chars)
            .map_or_else(
                || start + rest.find('\n').unwrap_or(rest.len()),
                |(i, _)| start + i,
            )
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (line as u32, col as u32)
    }
}

/// Every file read, indexed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

impl SourceFiles {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn find(&self, rel: &str) -> Option<FileId> {
        self.iter().find(|(_, f)| f.rel == rel).map(|(id, _)| id)
    }

    /// Span covering a whole file's first line, for file-level problems.
    pub fn file_start(&self, id: FileId) -> Span {
        let f = self.get(id);
        let end = f.text.find('\n').unwrap_or(f.text.len());
        Span {
            file: id,
            start: 0,
            end: end as u32,
            line: 1,
            col: 1,
        }
    }

    /// Where a span is, as `path:line:column`.
    pub fn locate(&self, span: Span) -> String {
        format!(
            "{}:{}:{}",
            self.get(span.file).shown.display(),
            span.line,
            span.col
        )
    }
}

/// Shown path of a file inside a workspace, with `/` separators.
pub fn shown_path(root: &Path, rel: &str) -> PathBuf {
    let mut p = root.to_path_buf();
    for part in rel.split('/') {
        p.push(part);
    }
    p
}

/// The diagnostics of a run, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sort by file, position, then severity, so output does not depend on
    /// the order checks ran in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.map_or(u32::MAX, |f| f.0),
                    d.span.map_or(0, |s| s.start),
                    d.severity,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.items.dedup();
    }
}
