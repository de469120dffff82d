//! Finding the workspace from where the user stands (shared/spec/cli.md):
//! the current folder or the nearest above it holding config.yaml, else
//! ./data, or KPIBRIEF_DATA, or --data; the archive in the workspace's own
//! out/ when the workspace was found from inside it.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `kpibrief ARGS` run in `cwd`, with KPIBRIEF_DATA unset unless `env` names it.
fn run_in(cwd: &Path, env: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("KPIBRIEF_DATA");
    if let Some(dir) = env {
        cmd.env("KPIBRIEF_DATA", dir);
    }
    cmd.args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `kpibrief init nw` in a new temporary folder; returns (folder, workspace).
fn init() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_in(tmp.path(), None, &["init", "nw", "--year", "2027"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ws = tmp.path().join("nw");
    assert!(
        stderr(&o).contains("`cd nw`"),
        "init says to work inside the workspace: {}",
        stderr(&o)
    );
    (tmp, ws)
}

#[test]
fn check_and_build_inside_a_new_workspace() {
    let (_tmp, ws) = init();
    // The workspace is the current folder: nothing to say about it.
    let o = run_in(&ws, None, &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        !err.contains("does not exist") && !err.contains("note:"),
        "{err}"
    );
    assert!(err.contains("0 errors, 0 warnings"), "{err}");

    // `build` there archives into the workspace's own out/, which the
    // loader never reads: a second check and a second build see no change.
    let o = run_in(&ws, None, &["build", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ws.join("out/weekly/2027-W02.md").is_file());
    assert!(ws.join("out/manifest.json").is_file());
    let o = run_in(&ws, None, &["build", "--format", "md"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(" 0 written,") && err.trim_end().ends_with(" 0 warnings"),
        "{err}"
    );
    assert!(!err.contains("warning:"), "{err}");
    let o = run_in(&ws, None, &["verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("all intact"), "{}", stderr(&o));
}

#[test]
fn from_a_subfolder_the_workspace_above_is_used_and_named() {
    let (_tmp, ws) = init();
    let sub = ws.join("weekly");
    let o = run_in(&sub, None, &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("note: using the workspace .. (nw, the nearest folder above holding config.yaml, 1 folder up)"),
        "{err}"
    );
    // A problem is named by a path the user can open from where they stand.
    std::fs::write(
        sub.join("2027-W03.yaml"),
        "week: 2027-W03\nreported: 2027-01-22\nupdates:\n  - task: NOPE\n    progress: 10%\n",
    )
    .unwrap();
    let o = run_in(&sub, None, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("../weekly/2027-W03.yaml:4:"), "{err}");
    std::fs::remove_file(sub.join("2027-W03.yaml")).unwrap();

    // Its archive is the workspace's out/, not weekly/out.
    let o = run_in(&sub, None, &["weekly", "2027-W02", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ws.join("out/weekly/2027-W02.md").is_file());
    assert!(!sub.join("out").exists());
    assert!(stderr(&o).contains("../out: 1 written"), "{}", stderr(&o));
}

#[test]
fn the_environment_and_the_flag_name_it_too() {
    let (tmp, ws) = init();
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run_in(elsewhere.path(), Some(&ws), &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "note: using the workspace {} (from KPIBRIEF_DATA)",
            ws.display()
        )),
        "{err}"
    );
    // The flag wins over the variable, and needs no note.
    let o = run_in(
        tmp.path(),
        Some(Path::new("/nonexistent")),
        &["--data", "nw", "check"],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("note:"), "{err}");
    // With neither, outside any workspace: ./data, and a hint when it is missing.
    let o = run_in(elsewhere.path(), None, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no config.yaml in the current folder or any folder above it"),
        "{err}"
    );
}

#[test]
fn data_beside_out_still_works_as_before() {
    // A checkout's layout: ./data is the workspace, ./out the archive.
    let tmp = tempfile::tempdir().unwrap();
    let o = run_in(tmp.path(), None, &["init", "data", "--year", "2027"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(tmp.path(), None, &["build", "--format", "md"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("note:"), "{err}");
    assert!(tmp.path().join("out/weekly/2027-W02.md").is_file());
    assert!(!tmp.path().join("data/out").exists());
}

#[test]
fn only_the_workspaces_own_out_may_be_inside_it() {
    let (_tmp, ws) = init();
    let o = run_in(
        &ws,
        None,
        &["build", "--format", "md", "--out", "weekly/archive"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("is inside the workspace"), "{err}");
    assert!(!ws.join("weekly/archive").exists());
    let o = run_in(&ws, None, &["build", "--format", "md", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn new_week_inside_the_workspace_then_an_untouched_week_is_all_not_reported() {
    let (_tmp, ws) = init();
    let o = run_in(&ws, None, &["new-week"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ws.join("weekly/2027-W03.yaml").is_file());
    // As written, the file passes check.
    let o = run_in(&ws, None, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 errors"), "{}", stderr(&o));
    let o = run_in(&ws, None, &["weekly", "2027-W03", "--format", "json,md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.join("out/weekly/2027-W03.json")).unwrap())
            .unwrap();
    let tasks = json["tasks"].as_array().expect("tasks in the JSON");
    let mut not_reported = 0;
    for t in tasks {
        let status = t["status"].as_str().unwrap();
        // Every task that has started and is not done is 未报送 (or overdue,
        // which the spec's rules put first).
        if !matches!(status, "upcoming" | "done") {
            assert!(matches!(status, "not_reported" | "overdue"), "{t}");
        }
        not_reported += usize::from(status == "not_reported");
    }
    assert!(not_reported > 0, "{json}");
    let md = std::fs::read_to_string(ws.join("out/weekly/2027-W03.md")).unwrap();
    assert!(md.matches("未报送").count() >= not_reported, "{md}");
}
