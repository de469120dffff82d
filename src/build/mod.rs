//! `kpibrief build` (and `weekly`, `monthly`): decide what is out of date,
//! produce it in parallel, and commit it to the archive.
//!
//! A briefing is rebuilt when the hash of its inputs differs from the one in
//! the manifest: the data files it reads, the templates, the workspace's
//! fonts, the formats and the tool's version. Everything is produced in
//! memory first; nothing is written when any briefing fails or when a PDF in
//! the archive would change without `--force`.

pub mod produce;
pub mod record;

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::{self, NoSuchPeriod};
use crate::archive::{
    Archive, ArchiveError, FontRecord, Kind, NewFile, Quarantined, Sha256Hex, Spool,
};
use crate::diagnostic::Diagnostic;
use crate::model::Workspace;
use crate::render::{TemplateError, Templates};
use crate::typeset::Typesetter;
use crate::typeset::font_files::WorkspaceFonts;
use crate::typeset::roles as fonts;
use produce::{Env, Format, Output, Period, ProduceError};

pub const TOOL: &str = concat!("kpibrief ", env!("CARGO_PKG_VERSION"));

pub struct Options<'a> {
    pub data: &'a Path,
    pub out: &'a Path,
    pub formats: Vec<Format>,
    /// Only these periods; `None`: every period with a data file.
    pub only: Option<Vec<Period>>,
    pub force: bool,
    pub system_fonts: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    /// Milliseconds per stage (for `--timings`): summed over threads for the
    /// production stages, wall time for the others.
    pub timings: Vec<(&'static str, f64)>,
    /// Files written (created or replaced), relative to the output folder.
    pub written: Vec<String>,
    /// Files that were already up to date.
    pub unchanged: usize,
    /// Old PDFs kept as superseded records (`--force`).
    pub superseded: Vec<String>,
    /// Tampered files found in the archive, moved to its quarantine folder
    /// and written again.
    pub quarantined: Vec<Quarantined>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A period asked for (`only`) has no data file; nothing was opened or written.
    #[error(transparent)]
    NoSuchPeriod(#[from] NoSuchPeriod),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The output folder is the workspace or inside it: the archive would
    /// become part of the data it is made from.
    #[error(
        "the output folder {} is inside the workspace {}: choose a folder outside it, or the workspace's own `out` (--out)",
        .out.display(),
        .data.display()
    )]
    OutInsideData {
        out: std::path::PathBuf,
        data: std::path::PathBuf,
    },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Produce(#[from] ProduceError),
    #[error(
        "{} archived PDF(s) would be replaced by different bytes: {}; nothing was written. The data changed since they were archived: rerun with --force to replace them (the old files are kept as superseded records)",
        .0.len(),
        .0.join(", ")
    )]
    WouldReplace(Vec<String>),
}

/// Progress of a build, for a progress bar or log lines.
pub enum Progress {
    /// `todo` briefings to produce, `skipped` already up to date.
    Planned {
        todo: usize,
        skipped: usize,
    },
    Produced {
        period: Period,
    },
    Writing {
        files: usize,
    },
}

fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256Hex::new();
    for p in parts {
        // Length-prefixed, so that the parts' boundaries are part of the hash.
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finish()
}

/// The inputs every briefing shares, hashed once.
struct Inputs {
    /// Per data file (by rel path): its hash.
    files: BTreeMap<String, String>,
    /// Tool, templates, fonts.
    common: String,
}

impl Inputs {
    fn new(
        ws: &Workspace,
        templates: &Templates,
        fonts: &WorkspaceFonts,
        system_fonts: bool,
    ) -> Inputs {
        let files = ws
            .files()
            .iter()
            .map(|(_, f)| {
                (
                    f.rel.clone(),
                    hash_parts([f.rel.as_bytes(), f.text.as_bytes()]),
                )
            })
            .collect();
        let mut parts: Vec<Vec<u8>> = vec![TOOL.as_bytes().to_vec()];
        for (name, text) in &templates.sources {
            parts.push(name.as_bytes().to_vec());
            parts.push(text.as_bytes().to_vec());
        }
        // Workspace fonts by the bytes the font set reads (through links
        // too); bundled fonts are part of the tool's version.
        for font in &fonts.files {
            parts.push(font.rel.as_bytes().to_vec());
            parts.push(font.fingerprint().into_bytes());
        }
        if system_fonts {
            // System fonts differ between machines: recorded, and (below) never skipped.
            parts.push(b"system-fonts".to_vec());
        }
        Inputs {
            files,
            common: hash_parts(parts.iter().map(Vec::as_slice)),
        }
    }

    /// The hash of everything a briefing depends on: the shared inputs, its
    /// period, and the data files the analysis says it reads.
    fn of(&self, ws: &Workspace, period: Period) -> Result<String, NoSuchPeriod> {
        let rels = analysis::inputs(ws, period)?;
        // A file the analysis would read but the workspace lacks hashes as absent.
        let hashes: Vec<&str> = rels
            .iter()
            .map(|r| self.files.get(r).map_or("absent", String::as_str))
            .collect();
        Ok(hash_parts(
            std::iter::once(self.common.as_bytes())
                .chain(std::iter::once(period.stem().as_bytes()))
                .chain(hashes.iter().map(|h| h.as_bytes())),
        ))
    }
}

/// The input hash the archive records for `period`'s file of `format` (the
/// manifest's `inputs`, and a PDF's XMP): what `verify FILE.pdf` recomputes
/// from a record's attachments.
pub fn input_hash(
    ws: &Workspace,
    templates: &Templates,
    fonts: &WorkspaceFonts,
    period: Period,
    format: Format,
) -> Result<String, NoSuchPeriod> {
    let base = Inputs::new(ws, templates, fonts, false).of(ws, period)?;
    Ok(format_inputs(&base, format))
}

fn format_inputs(base: &str, format: Format) -> String {
    hash_parts([base.as_bytes(), format.extension().as_bytes()])
}

/// Map `f` over `items` on one plain thread per core, in order.
///
/// Not rayon: typst parallelises inside each document with rayon, and a
/// rayon worker waiting there would steal another whole document, so that
/// dozens of documents end up half-made at once (gigabytes of memory at
/// province scale). Plain threads keep exactly one document per core in
/// flight, while typst still uses rayon's pool within it. The first error
/// stops the others from starting new items.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, BuildError> + Sync,
) -> Result<Vec<R>, BuildError> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<R, BuildError>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let r = f(&items[i]);
                    if r.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::with_capacity(items.len());
    for r in results.into_iter().flatten() {
        out.push(r?);
    }
    Ok(out)
}

/// One file made and waiting in the archive's temporary folder.
struct SpooledFile {
    rel: String,
    format: Format,
    spool: Spool,
}

/// A produced briefing whose files are spooled to disk.
struct Spooled {
    files: Vec<SpooledFile>,
    warnings: Vec<Diagnostic>,
    fonts: Vec<FontRecord>,
}

impl Spooled {
    fn new(archive: &Archive, p: produce::Produced) -> Result<Spooled, BuildError> {
        let files = p
            .outputs
            .into_iter()
            .map(|out: Output| {
                Ok(SpooledFile {
                    spool: archive.spool(&out.bytes)?,
                    rel: out.rel,
                    format: out.format,
                })
            })
            .collect::<Result<_, ArchiveError>>()?;
        Ok(Spooled {
            files,
            warnings: p.warnings,
            fonts: p.fonts,
        })
    }
}

/// Whether `out` is `data` or a folder inside it, symbolic links resolved
/// (`out` need not exist yet: its nearest existing ancestor is resolved and
/// the rest appended). The workspace's own `out/` is allowed: the loader
/// never reads it (see docs/decisions.md, "The archive inside the workspace").
fn out_inside(out: &Path, data: &Path) -> bool {
    let Ok(data) = data.canonicalize() else {
        return false;
    };
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut rest = Vec::new();
    let mut base = out.as_path();
    let resolved = loop {
        if let Ok(c) = base.canonicalize() {
            break c;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return false,
        }
    };
    let mut full = resolved;
    for part in rest.iter().rev() {
        full.push(part);
    }
    full.starts_with(&data) && full != data.join("out")
}

/// The periods to build: `only`, each checked to have a data file (before
/// anything is opened, so that a wrong period leaves no trace), or every
/// period with one.
fn periods(ws: &Workspace, only: Option<&[Period]>) -> Result<Vec<Period>, NoSuchPeriod> {
    match only {
        Some(only) => {
            for &period in only {
                analysis::require(ws, period)?;
            }
            Ok(only.to_vec())
        }
        None => Ok(ws
            .weeks()
            .keys()
            .map(|w| Period::Week(*w))
            .chain(ws.months().keys().map(|m| Period::Month(*m)))
            .collect()),
    }
}

pub fn run(
    ws: &Workspace,
    opts: &Options<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, BuildError> {
    let started = std::time::Instant::now();
    let periods = periods(ws, opts.only.as_deref())?;
    if out_inside(opts.out, opts.data) {
        return Err(BuildError::OutInsideData {
            out: opts.out.to_path_buf(),
            data: opts.data.to_path_buf(),
        });
    }
    let mut archive = Archive::open(opts.out)?;
    let templates = Templates::load(Some(&opts.data.join("templates")))?;
    // Read once: hashed here, typeset with below.
    let workspace_fonts = fonts::workspace_fonts(opts.data);
    let inputs = Inputs::new(ws, &templates, &workspace_fonts, opts.system_fonts);

    // What is out of date: (period, formats to make, input hash).
    let mut todo: Vec<(Period, Vec<Format>, String)> = Vec::new();
    let mut report = Report::default();
    let mut bases = Vec::with_capacity(periods.len());
    let mut wanted = Vec::new();
    for &period in &periods {
        let base = inputs.of(ws, period)?;
        for &f in &opts.formats {
            let want = format_inputs(&base, f);
            wanted.extend(f.files(period).into_iter().map(|rel| (rel, want.clone())));
        }
        bases.push(base);
    }
    // Current means the bytes on disk have the recorded hash: every file is
    // hashed (in parallel), so that a tampered one is rebuilt.
    let current_files = archive.current_of(&wanted);
    for (&period, base) in periods.iter().zip(bases) {
        let stale: Vec<Format> = opts
            .formats
            .iter()
            .copied()
            .filter(|&f| {
                let current = f
                    .files(period)
                    .iter()
                    .all(|rel| current_files.contains(rel));
                // With system fonts nothing is known to be current.
                let current = current && !opts.system_fonts;
                if current {
                    report.unchanged += f.files(period).len();
                }
                !current
            })
            .collect();
        if !stale.is_empty() {
            todo.push((period, stale, base));
        }
    }
    progress(Progress::Planned {
        todo: todo.len(),
        skipped: periods.len() - todo.len(),
    });
    report.timings.push((
        "plan (manifest, input hashes)",
        started.elapsed().as_secs_f64() * 1e3,
    ));
    if todo.is_empty() {
        return Ok(report);
    }

    // Produce everything in memory, in parallel; the font book is built once and shared.
    let start = std::time::Instant::now();
    let font_set = fonts::font_set_with(&workspace_fonts, opts.system_fonts);
    report.warnings.extend(
        font_set
            .skipped()
            .iter()
            .map(|skipped| Diagnostic::warning(skipped.to_string())),
    );
    let env = Env::new(templates, Typesetter::new(font_set));
    report.timings.push((
        "fonts (font book, once)",
        start.elapsed().as_secs_f64() * 1e3,
    ));
    let start = std::time::Instant::now();
    // Each briefing's files go to the archive's temporary folder as soon as
    // they are made, so memory holds only the briefings being typeset.
    let produced: Result<Vec<(Period, String, Spooled)>, BuildError> =
        parallel_map(&todo, |(period, formats, base)| {
            let pdf_hash = format_inputs(base, Format::Pdf);
            let p = produce::produce_with(ws, *period, formats, &env, Some(&pdf_hash))?;
            let spooled = Spooled::new(&archive, p)?;
            progress(Progress::Produced { period: *period });
            Ok((*period, base.clone(), spooled))
        });
    let produced = produced.inspect_err(|_| archive.clean())?;
    // Per-stage times are summed over the worker threads.
    {
        report.timings.extend(env.timings.millis());
    }
    report.timings.push((
        "  = producing, wall time",
        start.elapsed().as_secs_f64() * 1e3,
    ));
    let start = std::time::Instant::now();

    // Stage every file; the transaction checks the archive rules before it
    // writes anything (see archive/transaction.rs for the order of writes).
    let mut tx = archive.begin(TOOL, opts.force);
    let mut files = 0;
    for (period, base, p) in produced {
        report.warnings.extend(p.warnings);
        for out in p.files {
            let pdf = out.format == Format::Pdf;
            files += 1;
            tx.stage(NewFile {
                inputs: format_inputs(&base, out.format),
                period: period.to_string(),
                fonts: if pdf { p.fonts.clone() } else { Vec::new() },
                kind: if pdf { Kind::Record } else { Kind::Plain },
                rel: out.rel,
                spool: out.spool,
            });
        }
    }
    let conflicts = tx.conflicts();
    if !conflicts.is_empty() {
        // Dropping the transaction removes the spooled files; nothing is written.
        return Err(BuildError::WouldReplace(conflicts));
    }
    progress(Progress::Writing { files });
    let done = tx.commit()?;
    report.unchanged += done.unchanged;
    report.written = done.written;
    report.superseded = done.superseded;
    report.quarantined = done.quarantined;
    report.timings.push((
        "write (archive, manifest)",
        start.elapsed().as_secs_f64() * 1e3,
    ));
    report.written.sort();
    Ok(report)
}
