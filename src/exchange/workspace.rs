//! Writing an imported file into the workspace: checked first, whole or not
//! at all, and the file it replaces kept whole in a hidden `.history/`
//! folder beside it (`weekly/.history/2026-W27.1.yaml`), which the loader
//! never reads (it skips every dot folder).
//!
//! In: the workspace folder, the checked workspace, the file's path in the
//! workspace and its new text. Out: what happened ([`Outcome`]), or the
//! diagnostics of a text that would not check.

use std::path::{Path, PathBuf};

use crate::check;
use crate::diagnostic::{Diagnostics, SourceFiles};
use crate::model::Workspace;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// There was no such file: it was written.
    Created,
    /// The file already holds exactly this text.
    Unchanged,
    /// The file would change; nothing was written (no `--write`).
    WouldChange,
    /// The file was replaced; the old one is kept at `history`.
    Replaced { history: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The new text would not check (a bug if it happens: say so, write nothing).
    #[error("the imported {rel} would not check; nothing was written")]
    Invalid {
        rel: String,
        diagnostics: Diagnostics,
        files: std::sync::Arc<SourceFiles>,
    },
}

/// `text` as the workspace's `rel`, checked in memory with the files a week
/// or a month file is checked against (config, units, peers, indicators,
/// tasks): the other weekly and monthly files hold no rule for it, and
/// leaving them out keeps this a fraction of a whole `check`.
pub fn check_with(data: &Path, ws: &Workspace, rel: &str, text: &str) -> Result<(), WriteError> {
    let top = crate::load::Place::TOP_LEVEL.map(|(name, _)| name);
    let mut files: Vec<(String, Vec<u8>)> = ws
        .files()
        .iter()
        .filter(|(_, f)| top.contains(&f.rel.as_str()))
        .map(|(_, f)| (f.rel.clone(), f.text.clone().into_bytes()))
        .collect();
    files.push((rel.to_string(), text.as_bytes().to_vec()));
    let checked = check::check(crate::load::load_memory(data, &files));
    if checked.diagnostics.has_errors() || checked.workspace.is_none() {
        return Err(WriteError::Invalid {
            rel: rel.to_string(),
            diagnostics: checked.diagnostics,
            files: checked.files,
        });
    }
    Ok(())
}

/// Write `text` to `data/rel` unless it is there already; replace a
/// different file only with `write`, keeping the old one in `.history/`.
pub fn put(data: &Path, rel: &str, text: &str, write: bool) -> Result<Outcome, WriteError> {
    let path = crate::diagnostic::shown_path(data, rel);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    let old = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&path)(e)),
    };
    match old {
        None => {
            crate::archive::atomic::write_atomic(&path, text.as_bytes()).map_err(io(&path))?;
            Ok(Outcome::Created)
        }
        Some(old) if old == text.as_bytes() => Ok(Outcome::Unchanged),
        Some(_) if !write => Ok(Outcome::WouldChange),
        Some(old) => {
            let history = keep(&path, &old)?;
            crate::archive::atomic::write_atomic(&path, text.as_bytes()).map_err(io(&path))?;
            Ok(Outcome::Replaced { history })
        }
    }
}

/// Copy `old` to the first free `.history/<stem>.<n>.yaml` beside `path`,
/// never over an earlier copy.
fn keep(path: &Path, old: &[u8]) -> Result<PathBuf, WriteError> {
    let dir = path.parent().unwrap_or(Path::new(".")).join(".history");
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let err = |path: &Path, source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(|e| err(&dir, e))?;
    for n in 1..=u32::MAX {
        let target = dir.join(format!("{stem}.{n}.yaml"));
        if target.exists() {
            continue;
        }
        let mut tmp = crate::archive::atomic::temp_builder()
            .tempfile_in(&dir)
            .map_err(|e| err(&dir, e))?;
        std::io::Write::write_all(&mut tmp, old).map_err(|e| err(&target, e))?;
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok(target),
            // Taken meanwhile by another import: try the next number.
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(err(&target, e.error)),
        }
    }
    Err(err(
        &dir,
        std::io::Error::other("no free number left for a history copy"),
    ))
}
