//! `kpibrief fonts --collect --from DIR`: official fonts recognised by their
//! family names (in English or Chinese), copied into the workspace's fonts/
//! when their licence allows embedding, and what is still missing. The test
//! fonts are a bundled OFL font with its `name` table rewritten (write-fonts)
//! and, for one, its OS/2 fsType set to "restricted licence".

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use read_fonts::{FontRef, TableProvider};
use write_fonts::FontBuilder;
use write_fonts::tables::name::{Name, NameRecord};
use write_fonts::types::{NameId, Tag};

use crate::util::Ws;

const BASE: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.subset.ttf");
const EN: u16 = 0x0409;
const ZH: u16 = 0x0804;

/// The base font under new family names (`(language, name)`, Windows
/// Unicode records), with the given OS/2 fsType.
fn font(names: &[(u16, &str)], fs_type: u16) -> Vec<u8> {
    let base = FontRef::new(BASE).unwrap();
    let mut records = Vec::new();
    for &(lang, family) in names {
        for (id, text) in [
            (NameId::FAMILY_NAME, family.to_string()),
            (NameId::SUBFAMILY_NAME, "Regular".to_string()),
            (NameId::FULL_NAME, family.to_string()),
        ] {
            records.push(NameRecord::new(3, 1, lang, id, text.into()));
        }
    }
    records.sort();
    let mut os2 = base.os2().unwrap().offset_data().as_bytes().to_vec();
    os2[8..10].copy_from_slice(&fs_type.to_be_bytes());
    let mut builder = FontBuilder::new();
    builder.add_table(&Name::new(records)).unwrap();
    builder.add_raw(Tag::new(b"OS/2"), os2);
    builder.copy_missing_tables(base);
    builder.build()
}

fn run(ws: &Ws, args: &[&str]) -> Output {
    Command::cargo_bin("kpibrief")
        .unwrap()
        .current_dir(ws.path())
        .env("NO_COLOR", "1")
        .env_remove("KPIBRIEF_DATA")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A USB stick with four official fonts (one not embeddable), another font
/// and a file that is no font at all.
fn stick(dir: &Path) {
    let put = |rel: &str, bytes: &[u8]| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    put(
        "simfang.ttf",
        &font(&[(EN, "FangSong_GB2312"), (ZH, "仿宋_GB2312")], 0),
    );
    // Named in Chinese only, as some fonts of WPS Office are.
    put("黑体.ttf", &font(&[(ZH, "黑体")], 0x0008));
    put("楷体/SIMKAI.TTF", &font(&[(EN, "KaiTi_GB2312")], 0));
    // fsType 0x0002: restricted licence, no embedding.
    put("FZXBSJW.TTF", &font(&[(ZH, "方正小标宋简体")], 0x0002));
    put("other.ttf", &font(&[(EN, "Some Sans")], 0));
    put("broken.ttf", b"not a font at all");
}

#[test]
fn copies_the_official_fonts_it_may_embed_and_says_what_is_missing() {
    let ws = Ws::minimal();
    let from = tempfile::tempdir().unwrap();
    stick(from.path());
    let o = run(
        &ws,
        &[
            "fonts",
            "--collect",
            "--from",
            from.path().to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for family in ["FangSong_GB2312", "黑体", "KaiTi_GB2312", "方正小标宋简体"] {
        assert!(
            out.contains(&format!("found    {family}")),
            "{family}:\n{out}"
        );
    }
    assert!(!out.contains("Some Sans"), "{out}");
    assert!(out.contains("→ fonts/simfang.ttf (body, table)"), "{out}");
    assert!(out.contains("→ fonts/黑体.ttf (heading)"), "{out}");
    assert!(out.contains("→ fonts/SIMKAI.TTF (subheading)"), "{out}");
    assert!(
        out.contains("skipped  方正小标宋简体")
            && out.contains("licence forbids embedding it in a PDF (OS/2 fsType 0x0002)"),
        "{out}"
    );
    assert!(
        out.contains("missing  方正小标宋简体")
            && out.contains(
                "for title (标题（小标宋）): the documents use Noto Serif CJK SC (bundled)"
            ),
        "{out}"
    );
    assert!(out.contains("missing  宋体"), "{out}");
    assert!(
        out.contains(
            "3 copied, 0 already there, 1 skipped, 2 roles still missing their official font"
        ),
        "{out}"
    );
    // The copies are the same bytes; the refused font is not there.
    assert_eq!(
        std::fs::read(ws.path().join("fonts/simfang.ttf")).unwrap(),
        std::fs::read(from.path().join("simfang.ttf")).unwrap()
    );
    assert!(!ws.path().join("fonts/FZXBSJW.TTF").exists());

    // `kpibrief fonts` now draws the body with it, and says plainly which
    // parts still use stand-ins.
    let o = run(&ws, &["fonts"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("FangSong_GB2312 (workspace: fonts/simfang.ttf)"),
        "{out}"
    );
    assert!(out.contains("黑体 (workspace: fonts/黑体.ttf)"), "{out}");
    assert!(out.contains("use stand-ins for:"), "{out}");
    assert!(
        out.contains("title       方正小标宋简体 is missing: Noto Serif CJK SC (bundled) instead"),
        "{out}"
    );
    assert!(!out.contains("body        仿宋"), "{out}");

    // Again: nothing left to copy, the same bytes are not written twice.
    let o = run(
        &ws,
        &[
            "fonts",
            "--collect",
            "--from",
            from.path().to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    assert!(
        out.contains("0 copied, 0 already there, 1 skipped, 2 roles"),
        "{out}"
    );
}

#[test]
fn never_replaces_a_different_file_of_the_same_name() {
    let ws = Ws::minimal();
    let from = tempfile::tempdir().unwrap();
    stick(from.path());
    // A font of the workspace under the name of one on the stick.
    let mine = font(&[(EN, "My Own")], 0);
    ws.write("fonts/simfang.ttf", &mine);
    let o = run(
        &ws,
        &[
            "fonts",
            "--collect",
            "--from",
            from.path().to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "fonts/simfang.ttf is already there with different bytes: it was left as it is"
        ),
        "{out}"
    );
    assert_eq!(
        std::fs::read(ws.path().join("fonts/simfang.ttf")).unwrap(),
        mine
    );
    assert!(out.contains("missing  仿宋_GB2312"), "{out}");
}

#[test]
fn a_workspace_with_no_official_fonts_is_told_so() {
    let ws = Ws::minimal();
    let o = run(&ws, &["fonts"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "the weekly bulletins (周通报) and monthly handouts (推进会材料) use stand-ins for:"
        ),
        "{out}"
    );
    for role in ["title", "body", "heading", "subheading", "table", "number"] {
        assert!(out.contains(&format!("\n  {role:<11} ")), "{role}:\n{out}");
    }
    assert!(out.contains("kpibrief fonts --collect"), "{out}");
}

#[test]
fn collect_needs_a_workspace() {
    let empty = tempfile::tempdir().unwrap();
    let from = tempfile::tempdir().unwrap();
    stick(from.path());
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .current_dir(empty.path())
        .env_remove("KPIBRIEF_DATA")
        .args(["fonts", "--collect", "--from"])
        .arg(from.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is not a workspace"), "{err}");
    assert!(!empty.path().join("data").exists());
}
