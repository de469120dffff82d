//! `kpibrief watch`: the real binary started, the data edited under it,
//! the preview awaited, bad data survived, and Ctrl-C (SIGINT) ending it.
//! Every wait is bounded and nothing is asserted about how long it took.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::documents::pdf_text;
use crate::util::Ws;

/// Long enough for a debug build on a busy machine; only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(180);

struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(ws: &Ws, preview: &Path, period: &str) -> Watching {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("kpibrief"))
            .arg("--data")
            .arg(ws.path())
            .args(["watch", period, "--preview"])
            .arg(preview)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `what`; returns the lines up to it.
    fn wait_for(&mut self, what: &str) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut got = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    got.push(line.clone());
                    if line.contains(what) {
                        return got;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        panic!(
            "no line with `{what}`; it printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// SIGINT, as Ctrl-C sends; waits for the process to end.
    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread ends with the pipe; collect what is left.
                let rest: Vec<String> = self.lines.iter().collect();
                self.seen.extend(rest);
                return (status, std::mem::take(&mut self.seen));
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("still running after SIGINT:\n{}", self.seen.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        // A failed assertion must not leave a watcher running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn pdf(preview: &Path) -> String {
    pdf_text(&std::fs::read(preview.join("weekly/2026-W26.pdf")).unwrap())
}

#[test]
fn remakes_the_pdf_on_every_save_and_waits_on_bad_data() {
    let ws = Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let preview = tmp.path().join("preview");
    let mut w = Watching::start(&ws, &preview, "2026-W26");
    w.wait_for("watching");
    w.wait_for("2026-W26: wrote");
    assert!(preview.join("weekly/2026-W26.md").is_file());
    assert!(pdf(&preview).contains("已实地抽查4个单位"));

    // An edit of the week's data: the new note is in the new PDF.
    ws.edit(
        "weekly/2026-W26.yaml",
        "已实地抽查4个单位，评估报告撰写中",
        "已实地抽查9个单位，观察甲",
    );
    w.wait_for("2026-W26: wrote");
    let text = pdf(&preview);
    assert!(text.contains("已实地抽查9个单位，观察甲"), "{text}");
    let md = std::fs::read_to_string(preview.join("weekly/2026-W26.md")).unwrap();
    assert!(md.contains("观察甲"), "{md}");

    // Bad data: the diagnostic with its place, and the watch goes on.
    ws.edit("weekly/2026-W26.yaml", "progress: 55%", "progress: 155%");
    let lines = w.wait_for("waiting for the next save");
    let said = lines.join("\n");
    assert!(said.contains("weekly/2026-W26.yaml:7:"), "{said}");
    assert!(said.contains("1 error"), "{said}");
    // The last good preview stays.
    assert!(pdf(&preview).contains("观察甲"));

    // Fixed: the PDF again, with the next edit in it.
    // One write: two would be two saves, and two previews.
    let fixed = ws
        .read("weekly/2026-W26.yaml")
        .replacen("progress: 155%", "progress: 55%", 1)
        .replacen("观察甲", "观察乙", 1);
    ws.write("weekly/2026-W26.yaml", fixed);
    w.wait_for("2026-W26: wrote");
    assert!(pdf(&preview).contains("观察乙"));

    // A template of the workspace's own: the preview follows it too.
    let builtin = include_str!("../../templates/weekly.md");
    ws.write("templates/weekly.md", format!("{builtin}\n模板标记丙\n"));
    w.wait_for("2026-W26: wrote");
    let md = std::fs::read_to_string(preview.join("weekly/2026-W26.md")).unwrap();
    assert!(md.contains("模板标记丙"), "{md}");

    let (status, seen) = w.interrupt();
    assert!(status.success(), "{status:?}\n{}", seen.join("\n"));
    assert!(
        seen.iter().any(|l| l.contains("stopped watching")),
        "{}",
        seen.join("\n")
    );
    // Never the archive: no manifest, no records anywhere.
    assert!(!preview.join("manifest.json").exists());
    assert!(!ws.path().join("out").exists() && !tmp.path().join("out").exists());
}

#[test]
fn a_preview_inside_the_archive_is_refused() {
    let ws = Ws::example();
    let o = assert_cmd::Command::cargo_bin("kpibrief")
        .unwrap()
        .arg("--data")
        .arg(ws.path())
        .args(["watch", "2026-06", "--preview"])
        .arg(ws.path().join("out/preview"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("inside it"), "{err}");
}
