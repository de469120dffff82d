//! One briefing, every requested format: analysis → view → render →
//! typeset, in memory. In: the workspace, a period and the formats; out: the
//! files to write, each with its format. Writing them (atomically, into the
//! archive) is the caller's job, so a failure anywhere leaves nothing
//! half-written.
//!
//! The PDF is a record carrying its own data (`record.rs`): the data files
//! `analysis::inputs` names, the workspace's templates and the briefing's
//! JSON, attached; unless `archive: { attach_sources: false }`.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::record;
use crate::analysis::{self, json};
use crate::archive::FontRecord;
use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::render::docx::{self, ChartImage, DocxError};
use crate::render::{self, Rendered, TemplateError, Templates};
use crate::typeset::attach::Record;
use crate::typeset::roles::{self, ResolvedRole};
use crate::typeset::{DocumentMeta, TypesetError, Typesetter, coverage, png};
use crate::view::{ChartName, MonthlyView, WeeklyView, charts};

/// Where the period of a briefing is defined; re-exported so that the build
/// and the CLI keep naming it from here.
pub use crate::analysis::Period;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Md,
    Pdf,
    Typ,
    Json,
    /// The week's checklist as a workbook (台账); a month has none.
    Xlsx,
    /// The editable DOCX (docx.md), written from the view.
    Docx,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Md,
        Format::Pdf,
        Format::Typ,
        Format::Json,
        Format::Xlsx,
        Format::Docx,
    ];

    /// The files one period's format writes, relative to the output folder:
    /// the document, and beside it the charts of a handout (PNG for the
    /// Markdown, their data for the Typst source; the DOCX embeds its own).
    pub fn files(self, period: Period) -> Vec<String> {
        let stem = period.stem();
        if self == Format::Xlsx && matches!(period, Period::Month(_)) {
            return Vec::new();
        }
        let mut files = vec![format!("{stem}.{}", self.extension())];
        if let Period::Month(m) = period {
            match self {
                Format::Md => files.extend(
                    [ChartName::Trend, ChartName::Rates, ChartName::Units]
                        .map(|c| format!("monthly/{}", c.png_file(m))),
                ),
                Format::Typ => files.push(format!("monthly/{}", charts::chart_file(m))),
                Format::Pdf | Format::Json | Format::Xlsx | Format::Docx => {}
            }
        }
        files
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Typ => "typ",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format `{s}`: use md, pdf, typ, json, xlsx or docx"))
    }
}

/// What every document of a run shares: templates, fonts, the typesetter.
pub struct Env {
    pub templates: Templates,
    pub typesetter: Typesetter,
    pub roles: Vec<ResolvedRole>,
    /// Where the time goes, summed over all documents (all threads).
    pub timings: Timings,
}

/// Time spent in each stage, in nanoseconds, summed over threads. Only for
/// `--timings`: no output ever depends on the clock.
#[derive(Debug, Default)]
pub struct Timings {
    pub analysis: AtomicU64,
    pub render: AtomicU64,
    pub coverage: AtomicU64,
    /// The whole PDF step, of which typst's layout and its PDF export:
    pub pdf: AtomicU64,
    pub layout: AtomicU64,
    pub export: AtomicU64,
    /// The charts as PNG and the DOCX.
    pub docx: AtomicU64,
}

impl Timings {
    fn add(counter: &AtomicU64, since: Instant) {
        Timings::add_duration(counter, since.elapsed());
    }

    fn add_duration(counter: &AtomicU64, d: std::time::Duration) {
        counter.fetch_add(d.as_nanos() as u64, Ordering::Relaxed);
    }

    /// Milliseconds per stage, in pipeline order.
    pub fn millis(&self) -> [(&'static str, f64); 7] {
        let ms = |c: &AtomicU64| c.load(Ordering::Relaxed) as f64 / 1e6;
        [
            ("analysis", ms(&self.analysis)),
            ("templates", ms(&self.render)),
            ("glyph coverage", ms(&self.coverage)),
            ("typeset PDF", ms(&self.pdf)),
            ("  of which typst eval + layout", ms(&self.layout)),
            ("  of which typst PDF export", ms(&self.export)),
            ("PNG charts and DOCX", ms(&self.docx)),
        ]
    }
}

impl Env {
    pub fn new(templates: Templates, typesetter: Typesetter) -> Env {
        let roles = roles::resolve(typesetter.fonts());
        Env {
            templates,
            typesetter,
            roles,
            timings: Timings::default(),
        }
    }
}

/// A file to write, relative to the output folder, and the format it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub rel: String,
    pub format: Format,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Produced {
    pub outputs: Vec<Output>,
    pub warnings: Vec<Diagnostic>,
    /// The fonts the PDF is drawn with, for the manifest.
    pub fonts: Vec<FontRecord>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProduceError {
    #[error(transparent)]
    NoSuchPeriod(#[from] analysis::NoSuchPeriod),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("writing the workbook {stem}.xlsx: {message}")]
    Xlsx { stem: String, message: String },
    #[error("typesetting {stem}: {error}{}", details(.error))]
    Typeset { stem: String, error: TypesetError },
    #[error("writing {stem}.docx: {error}")]
    Docx { stem: String, error: DocxError },
}

fn details(e: &TypesetError) -> String {
    e.diagnostics().iter().map(|d| format!("\n  {d}")).collect()
}

/// How many compilations an entry of Typst's process-wide memoisation cache
/// survives unused: it keeps what the next document reuses (the page style,
/// identical table rows) without growing through a batch. Aged after every
/// compilation, as before; measured against aging once per document, per
/// round of threads or per build in docs/performance.md (all took more memory).
const EVICT_MAX_AGE: usize = 2;

/// A document rendered from its view, with what the typesetter needs besides.
struct Document {
    rendered: Option<Rendered>,
    json: Option<String>,
    /// The 台账 (weeks only).
    xlsx: Option<Vec<u8>>,
    meta: DocumentMeta,
    /// What the PDF carries (attachments, XMP keywords).
    record: Record,
}

/// Produce one briefing in the given formats, outside an archive (the PDF
/// carries no input hash).
pub fn produce(
    ws: &Workspace,
    period: Period,
    formats: &[Format],
    env: &Env,
) -> Result<Produced, ProduceError> {
    produce_with(ws, period, formats, env, None)
}

/// Produce one briefing in the given formats; `input_hash` (the archive's
/// hash of its inputs) goes into the PDF's record.
pub fn produce_with(
    ws: &Workspace,
    period: Period,
    formats: &[Format],
    env: &Env,
    input_hash: Option<&str>,
) -> Result<Produced, ProduceError> {
    let t = &env.timings;
    let wants = |f: Format| formats.contains(&f);
    // The JSON rides in the PDF too, when the PDF carries its data.
    let attaching = wants(Format::Pdf) && ws.config().archive.attach_sources;
    let json_of = |json: String| (wants(Format::Json) || attaching).then_some(json);
    // The document's sources, for all but the JSON, the 台账 and the DOCX
    // (written from the view; a handout's DOCX needs only its charts').
    let needs_sources = formats
        .iter()
        .any(|f| !matches!(f, Format::Json | Format::Xlsx | Format::Docx));
    let fonts = roles::families(&env.roles);
    let meta = |title: &str, date| DocumentMeta {
        title: title.to_string(),
        author: ws.config().issuer.clone(),
        date,
    };
    let with_record = |mut document: Document| -> Result<Document, ProduceError> {
        if wants(Format::Pdf) {
            document.record =
                record::record(ws, period, env, document.json.as_deref(), input_hash)?;
        }
        Ok(document)
    };
    let start = Instant::now();
    match period {
        Period::Week(w) => {
            let b = analysis::weekly(ws, w)?;
            Timings::add(&t.analysis, start);
            let start = Instant::now();
            let view = WeeklyView::new(ws, fonts, w, &b);
            let rendered = needs_sources
                .then(|| render::weekly(&env.templates, &view, wants(Format::Md)))
                .transpose()?;
            let json = json_of(json::to_json(&b));
            let xlsx = wants(Format::Xlsx)
                .then(|| render::xlsx::ledger(&view))
                .transpose()
                .map_err(|e| ProduceError::Xlsx {
                    stem: period.stem(),
                    message: e.to_string(),
                })?;
            Timings::add(&t.render, start);
            let document = with_record(Document {
                rendered,
                json,
                xlsx,
                meta: meta(&view.title, view.date),
                record: Record::default(),
            })?;
            typeset(ws, period, formats, env, document, &|_| docx::weekly(&view))
        }
        Period::Month(m) => {
            let b = analysis::monthly(ws, m)?;
            Timings::add(&t.analysis, start);
            let start = Instant::now();
            let view = MonthlyView::new(ws, fonts, m, &b);
            let rendered = if needs_sources {
                Some(render::monthly(&env.templates, &view, wants(Format::Md))?)
            } else if wants(Format::Docx) {
                Some(render::monthly_charts(&env.templates, &view)?)
            } else {
                None
            };
            let json = json_of(json::to_json(&b));
            Timings::add(&t.render, start);
            let document = with_record(Document {
                rendered,
                json,
                xlsx: None,
                meta: meta(&view.title, view.date),
                record: Record::default(),
            })?;
            typeset(ws, period, formats, env, document, &|charts| {
                docx::monthly(&view, charts)
            })
        }
    }
}

/// Writes the DOCX from the view, given the charts as PNG.
type DocxWriter<'a> = dyn Fn(&[ChartImage]) -> Result<Vec<u8>, DocxError> + 'a;

/// Check glyph coverage, then typeset and collect every requested file.
fn typeset(
    ws: &Workspace,
    period: Period,
    formats: &[Format],
    env: &Env,
    mut document: Document,
    write_docx: &DocxWriter<'_>,
) -> Result<Produced, ProduceError> {
    let t = &env.timings;
    let stem = period.stem();
    let ts = &env.typesetter;
    let typeset_error = |error| ProduceError::Typeset {
        stem: stem.clone(),
        error,
    };
    let mut produced = Produced::default();
    if let Some(r) = &mut document.rendered {
        let start = Instant::now();
        produced.warnings = coverage::cover(ts.fonts(), &env.roles, ws.files(), &stem, r);
        Timings::add(&t.coverage, start);
    }
    let folder = stem.split('/').next().unwrap_or_default();
    let mut xlsx = document.xlsx.take();
    // The charts as PNG: at screen resolution beside the Markdown, at print
    // resolution in the DOCX (each format's bytes never depend on the other).
    let charts_png = |dpi: f64| -> Result<Vec<ChartImage>, ProduceError> {
        let Some(r) = &document.rendered else {
            return Ok(Vec::new());
        };
        let start = Instant::now();
        let mut pngs = Vec::new();
        for chart in &r.charts {
            let png = ts.compile_png(chart.typst.clone(), &r.files, dpi);
            ts.evict_cache(EVICT_MAX_AGE);
            let page = png.map_err(typeset_error)?.output.into_iter().next();
            pngs.push(ChartImage {
                name: chart.name,
                png: page.unwrap_or_default(),
                alt: chart.alt.clone(),
            });
        }
        Timings::add(&t.docx, start);
        Ok(pngs)
    };
    for &format in formats {
        let rel = format!("{stem}.{}", format.extension());
        let mut push = |rel: String, bytes: Vec<u8>| {
            produced.outputs.push(Output { rel, format, bytes });
        };
        match (format, &document.rendered) {
            (Format::Json, _) => push(rel, document.json.clone().unwrap_or_default().into_bytes()),
            (Format::Xlsx, _) => {
                if let Some(bytes) = xlsx.take() {
                    push(rel, bytes);
                }
            }
            (Format::Md, Some(r)) => {
                push(rel, r.markdown.clone().unwrap_or_default().into_bytes());
                let pngs = charts_png(png::SCREEN_DPI)?;
                for (chart, png) in r.charts.iter().zip(pngs) {
                    push(format!("{folder}/{}", chart.png), png.png);
                }
            }
            (Format::Docx, _) => {
                let pngs = charts_png(png::PRINT_DPI)?;
                let start = Instant::now();
                let bytes = write_docx(&pngs).map_err(|error| ProduceError::Docx {
                    stem: stem.clone(),
                    error,
                })?;
                Timings::add(&t.docx, start);
                push(rel, bytes);
            }
            (Format::Typ, Some(r)) => {
                push(rel, r.typst.clone().into_bytes());
                for (name, bytes) in &r.files {
                    push(format!("{folder}/{name}"), bytes.clone());
                }
            }
            (Format::Pdf, Some(r)) => {
                let start = Instant::now();
                let pdf =
                    ts.compile_record(r.typst.clone(), &r.files, &document.meta, &document.record);
                ts.evict_cache(EVICT_MAX_AGE);
                let pdf = pdf.map_err(typeset_error)?;
                Timings::add(&t.pdf, start);
                Timings::add_duration(&t.layout, pdf.layout_time);
                Timings::add_duration(&t.export, pdf.export_time);
                produced.fonts = font_records(ts, &pdf.fonts);
                produced.warnings.extend(
                    pdf.warnings
                        .iter()
                        .map(|w| Diagnostic::warning(format!("{stem}: {w}"))),
                );
                push(rel, pdf.output);
            }
            (_, None) => {}
        }
    }
    Ok(produced)
}

/// The fonts a PDF is drawn with, as the manifest records them.
fn font_records(ts: &Typesetter, ids: &[crate::typeset::FontId]) -> Vec<FontRecord> {
    let mut fonts: Vec<FontRecord> = ids
        .iter()
        .map(|id| {
            let f = ts.fonts().font(*id);
            FontRecord {
                family: f.family().to_string(),
                sha256: f.sha256().unwrap_or_default().to_string(),
            }
        })
        .collect();
    fonts.sort();
    fonts.dedup();
    fonts
}
