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
//! - a file whose bytes the manifest does not accept (tampered) is never kept
//!   as a record: a build moves it to `out/.quarantine/`, lists it in the
//!   manifest with its hash, and writes the genuine file again;
//! - every path the manifest names stays inside the folder, and only regular
//!   files are read (`paths.rs`);
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
mod paths;
mod transaction;
mod verify;

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

pub use hash::{Sha256Hex, sha256_file, sha256_hex};
pub use manifest::{Entry, FontRecord, Manifest, Quarantined, Superseded, read_manifest};
pub use paths::{OnDisk, QUARANTINE_DIR, check_rel, on_disk};
pub use transaction::{Committed, FAULT_ENV, FAULT_EXIT_CODE, Kind, NewFile, Spool, Transaction};
pub use verify::{Problem, Verified, verify};

pub const MANIFEST: &str = "manifest.json";
pub const LOCK: &str = ".kpibrief.lock";
pub const TMP_DIR: &str = ".kpibrief-tmp";
/// The weekly fill-in forms (`kpibrief forms`): mail for the units, made again
/// on demand with the same bytes, not records of the archive (`verify` skips them).
pub const FORMS_DIR: &str = "forms";

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The I/O error is the source: a report that prints the chain prints
    /// it once.
    #[error("{}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("{} does not exist: there is no archive to verify", .0.display())]
    NoArchive(PathBuf),
    /// A path of the archive holds something that is not a regular file, or
    /// a file that cannot be read; nothing was written.
    #[error("{} is {what}; kpibrief reads and replaces only regular files there", .path.display())]
    NotRegular { path: PathBuf, what: String },
    /// A file changed on disk while the build was using it.
    #[error("{} changed while the build was running; nothing more was written", .0.display())]
    Changed(PathBuf),
    #[error("{} is not a kpibrief manifest: {message}", .path.display())]
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
        if let Err(e) = std::fs::create_dir_all(root) {
            return Err(not_a_folder(root).unwrap_or_else(|| io(root)(e)));
        }
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
    /// pending, and the file on disk is a regular file with the recorded
    /// SHA-256. The hash, not the size: a same-size edit (one PDF copied over
    /// another) is a tampered file, to be rebuilt, never current.
    pub fn is_current(&self, rel: &str, inputs: &str) -> bool {
        self.entry(rel).is_some_and(|e| {
            e.inputs == inputs
                && !e.is_pending()
                && self
                    .on_disk(rel)
                    .hash()
                    .is_some_and(|(sha, size)| sha == e.sha256 && size == e.size)
        })
    }

    /// Of `wanted` (path, input hash) pairs, the paths that are current (see
    /// [`Archive::is_current`]), hashed on one thread per core: a no-op build
    /// re-hashes the whole archive, and that is most of its time.
    pub fn current_of(&self, wanted: &[(String, String)]) -> BTreeSet<String> {
        // Only files whose entry could be current need reading at all.
        let candidates: Vec<&(String, String)> = wanted
            .iter()
            .filter(|(rel, inputs)| {
                self.entry(rel)
                    .is_some_and(|e| e.inputs == *inputs && !e.is_pending())
            })
            .collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, candidates.len().max(1));
        let chunk = candidates.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = candidates
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .filter(|(rel, inputs)| self.is_current(rel, inputs))
                            .map(|(rel, _)| rel.clone())
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }

    /// What is at `rel` (a path of the archive) on disk.
    pub fn on_disk(&self, rel: &str) -> OnDisk {
        if check_rel(rel).is_some() {
            return OnDisk::Other("not a path inside the archive");
        }
        on_disk(&self.root, rel)
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

/// When `root` cannot be created as a folder because it, or a folder on the
/// way to it, is something else: which.
fn not_a_folder(root: &Path) -> Option<ArchiveError> {
    root.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| p.exists() && !p.is_dir())
        .map(|p| ArchiveError::NotAFolder(p.to_path_buf()))
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
