//! The archive as a transaction. Through the library: the rules (a record is
//! never replaced without `force`, a refused or dropped transaction writes
//! nothing). Through the binary, with the fault-injection hook
//! (`KPIBRIEF_FAULT_AFTER_WRITES=N`, the process stops right after the
//! archive's Nth durable write): a build interrupted after each of its writes
//! in turn leaves an archive that verifies, and the next build completes it
//! to exactly the files of an uninterrupted one.

use std::path::Path;
use std::process::Output;

use kpibrief::archive::{
    self, Archive, ArchiveError, FAULT_ENV, FAULT_EXIT_CODE, Kind, NewFile, TMP_DIR,
};

use crate::util::{FEB_MONTH, Ws, copy_dir};

const W03: &str = "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - task: T1\n    progress: 50%\n  - task: T2\n    progress: 10%\n";
const W04: &str =
    "week: 2026-W04\nreported: 2026-01-23\nupdates:\n  - task: T1\n    progress: 80%\n";
/// The minimal workspace with two weeks and a month: small, quick to build.
pub(crate) fn small() -> Ws {
    let ws = Ws::minimal();
    ws.write("weekly/2026-W03.yaml", W03)
        .write("weekly/2026-W04.yaml", W04)
        .write("monthly/2026-02.yaml", FEB_MONTH);
    ws
}

/// An edit of the first week: its bulletin changes, and the next week's
/// (progress carries over).
pub(crate) fn edit_first_week(ws: &Ws) {
    ws.edit("weekly/2026-W03.yaml", "progress: 10%", "progress: 30%");
}

/// `kpibrief --data <ws> <args> --out <out>`, with the fault after `fault` writes.
pub(crate) fn kpibrief(ws: &Ws, out: &Path, args: &[&str], fault: Option<usize>) -> Output {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kpibrief"));
    cmd.arg("--data")
        .arg(ws.path())
        .args(args)
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .env_remove(FAULT_ENV);
    if let Some(n) = fault {
        cmd.env(FAULT_ENV, n.to_string());
    }
    cmd.output().unwrap()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn assert_verifies(ws: &Ws, out: &Path, when: &str) {
    let o = kpibrief(ws, out, &["verify"], None);
    assert!(o.status.success(), "{when}: {}", stderr(&o));
}

/// Every file of the archive with its bytes (the temporary folder aside: a
/// killed build leaves spooled files there, and the next build removes them).
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != TMP_DIR)
        .flatten()
    {
        if e.file_type().is_file() {
            out.push((
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    out
}

/// Run `args` on a copy of the archive `before` (none: an empty folder) once
/// uninterrupted, then once stopped after each of its writes in turn: each
/// interrupted archive verifies, and running `args` again completes it to the
/// uninterrupted run's files (the manifest included). Returns the number of
/// writes the run makes.
fn every_interruption(ws: &Ws, before: Option<&Path>, args: &[&str]) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let prepare = |out: &Path| {
        if let Some(before) = before {
            copy_dir(before, out);
        }
    };
    let reference = tmp.path().join("reference");
    prepare(&reference);
    let o = kpibrief(ws, &reference, args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = snapshot(&reference);

    let mut pending_after = Vec::new();
    for n in 1.. {
        assert!(n < 200, "the run never completed under the fault hook");
        let out = tmp.path().join(format!("stopped-{n}"));
        prepare(&out);
        let o = kpibrief(ws, &out, args, Some(n));
        if o.status.success() {
            // One more than the run's writes: the hook never fired, the run
            // is the uninterrupted one.
            assert_eq!(snapshot(&out), expected);
            break;
        }
        assert_eq!(
            o.status.code(),
            Some(FAULT_EXIT_CODE),
            "stopped after write {n}: {}",
            stderr(&o)
        );
        let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
        pending_after.push(manifest.contains("\"pending\""));
        assert_verifies(ws, &out, &format!("stopped after write {n}"));

        let o = kpibrief(ws, &out, args, None);
        assert!(o.status.success(), "after write {n}: {}", stderr(&o));
        assert_verifies(ws, &out, &format!("completed after write {n}"));
        assert!(
            snapshot(&out) == expected,
            "after write {n}, the completed archive differs from the uninterrupted one"
        );
        assert!(!out.join(TMP_DIR).exists(), "after write {n}");
    }
    // The fault landed mid-transaction: every write but the last (the
    // manifest with the marks cleared) leaves pending marks.
    let writes = pending_after.len();
    assert!(writes >= 2, "{pending_after:?}");
    assert!(
        pending_after[..writes - 1].iter().all(|p| *p) && !pending_after[writes - 1],
        "{pending_after:?}"
    );
    writes
}

#[test]
fn a_first_build_stopped_after_any_write_verifies_and_completes() {
    let ws = small();
    // Two weeks (md, json) and a month (md, three charts, json): nine files,
    // between the manifest with the pending marks and the one without.
    let writes = every_interruption(&ws, None, &["-q", "build", "--format", "md,json"]);
    assert_eq!(writes, 2 + 9);
}

#[test]
fn a_rebuild_after_an_edit_stopped_after_any_write_verifies_and_completes() {
    let ws = small();
    let tmp = tempfile::tempdir().unwrap();
    let before = tmp.path().join("before");
    let args = ["-q", "build", "--format", "md,json"];
    let o = kpibrief(&ws, &before, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    edit_first_week(&ws);
    let writes = every_interruption(&ws, Some(&before), &args);
    // Both weeks are re-made (the second carries the first's progress over);
    // the files whose bytes changed are placed, between the two manifests.
    assert!((2 + 1..=2 + 4).contains(&writes), "{writes}");
}

#[test]
fn a_forced_rebuild_stopped_after_any_write_verifies_and_completes() {
    let ws = small();
    let tmp = tempfile::tempdir().unwrap();
    let before = tmp.path().join("before");
    let o = kpibrief(&ws, &before, &["-q", "build", "--format", "pdf"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    edit_first_week(&ws);
    let o = kpibrief(&ws, &before, &["-q", "build", "--format", "pdf"], None);
    assert_eq!(o.status.code(), Some(3), "refused without --force");
    let args = ["-q", "build", "--force", "--format", "pdf"];
    let writes = every_interruption(&ws, Some(&before), &args);
    // Each changed PDF: its superseded copy and the new file.
    let changed = (writes - 2) / 2;
    assert!(changed >= 1 && writes == 2 + 2 * changed, "{writes}");

    // The completed archive keeps each old PDF once, and nothing is pending.
    let out = tmp.path().join("after");
    copy_dir(&before, &out);
    // Stopped after the marks only: the superseded copies are planned, not made.
    let o = kpibrief(&ws, &out, &args, Some(1));
    assert_eq!(o.status.code(), Some(FAULT_EXIT_CODE));
    let planned = archive::read_manifest(&out).unwrap();
    assert_eq!(planned.superseded().len(), changed);
    assert!(planned.superseded().iter().all(|s| s.is_pending()));
    assert_verifies(&ws, &out, "marks only");
    let o = kpibrief(&ws, &out, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let done = archive::read_manifest(&out).unwrap();
    assert!(!done.has_pending());
    let paths: Vec<&str> = done.superseded().iter().map(|s| s.path()).collect();
    let planned: Vec<&str> = planned.superseded().iter().map(|s| s.path()).collect();
    assert_eq!(paths, planned, "the planned records are reused, not leaked");
}

#[test]
fn an_interrupted_force_left_unfinished_is_dropped_when_the_data_goes_back() {
    // Stopped after the marks, then the edit is undone: no PDF is superseded
    // after all, and the planned record (its copy never made) is dropped.
    let ws = small();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = kpibrief(&ws, &out, &["-q", "build", "--format", "pdf"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    edit_first_week(&ws);
    let args = ["-q", "build", "--force", "--format", "pdf"];
    let o = kpibrief(&ws, &out, &args, Some(1));
    assert_eq!(o.status.code(), Some(FAULT_EXIT_CODE));
    assert!(
        !archive::read_manifest(&out)
            .unwrap()
            .superseded()
            .is_empty()
    );
    ws.edit("weekly/2026-W03.yaml", "progress: 30%", "progress: 10%");
    let o = kpibrief(&ws, &out, &["-q", "build", "--format", "pdf"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_verifies(&ws, &out, "after the edit was undone");
    let m = archive::read_manifest(&out).unwrap();
    assert!(m.superseded().is_empty() && !m.has_pending());
    assert_eq!(snapshot(&out), before);
}

/// `Archive::open`, retried while the lock is briefly held: a child process
/// that another test spawns at that moment holds a copy of the lock's file
/// descriptor until it executes its program (close-on-exec).
fn open_archive(root: &Path) -> Archive {
    for _ in 0..200 {
        match Archive::open(root) {
            Err(ArchiveError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other.unwrap(),
        }
    }
    panic!("{} stays locked", root.display());
}

/// Stage `bytes` at `rel` as a record and commit.
fn commit_record(
    root: &Path,
    rel: &str,
    bytes: &[u8],
    force: bool,
) -> Result<archive::Committed, ArchiveError> {
    let mut a = open_archive(root);
    let spool = a.spool(bytes).unwrap();
    let mut tx = a.begin("kpibrief test", force);
    tx.stage(NewFile {
        rel: rel.to_string(),
        spool,
        kind: Kind::Record,
        inputs: "inputs".into(),
        period: "2026-W03".into(),
        fonts: Vec::new(),
    });
    tx.commit()
}

#[test]
fn a_transaction_keeps_the_archive_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    let done = commit_record(&root, "weekly/a.pdf", b"one", false).unwrap();
    assert_eq!(done.written, ["weekly/a.pdf"]);
    let m = archive::read_manifest(&root).unwrap();
    let e = m.entry("weekly/a.pdf").unwrap();
    assert_eq!(e.sha256(), archive::sha256_hex(b"one"));
    assert!(!e.is_pending() && m.tool() == "kpibrief test");

    // The same bytes: nothing written. Different bytes: refused, nothing
    // written, the spooled file removed.
    let done = commit_record(&root, "weekly/a.pdf", b"one", false).unwrap();
    assert!(done.written.is_empty() && done.unchanged == 1);
    let before = snapshot(&root);
    match commit_record(&root, "weekly/a.pdf", b"two", false) {
        Err(ArchiveError::WouldReplace(p)) => assert_eq!(p, ["weekly/a.pdf"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(&root), before);
    assert!(!root.join(TMP_DIR).exists());

    // With force: replaced, the old one kept.
    let done = commit_record(&root, "weekly/a.pdf", b"two", true).unwrap();
    assert_eq!(done.superseded, ["weekly/a.superseded-1.pdf"]);
    assert_eq!(
        std::fs::read(root.join("weekly/a.superseded-1.pdf")).unwrap(),
        b"one"
    );
    let m = archive::read_manifest(&root).unwrap();
    assert_eq!(m.superseded()[0].was(), "weekly/a.pdf");
    assert!(archive::verify(&root).unwrap().problems.is_empty());

    // A transaction dropped without commit writes nothing.
    let before = snapshot(&root);
    {
        let mut a = open_archive(&root);
        let spool = a.spool(b"three").unwrap();
        let mut tx = a.begin("kpibrief test", true);
        tx.stage(NewFile {
            rel: "weekly/b.pdf".into(),
            spool,
            kind: Kind::Record,
            inputs: String::new(),
            period: String::new(),
            fonts: Vec::new(),
        });
    }
    assert_eq!(snapshot(&root), before);
    assert!(!root.join(TMP_DIR).exists());
}

#[test]
fn sha256_hex_streams_as_it_hashes_at_once() {
    let mut h = archive::Sha256Hex::new();
    std::io::Write::write_all(&mut h, b"kpi").unwrap();
    h.update(b"brief");
    assert_eq!(h.len(), 8);
    assert_eq!(h.finish(), archive::sha256_hex(b"kpibrief"));
    // As sha256sum prints it.
    assert_eq!(
        archive::sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}
