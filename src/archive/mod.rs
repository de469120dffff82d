//! Step 6 of the pipeline: the archive in the output folder.
//!
//! In: files a build made, spooled to the archive's temporary folder with
//! what they were made from. Out: the files in place and `out/manifest.json`,
//! which lists every file kpibrief wrote: its path, SHA-256, size, the hash
//! of the inputs it was made from, and the period it belongs to; PDFs also
//! list their fonts. The rules:
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
//!
//! [`Archive`] owns the manifest; the only way to change it is a
//! [`Transaction`]: `Archive::open` (takes the lock) → `begin` → `stage` each
//! new file → `commit`, which checks the rules, writes the pending marks,
//! keeps superseded PDFs, places the files and clears the marks.

pub mod atomic;
mod hash;
mod manifest;
mod transaction;
mod verify;

use std::fs::File;
use std::path::{Path, PathBuf};

pub use hash::{Sha256Hex, sha256_file, sha256_hex};
pub use manifest::{Entry, FontRecord, Manifest, Superseded, read_manifest};
pub use transaction::{Committed, FAULT_ENV, FAULT_EXIT_CODE, Kind, NewFile, Spool, Transaction};
pub use verify::{Problem, Verified, verify};

pub const MANIFEST: &str = "manifest.json";
pub const LOCK: &str = ".kpibrief.lock";
pub const TMP_DIR: &str = ".kpibrief-tmp";

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
    /// Archived PDFs (records) that a transaction without `force` would
    /// replace by different bytes; nothing was written.
    #[error("{} archived PDF(s) would be replaced by different bytes: {}", .0.len(), .0.join(", "))]
    WouldReplace(Vec<String>),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The output folder, locked for one writer, with its manifest.
pub struct Archive {
    root: PathBuf,
    manifest: Manifest,
    /// Durable writes so far (manifest saves, files placed, superseded
    /// copies), for the fault-injection hook.
    writes: usize,
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
            writes: 0,
            _lock: lock,
        };
        // Temporary files of a build that was killed are of no use now.
        archive.clean();
        Ok(archive)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest as it was read (or as the last commit left it).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The manifest's entry for the file at `rel`.
    pub fn entry(&self, rel: &str) -> Option<&Entry> {
        self.manifest.entry(rel)
    }

    /// Whether the file at `rel` is archived, complete, and was made from
    /// `inputs`: its entry has that input hash, no interrupted build left it
    /// pending, and the file on disk has the recorded size (a cheap check
    /// against a deleted or truncated file; `verify` re-hashes).
    pub fn is_current(&self, rel: &str, inputs: &str) -> bool {
        self.entry(rel).is_some_and(|e| {
            e.inputs == inputs
                && !e.is_pending()
                && std::fs::metadata(self.root.join(rel)).is_ok_and(|m| m.len() == e.size)
        })
    }

    /// The file at `rel` as it is on disk: (SHA-256, size), or `None`.
    pub fn current(&self, rel: &str) -> Option<(String, u64)> {
        sha256_file(&self.root.join(rel)).ok()
    }

    /// Write bytes to a new temporary file of the archive's temporary folder,
    /// so that a large build holds its output on disk, not in memory, until
    /// it is committed. Safe from several threads at once.
    pub fn spool(&self, bytes: &[u8]) -> Result<Spool, ArchiveError> {
        let tmp = self.root.join(TMP_DIR);
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let mut file = atomic::temp_builder().tempfile_in(&tmp).map_err(io(&tmp))?;
        std::io::Write::write_all(&mut file, bytes).map_err(io(&tmp))?;
        let (_, path) = file.keep().map_err(|e| io(&tmp)(e.error))?;
        Ok(Spool {
            path,
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        })
    }

    /// Remove what is left in the temporary folder.
    pub fn clean(&self) {
        let _ = std::fs::remove_dir_all(self.root.join(TMP_DIR));
    }

    /// Start changing the archive. `tool` is recorded in the manifest;
    /// `force` allows archived PDFs to be replaced (the old ones are kept).
    pub fn begin(&mut self, tool: &str, force: bool) -> Transaction<'_> {
        Transaction::new(self, tool, force)
    }
}

/// Where the old PDF is kept when `--force` replaces it: beside it, with
/// the first free number (`2026-W27.superseded-1.pdf`).
pub fn superseded_path(manifest: &Manifest, root: &Path, rel: &str) -> String {
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    let taken = |p: &str| manifest.superseded.iter().any(|s| s.path == p) || root.join(p).exists();
    let mut n = 1u64;
    loop {
        let p = format!("{stem}.superseded-{n}.{ext}");
        if !taken(&p) {
            return p;
        }
        n += 1;
    }
}
