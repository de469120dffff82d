//! The archive's transaction: the one way to change the manifest. In: new
//! files, spooled, with the entry each will have ([`NewFile`]); out: the files
//! in place, old PDFs kept as superseded records, and the manifest saved
//! ([`Committed`]). The protocol, in [`Transaction::commit`]:
//!
//! 1. refuse (writing nothing) when a record (PDF) would change without
//!    `force`;
//! 2. save the manifest with every staged file marked `pending` (its old and
//!    new hash), every superseded copy to make marked `pending`, and every
//!    tampered file found (bytes the manifest does not accept) listed as
//!    quarantined;
//! 3. copy the old PDFs to their superseded paths;
//! 4. move the tampered files to `.quarantine/` (renames);
//! 5. move the new files into place (renames: atomic);
//! 6. clear the marks and save the manifest again.
//!
//! The old bytes of a file are its bytes on disk only when the manifest
//! accepts them (its hash, or the old hash of a pending entry): tampered
//! bytes are never kept as a superseded record, and a record is compared
//! with what the manifest says it is, so that a tampered PDF does not make a
//! build ask for `--force`.
//!
//! A process killed anywhere in between leaves an archive that verifies, and
//! the next build finishes the job: a pending superseded record is reused
//! when the same PDF is superseded again, and dropped when its copy was never
//! made and is no longer needed, so it never lingers as a missing file.
//!
//! Testing hook: with the environment variable `KPIBRIEF_FAULT_AFTER_WRITES=N`
//! the process exits with code [`FAULT_EXIT_CODE`] right after the archive's
//! Nth durable write (a manifest save, a file placed, a superseded copy), as
//! if it had been killed there. Read once per process.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::manifest::{Previous, Quarantined};
use super::{
    Archive, ArchiveError, Entry, FontRecord, MANIFEST, OnDisk, QUARANTINE_DIR, Superseded,
    TMP_DIR, io, sha256_hex, superseded_path,
};

/// The fault-injection variable (see the module doc).
pub const FAULT_ENV: &str = "KPIBRIEF_FAULT_AFTER_WRITES";
/// The exit code of a process stopped by the fault-injection hook.
pub const FAULT_EXIT_CODE: i32 = 86;

fn fault_after() -> Option<usize> {
    static AFTER: OnceLock<Option<usize>> = OnceLock::new();
    *AFTER.get_or_init(|| std::env::var(FAULT_ENV).ok()?.trim().parse().ok())
}

/// Bytes waiting in the archive's temporary folder (see [`Archive::spool`]).
#[derive(Debug)]
pub struct Spool {
    pub(super) path: PathBuf,
    pub(super) sha256: String,
    pub(super) size: u64,
}

impl Spool {
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

/// How the archive treats a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A record (a PDF): never replaced by different bytes without `force`,
    /// and then the old one is kept as a superseded record.
    Record,
    /// Any other output: replaced when it changes.
    Plain,
}

/// A file to stage: its bytes and what its manifest entry says.
#[derive(Debug)]
pub struct NewFile {
    /// Relative to the output folder, `/` separators.
    pub rel: String,
    pub spool: Spool,
    pub kind: Kind,
    /// The hash of everything it was made from.
    pub inputs: String,
    /// `2026-W27` or `2026-06`.
    pub period: String,
    /// The fonts a PDF is drawn with (empty for other files).
    pub fonts: Vec<FontRecord>,
}

struct Staged {
    file: NewFile,
    /// The genuine file at its path before: (SHA-256, size), or `None`
    /// (absent, or tampered).
    before: Option<(String, u64)>,
    /// Bytes at its path that the manifest does not accept: (SHA-256, size).
    tampered: Option<(String, u64)>,
    /// What the manifest records for the path (the genuine file's SHA-256).
    recorded: Option<String>,
    /// The SHA-256 of the record a completed build left at the path (for a
    /// pending entry: the one before), whether or not it is still on disk.
    record: Option<String>,
    /// Something at its path that is not a regular file, or unreadable.
    blocked: Option<String>,
}

impl Staged {
    fn same_bytes(&self) -> bool {
        self.before.as_ref().map(|(sha, _)| sha.as_str()) == Some(self.file.spool.sha256.as_str())
    }
}

/// What a commit did.
#[derive(Debug, Default)]
pub struct Committed {
    /// Tampered files moved out of the record (and written again).
    pub quarantined: Vec<Quarantined>,
    /// Files written (created or replaced), in staging order.
    pub written: Vec<String>,
    /// Staged files whose bytes were already there.
    pub unchanged: usize,
    /// Superseded copies made.
    pub superseded: Vec<String>,
}

/// Changes to the archive, made all at once by [`Transaction::commit`]. A
/// transaction dropped without committing writes nothing and removes the
/// spooled files.
pub struct Transaction<'a> {
    archive: &'a mut Archive,
    tool: String,
    force: bool,
    staged: Vec<Staged>,
}

impl<'a> Transaction<'a> {
    pub(super) fn new(archive: &'a mut Archive, tool: &str, force: bool) -> Transaction<'a> {
        Transaction {
            archive,
            tool: tool.to_string(),
            force,
            staged: Vec::new(),
        }
    }

    /// Add a file; nothing is written until [`Transaction::commit`].
    pub fn stage(&mut self, file: NewFile) {
        let entry = self.archive.manifest.entry(&file.rel);
        let recorded = entry.map(|e| e.sha256.clone());
        let record = entry.and_then(|e| match &e.pending {
            Some(p) => p.sha256.clone(),
            None => Some(e.sha256.clone()),
        });
        let (mut before, mut tampered, mut blocked) = (None, None, None);
        match self.archive.on_disk(&file.rel) {
            OnDisk::Absent => {}
            OnDisk::File { sha256, size } => {
                // A file the manifest does not list is not a record of
                // kpibrief's: it is treated as before (a PDF is not replaced
                // without `force`).
                if entry.is_none_or(|e| accepts(e, &sha256)) {
                    before = Some((sha256, size));
                } else {
                    tampered = Some((sha256, size));
                }
            }
            OnDisk::Other(what) => blocked = Some(what.to_string()),
            OnDisk::Unreadable(e) => blocked = Some(format!("unreadable ({e})")),
        }
        self.staged.push(Staged {
            file,
            before,
            tampered,
            recorded,
            record,
            blocked,
        });
    }

    /// The records (PDFs) staged so far that would replace different bytes
    /// without `force`: [`Transaction::commit`] refuses them.
    pub fn conflicts(&self) -> Vec<String> {
        if self.force {
            return Vec::new();
        }
        self.staged
            .iter()
            .filter(|s| {
                s.file.kind == Kind::Record
                    && ((s.before.is_some() && !s.same_bytes())
                        // Tampered or deleted: the record is what the
                        // manifest says it is, and it changes.
                        || (s.before.is_none()
                            && s.record
                                .as_deref()
                                .is_some_and(|r| r != s.file.spool.sha256)))
            })
            .map(|s| s.file.rel.clone())
            .collect()
    }

    /// Check the rules and write everything (see the module doc for the order).
    pub fn commit(mut self) -> Result<Committed, ArchiveError> {
        if let Some(s) = self.staged.iter().find(|s| s.blocked.is_some()) {
            return Err(ArchiveError::NotRegular {
                path: self.archive.root.join(&s.file.rel),
                what: s.blocked.clone().unwrap_or_default(),
            });
        }
        let conflicts = self.conflicts();
        if !conflicts.is_empty() {
            // Dropping `self` removes the spooled files.
            return Err(ArchiveError::WouldReplace(conflicts));
        }
        let staged = std::mem::take(&mut self.staged);
        let archive = &mut *self.archive;
        let mut done = Committed::default();

        // 1. Mark everything about to change as pending, so that a build
        //    killed half-way still leaves a manifest that verifies.
        archive.manifest.tool = self.tool.clone();
        let mut copies: Vec<(String, String, String)> = Vec::new();
        let mut moves: Vec<(String, String)> = Vec::new();
        let rels: BTreeSet<String> = staged.iter().map(|s| s.file.rel.clone()).collect();
        for s in &staged {
            let f = &s.file;
            if f.kind == Kind::Record
                && !s.same_bytes()
                && let Some((old, size)) = &s.before
            {
                let path = reuse_or_plan(archive, s, old, *size);
                copies.push((f.rel.clone(), path, old.clone()));
            }
            if let Some((sha, size)) = &s.tampered {
                let q = quarantine(archive, s, sha, *size);
                moves.push((f.rel.clone(), q.path.clone()));
                done.quarantined.push(q);
            }
            archive.manifest.files.insert(
                f.rel.clone(),
                Entry {
                    sha256: f.spool.sha256.clone(),
                    size: f.spool.size,
                    inputs: f.inputs.clone(),
                    period: f.period.clone(),
                    fonts: f.fonts.clone(),
                    // A tampered file is moved away first: the path may be
                    // empty until the new file is placed.
                    pending: Some(Previous {
                        sha256: s.before.as_ref().map(|(sha, _)| sha.clone()),
                        size: s.before.as_ref().map(|(_, n)| *n),
                    }),
                },
            );
        }
        archive.save()?;

        // 2. Keep the old PDFs, then put the new files in place, each whole
        //    or not at all.
        for (from, to, sha) in &copies {
            let path = archive.root.join(from);
            let old = std::fs::read(&path).map_err(io(&path))?;
            // Only the bytes the manifest accepted become a record.
            if sha256_hex(&old) != *sha {
                return Err(ArchiveError::Changed(path));
            }
            archive.write(to, &old)?;
            done.superseded.push(to.clone());
        }
        for (from, to) in &moves {
            archive.rename(from, to)?;
        }
        for s in staged {
            if s.same_bytes() {
                done.unchanged += 1;
            } else {
                archive.place(&s.file.spool, &s.file.rel)?;
                done.written.push(s.file.rel);
            }
        }
        archive.clean();

        // 3. Done: clear the marks of this transaction and of any earlier,
        //    interrupted one that is complete now.
        let copied: BTreeSet<&str> = copies.iter().map(|(_, to, _)| to.as_str()).collect();
        archive.settle(&rels, &copied);
        archive.save()?;
        Ok(done)
    }
}

/// Whether the manifest accepts `sha` for `entry`: its hash, or, while an
/// interrupted build left it pending, the bytes that were there before.
fn accepts(entry: &Entry, sha: &str) -> bool {
    entry.sha256 == sha
        || entry
            .pending
            .as_ref()
            .is_some_and(|p| p.sha256.as_deref() == Some(sha))
}

/// The quarantine record for the tampered bytes `sha` found at a staged
/// path: `.quarantine/<path>.<first 16 hex digits>`, listed in the manifest
/// (once: an interrupted build that planned it already is reused).
fn quarantine(archive: &mut Archive, s: &Staged, sha: &str, size: u64) -> Quarantined {
    let rel = &s.file.rel;
    let q = Quarantined {
        path: format!("{QUARANTINE_DIR}/{rel}.{}", &sha[..16.min(sha.len())]),
        was: rel.clone(),
        sha256: sha.to_string(),
        size,
        expected: s.recorded.clone().unwrap_or_default(),
    };
    if !archive.manifest.quarantined.contains(&q) {
        archive.manifest.quarantined.push(q.clone());
    }
    q
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        self.archive.clean();
    }
}

/// The superseded path for the old bytes `old` of a staged record: the one a
/// pending record of an interrupted build already planned for the same file
/// and bytes (so that it does not leak), or a new record, marked pending.
fn reuse_or_plan(archive: &mut Archive, s: &Staged, old: &str, size: u64) -> String {
    let rel = &s.file.rel;
    if let Some(r) = archive
        .manifest
        .superseded
        .iter()
        .find(|r| r.pending && r.was == *rel && r.sha256 == old)
    {
        return r.path.clone();
    }
    let path = superseded_path(&archive.manifest, &archive.root, rel);
    archive.manifest.superseded.push(Superseded {
        path: path.clone(),
        was: rel.clone(),
        sha256: old.to_string(),
        size,
        period: s.file.period.clone(),
        pending: true,
    });
    path
}

impl Archive {
    /// Clear the pending marks that are settled: every entry just committed
    /// (all staged entries are pending at this point) and, from an earlier
    /// interrupted build, entries whose new bytes are on disk. A superseded
    /// record just copied is settled; one left by an interrupted build is
    /// kept pending while the file it supersedes still is, then dropped (its
    /// copy removed) when that file still holds the record's bytes, kept if
    /// its copy exists, and dropped if it was never made.
    fn settle(&mut self, staged: &BTreeSet<String>, copied: &BTreeSet<&str>) {
        let root = self.root.clone();
        for (rel, entry) in self.manifest.files.iter_mut() {
            // Staged in this commit: its bytes are in place now. Left by an
            // interrupted build: settled only if its new bytes made it.
            if entry.pending.is_some()
                && (staged.contains(rel)
                    || super::on_disk(&root, rel)
                        .hash()
                        .is_some_and(|(sha, _)| sha == entry.sha256))
            {
                entry.pending = None;
            }
        }
        let files = &self.manifest.files;
        self.manifest.superseded.retain_mut(|r| {
            if !r.pending {
                return true;
            }
            if copied.contains(r.path.as_str()) {
                r.pending = false;
                return true;
            }
            let was = files.get(&r.was);
            if was.is_some_and(Entry::is_pending) {
                return true;
            }
            // The file it was to supersede is settled and still holds the
            // very bytes the record keeps: the replacement never happened (the
            // data went back). Roll back: the record and its copy go.
            if was.is_some_and(|e| e.sha256 == r.sha256) {
                let copy = super::on_disk(&root, &r.path);
                if copy.hash().is_some_and(|(sha, _)| sha == r.sha256) {
                    let _ = std::fs::remove_file(root.join(&r.path));
                }
                return false;
            }
            let exists = root.join(&r.path).is_file();
            r.pending = false;
            exists
        });
    }

    /// Write the manifest whole.
    fn save(&mut self) -> Result<(), ArchiveError> {
        let text = self.manifest.to_text(&self.root.join(MANIFEST))?;
        self.write(MANIFEST, text.as_bytes())
    }

    /// Write a file of the archive whole or not at all.
    fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
        self.check_target(rel)?;
        let path = self.root.join(rel);
        let tmp = self.root.join(TMP_DIR);
        super::atomic::write_atomic_via(&path, &tmp, bytes).map_err(io(&path))?;
        self.wrote();
        Ok(())
    }

    /// Move the archive's file at `from` to `to` (both relative; a rename).
    fn rename(&mut self, from: &str, to: &str) -> Result<(), ArchiveError> {
        self.check_target(to)?;
        let (from, to) = (self.root.join(from), self.root.join(to));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(&from, &to).map_err(io(&from))?;
        self.wrote();
        Ok(())
    }

    /// Move a spooled file into place at `rel` (a rename: atomic).
    fn place(&mut self, spool: &Spool, rel: &str) -> Result<(), ArchiveError> {
        self.check_target(rel)?;
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(&spool.path, &path).map_err(io(&path))?;
        self.wrote();
        Ok(())
    }

    /// Refuse to write through a symbolic link (or a file) on the way to
    /// `rel`: every write stays inside the archive.
    fn check_target(&self, rel: &str) -> Result<(), ArchiveError> {
        match super::paths::unsafe_parent(&self.root, rel) {
            None => Ok(()),
            Some(what) => Err(ArchiveError::NotRegular {
                path: self
                    .root
                    .join(rel.rsplit_once('/').map_or(rel, |(dir, _)| dir)),
                what: what.to_string(),
            }),
        }
    }

    /// Count a durable write; stop here if the fault-injection hook says so.
    fn wrote(&mut self) {
        self.writes += 1;
        if fault_after() == Some(self.writes) {
            // As abrupt as a kill: no destructor runs, the lock is released
            // by the operating system, spooled files stay behind.
            std::process::exit(FAULT_EXIT_CODE);
        }
    }
}
