//! Step 1 of the pipeline: find the workspace's data files, read and decode
//! them, and parse each into a [`yaml::Node`] tree that keeps positions.
//!
//! Nothing here knows what the keys mean; [`crate::check`] does. Every
//! problem becomes a [`Diagnostic`]; the walk never stops at the first.

pub mod yaml;

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, SourceFile, SourceFiles, shown_path};
use crate::model::{Month, Week};
use yaml::Node;

/// Largest data file kpibrief reads. A province-scale checklist is under 2 MiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Most YAML files a workspace may hold (a year of weekly files is 53).
pub const MAX_FILES: usize = 20_000;

/// Where a file sits in the workspace, which says what it holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Config,
    Units,
    Peers,
    Indicators,
    Tasks,
    Weekly(Week),
    Monthly(Month),
    Explanation { month: Month, unit: String },
}

impl Place {
    pub const TOP_LEVEL: [(&'static str, Place); 5] = [
        ("config.yaml", Place::Config),
        ("units.yaml", Place::Units),
        ("peers.yaml", Place::Peers),
        ("indicators.yaml", Place::Indicators),
        ("tasks.yaml", Place::Tasks),
    ];
}

/// A data file read and decoded, ready to parse.
///
/// Parsing is left to the checker, one file at a time, so that only one
/// file's tree is in memory at once: a province-scale workspace's trees
/// together take far more memory than the workspace they describe.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    pub place: Place,
}

impl Document {
    /// The file's YAML tree; `None` for an empty file.
    pub fn parse(&self, files: &SourceFiles) -> Result<Option<Node>, Diagnostic> {
        yaml::parse(self.file, files.get(self.file))
    }
}

/// What the loader found: every file read and decoded.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: SourceFiles,
    pub documents: Vec<Document>,
    pub diagnostics: Diagnostics,
}

/// Folders of a workspace that hold no data.
// `out` and `preview`: where `build` and `watch` write when the workspace
// was found from inside it (see docs/decisions.md).
const NOT_DATA: [&str; 4] = ["templates", "fonts", "out", "preview"];

/// Read every data file under `root`.
pub fn load(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    if !root.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error(format!(
                "the workspace folder `{}` does not exist or is not a folder",
                root.display()
            ))
            .note("give the folder of YAML files with --data DIR, or create one with `kpibrief init DIR`"),
        );
        return loaded;
    }

    let mut seen_top = Vec::new();
    let mut yaml_files = 0usize;
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            // Hidden folders (.git) and the template and font folders are not data.
            e.depth() == 0
                || !(name.starts_with('.') || (e.depth() == 1 && NOT_DATA.contains(&&*name)))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err
                    .path()
                    .map(|p| rel_of(root, p))
                    .unwrap_or_else(|| ".".into());
                let message = if err.loop_ancestor().is_some() {
                    format!("`{at}` is a symbolic link that loops back to a folder above it")
                } else {
                    format!(
                        "cannot read `{at}`: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), |e| e.to_string())
                    )
                };
                loaded.diagnostics.push(Diagnostic::error(message));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_of(root, entry.path());
        let is_yaml = rel.ends_with(".yaml");
        if entry.file_type().is_dir() {
            if is_yaml {
                loaded.diagnostics.push(Diagnostic::error(format!(
                    "`{rel}` is a folder, but a data file should be there"
                )));
                seen_top.push(rel);
            }
            continue;
        }
        if !is_yaml && is_yaml_variant(&rel) {
            loaded.diagnostics.push(
                Diagnostic::warning(format!(
                    "`{rel}` is ignored: kpibrief reads `.yaml` files (in lower case)"
                ))
                .note("rename it to end in `.yaml`"),
            );
            continue;
        }
        if !is_yaml {
            continue;
        }
        yaml_files += 1;
        if yaml_files > MAX_FILES {
            loaded.diagnostics.push(Diagnostic::error(format!(
                "the workspace holds more than {MAX_FILES} YAML files: is `--data` the right folder?"
            )));
            break;
        }
        take(
            &mut loaded,
            root,
            &rel,
            Input::Disk(entry.path()),
            &mut seen_top,
        );
    }
    finish(loaded, &seen_top)
}

/// Check an in-memory workspace, as if its files were under `root`: for
/// fuzzing and for tools that hold the files already. Paths use `/`.
pub fn load_memory(root: &Path, files: &[(String, Vec<u8>)]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut seen_top = Vec::new();
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (rel, bytes) in sorted.into_iter().take(MAX_FILES) {
        if rel.ends_with(".yaml") {
            take(&mut loaded, root, rel, Input::Memory(bytes), &mut seen_top);
        }
    }
    finish(loaded, &seen_top)
}

enum Input<'a> {
    Disk(&'a Path),
    Memory(&'a [u8]),
}

/// Classify, read and parse one YAML file of the workspace.
fn take(loaded: &mut Loaded, root: &Path, rel: &str, input: Input<'_>, seen_top: &mut Vec<String>) {
    let diags = &mut loaded.diagnostics;
    let place = match classify(rel) {
        Ok(Some(place)) => place,
        Ok(None) => {
            diags.push(
                Diagnostic::warning(format!("`{rel}` is in no place kpibrief reads, and is ignored"))
                    .note("data files are config.yaml, units.yaml, peers.yaml, indicators.yaml, tasks.yaml, weekly/YYYY-Www.yaml, monthly/YYYY-MM.yaml and explanations/YYYY-MM/<unit>.yaml"),
            );
            return;
        }
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    if Place::TOP_LEVEL.iter().any(|(name, _)| *name == rel) {
        seen_top.push(rel.to_string());
    }
    if let Some(doc) = read_document(root, rel, input, place, &mut loaded.files, diags) {
        loaded.documents.push(doc);
    }
}

fn finish(mut loaded: Loaded, seen_top: &[String]) -> Loaded {
    let diags = &mut loaded.diagnostics;
    for (name, _) in Place::TOP_LEVEL {
        if !seen_top.iter().any(|s| s == name) {
            diags.push(
                Diagnostic::error(format!("the workspace has no `{name}`")).note(format!(
                    "every workspace needs {}; `kpibrief init DIR` writes a starting set",
                    Place::TOP_LEVEL.map(|(n, _)| n).join(", ")
                )),
            );
        }
    }
    loaded
}

/// `.yml`, `.YAML`, `.Yaml`, `.YML`…: a data file under a name kpibrief does not read.
fn is_yaml_variant(rel: &str) -> bool {
    let lower = rel.to_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

fn rel_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a file holds, from where it is. `Ok(None)`: a YAML file in an unknown place.
fn classify(rel: &str) -> Result<Option<Place>, Diagnostic> {
    if let Some((_, place)) = Place::TOP_LEVEL.iter().find(|(n, _)| *n == rel) {
        return Ok(Some(place.clone()));
    }
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["weekly", name] => {
            let stem = name.trim_end_matches(".yaml");
            stem.parse::<Week>()
                .map(|w| Some(Place::Weekly(w)))
                .map_err(|why| {
                    Diagnostic::error(format!(
                        "`{rel}`: a weekly file is named after its ISO week"
                    ))
                    .expected("weekly/YYYY-Www.yaml, e.g. weekly/2026-W27.yaml")
                    .note(why)
                })
        }
        ["monthly", name] => {
            let stem = name.trim_end_matches(".yaml");
            stem.parse::<Month>()
                .map(|m| Some(Place::Monthly(m)))
                .map_err(|why| {
                    Diagnostic::error(format!("`{rel}`: a monthly file is named after its month"))
                        .expected("monthly/YYYY-MM.yaml, e.g. monthly/2026-06.yaml")
                        .note(why)
                })
        }
        ["explanations", folder, name] => {
            let month = folder.parse::<Month>().map_err(|why| {
                Diagnostic::error(format!(
                    "`{rel}`: explanations are kept in a folder per month"
                ))
                .expected("explanations/YYYY-MM/<unit>.yaml")
                .note(why)
            })?;
            Ok(Some(Place::Explanation {
                month,
                unit: name.trim_end_matches(".yaml").to_string(),
            }))
        }
        _ => Ok(None),
    }
}

fn read_document(
    root: &Path,
    rel: &str,
    input: Input<'_>,
    place: Place,
    files: &mut SourceFiles,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let shown = shown_path(root, rel);
    // A file that cannot be read still gets an id, so its problem names it.
    let mut refuse = |files: &mut SourceFiles, d: Diagnostic| {
        let id = files.add(SourceFile::new(
            rel.to_string(),
            shown.clone(),
            String::new(),
        ));
        diags.push(d.in_file(id));
    };
    let owned;
    let bytes: &[u8] = match input {
        Input::Disk(path) => match read_regular(path) {
            Ok(b) => {
                owned = b;
                &owned
            }
            Err(d) => {
                refuse(files, d);
                return None;
            }
        },
        Input::Memory(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            refuse(files, too_large(bytes.len() as u64));
            return None;
        }
        Input::Memory(bytes) => bytes,
    };
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(problem) => {
            let mut d = Diagnostic::error(problem.message);
            for n in problem.notes {
                d = d.note(n);
            }
            refuse(files, d);
            return None;
        }
    };
    let file = files.add(SourceFile::new(rel.to_string(), shown, text));
    Some(Document { file, place })
}

fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "this file is {:.1} MiB: larger than any real data file",
        size as f64 / 1024.0 / 1024.0
    ))
    .note(format!(
        "kpibrief reads data files of up to {} MiB",
        MAX_FILE_BYTES / 1024 / 1024
    ))
}

/// Read a data file that must be a regular file (after following symbolic
/// links), never more than [`MAX_FILE_BYTES`] + 1 bytes of it.
///
/// The type is checked before the file is opened, because opening a FIFO
/// waits for a writer, and again on the opened file; the size a file claims
/// is not trusted either (a device says 0), so the read itself is bounded.
fn read_regular(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(format!("cannot read this file: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(not_regular(path, meta.file_type()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let opened = file.metadata().map_err(cannot)?;
    if !opened.is_file() {
        return Err(not_regular(path, opened.file_type()));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "this file holds more than {} MiB (its size said {} bytes): larger than any real data file",
            MAX_FILE_BYTES / 1024 / 1024,
            opened.len()
        )));
    }
    Ok(bytes)
}

/// "this is a FIFO …": what a data file is when it is not a regular file.
fn not_regular(path: &Path, kind: std::fs::FileType) -> Diagnostic {
    let what = kind_of(kind);
    let link = std::fs::read_link(path)
        .map(|to| format!("a symbolic link to {what} (`{}`)", to.display()))
        .unwrap_or_else(|_| what.to_string());
    Diagnostic::error(format!("this is {link}, not a regular file"))
        .note("kpibrief reads only regular files (a symbolic link may point to one)")
}

fn kind_of(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[derive(Debug)]
struct DecodeProblem {
    message: String,
    notes: Vec<String>,
}

/// UTF-8, with an optional byte-order mark and CRLF line ends. Anything else
/// is refused with a guess at what it is, since offices often save GBK or UTF-16.
fn decode(bytes: &[u8]) -> Result<String, DecodeProblem> {
    let save_as =
        "save the file as UTF-8 (in most editors: “Save with encoding” → UTF-8)".to_string();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem {
            message: "this file is UTF-16, not UTF-8".into(),
            notes: vec![save_as],
        });
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => {
            if text.contains('\0') {
                let zeros = body.iter().filter(|&&b| b == 0).count();
                return Err(if zeros * 4 > body.len() {
                    DecodeProblem {
                        message:
                            "this file is not UTF-8: it looks like UTF-16 without a byte-order mark"
                                .into(),
                        notes: vec![save_as],
                    }
                } else {
                    DecodeProblem {
                        message: "this file holds NUL bytes: it is not a text file".into(),
                        notes: vec![],
                    }
                });
            }
            Ok(text.replace("\r\n", "\n"))
        }
        Err(e) => {
            let line = body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let guess = guess_encoding(body);
            Err(DecodeProblem {
                message: format!("this file is not UTF-8 (first bad byte on line {line}){guess}"),
                notes: vec![save_as],
            })
        }
    }
}

fn guess_encoding(bytes: &[u8]) -> String {
    let zeros = bytes.iter().filter(|&&b| b == 0).count();
    if zeros * 4 > bytes.len() {
        return ": it looks like UTF-16 without a byte-order mark".into();
    }
    if encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        return ": it looks like GBK (GB 18030), the usual encoding of Chinese Windows".into();
    }
    if encoding_rs::BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        return ": it looks like Big5".into();
    }
    ": its encoding is not one kpibrief recognises".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("organization: 某市学习局\n");
        let err = decode(&gbk).unwrap_err();
        assert!(err.message.contains("GBK"), "{}", err.message);
    }

    #[test]
    fn utf16_is_recognised() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "year: 2026\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert!(decode(&bytes).unwrap_err().message.contains("UTF-16"));
        assert!(decode(&bytes[2..]).unwrap_err().message.contains("UTF-16"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n").unwrap();
        assert_eq!(text, "a: 1\nb: 2\n");
    }
}
