//! Typesetting: Typst source held in memory becomes an archival PDF
//! (PDF/A-2b, or PDF/A-3b carrying its sources: [`attach`]) or SVG pages,
//! with Typst 0.15 linked in as a library.
//!
//! - [`FontSet`]: the fonts, found once per process. Workspace fonts come
//!   first, then the fonts compiled into the binary, then (only if asked)
//!   the system's. Fonts whose licence forbids embedding are left out.
//! - [`Typesetter`]: the fonts plus Typst's standard library, built once and
//!   shared by every document. It is `Sync`, so documents can be compiled in
//!   parallel (e.g. with rayon).
//! - A private per-document [`World`] that serves the main source and nothing
//!   else: a document cannot read files (`#read("/etc/passwd")` fails) or
//!   import packages, and its `datetime.today()` is the document's date.
//!
//! The same source, metadata and fonts give a byte-identical PDF: the
//! timestamp comes from [`DocumentMeta::date`], never from the clock.

pub mod attach;
pub mod collect;
pub mod coverage;
pub mod font_files;
pub mod fonts;
pub mod png;
pub mod roles;

pub use fonts::{FontId, FontOrigin, FontSet, FontSource, SkipReason, SkippedFont};

use std::collections::BTreeSet;
use std::fmt::{self, Display, Formatter};
use std::ops::Range;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic, SourceResult, Warned};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpan, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use typst_svg::SvgOptions;

/// What the PDF's metadata says about the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    pub title: String,
    pub author: String,
    /// The creation date written into the PDF, and what `datetime.today()`
    /// returns in the document. Never the clock, so that PDFs are
    /// reproducible.
    pub date: NaiveDate,
}

/// A typeset document and what Typst had to say about it.
#[derive(Debug, Clone)]
pub struct Typeset<T> {
    pub output: T,
    /// Typst's warnings, e.g. `unknown font family: ...`.
    pub warnings: Vec<TypstMessage>,
    /// The fonts that the document's text is drawn with, for the manifest.
    pub fonts: Vec<FontId>,
    /// Time spent in typst's layout and in the export, for `--timings` only.
    pub layout_time: std::time::Duration,
    pub export_time: std::time::Duration,
}

/// A message from Typst about the main source (an error or a warning). Not a
/// [`crate::diagnostic::Diagnostic`]: it points into generated Typst, not the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstMessage {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the Typst source, if the message has a place there.
    pub range: Option<Range<usize>>,
    /// 1-based line and column (in characters) where `range` starts.
    pub line_col: Option<(usize, usize)>,
    pub hints: Vec<String>,
    /// Where the problem was reached from, innermost first, e.g.
    /// "while calling `table` at 12:3".
    pub trace: Vec<String>,
}

#[derive(Debug, Copy, Clone, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Display for TypstMessage {
    /// `12:5: error: unknown variable: foo`, then one `  hint: ...` line per
    /// hint and one `  ...` line per trace point.
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        if let Some((line, col)) = self.line_col {
            write!(f, "{line}:{col}: ")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        for point in &self.trace {
            write!(f, "\n  {point}")?;
        }
        Ok(())
    }
}

/// Why a document could not be typeset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TypesetError {
    /// The Typst source has errors (the warnings are listed too, after them).
    #[error("the Typst source does not compile:\n{}", DisplayList(.diagnostics))]
    Compile { diagnostics: Vec<TypstMessage> },
    /// The document compiled but could not be exported, e.g. a character no
    /// font can draw, which PDF/A refuses. Typst's warnings are listed too.
    #[error("the document could not be exported:\n{}", DisplayList(.diagnostics))]
    Export { diagnostics: Vec<TypstMessage> },
    /// Typst's dates are limited to years 0..=9999 (PDF dates too).
    #[error("the date {0} cannot be written in a PDF")]
    Date(NaiveDate),
    /// A chart rendered to pixels could not be encoded as PNG.
    #[error("a chart could not be encoded as PNG: {0}")]
    Png(String),
    /// An attachment's name is one the document reads its own data from,
    /// or is given twice.
    #[error("the attachment `{0}` clashes with another file of the document")]
    Attachment(String),
}

impl TypesetError {
    /// Every diagnostic, errors first.
    pub fn diagnostics(&self) -> &[TypstMessage] {
        match self {
            Self::Compile { diagnostics } | Self::Export { diagnostics } => diagnostics,
            Self::Date(_) | Self::Png(_) | Self::Attachment(_) => &[],
        }
    }
}

/// Displays diagnostics one per line.
struct DisplayList<'a>(&'a [TypstMessage]);

impl Display for DisplayList<'_> {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Fonts plus Typst's standard library: built once per process, shared by
/// every document (`&Typesetter` can be sent to other threads).
pub struct Typesetter {
    fonts: FontSet,
    /// Shared so that its hash, which Typst's memoisation checks on every
    /// compilation, is computed once (building it takes about 0.5 ms).
    library: LazyHash<Library>,
}

// Documents are typeset in parallel: keep `&Typesetter` shareable.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Typesetter>();
};

impl Typesetter {
    pub fn new(fonts: FontSet) -> Typesetter {
        Typesetter {
            fonts,
            library: LazyHash::new(Library::builder().build()),
        }
    }

    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Typesets `source` into a PDF/A-2b file.
    ///
    /// The PDF's title, author and creation date come from `meta` and win over
    /// any `set document(..)` in the source; the same source, meta and fonts
    /// give the same bytes.
    pub fn compile_pdf(
        &self,
        source: String,
        files: &[(String, Vec<u8>)],
        meta: &DocumentMeta,
    ) -> Result<Typeset<Vec<u8>>, TypesetError> {
        self.compile_record(source, files, meta, &attach::Record::default())
    }

    /// Typesets `source` into a PDF/A-3b record carrying `record`'s
    /// attachments (PDF/A-2b when it has none), with its keywords and
    /// creator in the XMP metadata. Otherwise as [`Typesetter::compile_pdf`].
    pub fn compile_record(
        &self,
        mut source: String,
        files: &[(String, Vec<u8>)],
        meta: &DocumentMeta,
        record: &attach::Record,
    ) -> Result<Typeset<Vec<u8>>, TypesetError> {
        let attaching = !record.attachments.is_empty();
        let mut files = files.to_vec();
        if attaching {
            files.extend(record.served(&files).map_err(TypesetError::Attachment)?);
            source.push_str(attach::MARKUP);
        }
        let standard = if attaching {
            PdfStandard::A_3b
        } else {
            PdfStandard::A_2b
        };
        let date = Datetime::from_ymd(
            meta.date.year(),
            meta.date.month() as u8,
            meta.date.day() as u8,
        )
        .filter(|date| date.year().is_some_and(|year| year >= 0))
        .ok_or(TypesetError::Date(meta.date))?;

        self.typeset(source, &files, Some(date), |document| {
            let keywords = (attaching || !record.keywords.is_empty()).then(|| {
                let mut keywords = record.clean_keywords();
                keywords.extend(self.font_keywords(document));
                keywords
            });
            let info = document.info_mut();
            if let Some(keywords) = keywords {
                info.keywords = keywords.into_iter().map(Into::into).collect();
            }
            info.title = (!meta.title.is_empty()).then(|| meta.title.as_str().into());
            info.author = if meta.author.is_empty() {
                Vec::new()
            } else {
                vec![meta.author.as_str().into()]
            };
            // `Auto` makes typst-pdf take the date from `PdfOptions::timestamp`.
            info.date = Smart::Auto;

            let options = PdfOptions {
                // Hashed into the PDF's /ID. The default (title and author)
                // would give every weekly bulletin the same ID.
                ident: Smart::Custom(format!("{}\n{}\n{}", meta.title, meta.author, meta.date)),
                timestamp: Some(Timestamp::new_utc(date)),
                standards: PdfStandards::new(&[standard])
                    .expect("one PDF/A standard alone is a valid list of standards"),
                creator: match &record.creator {
                    Some(creator) => Smart::Custom(Some(creator.clone())),
                    None => Smart::Auto,
                },
                ..PdfOptions::default()
            };
            typst_pdf::pdf(document, &options)
        })
    }

    /// Typesets `source` into one SVG file per page (e.g. for charts).
    /// `datetime.today()` is an error in such a source: it has no date.
    pub fn compile_svg(
        &self,
        source: String,
        files: &[(String, Vec<u8>)],
    ) -> Result<Typeset<Vec<String>>, TypesetError> {
        self.typeset(source, files, None, |document| {
            let options = SvgOptions::default();
            Ok(document
                .pages()
                .iter()
                .map(|page| typst_svg::svg(page, &options))
                .collect())
        })
    }

    /// Compiles `source` and hands the laid-out document to `export`.
    fn typeset<T>(
        &self,
        source: String,
        files: &[(String, Vec<u8>)],
        today: Option<Datetime>,
        export: impl FnOnce(&mut PagedDocument) -> SourceResult<T>,
    ) -> Result<Typeset<T>, TypesetError> {
        let started = Instant::now();
        let world = DocumentWorld::new(self, source, files, today);
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let layout_time = started.elapsed();
        let warnings = world.diagnostics(&warnings);
        let with_warnings = |errors: &[SourceDiagnostic]| {
            let mut diagnostics = world.diagnostics(errors);
            diagnostics.extend(warnings.iter().cloned());
            diagnostics
        };

        let mut document = output.map_err(|errors| TypesetError::Compile {
            diagnostics: with_warnings(&errors),
        })?;
        let fonts = self.fonts_used(&document);
        let started = Instant::now();
        let output = export(&mut document).map_err(|errors| TypesetError::Export {
            diagnostics: with_warnings(&errors),
        });
        let export_time = started.elapsed();
        drop(document);
        let output = output?;
        Ok(Typeset {
            output,
            warnings,
            fonts,
            layout_time,
            export_time,
        })
    }

    /// Typst memoises across compilations, process-wide; in a batch of large
    /// documents the cache would grow without bound. The caller that drives
    /// the compilations ages it (as typst's own CLI does after each one),
    /// keeping what was used within the last `max_age` calls. Compiling never
    /// evicts by itself: the cache is shared by every thread.
    pub fn evict_cache(&self, max_age: usize) {
        typst::comemo::evict(max_age);
    }

    /// One keyword per font the document is drawn with, so that a record
    /// says which fonts rebuilding it needs: `kpibrief:font=ORIGIN:SHA256:FAMILY`
    /// (origin `bundled`, `workspace` or `system`; never a path).
    fn font_keywords(&self, document: &PagedDocument) -> Vec<String> {
        self.fonts_used(document)
            .into_iter()
            .map(|id| {
                let font = self.fonts.font(id);
                let origin = match font.origin() {
                    FontOrigin::Bundled => "bundled",
                    FontOrigin::Workspace(_) => "workspace",
                    FontOrigin::System(_) => "system",
                };
                let family = font.family().replace(',', " ");
                let sha = font.sha256().unwrap_or("unreadable");
                format!("{}{origin}:{sha}:{family}", attach::FONT_KEYWORD)
            })
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect()
    }

    /// The fonts the document's text is drawn with, in set order.
    fn fonts_used(&self, document: &PagedDocument) -> Vec<FontId> {
        fn walk(frame: &Frame, fonts: &mut Vec<Font>) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(group) => walk(&group.frame, fonts),
                    FrameItem::Text(text) => {
                        let font = text.font.font();
                        if !fonts.iter().any(|seen| fonts::same_font(seen, font)) {
                            fonts.push(font.clone());
                        }
                    }
                    _ => {}
                }
            }
        }

        let mut fonts = Vec::new();
        for page in document.pages() {
            walk(&page.frame, &mut fonts);
        }
        let ids: BTreeSet<FontId> = fonts
            .iter()
            .filter_map(|font| self.fonts.id_of(font))
            .collect();
        ids.into_iter().collect()
    }
}

impl fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts", &self.fonts)
            .finish_non_exhaustive()
    }
}

/// The world of one document: its source, the data files it may read (the
/// charts' data, in memory), the shared fonts and library, and its date.
/// There is no file system and there are no packages.
struct DocumentWorld<'a> {
    typesetter: &'a Typesetter,
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl<'a> DocumentWorld<'a> {
    fn new(
        typesetter: &'a Typesetter,
        text: String,
        files: &[(String, Vec<u8>)],
        today: Option<Datetime>,
    ) -> Self {
        // The name only shows in Typst's own messages; every document can
        // share it, since each world serves its own source under it.
        let id = project_file("main.typ").expect("`main.typ` is a valid path");
        DocumentWorld {
            typesetter,
            main: Source::new(id, text),
            // A name that is not a valid path is simply not served.
            files: files
                .iter()
                .filter_map(|(name, bytes)| Some((project_file(name)?, Bytes::new(bytes.clone()))))
                .collect(),
            today,
        }
    }

    /// Refuses every file but the main source, without touching the disk.
    fn refuse(id: FileId) -> FileError {
        if let VirtualRoot::Package(_) = id.root() {
            FileError::Package(PackageError::Other(Some(
                "packages are not available: documents are typeset offline".into(),
            )))
        } else {
            FileError::Other(Some("documents cannot read files".into()))
        }
    }

    fn diagnostics(&self, diagnostics: &[SourceDiagnostic]) -> Vec<TypstMessage> {
        diagnostics
            .iter()
            .map(|diagnostic| self.diagnostic(diagnostic))
            .collect()
    }

    fn diagnostic(&self, diagnostic: &SourceDiagnostic) -> TypstMessage {
        let range = self.main_range(diagnostic.span);
        let at = |span: DiagSpan| {
            self.main_range(span)
                .and_then(|range| self.line_col(range.start))
        };
        TypstMessage {
            severity: match diagnostic.severity {
                typst::diag::Severity::Error => Severity::Error,
                typst::diag::Severity::Warning => Severity::Warning,
            },
            message: diagnostic.message.to_string(),
            line_col: range.as_ref().and_then(|range| self.line_col(range.start)),
            range,
            hints: diagnostic
                .hints
                .iter()
                .map(|hint| match at(hint.span) {
                    Some((line, col)) => format!("{} (at {line}:{col})", hint.v),
                    None => hint.v.to_string(),
                })
                .collect(),
            trace: diagnostic
                .trace
                .iter()
                .map(|point| match at(point.span.into()) {
                    Some((line, col)) => format!("{} at {line}:{col}", point.v),
                    None => point.v.to_string(),
                })
                .collect(),
        }
    }

    /// The byte range of `span` if it lies in the main source.
    fn main_range(&self, span: DiagSpan) -> Option<Range<usize>> {
        (span.id() == Some(self.main.id()))
            .then(|| self.range(span))
            .flatten()
    }

    /// 1-based line and column of a byte offset in the main source.
    fn line_col(&self, offset: usize) -> Option<(usize, usize)> {
        let (line, col) = self.main.lines().byte_to_line_column(offset)?;
        Some((line + 1, col + 1))
    }
}

/// A file at the project's root, as the main source names it (`json("x.json")`).
fn project_file(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(name).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.typesetter.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(Self::refuse(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            // `read("main.typ")` gives the document's own text: harmless.
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| Self::refuse(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.fonts.get(index)?.load()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // A fixed date has no time of day, so the UTC offset changes nothing.
        self.today
    }
}
