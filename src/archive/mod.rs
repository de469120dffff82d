//! Step 6 of the pipeline: the archive in the output folder.
//!
//! `out/manifest.json` lists every file kpibrief wrote: its path, SHA-256,
//! size, the hash of the inputs it was made from, and the period it belongs
//! to; PDFs also list their fonts. The rules:
//!
//! - every file is written whole or not at all (a temporary file in
//!   `out/.kpibrief-tmp/`, then a rename);
//! - a PDF in the archive is never replaced by different bytes without
//!   `--force`; then the old one is kept beside it as a superseded record;
//! - one build at a time (a lock on `out/.kpibrief.lock`);
//! - a build that is killed part-way leaves a manifest that still verifies:
//!   before any file is replaced, the manifest marks it `pending` with both
//!   the old and the new hash, and `verify` accepts either until the next
//!   build completes.

pub mod atomic;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";
pub const LOCK: &str = ".kpibrief.lock";
pub const TMP_DIR: &str = ".kpibrief-tmp";

/// One archived file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
    /// Hash of everything the file was made from (data, templates, fonts, tool version).
    pub inputs: String,
    /// `2026-W27` or `2026-06`.
    pub period: String,
    /// Fonts a PDF is drawn with: family and SHA-256 of the font file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fonts: Vec<FontRecord>,
    /// Set while a build replaces the file: the bytes that were there before
    /// (`None`: there was no file). Cleared when the build completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Previous>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    pub sha256: Option<String>,
    pub size: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FontRecord {
    pub family: String,
    pub sha256: String,
}

/// A PDF replaced with `--force`, kept as a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Superseded {
    /// Where the old file is kept now.
    pub path: String,
    /// The path it was archived under.
    pub was: String,
    pub sha256: String,
    pub size: u64,
    pub period: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    /// By path relative to the output folder, with `/` separators.
    pub files: BTreeMap<String, Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Superseded>,
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a kpibrief manifest: {message}")]
    BadManifest { path: PathBuf, message: String },
    #[error(
        "another kpibrief is writing to {}: wait for it to finish (the lock is {})",
        .out.display(),
        .lock.display()
    )]
    Locked { out: PathBuf, lock: PathBuf },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        size,
    ))
}

/// The output folder, locked for one writer.
pub struct Archive {
    pub root: PathBuf,
    pub manifest: Manifest,
    _lock: File,
}

impl Archive {
    /// Open (creating) the output folder and take its lock; fail at once,
    /// with a clear message, if another build holds it.
    pub fn open(root: &Path) -> Result<Archive, ArchiveError> {
        std::fs::create_dir_all(root).map_err(io(root))?;
        let lock_path = root.join(LOCK);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(ArchiveError::Locked {
                    out: root.to_path_buf(),
                    lock: lock_path,
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        let archive = Archive {
            root: root.to_path_buf(),
            manifest: read_manifest(root)?,
            _lock: lock,
        };
        // Temporary files of a build that was killed are of no use now.
        archive.clean();
        Ok(archive)
    }

    /// Write the manifest whole.
    pub fn save(&self) -> Result<(), ArchiveError> {
        let mut text = serde_json::to_string_pretty(&self.manifest).expect("a manifest serialises");
        text.push('\n');
        self.write(MANIFEST, text.as_bytes())
    }

    /// Write a file of the archive whole or not at all.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
        let path = self.root.join(rel);
        let tmp = self.root.join(TMP_DIR);
        crate::archive::atomic::write_atomic_via(&path, &tmp, bytes).map_err(io(&path))
    }

    /// Write bytes to a new temporary file of the archive's temporary folder,
    /// so that a large build holds its output on disk, not in memory, until
    /// it is committed with [`Archive::place`].
    pub fn spool(&self, bytes: &[u8]) -> Result<PathBuf, ArchiveError> {
        let tmp = self.root.join(TMP_DIR);
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let mut file = crate::archive::atomic::temp_builder()
            .tempfile_in(&tmp)
            .map_err(io(&tmp))?;
        std::io::Write::write_all(&mut file, bytes).map_err(io(&tmp))?;
        let (_, path) = file.keep().map_err(|e| io(&tmp)(e.error))?;
        Ok(path)
    }

    /// Move a spooled file into place at `rel` (a rename: atomic).
    pub fn place(&self, spooled: &Path, rel: &str) -> Result<(), ArchiveError> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(spooled, &path).map_err(io(&path))
    }

    /// Remove what is left in the temporary folder.
    pub fn clean(&self) {
        let _ = std::fs::remove_dir_all(self.root.join(TMP_DIR));
    }

    /// The file at `rel` as it is on disk: (SHA-256, size), or `None`.
    pub fn current(&self, rel: &str) -> Option<(String, u64)> {
        sha256_file(&self.root.join(rel)).ok()
    }
}

pub fn read_manifest(root: &Path) -> Result<Manifest, ArchiveError> {
    let path = root.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| ArchiveError::BadManifest {
            path: path.clone(),
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(e) => Err(io(&path)(e)),
    }
}

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
/// the old bytes, the new bytes, or no file where there was none.
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
    let known: std::collections::BTreeSet<&str> = manifest
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

/// Where the old PDF is kept when `--force` replaces it: beside it, with
/// the first free number (`2026-W27.superseded-1.pdf`).
pub fn superseded_path(manifest: &Manifest, root: &Path, rel: &str) -> String {
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    (1..)
        .map(|n| format!("{stem}.superseded-{n}.{ext}"))
        .find(|p| !manifest.superseded.iter().any(|s| &s.path == p) && !root.join(p).exists())
        .expect("some number is free")
}
