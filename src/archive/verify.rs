//! `kpibrief verify`: in, the output folder; out, every file the manifest
//! lists re-hashed and compared, and every file it does not know. Read-only:
//! it takes the lock *shared* (waiting for a build that holds it), so that
//! it never reads a manifest and files from two different moments; on a
//! read-only archive where the lock file cannot be opened it reads without.
//! A build killed part-way releases the lock, so `verify` still checks it.
//!
//! It opens only what the manifest names inside the folder (the manifest is
//! rejected otherwise), never follows a symbolic link there, and hashes only
//! regular files: anything else at a listed path is a problem.

use std::collections::BTreeSet;
use std::path::Path;

use super::{
    ArchiveError, FORMS_DIR, LOCK, MANIFEST, OnDisk, QUARANTINE_DIR, TMP_DIR, io, on_disk,
    read_manifest,
};

/// What `verify` found wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing {
        path: String,
    },
    Altered {
        path: String,
        expected: String,
        found: String,
    },
    Unknown {
        path: String,
    },
    /// Something other than a regular file at a listed path (or a file that
    /// cannot be read): not opened, not hashed.
    NotRegular {
        path: String,
        what: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing { path } => {
                write!(f, "missing: {path} is in the manifest but not on disk")
            }
            Problem::Altered {
                path,
                expected,
                found,
            } => write!(
                f,
                "altered: {path} has SHA-256 {found}, the manifest says {expected}"
            ),
            Problem::Unknown { path } => write!(f, "unknown: {path} is not in the manifest"),
            Problem::NotRegular { path, what } => {
                write!(f, "not a file: {path} is {what}, not the archived file")
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct Verified {
    pub checked: usize,
    pub problems: Vec<Problem>,
}

/// Re-hash every archived file and compare with the manifest; list files the
/// manifest does not know. A `pending` entry (an interrupted build) accepts
/// the old bytes, the new bytes, or no file where there was none; a pending
/// superseded record accepts a copy not made yet.
pub fn verify(root: &Path) -> Result<Verified, ArchiveError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(ArchiveError::NotAFolder(root.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ArchiveError::NoArchive(root.to_path_buf()));
        }
        Err(e) => return Err(io(root)(e)),
    }
    let _lock = lock_shared(root)?;
    let manifest = read_manifest(root)?;
    let mut out = Verified::default();
    let found = |rel: &str, out: &mut Verified| match on_disk(root, rel) {
        OnDisk::File { sha256, size } => Some(Ok((sha256, size))),
        OnDisk::Absent => Some(Err(())),
        OnDisk::Other(what) => {
            out.problems.push(Problem::NotRegular {
                path: rel.to_string(),
                what: what.to_string(),
            });
            None
        }
        OnDisk::Unreadable(e) => {
            out.problems.push(Problem::NotRegular {
                path: rel.to_string(),
                what: format!("unreadable ({e})"),
            });
            None
        }
    };
    for (rel, entry) in &manifest.files {
        out.checked += 1;
        let Some(result) = found(rel, &mut out) else {
            continue;
        };
        match result {
            Ok((sha, size)) => {
                let ok = (sha == entry.sha256 && size == entry.size)
                    || entry
                        .pending
                        .as_ref()
                        .is_some_and(|p| p.sha256.as_deref() == Some(sha.as_str()));
                if !ok {
                    out.problems.push(Problem::Altered {
                        path: rel.clone(),
                        expected: entry.sha256.clone(),
                        found: sha,
                    });
                }
            }
            Err(_) => {
                let was_absent = entry.pending.as_ref().is_some_and(|p| p.sha256.is_none());
                if !was_absent {
                    out.problems.push(Problem::Missing { path: rel.clone() });
                }
            }
        }
    }
    for s in &manifest.superseded {
        out.checked += 1;
        let Some(result) = found(&s.path, &mut out) else {
            continue;
        };
        match result {
            Ok((sha, _)) if sha == s.sha256 => {}
            Ok((sha, _)) => out.problems.push(Problem::Altered {
                path: s.path.clone(),
                expected: s.sha256.clone(),
                found: sha,
            }),
            Err(_) if s.pending => {}
            Err(_) => out.problems.push(Problem::Missing {
                path: s.path.clone(),
            }),
        }
    }
    let known: BTreeSet<&str> = manifest
        .files
        .keys()
        .map(String::as_str)
        .chain(manifest.superseded.iter().map(|s| s.path.as_str()))
        .chain([MANIFEST, LOCK])
        .collect();
    if root.is_dir() {
        for entry in walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() != 1
                    || (e.file_name() != TMP_DIR
                        && e.file_name() != QUARANTINE_DIR
                        && e.file_name() != FORMS_DIR)
            })
            .flatten()
        {
            // Anything but a folder is reported when unknown, a symbolic
            // link included (it is not followed).
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !known.contains(rel.as_str()) {
                out.problems.push(Problem::Unknown { path: rel });
            }
        }
    }
    Ok(out)
}

/// The archive's lock, taken shared: blocks while a build holds it. `None`
/// when the lock file cannot be opened (a read-only archive, where no build
/// can write either).
fn lock_shared(root: &Path) -> Result<Option<std::fs::File>, ArchiveError> {
    let path = root.join(LOCK);
    let file = std::fs::File::open(&path).or_else(|_| {
        std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
    });
    let Ok(file) = file else {
        return Ok(None);
    };
    file.lock_shared().map_err(io(&path))?;
    Ok(Some(file))
}
