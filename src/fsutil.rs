//! Writing files so that a reader never sees half of one.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` whole or not at all: into a temporary file in the
/// same folder (so the rename cannot cross file systems), flushed to disk,
/// then renamed over the target. A crash leaves the old file or the new one,
/// never a mixture; a stray temporary file is named `.kpibrief-*.tmp`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kpibrief-").suffix(".tmp");
    // tempfile creates private files (0600); an archive is meant to be read.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
