//! `out/manifest.json`: what the archive holds. In: the JSON text (or no
//! file: an empty archive); out: a [`Manifest`] that the rest of kpibrief
//! can read but not change. Only the archive's transaction
//! ([`super::Transaction`]) changes it, so that the pending/supersede
//! protocol is carried out in one place.
//!
//! The JSON is `serde_json`'s pretty form with a final newline; the field
//! order of the structs below is the order of the keys, so it must not
//! change (archives written by earlier versions compare byte for byte).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::paths::{QUARANTINE_DIR, check_rel};
use super::{ArchiveError, MANIFEST, io};

/// One archived file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub(super) sha256: String,
    pub(super) size: u64,
    /// Hash of everything the file was made from (data, templates, fonts, tool version).
    pub(super) inputs: String,
    /// `2026-W27` or `2026-06`.
    pub(super) period: String,
    /// Fonts a PDF is drawn with: family and SHA-256 of the font file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) fonts: Vec<FontRecord>,
    /// Set while a build replaces the file: the bytes that were there before
    /// (`None`: there was no file). Cleared when the build completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pending: Option<Previous>,
}

impl Entry {
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn inputs(&self) -> &str {
        &self.inputs
    }

    pub fn period(&self) -> &str {
        &self.period
    }

    pub fn fonts(&self) -> &[FontRecord] {
        &self.fonts
    }

    /// Whether a build that was interrupted was replacing this file.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// While pending: the SHA-256 of the bytes that were there before
    /// (`None` inside: there was no file).
    pub fn previous(&self) -> Option<Option<&str>> {
        self.pending.as_ref().map(|p| p.sha256.as_deref())
    }
}

/// What a pending entry replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Previous {
    pub(super) sha256: Option<String>,
    pub(super) size: Option<u64>,
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
    pub(super) path: String,
    /// The path it was archived under.
    pub(super) was: String,
    pub(super) sha256: String,
    pub(super) size: u64,
    pub(super) period: String,
    /// Set from the moment the record is planned until its build completes:
    /// the copy may not be there yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) pending: bool,
}

impl Superseded {
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn was(&self) -> &str {
        &self.was
    }

    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn period(&self) -> &str {
        &self.period
    }

    pub fn is_pending(&self) -> bool {
        self.pending
    }
}

/// A file found in the archive with bytes its manifest entry does not
/// accept (a tampered record), moved out of the record by a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// Where the bytes are kept now: `.quarantine/<was>.<sha256 prefix>`.
    pub(super) path: String,
    /// The path they were found at.
    pub(super) was: String,
    /// The bytes found.
    pub(super) sha256: String,
    pub(super) size: u64,
    /// What the manifest recorded for that path (the genuine file).
    pub(super) expected: String,
}

impl Quarantined {
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn was(&self) -> &str {
        &self.was
    }

    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn expected(&self) -> &str {
        &self.expected
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub(super) tool: String,
    /// By path relative to the output folder, with `/` separators.
    pub(super) files: BTreeMap<String, Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) superseded: Vec<Superseded>,
    /// Tampered files moved out of the record, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) quarantined: Vec<Quarantined>,
}

impl Manifest {
    /// The tool (`kpibrief 0.1.0`) that last completed a build.
    pub fn tool(&self) -> &str {
        &self.tool
    }

    /// The entry of the file at `rel` (relative, `/` separators).
    pub fn entry(&self, rel: &str) -> Option<&Entry> {
        self.files.get(rel)
    }

    /// Every archived file, by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The superseded records, oldest first.
    pub fn superseded(&self) -> &[Superseded] {
        &self.superseded
    }

    /// The tampered files moved out of the record, oldest first.
    pub fn quarantined(&self) -> &[Quarantined] {
        &self.quarantined
    }

    /// Whether an interrupted build left marks behind.
    pub fn has_pending(&self) -> bool {
        self.files.values().any(Entry::is_pending) || self.superseded.iter().any(|s| s.pending)
    }

    /// The manifest as it is written: pretty JSON and a final newline.
    pub(super) fn to_text(&self, path: &Path) -> Result<String, ArchiveError> {
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| ArchiveError::BadManifest {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        text.push('\n');
        Ok(text)
    }
}

/// The manifest of the archive at `root`; an empty one when there is none
/// yet. A manifest naming a path that is not relative, normalised and inside
/// the archive is rejected as a whole (see [`super::paths::check_rel`]): it
/// was not written by kpibrief, and nothing it names is opened.
pub fn read_manifest(root: &Path) -> Result<Manifest, ArchiveError> {
    let path = root.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
        Err(e) => return Err(io(&path)(e)),
    };
    let bad = |message: String| ArchiveError::BadManifest {
        path: path.clone(),
        message,
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let named = manifest
        .files
        .keys()
        .map(|k| ("a file", k))
        .chain(manifest.superseded.iter().flat_map(|s| {
            [
                ("a superseded record", &s.path),
                ("a superseded record", &s.was),
            ]
        }))
        .chain(
            manifest
                .quarantined
                .iter()
                .map(|q| ("a quarantined file", &q.was)),
        );
    for (what, rel) in named {
        if let Some(why) = check_rel(rel) {
            return Err(bad(format!(
                "{what} has the path {rel:?}, which is not a path inside the archive: {why}"
            )));
        }
    }
    for q in &manifest.quarantined {
        let inside = q
            .path
            .strip_prefix(QUARANTINE_DIR)
            .and_then(|p| p.strip_prefix('/'));
        if inside.is_none_or(|p| check_rel(p).is_some()) {
            return Err(bad(format!(
                "a quarantined file has the path {:?}, which is not inside {QUARANTINE_DIR}/",
                q.path
            )));
        }
    }
    Ok(manifest)
}
