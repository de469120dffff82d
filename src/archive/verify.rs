//! `kpibrief verify`: in, the output folder; out, every file the manifest
//! lists re-hashed and compared, and every file it does not know. Read-only:
//! it takes no lock, so that it can check an archive while nothing else runs
//! or after a build was killed.

use std::collections::BTreeSet;
use std::path::Path;

use super::{ArchiveError, LOCK, MANIFEST, TMP_DIR, read_manifest, sha256_file};

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
    let manifest = read_manifest(root)?;
    let mut out = Verified::default();
    for (rel, entry) in &manifest.files {
        out.checked += 1;
        match sha256_file(&root.join(rel)) {
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
        match sha256_file(&root.join(&s.path)) {
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
            .filter_entry(|e| e.file_name() != TMP_DIR)
            .flatten()
        {
            if !entry.file_type().is_file() {
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
