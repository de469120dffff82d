//! `kpibrief extract FILE.pdf --out DIR`: a record's attached sources
//! written back as the workspace they were read from.
//!
//! In: a PDF's bytes and a folder that is absent or empty. Out: the folder,
//! holding every attachment of relationship `Source` under its name (the
//! briefing's JSON, relationship `Data`, is the record's figures, not data,
//! and is left out), or nothing at all: the files are written into a hidden
//! folder beside it, which is then renamed into place.
//!
//! A name comes from the PDF, which may have been crafted: it must be a plain
//! relative path (no `..`, no absolute path, no backslash) naming a data file
//! or a template, so nothing is ever written outside the folder.

use std::path::{Path, PathBuf};

use super::{PdfRecord, RecordError, RecordFont};
use crate::archive::atomic::write_atomic;
use crate::archive::check_rel;
use crate::build::record::TEMPLATES_DIR;

/// What `extract` wrote.
#[derive(Debug)]
pub struct Extracted {
    /// The files written, relative to the folder, in name order.
    pub written: Vec<String>,
    /// The period the record presents (`2026-W14`), if it says.
    pub period: Option<String>,
    /// Fonts the record was drawn with that came from its workspace's
    /// `fonts/`: the extracted workspace needs them for the same PDF.
    pub workspace_fonts: Vec<RecordFont>,
    /// `tasks.yaml` is [`TASKS_STUB`]: the record (a handout) carries none.
    pub stubbed_tasks: bool,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(
        "it carries no attached data (it was made with `archive: {{ attach_sources: false }}`, or by another tool): there is nothing to extract"
    )]
    NoData,
    #[error("{} is not empty: extract writes only into a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("its attachment `{name}` cannot be a file of a workspace: {why}")]
    BadName { name: String, why: &'static str },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the record's sources into `out` (absent or empty), whole or not at all.
pub fn extract(pdf: &[u8], out: &Path) -> Result<Extracted, ExtractError> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ExtractError::NotEmpty(out.to_path_buf()));
            }
        }
        Err(_) if out.exists() => return Err(ExtractError::NotAFolder(out.to_path_buf())),
        Err(_) => {}
    }
    let record = super::read(pdf)?;
    if record.with_relationship("Source").next().is_none() {
        return Err(ExtractError::NoData);
    }
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExtractError::Write { path, source }
    };
    // Staged beside `out` (the same file system), then renamed into place.
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".kpibrief-extract-")
        .tempdir_in(parent)
        .map_err(write_error(parent))?;
    let written = write_workspace(&record, staging.path())?;
    if out.exists() {
        // Empty (checked above): replaced by the staged folder.
        std::fs::remove_dir(out).map_err(write_error(out))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, out).map_err(|source| {
        let _ = std::fs::remove_dir_all(&staged);
        ExtractError::Write {
            path: out.to_path_buf(),
            source,
        }
    })?;
    Ok(Extracted {
        written,
        period: record.period().map(str::to_string),
        workspace_fonts: record
            .fonts()
            .into_iter()
            .filter(|f| f.origin == "workspace")
            .collect(),
        stubbed_tasks: record
            .with_relationship("Source")
            .all(|f| f.name != "tasks.yaml"),
    })
}

/// What `extract` writes as `tasks.yaml` when the record has none: a
/// handout's figures do not read the tasks (they are not among its inputs,
/// nor attached), but a workspace without `tasks.yaml` does not check.
pub const TASKS_STUB: &str = "# Written by `kpibrief extract`: the record this workspace comes from is a\n# monthly handout, whose figures do not read the tasks. An empty list, so that\n# the workspace checks.\n[]\n";

/// The workspace's files in a record: every `Source` attachment under its
/// name (checked), and [`TASKS_STUB`] if it has no `tasks.yaml`.
pub fn workspace_files(record: &PdfRecord) -> Result<Vec<(String, Vec<u8>)>, ExtractError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for found in record.with_relationship("Source") {
        let name = &found.name;
        let bad = |why| ExtractError::BadName {
            name: name.clone(),
            why,
        };
        if let Some(why) = check_rel(name) {
            return Err(bad(why));
        }
        let is_template = name
            .strip_prefix(TEMPLATES_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.contains('/'));
        if !(name.ends_with(".yaml") || is_template) {
            return Err(bad("it is neither a data file (`.yaml`) nor a template"));
        }
        if name.split('/').any(|part| part.starts_with('.')) {
            return Err(bad("it is hidden (a component starts with `.`)"));
        }
        if files.iter().any(|(n, _)| n == name) {
            return Err(bad("it is attached twice"));
        }
        files.push((name.clone(), found.bytes.clone()));
    }
    if !files.iter().any(|(n, _)| n == "tasks.yaml") {
        files.push(("tasks.yaml".into(), TASKS_STUB.as_bytes().to_vec()));
    }
    files.sort();
    Ok(files)
}

/// Writes the workspace's files of `record` under `dir`; the names written.
pub(super) fn write_workspace(record: &PdfRecord, dir: &Path) -> Result<Vec<String>, ExtractError> {
    let files = workspace_files(record)?;
    for (name, bytes) in &files {
        write_atomic(&dir.join(name), bytes).map_err(|source| ExtractError::Write {
            path: PathBuf::from(name),
            source,
        })?;
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}
