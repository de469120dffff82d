//! `fonts --collect`: the official fonts found on this machine, copied into
//! the workspace's `fonts/`.
//!
//! In: folders to search (the usual font folders of Windows, WPS Office,
//! Linux and macOS, or the user's `--from`), the workspace. Out: the fonts
//! found, copied, refused and still missing ([`Collected`]); the copies in
//! `fonts/`, each written whole.
//!
//! A font is recognised by the family names in its `name` table, in any
//! language (方正小标宋简体 and FZXiaoBiaoSong-B05S are the same font), against
//! the official families of [`roles::ROLES`]. Only the roles the workspace
//! does not yet serve are looked for, the best family of each first; a font
//! is copied only if its licence (OS/2 `fsType`) allows embedding and its
//! tables pass the checks every workspace font passes, since a font the
//! build would refuse is of no use in `fonts/`. A file already in `fonts/`
//! under the same name is never replaced: the same bytes are "already
//! there", different bytes are a conflict left for the user to settle.
//!
//! Searching reads only each file's table directory and `name` table, so a
//! folder of gigabytes of fonts is searched in the time it takes to list it.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::font_files::{self, MAX_FACES, MAX_FILE_BYTES, embedding_forbidden, read_fs_type};
use super::roles::{self, FALLBACK, ROLES, ResolvedRole};

/// What `fonts --collect` found and did.
#[derive(Debug, Default)]
pub struct Collected {
    /// The folders searched that exist.
    pub searched: Vec<PathBuf>,
    /// Every face with an official family name, in path order.
    pub found: Vec<Found>,
    /// Files copied into `fonts/`.
    pub copied: Vec<Placed>,
    /// Files that were already in `fonts/` with the same bytes.
    pub already: Vec<Placed>,
    /// Fonts found that were not copied, and why.
    pub refused: Vec<NotCopied>,
    /// The roles, after the copies, as `kpibrief fonts` lists them.
    pub roles: Vec<ResolvedRole>,
}

impl Collected {
    /// The roles still drawn with a stand-in (a bundled font).
    pub fn missing(&self) -> impl Iterator<Item = &ResolvedRole> {
        self.roles
            .iter()
            .filter(|r| !r.origin.starts_with("workspace"))
    }
}

/// A face whose name is an official family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub index: u32,
    /// The official family it was recognised as, as the roles spell it.
    pub family: String,
}

/// A font file put (or found) in `fonts/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub from: PathBuf,
    /// Its path relative to the workspace, `fonts/<name>`.
    pub to: String,
    pub family: String,
    /// The roles it is for (`title`, `body`, …).
    pub roles: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCopied {
    pub path: PathBuf,
    pub family: String,
    pub why: String,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CollectError {
    #[error("cannot create {}: {source}", .path.display())]
    Folder { path: PathBuf, source: io::Error },
}

/// The folders where offices keep their fonts on this kind of machine.
pub fn usual_folders() -> Vec<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let mut folders = Vec::new();
    if cfg!(windows) {
        let windir = env("WINDIR")
            .or_else(|| env("SystemRoot"))
            .unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        folders.push(windir.join("Fonts"));
        if let Some(local) = env("LOCALAPPDATA") {
            folders.push(local.join(r"Microsoft\Windows\Fonts"));
            // WPS Office installed for one user.
            folders.push(local.join("Kingsoft"));
        }
        if let Some(roaming) = env("APPDATA") {
            folders.push(roaming.join("kingsoft"));
        }
        for program_files in ["ProgramFiles", "ProgramFiles(x86)"] {
            if let Some(p) = env(program_files) {
                folders.push(p.join("Kingsoft"));
            }
        }
    } else if cfg!(target_os = "macos") {
        folders.push(PathBuf::from("/Library/Fonts"));
        if let Some(home) = env("HOME") {
            folders.push(home.join("Library/Fonts"));
        }
        folders.push(PathBuf::from(
            "/Applications/wpsoffice.app/Contents/Resources",
        ));
    } else {
        folders.push(PathBuf::from("/usr/share/fonts"));
        folders.push(PathBuf::from("/usr/local/share/fonts"));
        if let Some(home) = env("HOME") {
            folders.push(home.join(".local/share/fonts"));
            folders.push(home.join(".fonts"));
        }
        // WPS Office for Linux ships its fonts beside itself.
        folders.push(PathBuf::from("/opt/kingsoft/wps-office/office6/fonts"));
    }
    folders
}

/// The official families each role may use (the bundled stand-ins left out).
fn official(role: &roles::Role) -> impl Iterator<Item = &'static str> {
    role.families
        .iter()
        .copied()
        .filter(|f| !FALLBACK.contains(f))
}

/// Search `folders`, copy what the workspace lacks into `workspace/fonts/`.
pub fn collect(folders: &[PathBuf], workspace: &Path) -> Result<Collected, CollectError> {
    let mut collected = Collected::default();
    let served_before = served(workspace);
    let wanted: Vec<&str> = ROLES
        .iter()
        .flat_map(official)
        .fold(Vec::new(), |mut all, f| {
            if !all.contains(&f) {
                all.push(f);
            }
            all
        });
    for folder in folders {
        if folder.is_dir() {
            collected.searched.push(folder.clone());
        }
    }
    for path in font_files(&collected.searched) {
        for (index, names) in face_names(&path) {
            let matched = wanted
                .iter()
                .find(|w| names.iter().any(|n| n.eq_ignore_ascii_case(w)));
            if let Some(family) = matched {
                collected.found.push(Found {
                    path: path.clone(),
                    index,
                    family: family.to_string(),
                });
            }
        }
    }

    // For each role the workspace does not serve, the best family found
    // that can be embedded.
    let dir = workspace.join("fonts");
    let mut chosen: Vec<(Found, Vec<&'static str>)> = Vec::new();
    for role in ROLES {
        if served_before.contains(&role.name) {
            continue;
        }
        if let Some((_, roles)) = chosen
            .iter_mut()
            .find(|(f, _)| official(role).any(|o| o == f.family))
        {
            roles.push(role.name);
            continue;
        }
        'families: for family in official(role) {
            for found in collected.found.iter().filter(|f| f.family == family) {
                if collected.refused.iter().any(|r| r.path == found.path) {
                    continue;
                }
                match usable(&found.path, found.index) {
                    Ok(()) => {
                        chosen.push((found.clone(), vec![role.name]));
                        break 'families;
                    }
                    Err(why) => collected.refused.push(NotCopied {
                        path: found.path.clone(),
                        family: found.family.clone(),
                        why,
                    }),
                }
            }
        }
    }

    for (found, roles) in chosen {
        let name = found
            .path
            .file_name()
            .map_or_else(|| "font.ttf".into(), |n| n.to_string_lossy().into_owned());
        let target = dir.join(&name);
        let placed = Placed {
            from: found.path.clone(),
            to: format!("fonts/{name}"),
            family: found.family.clone(),
            roles,
        };
        let bytes = match std::fs::read(&found.path) {
            Ok(b) => b,
            Err(e) => {
                collected
                    .refused
                    .push(not_copied(&found, format!("it could not be read ({e})")));
                continue;
            }
        };
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => collected.already.push(placed),
            Ok(_) => collected.refused.push(not_copied(
                &found,
                format!("{} is already there with different bytes: it was left as it is (move it away to copy this one)", placed.to),
            )),
            Err(_) if target.exists() => collected.refused.push(not_copied(
                &found,
                format!("{} is there but cannot be read: it was left as it is", placed.to),
            )),
            Err(_) => {
                std::fs::create_dir_all(&dir).map_err(|source| CollectError::Folder {
                    path: dir.clone(),
                    source,
                })?;
                match crate::archive::atomic::write_atomic(&target, &bytes) {
                    Ok(()) => collected.copied.push(placed),
                    Err(e) => collected.refused.push(not_copied(
                        &found,
                        format!("it could not be copied to {} ({e})", placed.to),
                    )),
                }
            }
        }
    }
    collected.roles = roles::resolve(&roles::font_set(workspace, false));
    Ok(collected)
}

fn not_copied(found: &Found, why: String) -> NotCopied {
    NotCopied {
        path: found.path.clone(),
        family: found.family.clone(),
        why,
    }
}

/// The roles the workspace's own fonts already serve.
fn served(workspace: &Path) -> Vec<&'static str> {
    roles::resolve(&roles::font_set(workspace, false))
        .into_iter()
        .filter(|r| r.origin.starts_with("workspace"))
        .map(|r| r.name)
        .collect()
}

/// Whether a found face can serve the documents: small enough, sound, and
/// licensed for embedding (PDF/A embeds every font).
fn usable(path: &Path, index: u32) -> Result<(), String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("it could not be read ({e})"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "it is {size} bytes, over the limit of {MAX_FILE_BYTES} bytes for workspace fonts"
        ));
    }
    let data = std::fs::read(path).map_err(|e| format!("it could not be read ({e})"))?;
    if let Ok(Some(fs_type)) = read_fs_type(Cursor::new(&data), index)
        && embedding_forbidden(fs_type)
    {
        return Err(format!(
            "its licence forbids embedding it in a PDF (OS/2 fsType {fs_type:#06x}), and PDF/A needs every font embedded"
        ));
    }
    font_files::check_face(&data, index).map_err(|why| format!("it is damaged: {why}"))
}

/// Every font file under `folders` (links followed, loops skipped), each once.
fn font_files(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in folders {
        let walk = walkdir::WalkDir::new(folder)
            .follow_links(true)
            .max_depth(8)
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            let is_font = entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| {
                    ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
                });
            if is_font && entry.file_type().is_file() {
                let path = entry.path().to_path_buf();
                let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                if !files.iter().any(|(k, _)| *k == key) {
                    files.push((key, path));
                }
            }
        }
    }
    files.into_iter().map(|(_, p)| p).collect()
}

/// The family names (IDs 1 and 16, every language) of each face of a font
/// file, read from its headers and `name` table only. A file that is not a
/// font gives nothing: it is simply not one of the official fonts.
fn face_names(path: &Path) -> Vec<(u32, Vec<String>)> {
    let Ok(mut file) = File::open(path) else {
        return Vec::new();
    };
    let offsets = match face_offsets(&mut file) {
        Ok(o) => o,
        Err(_) => return Vec::new(),
    };
    offsets
        .into_iter()
        .enumerate()
        .filter_map(|(i, offset)| {
            let table = name_table(&mut file, offset).ok()??;
            Some((i as u32, family_names(&table)))
        })
        .collect()
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_u16(r: &mut impl Read) -> io::Result<u16> {
    let mut b = [0; 2];
    r.read_exact(&mut b)?;
    Ok(u16::from_be_bytes(b))
}

/// Where each face's table directory starts.
fn face_offsets(file: &mut File) -> io::Result<Vec<u64>> {
    file.seek(SeekFrom::Start(0))?;
    if read_u32(file)?.to_be_bytes() != *b"ttcf" {
        return Ok(vec![0]);
    }
    file.seek(SeekFrom::Start(8))?;
    let count = read_u32(file)?.min(MAX_FACES);
    (0..count).map(|_| read_u32(file).map(u64::from)).collect()
}

/// The bytes of the `name` table of the face at `offset`, if it has one.
fn name_table(file: &mut File, offset: u64) -> io::Result<Option<Vec<u8>>> {
    file.seek(SeekFrom::Start(offset + 4))?;
    let tables = read_u16(file)?;
    file.seek(SeekFrom::Start(offset + 12))?;
    let mut records = vec![0; usize::from(tables) * 16];
    file.read_exact(&mut records)?;
    let Some(record) = records.chunks_exact(16).find(|r| &r[..4] == b"name") else {
        return Ok(None);
    };
    let at = u32::from_be_bytes([record[8], record[9], record[10], record[11]]);
    let len = u32::from_be_bytes([record[12], record[13], record[14], record[15]]);
    // A real name table is a few kilobytes; a claim of more is not a font.
    if len > 1 << 20 {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(u64::from(at)))?;
    let mut data = vec![0; len as usize];
    file.read_exact(&mut data)?;
    Ok(Some(data))
}

/// Family and typographic family names, decoded: Unicode records, and the
/// Windows PRC (GB) records of older Chinese fonts.
fn family_names(table: &[u8]) -> Vec<String> {
    let Some(table) = ttf_parser::name::Table::parse(table) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for name in table.names {
        if name.name_id != ttf_parser::name_id::FAMILY
            && name.name_id != ttf_parser::name_id::TYPOGRAPHIC_FAMILY
        {
            continue;
        }
        let text = name.to_string().or_else(|| {
            (name.platform_id == ttf_parser::PlatformId::Windows && name.encoding_id == 3)
                .then(|| gb_name(name.name))
        });
        if let Some(text) = text.map(|t| t.trim_end_matches('\0').trim().to_string())
            && !text.is_empty()
            && !names.contains(&text)
        {
            names.push(text);
        }
    }
    names
}

/// A Windows PRC name: 16-bit units, each one byte of GBK or two.
fn gb_name(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    for unit in raw.chunks_exact(2) {
        if unit[0] != 0 {
            bytes.push(unit[0]);
        }
        bytes.push(unit[1]);
    }
    encoding_rs::GBK.decode(&bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_chinese_names_in_gb_are_read() {
        // 黑体 in GBK is BA DA CC E5: two 16-bit units.
        assert_eq!(gb_name(&[0xBA, 0xDA, 0xCC, 0xE5]), "黑体");
        // ASCII in a GB record keeps a zero high byte.
        assert_eq!(gb_name(&[0, b'S', 0, b'i']), "Si");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_usual_linux_folders_are_searched() {
        let folders = usual_folders();
        for f in ["/usr/share/fonts", "/opt/kingsoft/wps-office/office6/fonts"] {
            assert!(folders.contains(&PathBuf::from(f)), "{f}: {folders:?}");
        }
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            assert!(folders.contains(&PathBuf::from(home).join(".local/share/fonts")));
        }
    }

    #[test]
    fn every_role_has_an_official_family_to_look_for() {
        for role in ROLES {
            assert!(official(role).next().is_some(), "{}", role.name);
        }
    }
}
