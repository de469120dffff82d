//! The archive's transaction: the one way to change the manifest. In: new
//! files, spooled, with the entry each will have ([`NewFile`]); out: the files
//! in place, old PDFs kept as superseded records, and the manifest saved
//! ([`Committed`]). The protocol, in [`Transaction::commit`]:
//!
//! 1. refuse (writing nothing) when a record (PDF) would change without
//!    `force`;
//! 2. save the manifest with every staged file marked `pending` (its old and
//!    new hash) and every superseded copy to make marked `pending`;
//! 3. copy the old PDFs to their superseded paths;
//! 4. move the new files into place (renames: atomic);
//! 5. clear the marks and save the manifest again.
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

use super::manifest::Previous;
use super::{
    Archive, ArchiveError, Entry, FontRecord, MANIFEST, Superseded, TMP_DIR, io, sha256_file,
    superseded_path,
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
    /// The file at its path before: (SHA-256, size), or `None`.
    before: Option<(String, u64)>,
}

impl Staged {
    fn same_bytes(&self) -> bool {
        self.before.as_ref().map(|(sha, _)| sha.as_str()) == Some(self.file.spool.sha256.as_str())
    }
}

/// What a commit did.
#[derive(Debug, Default)]
pub struct Committed {
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
        let before = self.archive.current(&file.rel);
        self.staged.push(Staged { file, before });
    }

    /// The records (PDFs) staged so far that would replace different bytes
    /// without `force`: [`Transaction::commit`] refuses them.
    pub fn conflicts(&self) -> Vec<String> {
        if self.force {
            return Vec::new();
        }
        self.staged
            .iter()
            .filter(|s| s.file.kind == Kind::Record && s.before.is_some() && !s.same_bytes())
            .map(|s| s.file.rel.clone())
            .collect()
    }

    /// Check the rules and write everything (see the module doc for the order).
    pub fn commit(mut self) -> Result<Committed, ArchiveError> {
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
        let mut copies: Vec<(String, String)> = Vec::new();
        let rels: BTreeSet<String> = staged.iter().map(|s| s.file.rel.clone()).collect();
        for s in &staged {
            let f = &s.file;
            if f.kind == Kind::Record
                && !s.same_bytes()
                && let Some((old, size)) = &s.before
            {
                let path = reuse_or_plan(archive, s, old, *size);
                copies.push((f.rel.clone(), path));
            }
            archive.manifest.files.insert(
                f.rel.clone(),
                Entry {
                    sha256: f.spool.sha256.clone(),
                    size: f.spool.size,
                    inputs: f.inputs.clone(),
                    period: f.period.clone(),
                    fonts: f.fonts.clone(),
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
        for (from, to) in &copies {
            let path = archive.root.join(from);
            let old = std::fs::read(&path).map_err(io(&path))?;
            archive.write(to, &old)?;
            done.superseded.push(to.clone());
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
        let copied: BTreeSet<&str> = copies.iter().map(|(_, to)| to.as_str()).collect();
        archive.settle(&rels, &copied);
        archive.save()?;
        Ok(done)
    }
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
    /// kept pending while the file it supersedes still is, then kept if its
    /// copy exists and dropped if it was never made.
    fn settle(&mut self, staged: &BTreeSet<String>, copied: &BTreeSet<&str>) {
        let root = self.root.clone();
        for (rel, entry) in self.manifest.files.iter_mut() {
            // Staged in this commit: its bytes are in place now. Left by an
            // interrupted build: settled only if its new bytes made it.
            if entry.pending.is_some()
                && (staged.contains(rel)
                    || sha256_file(&root.join(rel)).is_ok_and(|(sha, _)| sha == entry.sha256))
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
            if files.get(&r.was).is_some_and(Entry::is_pending) {
                return true;
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
        let path = self.root.join(rel);
        let tmp = self.root.join(TMP_DIR);
        super::atomic::write_atomic_via(&path, &tmp, bytes).map_err(io(&path))?;
        self.wrote();
        Ok(())
    }

    /// Move a spooled file into place at `rel` (a rename: atomic).
    fn place(&mut self, spool: &Spool, rel: &str) -> Result<(), ArchiveError> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(&spool.path, &path).map_err(io(&path))?;
        self.wrote();
        Ok(())
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
