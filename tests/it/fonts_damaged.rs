//! Damaged and oversized workspace fonts (issue 13, findings 1 and 7): made
//! from a bundled font, each must be skipped with a warning naming the file,
//! quickly and in bounded memory, while the documents build with the bundled
//! fonts; and the input hash follows what the font loader reads, through
//! symbolic links.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use kpibrief::typeset::roles::BUNDLED;
use kpibrief::typeset::{FontOrigin, FontSet, SkipReason};

use crate::util::Ws;

/// LXGW WenKai: a TrueType font whose `cmap` has a format 12 subtable.
const TTF: usize = 4;

fn be16(data: &[u8], at: usize) -> usize {
    u16::from_be_bytes([data[at], data[at + 1]]) as usize
}
fn be32(data: &[u8], at: usize) -> usize {
    u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize
}
fn put32(data: &mut [u8], at: usize, v: u32) {
    data[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

/// The position of a table's record in the table directory.
fn record(data: &[u8], tag: &[u8; 4]) -> usize {
    (0..be16(data, 4))
        .map(|i| 12 + 16 * i)
        .find(|&r| &data[r..r + 4] == tag)
        .unwrap()
}

fn table(data: &[u8], tag: &[u8; 4]) -> usize {
    be32(data, record(data, tag) + 8)
}

/// The start of the first format 12 subtable of the `cmap`.
fn format12(data: &[u8]) -> usize {
    let cmap = table(data, b"cmap");
    (0..be16(data, cmap + 2))
        .map(|i| cmap + be32(data, cmap + 4 + 8 * i + 4))
        .find(|&sub| be16(data, sub) == 12)
        .unwrap()
}

/// Noise from a fixed seed: the same damage on every run.
fn noise(data: &mut [u8], at: usize, len: usize, mut seed: u32) {
    let end = (at + len).min(data.len());
    for b in &mut data[at..end] {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        *b = seed as u8;
    }
}

/// The damaged variants: (name, bytes).
fn damaged() -> Vec<(&'static str, Vec<u8>)> {
    let good = BUNDLED[TTF].to_vec();
    let mut out = Vec::new();

    // The reported case: kilobytes of noise over the format 12 groups make
    // them claim billions of code points (a 4 GiB allocation, then 23 GB).
    let mut d = good.clone();
    let groups = format12(&d) + 16;
    noise(&mut d, groups + 1200, 4096, 1);
    out.push(("cmap-noise.ttf", d));

    let mut d = good.clone();
    put32(&mut d, format12(&good) + 16 + 4, u32::MAX);
    out.push(("cmap-group-to-u32-max.ttf", d));

    // Noise at several offsets, across the table directory too.
    let mut d = good.clone();
    for (i, at) in [0usize, 20_000, 2_000_000, good.len() - 5000]
        .into_iter()
        .enumerate()
    {
        noise(&mut d, at, 4096, 7 + i as u32);
    }
    out.push(("noise-at-four-offsets.ttf", d));

    // Noise inside the outlines only: every table header is intact, but the
    // PDF export could not subset the font.
    let mut d = good.clone();
    noise(&mut d, table(&good, b"glyf") + 1_000_000, 4096, 3);
    out.push(("glyf-noise.ttf", d));

    out.push(("truncated.ttf", good[..good.len() / 2].to_vec()));

    let mut d = good.clone();
    put32(&mut d, record(&good, b"cmap") + 8, 0xFFFF_0000);
    out.push(("cmap-offset-garbage.ttf", d));

    // maxp numGlyphs: 65535 glyphs in a font that has a few thousand.
    let mut d = good.clone();
    let maxp = table(&good, b"maxp");
    d[maxp + 4..maxp + 6].copy_from_slice(&u16::MAX.to_be_bytes());
    out.push(("huge-num-glyphs.ttf", d));

    // A collection header that claims four billion faces.
    let mut d = b"ttcf\0\x01\0\0".to_vec();
    d.extend(u32::MAX.to_be_bytes());
    d.extend(12u32.to_be_bytes());
    d.extend(&good);
    out.push(("four-billion-faces.ttc", d));
    out
}

/// Runs `f` on another thread and fails the test if it takes longer than
/// `secs` (a hang would otherwise hang the test run).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("did not finish within {secs} s"))
}

#[test]
fn damaged_workspace_fonts_are_skipped_quickly() {
    for (name, data) in damaged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &data).unwrap();
        let path = dir.path().to_path_buf();
        let fonts = within(30, move || FontSet::new(BUNDLED, Some(&path), false));
        let skipped: Vec<_> = fonts
            .skipped()
            .iter()
            .filter(|s| matches!(&s.origin, FontOrigin::Workspace(p) if p.ends_with(name)))
            .collect();
        assert!(!skipped.is_empty(), "{name} was not skipped");
        for s in skipped {
            assert!(matches!(s.reason, SkipReason::Damaged(_)), "{name}: {s}");
            assert!(
                s.to_string().contains(name),
                "the warning names the file: {s}"
            );
        }
        assert!(
            fonts
                .iter()
                .all(|(_, f)| f.origin() == &FontOrigin::Bundled),
            "{name}: a face of the damaged file was kept"
        );
    }
}

#[test]
fn a_font_over_the_size_cap_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("huge.otf")).unwrap();
    // Sparse: no disk space, and never read.
    big.set_len(kpibrief::typeset::font_files::MAX_FILE_BYTES + 1)
        .unwrap();
    let path = dir.path().to_path_buf();
    let fonts = within(30, move || FontSet::new(&[], Some(&path), false));
    assert!(fonts.is_empty());
    let [skipped] = fonts.skipped() else {
        panic!("{:?}", fonts.skipped())
    };
    assert!(
        matches!(skipped.reason, SkipReason::TooLarge { .. }),
        "{skipped}"
    );
    assert!(skipped.to_string().contains("huge.otf"), "{skipped}");
}

fn kpibrief(ws: &Ws) -> Command {
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    cmd.arg("--data")
        .arg(ws.path())
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    cmd
}

/// The binary, on the reported damage: `weekly` builds with the bundled
/// fonts and warns; `fonts` lists the roles and warns. Under the old code
/// `fonts` aborted ("memory allocation of 4294967296 bytes failed") and
/// `weekly` ran until killed.
#[test]
fn weekly_and_fonts_skip_a_damaged_font_with_a_warning() {
    let ws = Ws::example();
    let (name, data) = damaged().remove(0);
    ws.write(&format!("fonts/{name}"), data);
    // Outside the workspace: an archive inside it is refused.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    let o = kpibrief(&ws)
        .args(["weekly", "2026-W10", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains(name),
        "{stderr}"
    );
    assert!(out.join("weekly/2026-W10.pdf").is_file());
    let bundled: Vec<String> = BUNDLED
        .iter()
        .map(|f| kpibrief::archive::sha256_hex(f))
        .collect();
    for sha in manifest_font_hashes(&out) {
        assert!(
            bundled.contains(&sha),
            "a PDF uses a font not bundled: {sha}"
        );
    }

    let o = kpibrief(&ws).arg("fonts").output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains(name),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("(bundled)"));
}

fn manifest_font_hashes(out: &Path) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let mut hashes: Vec<String> = manifest["files"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|f| f["fonts"].as_array().cloned().unwrap_or_default())
        .map(|font| font["sha256"].as_str().unwrap().to_string())
        .collect();
    hashes.sort();
    hashes.dedup();
    hashes
}

/// Finding 7: a symbolic link in `fonts/` is hashed by what it points to.
/// Retargeting it changes the input hash: the build sees the PDFs change
/// (and, by the archive rule, wants `--force`), and the manifest records
/// the new font's hash.
#[cfg(unix)]
#[test]
fn a_symlinked_font_is_hashed_by_its_target() {
    let ws = Ws::example();
    // Two fonts of the body's family that differ in their bytes: the bundled
    // serif, and a copy whose glyphs are wider (so that the PDFs differ).
    let first = BUNDLED[0].to_vec();
    let mut second = first.clone();
    let (hhea, hmtx) = (table(&first, b"hhea"), table(&first, b"hmtx"));
    for i in 0..be16(&first, hhea + 34) {
        let at = hmtx + 4 * i;
        let wider = (be16(&first, at) as u16).saturating_add(100);
        second[at..at + 2].copy_from_slice(&wider.to_be_bytes());
    }
    let store = tempfile::tempdir().unwrap();
    let (a, b) = (store.path().join("a.otf"), store.path().join("b.otf"));
    std::fs::write(&a, &first).unwrap();
    std::fs::write(&b, &second).unwrap();
    std::fs::create_dir(ws.path().join("fonts")).unwrap();
    let link = ws.path().join("fonts/serif.otf");
    std::os::unix::fs::symlink(&a, &link).unwrap();
    // Outside the workspace: an archive inside it is refused.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    let build = |extra: &[&str]| {
        kpibrief(&ws)
            .args(["build", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let o = build(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sha = |d: &[u8]| kpibrief::archive::sha256_hex(d);
    assert!(manifest_font_hashes(&out).contains(&sha(&first)));

    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&b, &link).unwrap();
    let o = build(&[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // The PDFs are made again with the new font; they differ, so the
    // archive refuses to replace its records silently.
    assert!(
        !o.status.success(),
        "the retargeted font went unnoticed: {stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    let o = build(&["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hashes = manifest_font_hashes(&out);
    assert!(hashes.contains(&sha(&second)), "{hashes:?}");
    assert!(!hashes.contains(&sha(&first)), "{hashes:?}");
    let o = kpibrief(&ws)
        .args(["verify", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
