//! What the archive opens, and how. In: the output folder and a path the
//! manifest names; out: whether that path may be used at all
//! ([`check_rel`]: relative, normalised, inside the folder) and what is on
//! disk there ([`OnDisk`]: a regular file with its hash, nothing, or
//! something kpibrief does not read).
//!
//! The manifest is a file anybody can edit: a path in it must never make
//! `verify` or `build` read (or print the hash of) anything outside the
//! archive, nor hang on a FIFO or read a device forever. So every path is
//! checked when the manifest is read, no component of it on disk may be a
//! symbolic link, and only regular files are opened.

use std::path::{Component, Path};

use super::{Sha256Hex, TMP_DIR};

/// The archive's own hidden folder for tampered files (see `quarantine`).
pub const QUARANTINE_DIR: &str = ".quarantine";

/// Why `rel` cannot be a path of the archive, or `None` when it can: it must
/// be relative, with `/` separators, every component a plain name (no `.`,
/// `..`, empty component or backslash), and not inside kpibrief's own
/// hidden folders.
pub fn check_rel(rel: &str) -> Option<&'static str> {
    if rel.is_empty() {
        return Some("it is empty");
    }
    if rel.starts_with('/') || Path::new(rel).is_absolute() {
        return Some("it is absolute");
    }
    if rel.contains('\\') || rel.contains('\0') {
        return Some("it contains a backslash or a NUL");
    }
    for part in rel.split('/') {
        match part {
            "" => return Some("it has an empty component (`//` or a trailing `/`)"),
            "." | ".." => return Some("it has a `.` or `..` component"),
            _ => {}
        }
    }
    let first = rel.split('/').next().unwrap_or_default();
    if first == TMP_DIR || first == QUARANTINE_DIR {
        return Some("it is inside kpibrief's own hidden folders");
    }
    // Belt and braces: what the standard library parses must agree.
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Some("it is not a plain relative path");
    }
    None
}

/// What is at a path of the archive.
#[derive(Debug)]
pub enum OnDisk {
    /// Nothing (or a folder on the way is missing).
    Absent,
    /// A regular file: its SHA-256 and size.
    File { sha256: String, size: u64 },
    /// Something that is not read: a symbolic link (here or on the way), a
    /// folder, a FIFO, a device, a socket. The text says which.
    Other(&'static str),
    /// A regular file that could not be read.
    Unreadable(std::io::Error),
}

impl OnDisk {
    /// (SHA-256, size) of a regular file, `None` otherwise.
    pub fn hash(&self) -> Option<(&str, u64)> {
        match self {
            OnDisk::File { sha256, size } => Some((sha256, *size)),
            _ => None,
        }
    }
}

fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Why a file may not be written at `root/rel`, or `None` when it may: every
/// folder on the way below `root` that exists must be a real folder, not a
/// symbolic link (which would take the write outside the archive) nor a file.
pub fn unsafe_parent(root: &Path, rel: &str) -> Option<&'static str> {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_dir() => {}
            Ok(m) => return Some(kind_of(m.file_type())),
            // Missing: created as a folder by the write.
            Err(_) => return None,
        }
    }
    None
}

/// Look at `root/rel` without following a symbolic link anywhere below
/// `root`, and hash it if (and only if) it is a regular file. `rel` must
/// have passed [`check_rel`].
pub fn on_disk(root: &Path, rel: &str) -> OnDisk {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return OnDisk::Absent,
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return OnDisk::Absent,
            Err(e) => return OnDisk::Unreadable(e),
        };
        let last = i + 1 == parts.len();
        let ft = meta.file_type();
        if ft.is_symlink() || (!last && !ft.is_dir()) {
            return OnDisk::Other(kind_of(ft));
        }
        if last && !ft.is_file() {
            return OnDisk::Other(kind_of(ft));
        }
    }
    // Checked just above; the type is checked again on the open file, so a
    // file swapped in meanwhile is still never read unless it is regular.
    let mut file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return OnDisk::Absent,
        Err(e) => return OnDisk::Unreadable(e),
    };
    match file.metadata() {
        Ok(m) if m.is_file() => {}
        Ok(m) => return OnDisk::Other(kind_of(m.file_type())),
        Err(e) => return OnDisk::Unreadable(e),
    }
    let mut h = Sha256Hex::new();
    match std::io::copy(&mut file, &mut h) {
        Ok(size) => OnDisk::File {
            sha256: h.finish(),
            size,
        },
        Err(e) => OnDisk::Unreadable(e),
    }
}
