//! SHA-256 as kpibrief writes it everywhere: lowercase hex, as `sha256sum`
//! prints it. In: bytes (at once, streamed, or a file's); out: the hex string.
//! One place, so that the manifest, the input hashes and the font records
//! can never disagree on the spelling of a hash.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = Sha256Hex::new();
    h.update(bytes);
    h.finish()
}

/// A SHA-256 fed piece by piece (also as an [`std::io::Write`] sink),
/// finished as lowercase hex.
#[derive(Default, Clone)]
pub struct Sha256Hex {
    hasher: Sha256,
    len: u64,
}

impl Sha256Hex {
    pub fn new() -> Sha256Hex {
        Sha256Hex::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.len += bytes.len() as u64;
    }

    /// How many bytes were fed so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn finish(self) -> String {
        use std::fmt::Write;
        let digest = self.hasher.finalize();
        let mut hex = String::with_capacity(64);
        for b in digest {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{b:02x}");
        }
        hex
    }
}

impl std::io::Write for Sha256Hex {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The file at `path`: (SHA-256, size), read in pieces so that a large PDF
/// is never held whole in memory.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut h = Sha256Hex::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    let size = h.len();
    Ok((h.finish(), size))
}
