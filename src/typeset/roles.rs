//! Which fonts each part of a document uses, and where they come from.
//!
//! Every role (title, body, heading, …) has an ordered list of families:
//! the official fonts first (方正小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312), then
//! the OFL fonts compiled into the binary. A workspace's `fonts/` folder
//! comes before everything; system fonts only with `--system-fonts`. The
//! first family present wins; the bundled ones stay behind it in the list so
//! that a character the official font lacks still has a glyph.

use std::path::Path;

use serde::Serialize;

use crate::typeset::font_files::WorkspaceFonts;
use crate::typeset::{FontOrigin, FontSet, Typesetter};

/// The OFL fonts compiled into the binary (see `assets/fonts/README.md`).
pub static BUNDLED: &[&[u8]] = &[
    include_bytes!("../../assets/fonts/NotoSerifSC-Regular.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSerifSC-Bold.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSansSC-Regular.subset.otf"),
    include_bytes!("../../assets/fonts/NotoSansSC-Bold.subset.otf"),
    include_bytes!("../../assets/fonts/LXGWWenKai-Regular.subset.ttf"),
    // Fallbacks for text from the data in other scripts.
    include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.subset.ttf"),
    include_bytes!("../../assets/fonts/NotoSansHebrew-Bold.subset.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.subset.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Bold.subset.ttf"),
    include_bytes!("../../assets/fonts/Symbola.subset.ttf"),
    include_bytes!("../../assets/fonts/HanaMinB.subset.ttf"),
];

/// Families of the bundled fonts, tried after a role's own list for any
/// character the chosen font lacks.
pub const FALLBACK: &[&str] = &[
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "LXGW WenKai",
    // Rare CJK (Extension B), emoji and symbols, Hebrew and Arabic.
    "HanaMinB",
    "Symbola",
    "Noto Sans Hebrew",
    "Noto Sans Arabic",
];

/// A part of the document and the families it may use, best first.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    pub name: &'static str,
    pub zh: &'static str,
    pub families: &'static [&'static str],
}

pub const ROLES: &[Role] = &[
    Role {
        name: "title",
        zh: "标题（小标宋）",
        families: &[
            "FZXiaoBiaoSong-B05S",
            "FZXiaoBiaoSong-B05",
            "方正小标宋简体",
            "方正小标宋_GBK",
            "Noto Serif CJK SC",
        ],
    },
    Role {
        name: "body",
        zh: "正文（仿宋）",
        families: &[
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FangSong",
            "仿宋",
            "Noto Serif CJK SC",
        ],
    },
    Role {
        name: "heading",
        zh: "一级标题（黑体）",
        families: &["SimHei", "黑体", "Noto Sans CJK SC"],
    },
    Role {
        name: "subheading",
        zh: "二级标题（楷体）",
        families: &[
            "KaiTi_GB2312",
            "楷体_GB2312",
            "KaiTi",
            "楷体",
            "LXGW WenKai",
        ],
    },
    Role {
        name: "table",
        zh: "表格",
        families: &[
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FangSong",
            "仿宋",
            "Noto Sans CJK SC",
        ],
    },
    Role {
        name: "number",
        zh: "页码（宋体）",
        families: &["SimSun", "宋体", "Noto Serif CJK SC"],
    },
];

/// A role with the families present, as the templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedRole {
    pub name: &'static str,
    pub zh: &'static str,
    /// The family that will be used.
    pub chosen: String,
    /// Where it comes from ("bundled", "workspace: …", "system: …").
    pub origin: String,
    /// The families to give Typst: those of the role that are present, then
    /// the bundled fallbacks.
    pub families: Vec<String>,
}

/// The font files of a workspace's `fonts/` folder, read once: the build
/// hashes this list and typesets with it ([`font_set_with`]).
pub fn workspace_fonts(workspace: &Path) -> WorkspaceFonts {
    WorkspaceFonts::scan(&workspace.join("fonts"))
}

/// Build the font set once per process: workspace `fonts/`, then the bundled
/// fonts, then (only if asked) the system's.
pub fn font_set(workspace: &Path, system: bool) -> FontSet {
    font_set_with(&workspace_fonts(workspace), system)
}

/// The font set of workspace fonts already read, then the bundled ones.
pub fn font_set_with(workspace: &WorkspaceFonts, system: bool) -> FontSet {
    FontSet::with_workspace(BUNDLED, workspace, system)
}

pub fn typesetter(workspace: &Path, system: bool) -> Typesetter {
    Typesetter::new(font_set(workspace, system))
}

/// Each role's families, as present in `fonts`.
pub fn resolve(fonts: &FontSet) -> Vec<ResolvedRole> {
    ROLES
        .iter()
        .map(|role| {
            let mut families: Vec<String> = role
                .families
                .iter()
                .filter(|f| fonts.select_first(&[f]).is_some())
                .map(|f| f.to_string())
                .collect();
            let chosen = families
                .first()
                .cloned()
                .unwrap_or_else(|| FALLBACK[0].to_string());
            let origin = fonts.select_first(&[&chosen]).map_or_else(
                || "missing".to_string(),
                |id| origin_text(fonts.font(id).origin()),
            );
            for f in FALLBACK {
                if !families.iter().any(|g| g == f) {
                    families.push(f.to_string());
                }
            }
            ResolvedRole {
                name: role.name,
                zh: role.zh,
                chosen,
                origin,
                families,
            }
        })
        .collect()
}

/// Where a font comes from, without absolute paths (they differ between machines).
pub fn origin_text(origin: &FontOrigin) -> String {
    match origin {
        FontOrigin::Bundled => "bundled".to_string(),
        FontOrigin::Workspace(p) => format!(
            "workspace: fonts/{}",
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ),
        FontOrigin::System(p) => format!("system: {}", p.display()),
    }
}

/// Every family any role may fall back to, for the coverage check.
pub fn all_families(roles: &[ResolvedRole]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in roles {
        for f in &r.families {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
    }
    out
}

/// The families of each role, by role name, as the documents get them.
pub fn families(roles: &[ResolvedRole]) -> crate::view::FontFamilies<'_> {
    roles
        .iter()
        .map(|r| (r.name, r.families.as_slice()))
        .collect()
}
