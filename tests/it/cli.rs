//! The command line end to end: the real binary on copies of the example
//! workspace, as the performance office runs it.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

use crate::util::Ws;

fn kpibrief(ws: &Ws, out: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    cmd.arg("--data")
        .arg(ws.path())
        .env("NO_COLOR", "1")
        .current_dir(out.parent().unwrap());
    cmd
}

/// Runs `kpibrief --data <ws> <args> --out <out>` to the end.
fn run(ws: &Ws, out: &Path, args: &[&str]) -> Output {
    kpibrief(ws, out)
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, for "untouched" checks.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if dir.exists() {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if e.file_type().is_file() {
                out.push((
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out
}

#[test]
fn build_rebuild_edit_force_verify() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");

    // A cold build writes every bulletin and handout, md and pdf.
    let o = run(&ws, &out, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("weekly/2026-W26.pdf").is_file() && out.join("monthly/2026-06.md").is_file());
    assert!(out.join("monthly/2026-06-trend.png").is_file());
    assert!(
        stderr(&o).contains("78 written, 0 unchanged"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains('\u{1b}'), "colour without a terminal");
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();

    // A rebuild writes nothing and leaves the manifest as it was.
    let before = snapshot(&out);
    let o = run(&ws, &out, &["build"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("0 written, 78 unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&out), before);

    // Edit one week: its PDF would change, and the archive refuses silently
    // replacing it: nothing is written.
    ws.edit(
        "weekly/2026-W20.yaml",
        "  - task: T002\n    progress: 40%\n",
        "  - task: T002\n    progress: 40%\n    note: 已补报\n",
    );
    let o = run(&ws, &out, &["build"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("weekly/2026-W20.pdf"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(snapshot(&out), before, "nothing was written");

    // With --force: that week's bulletin is rewritten, and so is the PDF of
    // every later week, which carries the edited file among its sources
    // (progress carries over: tests/it/records.rs); their Markdown is re-made
    // byte for byte the same. The old PDFs are kept.
    let o = run(&ws, &out, &["build", "--force", "--verbose"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("8 written"), "{err}");
    assert!(err.contains("7 superseded PDFs kept"), "{err}");
    let mut written: Vec<String> = err
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|w| w.rsplit("out/").next().unwrap_or(w).to_string())
        .collect();
    written.sort();
    let mut expected = vec!["weekly/2026-W20.md".to_string()];
    expected.extend((20..=26).map(|w| format!("weekly/2026-W{w}.pdf")));
    expected.sort();
    assert_eq!(written, expected, "{err}");
    assert!(out.join("weekly/2026-W20.superseded-1.pdf").is_file());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["superseded"][0]["path"],
        "weekly/2026-W20.superseded-1.pdf"
    );
    assert_eq!(m["superseded"][0]["was"], "weekly/2026-W20.pdf");
    assert_ne!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
    // PDFs record their fonts.
    assert!(
        m["files"]["weekly/2026-W20.pdf"]["fonts"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );

    // The archive verifies; tampering with a PDF is found and named.
    let o = run(&ws, &out, &["verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = out.join("weekly/2026-W10.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let n = bytes.len() / 2;
    bytes[n] ^= 0xFF;
    std::fs::write(&pdf, bytes).unwrap();
    std::fs::write(out.join("weekly/stray.txt"), "?").unwrap();
    std::fs::remove_file(out.join("monthly/2026-03.md")).unwrap();
    let o = run(&ws, &out, &["verify"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("altered: weekly/2026-W10.pdf"), "{err}");
    assert!(err.contains("missing: monthly/2026-03.md"), "{err}");
    assert!(err.contains("unknown: weekly/stray.txt"), "{err}");
}

#[test]
fn bad_data_writes_nothing() {
    let ws = Ws::example();
    ws.edit("tasks.yaml", "unit: office", "unit: ofice");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "x").unwrap();
    let before = snapshot(&out);
    for args in [
        &["build"][..],
        &["weekly", "2026-W10"],
        &["monthly", "2026-03"],
    ] {
        let o = run(&ws, &out, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("error: unknown unit `ofice`"), "{err}");
        assert!(err.contains("tasks.yaml:"), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
    }
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_period_without_data_is_a_clear_error() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run(&ws, &out, &["weekly", "2026-W08"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("weekly/2026-W08.yaml"), "{err}");
    assert!(err.contains("from 2026-W02 to 2026-W26"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_second_build_while_one_holds_the_lock_is_refused() {
    let ws = Ws::minimal();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lock = std::fs::File::create(out.join(".kpibrief.lock")).unwrap();
    lock.lock().unwrap();
    let o = run(&ws, &out, &["build"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("another kpibrief is writing to"),
        "{}",
        stderr(&o)
    );
    lock.unlock().unwrap();
    let o = run(&ws, &out, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn init_then_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("新工作区");
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    let o = cmd
        .arg("init")
        .arg(&dir)
        .args(["--year", "2027"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("weekly/2027-W02.yaml").is_file());
    assert!(dir.join("schemas/tasks.schema.json").is_file());
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .arg("--data")
        .arg(&dir)
        .arg("check")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("out");
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .arg("--data")
        .arg(&dir)
        .args(["build", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("weekly/2027-W02.pdf").is_file() && out.join("monthly/2027-01.pdf").is_file());
    // init never overwrites.
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}

#[test]
fn new_week_round_trip() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = kpibrief(&ws, &out).arg("new-week").output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = ws.read("weekly/2026-W27.yaml");
    assert!(
        text.contains("week: 2026-W27\nreported: 2026-07-03\n"),
        "{text}"
    );
    // It checks as it is; untouched, every active unfinished task is not
    // reported (未报送), and keeps its last known progress.
    let w = ws.workspace();
    let before = kpibrief::analysis::weekly(&w, "2026-W26".parse().unwrap()).unwrap();
    let after = kpibrief::analysis::weekly(&w, "2026-W27".parse().unwrap()).unwrap();
    use kpibrief::analysis::weekly::Status;
    let mut listed = 0;
    for t in &after.tasks {
        let old = before.tasks.iter().find(|o| o.id == t.id).unwrap();
        assert_eq!(t.progress, old.progress, "{}", t.id);
        if t.status != Status::Upcoming && t.progress < kpibrief::model::Num::ONE {
            assert!(
                matches!(t.status, Status::NotReported | Status::Overdue),
                "{} is {:?}, not 未报送",
                t.id,
                t.status
            );
            assert!(
                text.contains(&format!("  # - task: {}\n", t.id)),
                "{} not listed",
                t.id
            );
            listed += 1;
        }
    }
    assert!(listed > 0);
    // Uncommenting one task's lines reports it.
    let first = after
        .tasks
        .iter()
        .find(|t| t.status == Status::NotReported)
        .unwrap();
    let edited = text.replace(
        &format!("  # - task: {}\n  #   ", first.id),
        &format!("  - task: {}\n    ", first.id),
    );
    ws.write("weekly/2026-W27.yaml", edited);
    let w = ws.workspace();
    let after = kpibrief::analysis::weekly(&w, "2026-W27".parse().unwrap()).unwrap();
    let now = after.tasks.iter().find(|t| t.id == first.id).unwrap();
    assert_ne!(now.status, Status::NotReported);
    // Never overwrites.
    let o = kpibrief(&ws, &out)
        .args(["new-week", "2026-W27"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("already exists"));
}

#[test]
fn help_completions_and_man_page() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["new-week", "--help"],
    ] {
        let o = Command::cargo_bin("kpibrief")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Example"),
            "{args:?}"
        );
    }
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("new-week"));
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains(".TH kpibrief"));
    // Wrong usage is clap's exit 2.
    let o = Command::cargo_bin("kpibrief")
        .unwrap()
        .args(["weekly", "2026-27"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fonts_lists_each_role() {
    let ws = Ws::minimal();
    let tmp = tempfile::tempdir().unwrap();
    let o = kpibrief(&ws, &tmp.path().join("out"))
        .arg("fonts")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    for role in ["title", "body", "heading", "subheading", "table", "number"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(role) && l.contains("(bundled)")),
            "{text}"
        );
    }
}

/// The summary line counts the warnings printed above it: the example's
/// data has two (a missing score, a total that does not add up).
#[test]
fn the_summary_counts_the_warnings_it_printed() {
    let ws = Ws::example();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&ws, &out, &["build", "--format", "json"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let printed = err.lines().filter(|l| l.starts_with("warning:")).count();
    assert_eq!(printed, 2, "{err}");
    let summary = err.lines().last().unwrap_or_default();
    assert!(summary.ends_with(", 2 warnings"), "{summary}");
}
