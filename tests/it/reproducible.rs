//! The same data and fonts give the same bytes, whatever the machine's
//! clock, time zone, locale or folders: the promise the archive rests on.

use assert_cmd::Command;

use crate::util::Ws;

/// Builds one week and one month of a copy of the example, in a folder of
/// its own, with the environment `env`; returns every output file's bytes.
fn build_with(env: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    cmd.arg("--data")
        .arg(ws.path())
        .args(["build", "--format", "md,pdf,typ,json", "--out"])
        .arg(out.path().join("archive"))
        .current_dir(out.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let root = out.path().join("archive");
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| !rel.starts_with('.'))
        .collect();
    files.sort();
    files
}

#[test]
fn same_data_same_bytes_in_any_folder_time_zone_locale_or_epoch() {
    let a = build_with(&[("TZ", "UTC"), ("LANG", "C")]);
    let b = build_with(&[
        ("TZ", "Asia/Shanghai"),
        ("LANG", "zh_CN.UTF-8"),
        ("LC_ALL", "zh_CN.UTF-8"),
        ("SOURCE_DATE_EPOCH", "0"),
    ]);
    assert!(a.iter().any(|(rel, _)| rel.ends_with(".pdf")));
    assert_eq!(a.len(), b.len());
    for ((ra, ba), (rb, bb)) in a.iter().zip(&b) {
        assert_eq!(ra, rb);
        assert!(ba == bb, "{ra} differs between two machines' settings");
    }
    // No absolute path of either build is in any output.
    for (rel, bytes) in &a {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("/tmp/"), "{rel} holds an absolute path");
    }
}
