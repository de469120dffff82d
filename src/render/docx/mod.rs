//! The editable document (DOCX) of a bulletin or a handout, for leaders who
//! edit its wording in WPS or Word before it is issued (`shared/spec/docx.md`).
//!
//! In: a [`WeeklyView`] or a [`MonthlyView`] (the same typed view the PDF and
//! the Markdown are made from) and, for a handout, its charts as PNG. Out: the
//! bytes of a DOCX, the same for the same view.
//!
//! The modules, in the order a document is put together:
//! - [`page`]: the section (A4, margins, the 22 × 28 grid) and the footers
//!   with their PAGE fields, odd pages right and even pages left;
//! - [`styles`]: the fonts, paragraph and character styles, heading numbering;
//! - [`blocks`]: masthead, title, paragraphs, headings, images, the 版记;
//! - [`table`]: tables whose header repeats and whose rows do not split;
//! - [`text`]: free text (Markdown) as paragraphs and runs;
//! - [`body`]: the mapping from the view to the blocks, one function per
//!   document, mirroring `templates/weekly.typ` and `monthly.typ`;
//! - [`package`]: what docx-rs cannot express, patched into its parts, and
//!   the zip.

mod blocks;
mod body;
mod package;
mod page;
mod styles;
mod table;
mod text;

use crate::view::{ChartName, MonthlyView, WeeklyView};

/// Why a DOCX could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The zip writer failed (in memory: only on exhausted memory).
    #[error("writing the DOCX package: {0}")]
    Package(String),
    /// A part docx-rs wrote is not the XML it should be.
    #[error("rewriting the DOCX part {part}: {message}")]
    Part { part: &'static str, message: String },
    /// A chart is not a PNG image.
    #[error("the chart `{0}` is not a PNG image")]
    Image(&'static str),
}

/// A chart of a handout, as the PNG the DOCX embeds.
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub name: ChartName,
    pub png: Vec<u8>,
    /// Every figure of the chart in words (the view's `Chart::alt`): the
    /// image's description, for a reader that cannot see it.
    pub alt: String,
}

/// The bulletin as a DOCX.
pub fn weekly(view: &WeeklyView<'_>) -> Result<Vec<u8>, DocxError> {
    let doc = blocks::Doc::new();
    let doc = body::weekly(doc, view)?;
    package::write(doc, &view.title, view.masthead.issuer, view.date)
}

/// The handout as a DOCX, with its charts.
pub fn monthly(view: &MonthlyView<'_>, charts: &[ChartImage]) -> Result<Vec<u8>, DocxError> {
    let doc = blocks::Doc::new();
    let doc = body::monthly(doc, view, charts)?;
    package::write(doc, &view.title, view.masthead.issuer, view.date)
}
