//! The archive against a hostile user and a flaky machine (issue 13): a
//! tampered record is quarantined and rebuilt, never laundered; a manifest
//! cannot make `verify` open anything outside the archive or anything but a
//! regular file; `verify` reads under the lock; an interrupted `--force` is
//! finished or rolled back by the next run, wherever it stopped; wrong
//! `--out` folders are refused with what is wrong; a full disk leaves no
//! temporary files.

use std::path::Path;
use std::time::{Duration, Instant};

use kpibrief::archive::{self, FAULT_EXIT_CODE, QUARANTINE_DIR, TMP_DIR};

use crate::archive::{assert_verifies, edit_first_week, kpibrief, small, snapshot, stderr};
use crate::util::copy_dir;

const PDF: [&str; 4] = ["-q", "build", "--format", "pdf"];
const FORCE: [&str; 5] = ["-q", "build", "--force", "--format", "pdf"];

fn built(args: &[&str]) -> (crate::util::Ws, tempfile::TempDir) {
    let ws = small();
    let tmp = tempfile::tempdir().unwrap();
    let o = kpibrief(&ws, &tmp.path().join("out"), args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    (ws, tmp)
}

// ---- Finding 3: tampered records ----

#[test]
fn a_pdf_copied_over_another_is_quarantined_and_the_genuine_one_rebuilt() {
    let (ws, tmp) = built(&PDF);
    let out = tmp.path().join("out");
    let genuine = std::fs::read(out.join("weekly/2026-W04.pdf")).unwrap();
    let forged = std::fs::read(out.join("weekly/2026-W03.pdf")).unwrap();
    std::fs::write(out.join("weekly/2026-W04.pdf"), &forged).unwrap();
    let forged_sha = archive::sha256_hex(&forged);

    // No data changed: no --force asked for, the tampering is named.
    let o = kpibrief(&ws, &out, &PDF, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("2026-W04.pdf was altered since it was archived") && err.contains(&forged_sha),
        "{err}"
    );
    assert!(!err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read(out.join("weekly/2026-W04.pdf")).unwrap(),
        genuine
    );
    let kept = out.join(format!(
        "{QUARANTINE_DIR}/weekly/2026-W04.pdf.{}",
        &forged_sha[..16]
    ));
    assert_eq!(std::fs::read(&kept).unwrap(), forged);
    let m = archive::read_manifest(&out).unwrap();
    let q = &m.quarantined()[0];
    assert_eq!(
        (q.was(), q.sha256(), q.expected()),
        (
            "weekly/2026-W04.pdf",
            forged_sha.as_str(),
            archive::sha256_hex(&genuine).as_str()
        )
    );
    assert!(m.superseded().is_empty() && !m.has_pending());
    assert_verifies(&ws, &out, "after the rebuild");
    // And the next build has nothing to do.
    let before = snapshot(&out);
    let o = kpibrief(&ws, &out, &["build", "--format", "pdf"], None);
    assert!(stderr(&o).contains("0 written"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_same_size_edit_of_a_plain_file_is_not_current() {
    let (ws, tmp) = built(&["-q", "build", "--format", "md"]);
    let out = tmp.path().join("out");
    let path = out.join("weekly/2026-W03.md");
    let genuine = std::fs::read(&path).unwrap();
    let mut forged = genuine.clone();
    let i = forged.len() / 2;
    forged[i] ^= 1;
    std::fs::write(&path, &forged).unwrap();
    let o = kpibrief(&ws, &out, &["-q", "build", "--format", "md"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("altered since it was archived"));
    assert_eq!(std::fs::read(&path).unwrap(), genuine);
    assert_verifies(&ws, &out, "after the rebuild");
}

#[test]
fn tampered_bytes_never_become_a_superseded_record() {
    // The data changed, and the archived PDF was tampered with: --force is
    // needed (the record changes), and the tampered bytes go to quarantine,
    // never into the superseded records.
    let (ws, tmp) = built(&PDF);
    let out = tmp.path().join("out");
    let forged = b"%PDF-1.7 not the record".to_vec();
    std::fs::write(out.join("weekly/2026-W03.pdf"), &forged).unwrap();
    edit_first_week(&ws);
    let o = kpibrief(&ws, &out, &PDF, None);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let o = kpibrief(&ws, &out, &FORCE, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = archive::read_manifest(&out).unwrap();
    let forged_sha = archive::sha256_hex(&forged);
    assert!(m.superseded().iter().all(|s| s.sha256() != forged_sha));
    assert!(
        m.superseded()
            .iter()
            .all(|s| s.was() != "weekly/2026-W03.pdf")
    );
    assert!(m.quarantined().iter().any(|q| q.sha256() == forged_sha));
    assert_verifies(&ws, &out, "after --force");
}

#[test]
fn a_deleted_record_is_not_replaced_by_different_bytes_without_force() {
    let (ws, tmp) = built(&PDF);
    let out = tmp.path().join("out");
    std::fs::remove_file(out.join("weekly/2026-W03.pdf")).unwrap();
    // The same data: the record is made again, no --force needed.
    let o = kpibrief(&ws, &out, &PDF, None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_verifies(&ws, &out, "remade");
    std::fs::remove_file(out.join("weekly/2026-W03.pdf")).unwrap();
    edit_first_week(&ws);
    let o = kpibrief(&ws, &out, &PDF, None);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("2026-W03.pdf"), "{}", stderr(&o));
    let o = kpibrief(&ws, &out, &FORCE, None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_verifies(&ws, &out, "forced");
}

#[test]
fn a_build_stopped_around_the_quarantine_verifies_and_completes() {
    let (ws, tmp) = built(&PDF);
    let base = tmp.path().join("out");
    let forged = std::fs::read(base.join("weekly/2026-W03.pdf")).unwrap();
    std::fs::write(base.join("weekly/2026-W04.pdf"), &forged).unwrap();
    let reference = tmp.path().join("reference");
    copy_dir(&base, &reference);
    let o = kpibrief(&ws, &reference, &PDF, None);
    assert!(o.status.success(), "{}", stderr(&o));
    // Marks; quarantine; placing; marks cleared.
    for n in 1..=3 {
        let out = tmp.path().join(format!("stopped-{n}"));
        copy_dir(&base, &out);
        let o = kpibrief(&ws, &out, &PDF, Some(n));
        assert_eq!(
            o.status.code(),
            Some(FAULT_EXIT_CODE),
            "{n}: {}",
            stderr(&o)
        );
        if n > 1 {
            assert_verifies(&ws, &out, &format!("stopped after write {n}"));
        }
        let o = kpibrief(&ws, &out, &PDF, None);
        assert!(o.status.success(), "{n}: {}", stderr(&o));
        assert_verifies(&ws, &out, &format!("completed after write {n}"));
        assert!(snapshot(&out) == snapshot(&reference), "after write {n}");
    }
}

// ---- Finding 4: what verify opens ----

fn verify(out: &Path) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("kpibrief"))
        .args(["verify", "--out"])
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn manifest_with(path: &str) -> String {
    format!(
        r#"{{"tool": "kpibrief 0.1.0", "files": {{"{path}": {{"sha256": "00", "size": 1, "inputs": "", "period": "2026-W03"}}}}}}"#
    )
}

#[test]
fn a_manifest_naming_paths_outside_the_archive_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let host = archive::sha256_file(Path::new("/etc/hostname"))
        .or_else(|_| archive::sha256_file(Path::new("/etc/passwd")))
        .unwrap()
        .0;
    for bad in [
        "/etc/passwd",
        "/etc/hostname",
        "../../../etc/hostname",
        "weekly/../../x",
        "./manifest.json",
        "a//b",
        "",
        ".kpibrief-tmp/x",
    ] {
        std::fs::write(out.join("manifest.json"), manifest_with(bad)).unwrap();
        let o = verify(&out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{bad:?}: {err}");
        assert!(
            err.contains("is not a kpibrief manifest") && err.contains("not a path inside"),
            "{bad:?}: {err}"
        );
        assert!(!err.contains(&host), "{bad:?}: {err}");
    }
}

#[test]
fn verify_hashes_only_regular_files_and_follows_no_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("weekly")).unwrap();
    let secret = tmp.path().join("secret");
    std::fs::write(&secret, "outside the archive").unwrap();
    std::os::unix::fs::symlink(&secret, out.join("weekly/a.pdf")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), out.join("linked")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", out.join("zero.md")).unwrap();
    let fifo = out.join("fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let manifest = r#"{"tool": "t", "files": {
        "weekly/a.pdf": {"sha256": "00", "size": 1, "inputs": "", "period": "p"},
        "linked/secret": {"sha256": "00", "size": 1, "inputs": "", "period": "p"},
        "zero.md": {"sha256": "00", "size": 1, "inputs": "", "period": "p"},
        "fifo.md": {"sha256": "00", "size": 1, "inputs": "", "period": "p"}}}"#;
    std::fs::write(out.join("manifest.json"), manifest).unwrap();
    let start = Instant::now();
    let o = verify(&out);
    assert!(start.elapsed() < Duration::from_secs(20), "verify hung");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let secret_sha = archive::sha256_hex(b"outside the archive");
    assert!(!err.contains(&secret_sha), "{err}");
    for (path, what) in [
        ("weekly/a.pdf", "a symbolic link"),
        ("linked/secret", "a symbolic link"),
        ("zero.md", "a symbolic link"),
        ("fifo.md", "a FIFO"),
    ] {
        assert!(
            err.contains(&format!("not a file: {path} is {what}")),
            "{path}: {err}"
        );
    }
}

#[test]
fn a_build_never_writes_through_a_symbolic_link_in_the_archive() {
    // `out/weekly` replaced by a link to a folder outside: the build refuses
    // (nothing written there), and so does a first build into such a folder.
    let (ws, tmp) = built(&["-q", "build", "--format", "md"]);
    let out = tmp.path().join("out");
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::rename(out.join("weekly"), tmp.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("weekly")).unwrap();
    let fresh = tmp.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    std::os::unix::fs::symlink(&outside, fresh.join("weekly")).unwrap();
    for out in [&out, &fresh] {
        let o = kpibrief(&ws, out, &["-q", "build", "--format", "md"], None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains("is a symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "{err}");
    }
}

// ---- Finding 8: verify and the lock; a missing archive ----

#[test]
fn verify_waits_for_a_build_that_holds_the_lock() {
    let (_ws, tmp) = built(&["-q", "build", "--format", "md"]);
    let out = tmp.path().join("out");
    let lock = std::fs::File::options()
        .write(true)
        .open(out.join(".kpibrief.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kpibrief"))
        .args(["-q", "verify", "--out"])
        .arg(&out)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "verify read the archive while a build held the lock"
    );
    lock.unlock().unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "verify never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

#[test]
fn verify_during_builds_never_sees_a_half_made_archive() {
    // Builds that each replace every file, and verify in a loop beside them
    // (bounded): with the lock taken shared, never "altered" or "missing".
    let (ws, tmp) = built(&["-q", "build", "--format", "md,json"]);
    let out = tmp.path().join("out");
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..8 {
                let (from, to) = if i % 2 == 0 {
                    ("progress: 10%", "progress: 30%")
                } else {
                    ("progress: 30%", "progress: 10%")
                };
                ws.edit("weekly/2026-W03.yaml", from, to);
                // Refused while a verify holds the lock: try again.
                for _ in 0..200 {
                    let o = kpibrief(&ws, &out, &["-q", "build", "--format", "md,json"], None);
                    if o.status.success() {
                        break;
                    }
                    assert!(stderr(&o).contains("another kpibrief"), "{}", stderr(&o));
                }
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        let mut runs = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) && runs < 400 {
            let o = verify(&out);
            assert!(o.status.success(), "run {runs}: {}", stderr(&o));
            runs += 1;
        }
    });
}

#[test]
fn verify_of_a_folder_that_does_not_exist_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let o = verify(&tmp.path().join("nothing-here"));
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert!(!tmp.path().join("nothing-here").exists());
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    let o = verify(&file);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
}

// ---- Finding 2: an interrupted --force, interrupted again ----

#[test]
fn a_forced_rebuild_stopped_twice_anywhere_completes_to_the_uninterrupted_archive() {
    let (ws, tmp) = built(&PDF);
    let base = tmp.path().join("out");
    edit_first_week(&ws);
    let reference = tmp.path().join("reference");
    copy_dir(&base, &reference);
    let o = kpibrief(&ws, &reference, &FORCE, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = snapshot(&reference);
    let mut runs = 0;
    for n in 1.. {
        let first = tmp.path().join(format!("first-{n}"));
        copy_dir(&base, &first);
        if kpibrief(&ws, &first, &FORCE, Some(n)).status.success() {
            break;
        }
        for m in 1.. {
            assert!(m < 50);
            let out = tmp.path().join(format!("second-{n}-{m}"));
            copy_dir(&first, &out);
            let o = kpibrief(&ws, &out, &FORCE, Some(m));
            runs += 1;
            let finished = o.status.success();
            if !finished {
                assert_eq!(o.status.code(), Some(FAULT_EXIT_CODE), "{}", stderr(&o));
                assert_verifies(&ws, &out, &format!("stopped after {n}, then {m}"));
                let o = kpibrief(&ws, &out, &FORCE, None);
                assert!(o.status.success(), "{n}, {m}: {}", stderr(&o));
            }
            assert_verifies(&ws, &out, &format!("completed after {n}, {m}"));
            let m_ = archive::read_manifest(&out).unwrap();
            assert!(!m_.has_pending(), "{n}, {m}");
            assert!(
                snapshot(&out) == expected,
                "stopped after {n}, then {m}: differs from the uninterrupted archive"
            );
            std::fs::remove_dir_all(&out).unwrap();
            if finished {
                break;
            }
        }
        std::fs::remove_dir_all(&first).unwrap();
    }
    assert!(runs >= 4, "{runs}");
}

#[test]
fn an_interrupted_force_is_rolled_back_when_the_data_goes_back_wherever_it_stopped() {
    // Stopped after the marks, or after the superseded copies but before
    // any PDF was replaced: the data goes back, and the next build leaves
    // exactly the archive there was before (no superseded record, no copy).
    let (ws, tmp) = built(&PDF);
    let base = tmp.path().join("out");
    let before = snapshot(&base);
    edit_first_week(&ws);
    // The marks (write 1), then one copy per changed PDF, then the PDFs.
    let probe = tmp.path().join("probe");
    copy_dir(&base, &probe);
    let o = kpibrief(&ws, &probe, &FORCE, Some(1));
    assert_eq!(o.status.code(), Some(FAULT_EXIT_CODE), "{}", stderr(&o));
    let copies = archive::read_manifest(&probe).unwrap().superseded().len();
    assert!(copies >= 1);
    for n in 1..=1 + copies {
        let out = tmp.path().join(format!("stopped-{n}"));
        copy_dir(&base, &out);
        let o = kpibrief(&ws, &out, &FORCE, Some(n));
        assert_eq!(o.status.code(), Some(FAULT_EXIT_CODE), "{}", stderr(&o));
        ws.edit("weekly/2026-W03.yaml", "progress: 30%", "progress: 10%");
        let o = kpibrief(&ws, &out, &PDF, None);
        assert!(o.status.success(), "{n}: {}", stderr(&o));
        assert_verifies(&ws, &out, &format!("stopped after {n}, data back"));
        assert!(
            snapshot(&out) == before,
            "stopped after {n}: not rolled back"
        );
        edit_first_week(&ws);
    }
}

// ---- Finding 11: --out, I/O messages, a full disk ----

#[test]
fn an_out_that_is_a_file_or_inside_the_workspace_is_refused() {
    let ws = small();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    for out in [file.clone(), file.join("sub")] {
        let o = kpibrief(&ws, &out, &["-q", "build", "--format", "md"], None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains("is not a folder"), "{err}");
        assert!(!err.contains("File exists"), "{err}");
    }
    // The workspace's own `out/` is allowed (tests/it/discovery.rs); a
    // folder inside it, or any other, is not.
    for out in [
        ws.path().to_path_buf(),
        ws.path().join("out/sub"),
        ws.path().join("weekly/x"),
    ] {
        let o = kpibrief(&ws, &out, &["-q", "build", "--format", "md"], None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains("is inside the workspace"), "{err}");
        assert!(!ws.path().join("out").exists() && !ws.path().join("manifest.json").exists());
    }
}

#[test]
fn an_io_error_is_printed_once() {
    let (ws, tmp) = built(&["-q", "build", "--format", "md"]);
    let out = tmp.path().join("out");
    // The lock path is a folder: opening it fails.
    std::fs::remove_file(out.join(".kpibrief.lock")).unwrap();
    std::fs::create_dir(out.join(".kpibrief.lock")).unwrap();
    let o = kpibrief(&ws, &out, &["-q", "build", "--format", "md"], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn a_full_disk_at_any_point_leaves_no_temporary_files() {
    // A small tmpfs (root only; skipped where it cannot be mounted), sized
    // from one page up until the build fits: every failure is a clean one.
    let mnt = tempfile::tempdir().unwrap();
    let ws = small();
    let args = ["-q", "build", "--format", "md,json"];
    let mut failures = 0;
    for pages in 1..200 {
        let ok = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={}k", pages * 4),
                "tmpfs",
            ])
            .arg(mnt.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("cannot mount a tmpfs here: skipped");
            return;
        }
        let out = mnt.path().join("out");
        let o = kpibrief(&ws, &out, &args, None);
        let done = o.status.success();
        if !done {
            failures += 1;
            assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
            assert!(stderr(&o).contains("No space left"), "{}", stderr(&o));
        }
        let leftover = out.join(TMP_DIR).exists();
        let verified = !out.join("manifest.json").exists() || verify(&out).status.success();
        let _ = std::process::Command::new("umount")
            .arg(mnt.path())
            .status();
        assert!(!leftover, "{pages} pages: {TMP_DIR} left behind");
        assert!(verified, "{pages} pages: the archive does not verify");
        if done {
            break;
        }
    }
    assert!(failures >= 1);
}
