//! Records that carry their own data (PDF/A-3b with the sources attached):
//! the attachments read back with lopdf, `verify FILE.pdf` with no
//! workspace, a changed attachment, `extract` and a byte-identical rebuild,
//! the opt-out, and PDFs kpibrief did not make.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use lopdf::{Document, Object, dictionary};

use crate::util::Ws;

/// `kpibrief ARGS`, run in `cwd` (never the checkout, so no `data/` is at hand).
fn run_in(cwd: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::cargo_bin("kpibrief")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn kpibrief(cwd: &Path, args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run_in(cwd, &args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Builds one period of `ws` into `<tmp>/out` and returns the PDF's path.
fn build(ws: &Ws, tmp: &Path, command: &str, period: &str) -> PathBuf {
    let data = ws.path().to_str().unwrap();
    let o = kpibrief(
        tmp,
        &[
            command, period, "--data", data, "--out", "out", "--format", "pdf",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let folder = if command == "weekly" {
        "weekly"
    } else {
        "monthly"
    };
    tmp.join("out").join(folder).join(format!("{period}.pdf"))
}

/// Every embedded file as lopdf reads it: (name, `/AFRelationship`, bytes),
/// checking that the catalog's `/AF` lists the same file specifications.
fn attachments(pdf: &[u8]) -> Vec<(String, String, Vec<u8>)> {
    let doc = Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let Ok(names) = catalog.get_deref(b"Names", &doc).and_then(Object::as_dict) else {
        return Vec::new();
    };
    let tree = names
        .get_deref(b"EmbeddedFiles", &doc)
        .and_then(Object::as_dict)
        .unwrap();
    let entries = tree
        .get_deref(b"Names", &doc)
        .and_then(Object::as_array)
        .unwrap();
    let af: Vec<_> = catalog
        .get(b"AF")
        .and_then(Object::as_array)
        .map(|a| a.iter().map(|r| r.as_reference().unwrap()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for pair in entries.chunks(2) {
        let spec_ref = pair[1].as_reference().unwrap();
        assert!(af.contains(&spec_ref), "an attachment missing from /AF");
        let spec = doc.get_dictionary(spec_ref).unwrap();
        let name = String::from_utf8(spec.get(b"UF").unwrap().as_str().unwrap().to_vec()).unwrap();
        let rel = String::from_utf8(
            spec.get(b"AFRelationship")
                .unwrap()
                .as_name()
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        let ef = spec
            .get_deref(b"EF", &doc)
            .and_then(Object::as_dict)
            .unwrap();
        let stream = ef
            .get_deref(b"F", &doc)
            .and_then(Object::as_stream)
            .unwrap();
        out.push((name, rel, stream.get_plain_content().unwrap()));
    }
    assert_eq!(out.len(), af.len(), "/AF lists other files");
    out
}

fn xmp(pdf: &[u8]) -> String {
    String::from_utf8_lossy(pdf).into_owned()
}

/// The PDF with the attachment `name` given `bytes` (as an editor would).
fn with_attachment(
    pdf: &[u8],
    name: &str,
    edit: impl Fn(&mut lopdf::Dictionary, &mut Vec<u8>),
) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let ids: Vec<_> = doc.objects.keys().copied().collect();
    let mut stream_id = None;
    for id in ids {
        if let Ok(Object::Dictionary(d)) = doc.get_object(id)
            && d.get(b"UF").ok().and_then(|o| o.as_str().ok()) == Some(name.as_bytes())
        {
            let ef = d.get(b"EF").unwrap().as_dict().unwrap();
            stream_id = Some((id, ef.get(b"F").unwrap().as_reference().unwrap()));
        }
    }
    let (spec_id, stream_id) = stream_id.unwrap_or_else(|| panic!("no attachment {name}"));
    let mut bytes = doc
        .get_object(stream_id)
        .unwrap()
        .as_stream()
        .unwrap()
        .get_plain_content()
        .unwrap();
    let mut spec = doc.get_dictionary(spec_id).unwrap().clone();
    edit(&mut spec, &mut bytes);
    *doc.get_dictionary_mut(spec_id).unwrap() = spec;
    let stream = doc
        .get_object_mut(stream_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    stream.dict.remove(b"Filter");
    stream.set_plain_content(bytes);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_carries_its_data_files_and_json_as_associated_files() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf_path = build(&ws, tmp.path(), "weekly", "2026-W14");
    let pdf = std::fs::read(&pdf_path).unwrap();
    let found = attachments(&pdf);
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    // What a week reads: the shared files, the tasks, every weekly file up to
    // it (progress carries over) and the months published by its Friday
    // (2026-04-03: January's and February's figures).
    let mut expected = vec![
        "config.yaml",
        "indicators.yaml",
        "monthly/2026-01.yaml",
        "monthly/2026-02.yaml",
        "peers.yaml",
        "tasks.yaml",
        "units.yaml",
    ];
    let weeks =
        [2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14].map(|w| format!("weekly/2026-W{w:02}.yaml"));
    expected.extend(weeks.iter().map(String::as_str));
    expected.push("weekly/2026-W14.json");
    expected.sort();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    for (name, rel, bytes) in &found {
        if name.ends_with(".yaml") {
            assert_eq!(rel, "Source", "{name}");
            assert_eq!(
                bytes,
                &std::fs::read(ws.path().join(name)).unwrap(),
                "{name} is not the file"
            );
        } else {
            assert_eq!(rel, "Data", "{name}");
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let t004 = json["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == "T004")
                .unwrap();
            assert_eq!(t004["progress"], 0.6, "the week's figure for T004 (60%)");
        }
    }
    let xmp = xmp(&pdf);
    assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"), "PDF/A-3");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(
        xmp.contains("kpibrief:tool=kpibrief "),
        "tool version in the XMP"
    );
    assert!(xmp.contains("kpibrief:period=2026-W14"));
    // The input hash is the manifest's for this PDF.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("out/manifest.json")).unwrap())
            .unwrap();
    let inputs = manifest["files"]["weekly/2026-W14.pdf"]["inputs"]
        .as_str()
        .unwrap();
    assert!(
        xmp.contains(&format!("kpibrief:inputs={inputs}")),
        "input hash in the XMP"
    );
}

#[test]
fn verify_a_pdf_alone_says_intact() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&ws, tmp.path(), "monthly", "2026-06");
    // Alone: a folder with the PDF and nothing else, far from the workspace.
    let lone = tempfile::tempdir().unwrap();
    std::fs::copy(&pdf, lone.path().join("2026-06.pdf")).unwrap();
    drop(ws);
    let o = kpibrief(lone.path(), &["verify", "2026-06.pdf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2026-06.pdf: intact (2026-06:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_changed_attachment_fails_with_the_figure_that_differs() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(build(&ws, tmp.path(), "weekly", "2026-W14")).unwrap();
    // Someone "corrects" T004 from 60% to 90% inside the record.
    let changed = with_attachment(&pdf, "weekly/2026-W14.yaml", |_, bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let from = "  - task: T004\n    progress: 60%";
        assert!(text.contains(from));
        *bytes = text
            .replace(from, "  - task: T004\n    progress: 90%")
            .into_bytes();
    });
    let file = tmp.path().join("changed.pdf");
    std::fs::write(&file, changed).unwrap();
    let o = kpibrief(tmp.path(), &["verify", "changed.pdf"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    assert!(err.contains("changed.pdf: not intact"), "{err}");
    assert!(
        err.contains("figure tasks[T004].progress: the attached weekly/2026-W14.json says 0.6, its attached data gives 0.9"),
        "{err}"
    );
    assert!(
        err.contains("input hash: the PDF's metadata says "),
        "{err}"
    );
}

#[test]
fn extract_then_rebuild_gives_the_same_bytes() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    for (command, period, folder) in [
        ("weekly", "2026-W14", "weekly"),
        ("monthly", "2026-06", "monthly"),
    ] {
        let pdf_path = build(&ws, tmp.path(), command, period);
        let pdf = std::fs::read(&pdf_path).unwrap();
        let dir = tmp.path().join(format!("extracted-{period}"));
        let o = kpibrief(
            tmp.path(),
            &[
                "extract",
                pdf_path.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "`kpibrief {command} {period} --data {}` makes the same PDF",
                dir.display()
            )),
            "{}",
            stderr(&o)
        );
        assert!(
            !dir.join(format!("{folder}/{period}.json")).exists(),
            "the JSON is not data"
        );
        let out2 = format!("rebuilt-{period}");
        let o = kpibrief(
            tmp.path(),
            &[
                command,
                period,
                "--data",
                dir.to_str().unwrap(),
                "--out",
                &out2,
                "--format",
                "pdf",
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let again = std::fs::read(
            tmp.path()
                .join(&out2)
                .join(folder)
                .join(format!("{period}.pdf")),
        )
        .unwrap();
        assert!(again == pdf, "{period}: the rebuilt PDF differs");
        // A second extract into the same folder is refused, and changes nothing.
        let before = std::fs::read(dir.join("config.yaml")).unwrap();
        let o = kpibrief(
            tmp.path(),
            &[
                "extract",
                pdf_path.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&o), 3, "{}", stderr(&o));
        assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
        assert_eq!(std::fs::read(dir.join("config.yaml")).unwrap(), before);
    }
}

#[test]
fn attach_sources_false_makes_pdf_a_2b_without_attachments() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let with = std::fs::read(build(&ws, tmp.path(), "weekly", "2026-W14")).unwrap();
    let manifest = |tmp: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(tmp.join("out/manifest.json")).unwrap()).unwrap()
    };
    let inputs_with = manifest(tmp.path())["files"]["weekly/2026-W14.pdf"]["inputs"].clone();
    ws.edit(
        "config.yaml",
        "attach_sources: true",
        "attach_sources: false",
    );
    let tmp2 = tempfile::tempdir().unwrap();
    let pdf_path = build(&ws, tmp2.path(), "weekly", "2026-W14");
    let without = std::fs::read(&pdf_path).unwrap();
    assert!(attachments(&without).is_empty(), "no attachments");
    let x = xmp(&without);
    assert!(x.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A-2b");
    assert!(x.contains("kpibrief:tool=kpibrief "));
    // The choice is part of the input hash.
    assert_ne!(
        manifest(tmp2.path())["files"]["weekly/2026-W14.pdf"]["inputs"],
        inputs_with
    );
    // Same pages: the attachments add no page and change no text.
    assert_eq!(
        crate::documents::pdf_text(&with),
        crate::documents::pdf_text(&without)
    );
    let o = kpibrief(tmp2.path(), &["verify", pdf_path.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot be checked alone: it carries no attached data (made with `archive: { attach_sources: false }`)"),
        "{}",
        stderr(&o)
    );
    let o = kpibrief(
        tmp2.path(),
        &["extract", pdf_path.to_str().unwrap(), "--out", "x"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(!tmp2.path().join("x").exists(), "nothing written");
}

#[test]
fn attach_sources_must_be_true_or_false() {
    let ws = Ws::minimal();
    ws.write(
        "config.yaml",
        ws.read("config.yaml") + "archive:\n  attach_sources: 'no'\n",
    );
    let lines = ws.read("config.yaml").lines().count() as u32;
    ws.check()
        .error("config.yaml", lines, "expected `true` or `false`");
}

#[test]
fn pdfs_kpibrief_did_not_make_are_never_intact() {
    let tmp = tempfile::tempdir().unwrap();
    // A one-page PDF from another tool (lopdf), with no attachments.
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.save(tmp.path().join("other.pdf")).unwrap();
    std::fs::write(tmp.path().join("notes.pdf"), "not a PDF at all").unwrap();

    let o = kpibrief(tmp.path(), &["verify", "other.pdf", "notes.pdf"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    assert!(
        err.contains(
            "other.pdf: not a kpibrief record: it carries no attached data and no kpibrief metadata"
        ),
        "{err}"
    );
    assert!(
        err.contains("notes.pdf: not intact: it is not a PDF that can be read"),
        "{err}"
    );
    assert!(err.contains("2 files checked: 0 intact, 2 not"), "{err}");
}

#[test]
fn a_record_drawn_with_a_font_this_kpibrief_lacks_says_which() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(build(&ws, tmp.path(), "weekly", "2026-W14")).unwrap();
    // The XMP names a workspace font whose file this machine does not have.
    let mut doc = Document::load_mem(&pdf).unwrap();
    let meta_id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc
        .get_object_mut(meta_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let text = String::from_utf8(stream.get_plain_content().unwrap()).unwrap();
    let lacking = format!(
        "kpibrief:font=workspace:{}:FZXiaoBiaoSong-B05",
        "ab".repeat(32)
    );
    let text = text.replacen(
        "kpibrief:period=",
        &format!("{lacking}, kpibrief:period="),
        1,
    );
    stream.set_plain_content(text.into_bytes());
    let mut changed = Vec::new();
    doc.save_to(&mut changed).unwrap();
    std::fs::write(tmp.path().join("w14.pdf"), changed).unwrap();
    let o = kpibrief(tmp.path(), &["verify", "w14.pdf"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 3, "{err}");
    assert!(
        err.contains("w14.pdf: its figures are what its attached data gives"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "cannot be made again here: it is drawn with the font FZXiaoBiaoSong-B05 (workspace font, SHA-256 {}), which this check does not have",
            "ab".repeat(32)
        )),
        "{err}"
    );
}

#[test]
fn extract_refuses_a_name_outside_the_folder() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(build(&ws, tmp.path(), "weekly", "2026-W14")).unwrap();
    let crafted = with_attachment(&pdf, "units.yaml", |spec, _| {
        spec.set("UF", Object::string_literal("../evil.yaml"));
        spec.set("F", Object::string_literal("../evil.yaml"));
    });
    std::fs::write(tmp.path().join("crafted.pdf"), crafted).unwrap();
    let o = kpibrief(tmp.path(), &["extract", "crafted.pdf", "--out", "inner/ws"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its attachment `../evil.yaml` cannot be a file of a workspace: it has a `.` or `..` component; nothing was written"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("inner/evil.yaml").exists());
    assert!(!tmp.path().join("inner/ws").exists());
}

#[test]
fn attachment_names_are_data_never_markup() {
    use kpibrief::typeset::DocumentMeta;
    use kpibrief::typeset::attach::{Attachment, Record, Relationship};
    let ts = kpibrief::typeset::roles::typesetter(&crate::util::example_dir(), false);
    // A name that would end the string and call a function, were it pasted
    // into Typst source.
    let name = "explanations/2026-06/x\") #panic(\"injected.yaml";
    let record = Record {
        attachments: vec![Attachment {
            name: name.into(),
            bytes: b"reason: x\n".to_vec(),
            relationship: Relationship::Source,
            mime: "application/yaml",
            description: "\") #panic(\"".into(),
        }],
        keywords: vec!["kpibrief:period=2026-06".into()],
        creator: None,
    };
    let meta = DocumentMeta {
        title: "标题".into(),
        author: "作者".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    };
    let source = "#set text(font: \"Noto Serif CJK SC\")\n正文。".to_string();
    let pdf = ts
        .compile_record(source, &[], &meta, &record)
        .unwrap()
        .output;
    let found = attachments(&pdf);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, name);
    assert_eq!(found[0].1, "Source");
    assert_eq!(found[0].2, b"reason: x\n");
}

#[test]
fn an_attachment_that_inflates_past_the_data_limit_is_refused() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(build(&ws, tmp.path(), "weekly", "2026-W14")).unwrap();
    // 17 MB of spaces deflate to a few KB: a small PDF that would unpack into
    // more than any data file may be (16 MB).
    let bomb = with_attachment(&pdf, "units.yaml", |_, bytes| *bytes = vec![b' '; 17 << 20]);
    let mut doc = Document::load_mem(&bomb).unwrap();
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object
            && s.content.len() == 17 << 20
        {
            s.compress().unwrap();
        }
    }
    let mut small = Vec::new();
    doc.save_to(&mut small).unwrap();
    assert!(small.len() < pdf.len() * 2, "the crafted PDF is small");
    std::fs::write(tmp.path().join("bomb.pdf"), small).unwrap();
    let o = kpibrief(tmp.path(), &["verify", "bomb.pdf"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "bomb.pdf: not intact: its attachment `units.yaml` is larger than 16 MB once unpacked"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_record_drawn_with_workspace_fonts_verifies_with_fonts_given() {
    let ws = Ws::example();
    // The workspace's own 楷体 font (a copy of the bundled file, under its own name).
    let font = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/LXGWWenKai-Regular.subset.ttf"),
    )
    .unwrap();
    ws.write("fonts/kaiti.ttf", &font);
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&ws, tmp.path(), "weekly", "2026-W14");
    let pdf = pdf.to_str().unwrap();
    let o = kpibrief(tmp.path(), &["verify", pdf]);
    let err = stderr(&o);
    assert_eq!(code(&o), 3, "{err}");
    assert!(
        err.contains("it is drawn with the font LXGW WenKai (workspace font, SHA-256 "),
        "{err}"
    );
    let fonts = ws.path().join("fonts");
    let o = kpibrief(
        tmp.path(),
        &["verify", pdf, "--fonts", fonts.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains(": intact (2026-W14:"), "{}", stderr(&o));
    // extract names the font the workspace needs.
    let o = kpibrief(tmp.path(), &["extract", pdf, "--out", "w14"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: the PDF is drawn with the font LXGW WenKai (SHA-256 "),
        "{}",
        stderr(&o)
    );
}
