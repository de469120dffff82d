//! The fonts a run typesets with, found once per process: the workspace's
//! `fonts/` first, then the fonts compiled into the binary, then (only if
//! asked) the system's. In: font files (the workspace's read and checked by
//! `font_files`); out: a [`FontSet`] whose font book every document shares.
//! Fonts whose licence forbids embedding, and damaged, unreadable or
//! oversized workspace fonts, are left out with the reason.

use std::collections::BTreeSet;
use std::fmt::{self, Display, Formatter};
use std::fs::{self, File};
use std::io::{self, BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontStyle, FontVariant, is_default_ignorable};
use typst::utils::LazyHash;
use typst_kit::fonts::FontPath;

use super::font_files::{
    self, Refused, WorkspaceFontFile, WorkspaceFonts, embedding_forbidden, read_fs_type,
};

/// Identifies a font of a [`FontSet`]; also its index in Typst's font book.
#[derive(Debug, Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(usize);

/// Where a font was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FontOrigin {
    /// Compiled into the binary.
    Bundled,
    /// In the workspace's `fonts/` folder (the canonical path of the file).
    Workspace(PathBuf),
    /// An installed system font (only with `system: true`).
    System(PathBuf),
}

impl Display for FontOrigin {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        match self {
            Self::Bundled => f.write_str("bundled"),
            Self::Workspace(path) => write!(f, "workspace: {}", path.display()),
            Self::System(path) => write!(f, "system: {}", path.display()),
        }
    }
}

/// One font face of a [`FontSet`], with where it came from.
pub struct FontSource {
    info: FontInfo,
    origin: FontOrigin,
    /// The face's index in its file (non-zero only in `.ttc` collections).
    index: u32,
    file: Arc<FontFile>,
    font: OnceLock<Option<Font>>,
}

/// A font file, shared by the faces of a collection so that it is read (and
/// hashed) once however many of its faces are used.
struct FontFile {
    /// `None` for bundled fonts, whose data is set up front.
    path: Option<PathBuf>,
    data: OnceLock<Option<Bytes>>,
    sha256: OnceLock<Option<String>>,
}

impl FontFile {
    fn data(&self) -> Option<&Bytes> {
        self.data
            .get_or_init(|| {
                let path = self.path.as_ref()?;
                fs::read(path).ok().map(Bytes::new)
            })
            .as_ref()
    }
}

impl FontSource {
    /// The family name Typst knows the font by (English name, e.g.
    /// "Noto Serif CJK SC"; match it case-insensitively).
    pub fn family(&self) -> &str {
        &self.info.family
    }

    /// Style, weight and stretch.
    pub fn variant(&self) -> FontVariant {
        self.info.variant
    }

    pub fn origin(&self) -> &FontOrigin {
        &self.origin
    }

    /// The face's index in its file (non-zero only in `.ttc` collections).
    pub fn index(&self) -> u32 {
        self.index
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.info.coverage.contains(u32::from(c))
    }

    /// SHA-256 (lowercase hex) of the whole font file, as `sha256sum` prints
    /// it; for a collection, of the whole `.ttc`. Computed on first use; `None`
    /// if the file can no longer be read.
    pub fn sha256(&self) -> Option<&str> {
        self.file
            .sha256
            .get_or_init(|| Some(crate::archive::sha256_hex(self.file.data()?.as_slice())))
            .as_deref()
    }

    /// Loads the font on first use; later calls share it.
    pub(super) fn load(&self) -> Option<Font> {
        self.font
            .get_or_init(|| Font::new(self.file.data()?.clone(), self.index))
            .clone()
    }

    /// Whether `font` is this face, loaded.
    fn is(&self, font: &Font) -> bool {
        self.font
            .get()
            .and_then(Option::as_ref)
            .is_some_and(|loaded| same_font(loaded, font))
    }
}

/// Whether two loaded fonts are the same face of the same file. Cheaper than
/// `==`, which compares the hashes of the whole font files.
pub(super) fn same_font(a: &Font, b: &Font) -> bool {
    a.index() == b.index() && a.data().as_ptr() == b.data().as_ptr()
}

impl Display for FontSource {
    /// E.g. `Noto Serif CJK SC (normal 700, bundled)`.
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        let FontVariant { style, weight, .. } = self.variant();
        let style = match style {
            FontStyle::Normal => "normal",
            FontStyle::Italic => "italic",
            FontStyle::Oblique => "oblique",
        };
        write!(
            f,
            "{} ({style} {}, {})",
            self.family(),
            weight.to_number(),
            self.origin
        )
    }
}

impl fmt::Debug for FontSource {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        // Not derived: `FontInfo`'s coverage would print thousands of numbers.
        f.debug_struct("FontSource")
            .field("family", &self.info.family)
            .field("variant", &self.info.variant)
            .field("origin", &self.origin)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// A font that was found but left out of the [`FontSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFont {
    pub origin: FontOrigin,
    pub index: u32,
    /// The family, if the font could be parsed.
    pub family: Option<String>,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The OS/2 `fsType` forbids embedding the font's outlines (restricted
    /// licence, or bitmap embedding only), and PDF/A needs every font
    /// embedded.
    EmbeddingForbidden { fs_type: u16 },
    /// The file could not be read or parsed as a font.
    Unreadable(String),
    /// The file is larger than the limit (see `typeset::font_files`).
    TooLarge { bytes: u64, limit: u64 },
    /// The file reads, but the face's tables are damaged or claim more than
    /// a font can hold (see `typeset::font_files::check_face`).
    Damaged(String),
}

impl Display for SkippedFont {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        let family = self.family.as_deref().unwrap_or("font");
        write!(f, "{family} ({}) is not used: ", self.origin)?;
        match &self.reason {
            SkipReason::EmbeddingForbidden { fs_type } => write!(
                f,
                "its licence forbids embedding it in a PDF (OS/2 fsType {fs_type:#06x}), \
                 and PDF/A needs every font embedded"
            ),
            SkipReason::Unreadable(why) => write!(f, "it could not be read ({why})"),
            SkipReason::TooLarge { bytes, limit } => write!(
                f,
                "it is {bytes} bytes, over the limit of {limit} bytes for workspace fonts"
            ),
            SkipReason::Damaged(why) => write!(f, "it is damaged: {why}"),
        }
    }
}

/// The fonts available to documents, found once per process and shared by
/// every document and thread.
///
/// Order matters: when two fonts match a request equally well, Typst takes
/// the first, so workspace fonts beat bundled ones, which beat system ones.
pub struct FontSet {
    /// Typst's metadata about the fonts; `book` index `i` is `fonts[i]`.
    pub(super) book: LazyHash<FontBook>,
    pub(super) fonts: Vec<FontSource>,
    skipped: Vec<SkippedFont>,
}

impl FontSet {
    /// Finds the fonts.
    ///
    /// - `bundled`: font files compiled into the binary (`include_bytes!`);
    ///   collections (`.ttc`) contribute every face.
    /// - `workspace_dir`: the workspace's `fonts/` folder, searched
    ///   recursively (`.ttf`, `.otf`, `.ttc`, `.otc`); its fonts come first. A
    ///   folder that does not exist adds nothing.
    /// - `system`: also use the system's fonts (they differ between machines,
    ///   so an archive built with them is not reproducible elsewhere).
    ///
    /// Fonts whose licence forbids embedding, and workspace fonts that are
    /// unreadable, too large or damaged, are left out and listed by
    /// [`skipped`](Self::skipped), for the caller to warn about.
    pub fn new(bundled: &[&'static [u8]], workspace_dir: Option<&Path>, system: bool) -> FontSet {
        let workspace = workspace_dir.map(WorkspaceFonts::scan).unwrap_or_default();
        FontSet::with_workspace(bundled, &workspace, system)
    }

    /// As [`new`](Self::new), with the workspace's font files already read
    /// (the build hashes the same list, so what it hashes is what is used).
    pub fn with_workspace(
        bundled: &[&'static [u8]],
        workspace: &WorkspaceFonts,
        system: bool,
    ) -> FontSet {
        let mut set = FontSet {
            book: LazyHash::new(FontBook::new()),
            fonts: Vec::new(),
            skipped: Vec::new(),
        };
        let checked = font_files::check_files(&workspace.files);
        for (file, faces) in workspace.files.iter().zip(checked) {
            set.add_workspace(file, faces);
        }
        for &data in bundled {
            set.add_bundled(data);
        }
        if system {
            set.add_scanned(typst_kit::fonts::system(), FontOrigin::System);
        }
        set
    }

    fn add_bundled(&mut self, data: &'static [u8]) {
        // `Bytes::new` borrows the static data: no copy.
        let bytes = Bytes::new(data);
        let file = Arc::new(FontFile {
            path: None,
            data: OnceLock::from(Some(bytes.clone())),
            sha256: OnceLock::new(),
        });
        let mut any = false;
        for font in Font::iter(bytes) {
            any = true;
            let fs_type = read_fs_type(Cursor::new(data), font.index());
            self.push_checked(
                font.info().clone(),
                FontOrigin::Bundled,
                font.index(),
                &file,
                Some(font),
                fs_type,
            );
        }
        if !any {
            self.skipped.push(SkippedFont {
                origin: FontOrigin::Bundled,
                index: 0,
                family: None,
                reason: SkipReason::Unreadable("not an OpenType font".into()),
            });
        }
    }

    /// Adds the faces of a workspace font file that passed
    /// [`check_face`](font_files::check_face) (`faces`, from
    /// [`check_files`](font_files::check_files)), with the reason for the others.
    fn add_workspace(&mut self, found: &WorkspaceFontFile, faces: font_files::CheckedFaces) {
        let origin = FontOrigin::Workspace(found.path.clone());
        let skip = |index, reason| SkippedFont {
            origin: origin.clone(),
            index,
            family: None,
            reason,
        };
        let (data, sha256) = match &found.content {
            Ok(content) => content,
            Err(Refused::TooLarge { bytes, limit }) => {
                let (bytes, limit) = (*bytes, *limit);
                self.skipped
                    .push(skip(0, SkipReason::TooLarge { bytes, limit }));
                return;
            }
            Err(Refused::Unreadable(why)) => {
                self.skipped
                    .push(skip(0, SkipReason::Unreadable(why.clone())));
                return;
            }
        };
        let faces = match faces {
            Ok(faces) => faces,
            Err(why) => {
                self.skipped.push(skip(0, SkipReason::Damaged(why)));
                return;
            }
        };
        let file = Arc::new(FontFile {
            path: Some(found.path.clone()),
            data: OnceLock::from(Some(data.clone())),
            sha256: OnceLock::from(Some(sha256.clone())),
        });
        for (index, info) in (0..).zip(faces) {
            match info {
                Ok(info) => {
                    let fs_type = read_fs_type(Cursor::new(data.as_slice()), index);
                    self.push_checked(info, origin.clone(), index, &file, None, fs_type);
                }
                Err(why) => self.skipped.push(skip(index, SkipReason::Damaged(why))),
            }
        }
    }

    fn add_scanned(
        &mut self,
        found: impl Iterator<Item = (FontPath, FontInfo)>,
        origin: fn(PathBuf) -> FontOrigin,
    ) {
        let mut found: Vec<_> = found.collect();
        // fontdb lists fonts in the order the file system returns directory
        // entries, which differs between machines; since ties in font
        // selection go to the first font, sort to keep PDFs reproducible.
        found.sort_by(|(a, _), (b, _)| (&a.path, a.index).cmp(&(&b.path, b.index)));

        let mut file: Option<Arc<FontFile>> = None;
        for (FontPath { path, index }, info) in found {
            // Faces of one collection are adjacent after sorting: share the file.
            if file
                .as_ref()
                .is_none_or(|file| file.path.as_ref() != Some(&path))
            {
                file = Some(Arc::new(FontFile {
                    path: Some(path.clone()),
                    data: OnceLock::new(),
                    sha256: OnceLock::new(),
                }));
            }
            let file = file.as_ref().expect("set just above");
            let fs_type = File::open(&path).and_then(|f| read_fs_type(BufReader::new(f), index));
            self.push_checked(info, origin(path), index, file, None, fs_type);
        }
    }

    /// Adds a face unless its licence forbids embedding.
    fn push_checked(
        &mut self,
        info: FontInfo,
        origin: FontOrigin,
        index: u32,
        file: &Arc<FontFile>,
        font: Option<Font>,
        fs_type: io::Result<Option<u16>>,
    ) {
        let reason = match fs_type {
            Ok(Some(fs_type)) if embedding_forbidden(fs_type) => {
                Some(SkipReason::EmbeddingForbidden { fs_type })
            }
            Ok(_) => None,
            Err(err) => Some(SkipReason::Unreadable(err.to_string())),
        };
        if let Some(reason) = reason {
            self.skipped.push(SkippedFont {
                origin,
                index,
                family: Some(info.family),
                reason,
            });
            return;
        }
        self.book.push(info.clone());
        self.fonts.push(FontSource {
            info,
            origin,
            index,
            file: Arc::clone(file),
            font: font.map_or_else(OnceLock::new, |font| OnceLock::from(Some(font))),
        });
    }

    /// Number of usable font faces.
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }

    /// The font with this id. Panics if the id is not from this set.
    pub fn font(&self, id: FontId) -> &FontSource {
        &self.fonts[id.0]
    }

    /// Every usable face, in precedence order.
    pub fn iter(&self) -> impl Iterator<Item = (FontId, &FontSource)> {
        self.fonts
            .iter()
            .enumerate()
            .map(|(i, font)| (FontId(i), font))
    }

    /// Fonts found but not usable, to warn about.
    pub fn skipped(&self) -> &[SkippedFont] {
        &self.skipped
    }

    /// Every family, sorted case-insensitively, with its faces in precedence
    /// order (for a `kpibrief fonts` listing).
    pub fn families(&self) -> Vec<(&str, Vec<FontId>)> {
        self.book
            .families()
            .map(|(family, ids)| (family, ids.map(FontId).collect()))
            .collect()
    }

    /// The face Typst would use for `family` (any case) in `variant`, if the
    /// family is present.
    pub fn select(&self, family: &str, variant: FontVariant) -> Option<FontId> {
        self.book
            .select(&family.to_lowercase(), variant)
            .map(FontId)
    }

    /// The regular face of the first of `families` (an ordered fallback
    /// list, e.g. a role's fonts) that is present: the one that will be used.
    pub fn select_first(&self, families: &[&str]) -> Option<FontId> {
        families
            .iter()
            .find_map(|family| self.select(family, FontVariant::default()))
    }

    /// The characters of `text` that no face of any of `families` can draw,
    /// each once, in order of appearance. Whitespace, control characters and
    /// default-ignorable code points (e.g. variation selectors) never count.
    ///
    /// Only the named families count: Typst might still find a glyph in
    /// another font of the set (with a different look), or draw a blank box.
    pub fn missing_chars(&self, families: &[&str], text: &str) -> Vec<char> {
        let mut faces = Vec::new();
        for family in families {
            let ids = self.book.select_family(&family.to_lowercase());
            faces.extend(ids.map(|id| &self.fonts[id]));
        }
        let mut seen = BTreeSet::new();
        // Each distinct character is looked up once: documents repeat most of theirs.
        text.chars()
            .filter(|&c| seen.insert(c))
            .filter(|&c| !(c.is_whitespace() || c.is_control() || is_default_ignorable(c)))
            .filter(|&c| !faces.iter().any(|font| font.covers(c)))
            .collect()
    }

    /// The set's id for a font Typst used (it was loaded through this set).
    pub(super) fn id_of(&self, font: &Font) -> Option<FontId> {
        self.fonts
            .iter()
            .position(|source| source.is(font))
            .map(FontId)
    }
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        f.debug_struct("FontSet")
            .field("fonts", &self.fonts)
            .field("skipped", &self.skipped)
            .finish_non_exhaustive()
    }
}
