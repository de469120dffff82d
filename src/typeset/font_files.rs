//! The workspace's font files, read once per process, and the checks a face
//! passes before any font library trusts its tables.
//!
//! In: the workspace's `fonts/` folder. Out: [`WorkspaceFonts`], one entry
//! per font file (`.ttf`, `.otf`, `.ttc`, `.otc`, any case), with its bytes
//! and their SHA-256, or why it was not read. It is the one list both the
//! font set (what documents are typeset with) and the build's input hash
//! use, so the bytes hashed are the bytes typeset, through symbolic links
//! too.
//!
//! Why validate: ttf-parser and Typst believe a font's tables. Typst's
//! coverage walk pushes every code point a `cmap` subtable claims into a
//! vector, and a damaged format 12 group claims four billion of them (a
//! 16 GB vector: an abort, or a machine swapping for minutes). [`check_face`]
//! bounds what a face may claim before [`typst::text::FontInfo::new`] sees it.
//! The OS/2 embedding permissions of any font (workspace, bundled or system)
//! are read here too ([`read_fs_type`]), from the headers only.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::Bytes;
use typst::text::FontInfo;

/// A font file larger than this is refused unread. The largest real fonts
/// (pan-CJK collections) are about 120 MiB.
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// All workspace font files together; a file that would pass this is refused.
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// Faces in one collection (`.ttc`); real ones have a few dozen at most.
pub const MAX_FACES: u32 = 256;
/// Code point mappings the `cmap` subtables of one face may claim, summed
/// over subtables: four times all of Unicode (1,114,112).
pub const MAX_MAPPINGS: u64 = 4 * 0x11_0000;
/// Encoding records of one `cmap` (real fonts have under ten).
pub const MAX_CMAP_SUBTABLES: u16 = 64;

/// Why a workspace font file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Over [`MAX_FILE_BYTES`], or over [`MAX_TOTAL_BYTES`] with the files before it.
    TooLarge { bytes: u64, limit: u64 },
    /// Not found, no permission, a dangling link, a loop, not a regular file.
    Unreadable(String),
}

/// One font file of the workspace.
#[derive(Debug, Clone)]
pub struct WorkspaceFontFile {
    /// Its path relative to `fonts/` as found there (a link's own name),
    /// with `/` between folders.
    pub rel: String,
    /// Where it was read from: the canonical path (a link's target), or the
    /// path in `fonts/` when it could not be resolved.
    pub path: PathBuf,
    /// The bytes read and their SHA-256 (lowercase hex), or why not.
    pub content: Result<(Bytes, String), Refused>,
}

impl WorkspaceFontFile {
    /// What the build's input hash records for the file: the hash of the
    /// bytes read, or why none were read (never the hash of nothing, so that
    /// an unreadable file and an empty one differ).
    pub fn fingerprint(&self) -> String {
        match &self.content {
            Ok((_, sha256)) => format!("sha256:{sha256}"),
            Err(Refused::TooLarge { bytes, .. }) => format!("refused:too large:{bytes}"),
            Err(Refused::Unreadable(why)) => format!("refused:unreadable:{why}"),
        }
    }
}

/// The font files of a workspace's `fonts/` folder, in path order.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceFonts {
    pub files: Vec<WorkspaceFontFile>,
}

impl WorkspaceFonts {
    /// Reads every font file under `dir`, recursively, following symbolic
    /// links (a loop is refused, not followed). A folder that does not exist
    /// gives an empty list. Files of other kinds (a README, a licence) are
    /// not fonts and are ignored.
    pub fn scan(dir: &Path) -> WorkspaceFonts {
        let mut files = Vec::new();
        if !dir.is_dir() {
            return WorkspaceFonts { files };
        }
        let mut total = 0u64;
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let (path, is_file) = match &entry {
                Ok(entry) => (entry.path().to_path_buf(), entry.file_type().is_file()),
                Err(err) => match err.path() {
                    Some(path) => (path.to_path_buf(), false),
                    None => continue,
                },
            };
            // A dangling link or a loop is reported only under a font's name.
            if !is_font_name(&path) {
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let content = match entry {
                Err(err) => Err(Refused::Unreadable(err.to_string())),
                // A FIFO or a device would block or never end.
                Ok(_) if !is_file => Err(Refused::Unreadable("not a regular file".into())),
                Ok(_) => read_capped(&path, MAX_TOTAL_BYTES - total),
            };
            if let Ok((data, _)) = &content {
                total += data.len() as u64;
            }
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            files.push(WorkspaceFontFile { rel, path, content });
        }
        WorkspaceFonts { files }
    }
}

/// Whether a file name has a font's extension.
fn is_font_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a regular file whole unless it is over the cap (checked from its
/// size, and again while reading, in case it grows), and hashes it.
fn read_capped(path: &Path, room: u64) -> Result<(Bytes, String), Refused> {
    let unreadable = |err: std::io::Error| Refused::Unreadable(err.to_string());
    let file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Refused::Unreadable("not a regular file".into()));
    }
    let limit = MAX_FILE_BYTES.min(room);
    if meta.len() > limit {
        return Err(Refused::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(unreadable)?;
    if data.len() as u64 > limit {
        return Err(Refused::TooLarge {
            bytes: data.len() as u64,
            limit,
        });
    }
    let sha256 = crate::archive::sha256_hex(&data);
    Ok((Bytes::new(data), sha256))
}

/// The number of faces in a font file: 1, or a collection's count, which
/// must fit the file and [`MAX_FACES`].
pub fn face_count(data: &[u8]) -> Result<u32, String> {
    let Some(count) = ttf_parser::fonts_in_collection(data) else {
        return Ok(1);
    };
    // Header: tag, version, numFonts, then one u32 offset per face.
    let fits = (data.len().saturating_sub(12) / 4) as u64;
    if count == 0 || u64::from(count) > fits || count > MAX_FACES {
        return Err(format!(
            "its collection header claims {count} faces (at most {MAX_FACES}, and only as many as fit the file)"
        ));
    }
    Ok(count)
}

/// Each face of a file: its metadata for the font book, or why it is left out.
/// `Err`: the file as a whole (its collection header) is damaged.
pub type CheckedFaces = Result<Vec<Result<FontInfo, String>>, String>;

/// Checks every face of every file that was read, on one thread per core
/// (subsetting a face's outlines takes about 60 ms per megabyte). Files that
/// were not read give `Ok(vec![])`. In the order of `files`.
pub fn check_files(files: &[WorkspaceFontFile]) -> Vec<CheckedFaces> {
    let check = |file: &WorkspaceFontFile| -> CheckedFaces {
        let Ok((data, _)) = &file.content else {
            return Ok(Vec::new());
        };
        let faces = (0..face_count(data)?)
            .map(|index| {
                check_face(data, index)?;
                FontInfo::new(data, index).ok_or_else(|| "Typst cannot read it".to_string())
            })
            .collect();
        Ok(faces)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<CheckedFaces>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let checked = check(file);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(checked);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not checked".into())))
        .collect()
}

/// Checks face `index` of `data` before anything trusts its tables: it must
/// parse, every table it lists must lie inside the file, every table
/// ttf-parser knows must parse, `maxp`'s glyph count must fit the outlines,
/// it must have a `cmap`, its `cmap` may claim at most [`MAX_MAPPINGS`]
/// code points, and its outlines must subset. Linear in the file's size.
pub fn check_face(data: &[u8], index: u32) -> Result<(), String> {
    let face = ttf_parser::Face::parse(data, index).map_err(|e| e.to_string())?;
    let raw = face.raw_face();
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > data.len() as u64 {
            return Err(format!(
                "its `{}` table lies outside the file (bytes {}..{end} of {})",
                tag_text(record.tag),
                record.offset,
                data.len()
            ));
        }
    }
    let tables = face.tables();
    let parsed: [(&[u8; 4], bool); 8] = [
        (b"cmap", tables.cmap.is_some()),
        (b"glyf", tables.glyf.is_some()),
        (b"CFF ", tables.cff.is_some()),
        (b"CFF2", tables.cff2.is_some()),
        (b"hmtx", tables.hmtx.is_some()),
        (b"name", tables.name.is_some()),
        (b"OS/2", tables.os2.is_some()),
        (b"post", tables.post.is_some()),
    ];
    for (tag, ok) in parsed {
        let present = raw.table(ttf_parser::Tag::from_bytes(tag)).is_some();
        if present && !ok {
            return Err(format!(
                "its `{}` table is damaged",
                String::from_utf8_lossy(tag).trim_end()
            ));
        }
    }
    // Glyph ids up to `maxp.numGlyphs` must have outlines to point at
    // (ttf-parser quietly reads a short `loca` as far as it goes).
    let glyphs = u64::from(face.number_of_glyphs());
    let outlines = match (raw.table(ttf_parser::Tag::from_bytes(b"loca")), &tables.cff) {
        (Some(loca), _) if tables.glyf.is_some() => {
            let size = match tables.head.index_to_location_format {
                ttf_parser::head::IndexToLocationFormat::Short => 2,
                ttf_parser::head::IndexToLocationFormat::Long => 4,
            };
            Some((loca.len() as u64 / size).saturating_sub(1))
        }
        (_, Some(cff)) => Some(u64::from(cff.number_of_glyphs())),
        _ => None,
    };
    if let Some(outlines) = outlines.filter(|&n| n < glyphs) {
        return Err(format!(
            "its `maxp` claims {glyphs} glyphs, but it has outlines for {outlines}"
        ));
    }
    let cmap = raw
        .table(ttf_parser::Tag::from_bytes(b"cmap"))
        .ok_or("it has no `cmap` table (which characters it draws)")?;
    let claimed = cmap_mappings(cmap)?;
    if claimed > MAX_MAPPINGS {
        return Err(format!(
            "its `cmap` claims more than {MAX_MAPPINGS} code points (a damaged table)"
        ));
    }
    check_outlines(data, index, face.number_of_glyphs())
}

/// Subsets the face to all its glyphs, as the PDF export subsets it to the
/// glyphs a document uses (the same subsetter, through krilla): a damaged
/// outline would otherwise fail the export of every document that draws
/// with the font, instead of leaving the font out.
fn check_outlines(data: &[u8], index: u32, glyphs: u16) -> Result<(), String> {
    let all: Vec<u16> = (0..glyphs).collect();
    let mapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&all);
    subsetter::subset_with_variations(data, index, &[], &mapper)
        .map(drop)
        .map_err(|err| format!("its outlines cannot be embedded in a PDF ({err})"))
}

fn tag_text(tag: ttf_parser::Tag) -> String {
    String::from_utf8_lossy(&tag.to_bytes())
        .trim_end()
        .to_string()
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// An upper bound of the code points ttf-parser's `codepoints` walk reports
/// for a `cmap` table, over all its subtables, counted from the subtables'
/// headers and ranges without visiting each code point. Stops counting once
/// past [`MAX_MAPPINGS`]. A subtable that is cut short counts what fits
/// (ttf-parser stops at it).
fn cmap_mappings(cmap: &[u8]) -> Result<u64, String> {
    let count = u16_at(cmap, 2).ok_or("its `cmap` table is cut short")?;
    if count > MAX_CMAP_SUBTABLES {
        return Err(format!(
            "its `cmap` lists {count} subtables (at most {MAX_CMAP_SUBTABLES})"
        ));
    }
    let mut total = 0u64;
    for i in 0..usize::from(count) {
        // Encoding record: platformID, encodingID (u16 each), offset (u32).
        let Some(offset) = u32_at(cmap, 4 + 8 * i + 4) else {
            break;
        };
        let Some(sub) = cmap.get(offset as usize..) else {
            continue;
        };
        total += subtable_mappings(sub);
        if total > MAX_MAPPINGS {
            break;
        }
    }
    Ok(total)
}

/// An upper bound of the code points one subtable maps (0 for formats
/// ttf-parser does not walk: 8, 14 and unknown ones).
fn subtable_mappings(sub: &[u8]) -> u64 {
    let ranges = |pairs: &mut dyn Iterator<Item = (u64, u64)>| {
        let mut n = 0u64;
        for (start, end) in pairs {
            n += (end + 1).saturating_sub(start);
            if n > MAX_MAPPINGS {
                break;
            }
        }
        n
    };
    match u16_at(sub, 0) {
        Some(0) => 256,
        Some(2) => {
            // 256 subHeaderKeys (u16, index × 8), then 8-byte subHeaders:
            // firstCode, entryCount, idDelta, idRangeOffset.
            (0..256)
                .map(|b| match u16_at(sub, 6 + 2 * b) {
                    Some(key) if key / 8 > 0 => {
                        u64::from(u16_at(sub, 518 + 8 * usize::from(key / 8) + 2).unwrap_or(0))
                    }
                    _ => 1,
                })
                .sum()
        }
        Some(4) => {
            // segCountX2 at 6; endCodes at 14; startCodes after a pad.
            let segs = usize::from(u16_at(sub, 6).unwrap_or(0) / 2);
            let mut pairs = (0..segs).map_while(|i| {
                let end = u16_at(sub, 14 + 2 * i)?;
                let start = u16_at(sub, 16 + 2 * segs + 2 * i)?;
                Some((u64::from(start), u64::from(end)))
            });
            ranges(&mut pairs)
        }
        Some(6) => u64::from(u16_at(sub, 8).unwrap_or(0)),
        Some(10) => {
            let fits = (sub.len().saturating_sub(20) / 2) as u64;
            u64::from(u32_at(sub, 16).unwrap_or(0)).min(fits)
        }
        Some(12 | 13) => {
            // numGroups at 12; 12-byte groups from 16: start, end, glyph.
            let groups = u32_at(sub, 12).unwrap_or(0) as usize;
            let mut pairs = (0..groups).map_while(|i| {
                let at = 16usize.checked_add(i.checked_mul(12)?)?;
                Some((u64::from(u32_at(sub, at)?), u64::from(u32_at(sub, at + 4)?)))
            });
            ranges(&mut pairs)
        }
        _ => 0,
    }
}

/// Whether an OS/2 `fsType` forbids embedding the font's outlines in a PDF.
///
/// The low four bits are the embedding permission: exactly `2` is
/// "Restricted License embedding" (when several bits are set, the least
/// restrictive wins, which is why krilla also tests `& 0xF == 2`). Bit 9 is
/// "Bitmap embedding only": no outlines may be embedded.
pub(super) fn embedding_forbidden(fs_type: u16) -> bool {
    fs_type & 0x000F == 0x0002 || fs_type & 0x0200 != 0
}

/// Reads the OS/2 `fsType` (embedding permissions) of face `index` of a font
/// file or collection, reading only the headers. `Ok(None)` if the face has
/// no OS/2 table (old Mac fonts), which does not restrict embedding.
pub(super) fn read_fs_type(mut reader: impl Read + Seek, index: u32) -> io::Result<Option<u16>> {
    fn invalid(what: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, what)
    }
    fn read_u16(reader: &mut impl Read) -> io::Result<u16> {
        let mut buf = [0; 2];
        reader.read_exact(&mut buf)?;
        Ok(u16::from_be_bytes(buf))
    }
    fn read_u32(reader: &mut impl Read) -> io::Result<u32> {
        let mut buf = [0; 4];
        reader.read_exact(&mut buf)?;
        Ok(u32::from_be_bytes(buf))
    }

    reader.seek(SeekFrom::Start(0))?;
    let face_offset = if read_u32(&mut reader)?.to_be_bytes() == *b"ttcf" {
        // Collection header: tag, version (u32), numFonts (u32), then one u32
        // offset per face, from the start of the file.
        reader.seek(SeekFrom::Start(8))?;
        if index >= read_u32(&mut reader)? {
            return Err(invalid("font index beyond the collection"));
        }
        reader.seek(SeekFrom::Start(12 + 4 * u64::from(index)))?;
        u64::from(read_u32(&mut reader)?)
    } else if index == 0 {
        0
    } else {
        return Err(invalid("font index beyond a single-font file"));
    };

    // Table directory: sfntVersion (u32), numTables (u16), three more u16,
    // then 16-byte records: tag, checksum, offset (from the file start), length.
    reader.seek(SeekFrom::Start(face_offset + 4))?;
    let num_tables = read_u16(&mut reader)?;
    reader.seek(SeekFrom::Start(face_offset + 12))?;
    let mut records = vec![0; usize::from(num_tables) * 16];
    reader.read_exact(&mut records)?;
    let Some(os2) = records
        .chunks_exact(16)
        .find(|record| &record[..4] == b"OS/2")
    else {
        return Ok(None);
    };
    let offset = u32::from_be_bytes([os2[8], os2[9], os2[10], os2[11]]);
    // OS/2 starts with version, xAvgCharWidth, usWeightClass, usWidthClass
    // (two bytes each), then fsType.
    reader.seek(SeekFrom::Start(u64::from(offset) + 8))?;
    read_u16(&mut reader).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A minimal sfnt table directory with one OS/2 table at `os2_at`.
    fn sfnt(fs_type: u16, base: usize, os2_at: usize) -> Vec<u8> {
        let mut data = vec![0; os2_at + 10];
        data[base..base + 4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        data[base + 4..base + 6].copy_from_slice(&2u16.to_be_bytes());
        // An unrelated first record, then OS/2.
        data[base + 12..base + 16].copy_from_slice(b"cmap");
        let record = base + 28;
        data[record..record + 4].copy_from_slice(b"OS/2");
        data[record + 8..record + 12].copy_from_slice(&(os2_at as u32).to_be_bytes());
        data[os2_at + 8..os2_at + 10].copy_from_slice(&fs_type.to_be_bytes());
        data
    }

    #[test]
    fn reads_fs_type_of_single_fonts_and_collections() {
        let single = sfnt(0x0002, 0, 64);
        assert_eq!(read_fs_type(Cursor::new(&single), 0).unwrap(), Some(2));
        assert!(read_fs_type(Cursor::new(&single), 1).is_err());

        // A collection of two faces; the second starts at byte 100.
        let mut ttc = sfnt(0x0008, 100, 200);
        ttc[..4].copy_from_slice(b"ttcf");
        ttc[8..12].copy_from_slice(&2u32.to_be_bytes());
        ttc[16..20].copy_from_slice(&100u32.to_be_bytes());
        assert_eq!(read_fs_type(Cursor::new(&ttc), 1).unwrap(), Some(8));
        assert!(read_fs_type(Cursor::new(&ttc), 2).is_err());
    }

    #[test]
    fn embedding_rules_follow_the_opentype_spec() {
        assert!(!embedding_forbidden(0x0000)); // installable
        assert!(embedding_forbidden(0x0002)); // restricted licence
        assert!(!embedding_forbidden(0x0004)); // preview & print
        assert!(!embedding_forbidden(0x0006)); // least restrictive bit wins
        assert!(!embedding_forbidden(0x000C)); // DejaVu Math: print + editable
        assert!(embedding_forbidden(0x0208)); // bitmap embedding only
    }

    fn format12(groups: &[(u32, u32)]) -> Vec<u8> {
        let mut sub = vec![0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        sub.extend((groups.len() as u32).to_be_bytes());
        for &(start, end) in groups {
            sub.extend(start.to_be_bytes());
            sub.extend(end.to_be_bytes());
            sub.extend(0u32.to_be_bytes());
        }
        sub
    }

    #[test]
    fn counts_ranges_without_walking_them() {
        assert_eq!(
            subtable_mappings(&format12(&[(0x20, 0x7e), (0x4e00, 0x4e00)])),
            96
        );
        // A damaged group claiming four billion code points stops the count.
        assert!(subtable_mappings(&format12(&[(0, u32::MAX)])) > MAX_MAPPINGS);
        // A group count far beyond the data counts only what is there.
        let mut cut = format12(&[(1, 2)]);
        cut[12..16].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(subtable_mappings(&cut), 2);
        // Reversed ranges claim nothing, as ttf-parser walks them.
        assert_eq!(subtable_mappings(&format12(&[(9, 3)])), 0);
    }

    #[test]
    fn an_unreadable_file_is_never_fingerprinted_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.ttf"), b"").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("link.ttf")).unwrap();
        std::fs::write(dir.path().join("README.txt"), b"not a font").unwrap();
        let fonts = WorkspaceFonts::scan(dir.path());
        let rels: Vec<&str> = fonts.files.iter().map(|f| f.rel.as_str()).collect();
        #[cfg(unix)]
        assert_eq!(rels, ["empty.ttf", "link.ttf"]);
        let empty = &fonts.files[0];
        assert_eq!(
            empty.fingerprint(),
            format!("sha256:{}", crate::archive::sha256_hex(b""))
        );
        #[cfg(unix)]
        {
            let link = &fonts.files[1];
            assert!(
                matches!(link.content, Err(Refused::Unreadable(_))),
                "{link:?}"
            );
            assert!(link.fingerprint().starts_with("refused:"));
        }
    }
}
