//! Writing files so that a reader never sees half of one.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` whole or not at all: into a temporary file in the
/// same folder (so the rename cannot cross file systems),
/// then renamed over the target. A killed process leaves the old file or the
/// new one, never a mixture; a stray temporary file is named `.kpibrief-*.tmp`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    write_atomic_via(path, dir, bytes)
}

/// Like [`write_atomic`], with the temporary file in `tmp_dir` (which must be
/// on the same file system): the archive keeps its temporary files in one
/// hidden folder, so that no half-written file ever stands among its records.
pub fn write_atomic_via(path: &Path, tmp_dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let dir = tmp_dir;
    std::fs::create_dir_all(dir)?;
    let mut tmp = temp_builder().tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // No fsync: the rename makes the write atomic for every reader and against
    // a killed process; flushing each file to the disk would make a build of
    // a year's archive ten times slower (as git, kpibrief leaves durability
    // against power loss to the operating system).
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary-file builder for kpibrief's writes: hidden `.kpibrief-*.tmp`
/// names, and readable permissions (tempfile creates private 0600 files; an
/// archive is meant to be read).
pub fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kpibrief-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder
}
