//! One briefing, every requested format: analysis → render → typeset, in
//! memory. Writing the files (atomically, into the archive) is the caller's
//! job, so a failure anywhere leaves nothing half-written.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::analysis;
use crate::diagnostic::Diagnostic;
use crate::document::{self, Documents};
use crate::fonts::{self, ResolvedRole};
use crate::json;
use crate::model::{Month, Week, Workspace};
use crate::render::{TemplateError, Templates};
use crate::typeset::{TypesetError, Typesetter};

/// A week's bulletin or a month's handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Week(Week),
    Month(Month),
}

impl Period {
    /// `weekly/2026-W27` or `monthly/2026-06`.
    pub fn stem(self) -> String {
        match self {
            Period::Week(w) => format!("weekly/{w}"),
            Period::Month(m) => format!("monthly/{m}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week(w) => w.fmt(f),
            Period::Month(m) => m.fmt(f),
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Md,
    Pdf,
    Typ,
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Pdf, Format::Typ, Format::Json];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Typ => "typ",
            Format::Json => "json",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format `{s}`: use md, pdf, typ or json"))
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
    pub svg: AtomicU64,
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
            ("typeset SVG charts", ms(&self.svg)),
        ]
    }
}

impl Env {
    pub fn new(templates: Templates, typesetter: Typesetter) -> Env {
        let roles = fonts::resolve(typesetter.fonts());
        Env {
            templates,
            typesetter,
            roles,
            timings: Timings::default(),
        }
    }
}

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub rel: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Produced {
    pub outputs: Vec<Output>,
    pub warnings: Vec<Diagnostic>,
    /// The fonts the PDF is drawn with, for the manifest.
    pub fonts: Vec<crate::archive::FontRecord>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProduceError {
    #[error(transparent)]
    NoSuchPeriod(#[from] analysis::NoSuchPeriod),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("typesetting {stem}: {error}{}", details(.error))]
    Typeset { stem: String, error: TypesetError },
}

fn details(e: &TypesetError) -> String {
    e.diagnostics().iter().map(|d| format!("\n  {d}")).collect()
}

/// Produce one briefing in the given formats.
pub fn produce(
    ws: &Workspace,
    period: Period,
    formats: &[Format],
    env: &Env,
) -> Result<Produced, ProduceError> {
    let mut produced = Produced::default();
    let stem = period.stem();
    let t = &env.timings;
    let needs = needs_documents(formats);
    let wants_json = formats.contains(&Format::Json);
    let wants_markdown = formats.contains(&Format::Md);
    let (json_text, docs) = match period {
        Period::Week(w) => analyse_and_render(
            t,
            needs,
            wants_json,
            || analysis::weekly(ws, w),
            |b| document::weekly(ws, b, &env.templates, &env.roles, wants_markdown),
        )?,
        Period::Month(m) => analyse_and_render(
            t,
            needs,
            wants_json,
            || analysis::monthly(ws, m),
            |b| document::monthly(ws, b, &env.templates, &env.roles, wants_markdown),
        )?,
    };
    let typeset_error = |error| ProduceError::Typeset {
        stem: stem.clone(),
        error,
    };
    let mut docs = docs;
    if let Some(d) = &mut docs {
        let start = Instant::now();
        document::cover(&env.typesetter, ws, &env.roles, d);
        Timings::add(&t.coverage, start);
        produced.warnings.append(&mut d.warnings);
    }
    for format in formats {
        let rel = format!("{stem}.{}", format.extension());
        match (format, &docs) {
            (Format::Json, _) => produced.outputs.push(Output {
                rel,
                bytes: json_text.clone().unwrap_or_default().into_bytes(),
            }),
            (Format::Md, Some(d)) => {
                produced.outputs.push(Output {
                    rel,
                    bytes: d.markdown.clone().unwrap_or_default().into_bytes(),
                });
                let folder = stem.split('/').next().unwrap_or_default();
                let start = Instant::now();
                let svgs = document::svgs(&env.typesetter, d).map_err(typeset_error)?;
                Timings::add(&t.svg, start);
                for (file, svg) in svgs {
                    produced.outputs.push(Output {
                        rel: format!("{folder}/{file}"),
                        bytes: svg.into_bytes(),
                    });
                }
            }
            (Format::Typ, Some(d)) => produced.outputs.push(Output {
                rel,
                bytes: d.typst.clone().into_bytes(),
            }),
            (Format::Pdf, Some(d)) => {
                let start = Instant::now();
                let pdf = document::pdf(&env.typesetter, d).map_err(typeset_error)?;
                Timings::add(&t.pdf, start);
                Timings::add_duration(&t.layout, pdf.layout_time);
                Timings::add_duration(&t.export, pdf.export_time);
                produced.fonts = pdf.fonts;
                let warnings = pdf.warnings;
                produced.warnings.extend(
                    warnings
                        .into_iter()
                        .map(|w| Diagnostic::warning(format!("{stem}: {w}"))),
                );
                produced.outputs.push(Output {
                    rel,
                    bytes: pdf.bytes,
                });
            }
            _ => {}
        }
    }
    Ok(produced)
}

/// Analyse a period, then render its documents if any format needs them.
fn analyse_and_render<B: serde::Serialize>(
    t: &Timings,
    needs_documents: bool,
    needs_json: bool,
    analyse: impl FnOnce() -> Result<B, analysis::NoSuchPeriod>,
    render: impl FnOnce(&B) -> Result<Documents, TemplateError>,
) -> Result<(Option<String>, Option<Documents>), ProduceError> {
    let start = Instant::now();
    let briefing = analyse()?;
    Timings::add(&t.analysis, start);
    let start = Instant::now();
    let docs = needs_documents.then(|| render(&briefing)).transpose()?;
    let json = needs_json.then(|| json::to_json(&briefing));
    Timings::add(&t.render, start);
    Ok((json, docs))
}

fn needs_documents(formats: &[Format]) -> bool {
    formats.iter().any(|f| *f != Format::Json)
}
