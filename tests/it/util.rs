//! A workspace builder for tests: a temporary folder of YAML files, written
//! from strings or copied from the example `data/`, checked through the
//! library exactly as the command line does.

use std::path::{Path, PathBuf};

use kpibrief::check::{self, Checked};
use kpibrief::diagnostic::report;
use kpibrief::diagnostic::{Diagnostic, Severity};
use kpibrief::model::Workspace;

pub struct Ws {
    pub dir: tempfile::TempDir,
}

pub use super::minimal::*;

impl Ws {
    /// A small valid workspace with no weekly or monthly files.
    pub fn minimal() -> Ws {
        let ws = Ws {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        ws.write("config.yaml", CONFIG)
            .write("units.yaml", UNITS)
            .write("peers.yaml", PEERS)
            .write("indicators.yaml", INDICATORS)
            .write("tasks.yaml", TASKS);
        ws
    }

    /// A copy of the example workspace `data/`.
    pub fn example() -> Ws {
        let ws = Ws {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&example_dir(), ws.path());
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Ws {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Replace `from` (which must be there) by `to` in a file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Ws {
        let text = self.read(rel);
        assert!(text.contains(from), "`{from}` is not in {rel}");
        self.write(rel, text.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Ws {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    pub fn check(&self) -> Outcome {
        let checked = check::open(self.path());
        let text = report::render(&checked.diagnostics, &checked.files, false);
        Outcome { checked, text }
    }

    /// The checked workspace; panics with the diagnostics when there are errors.
    pub fn workspace(&self) -> Workspace {
        let o = self.check();
        match o.checked.workspace {
            Some(ws) => ws,
            None => panic!("the workspace has errors:\n{}", o.text),
        }
    }
}

pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub struct Outcome {
    pub checked: Checked,
    /// The diagnostics as `kpibrief check` prints them (no colour).
    pub text: String,
}

impl Outcome {
    pub fn assert_ok(&self) {
        assert!(
            !self.checked.diagnostics.has_errors(),
            "expected no errors, got:\n{}",
            self.text
        );
    }

    fn find(&self, severity: Severity, file: &str, line: u32, message: &str) -> &Diagnostic {
        let found = self.checked.diagnostics.items.iter().find(|d| {
            d.severity == severity
                && d.message.contains(message)
                && d.file
                    .is_some_and(|f| self.checked.files.get(f).rel == file)
                && (line == 0 || d.span.is_some_and(|s| s.line == line))
        });
        match found {
            Some(d) => {
                // And it is printed with its place.
                let place = match d.span {
                    Some(s) => format!("{}:{}:{}", file, s.line, s.col),
                    None => file.to_string(),
                };
                assert!(
                    self.text.contains(&place),
                    "`{place}` not printed in:\n{}",
                    self.text
                );
                assert!(
                    self.text.contains(&d.message),
                    "message not printed in:\n{}",
                    self.text
                );
                d
            }
            None => panic!(
                "no {severity:?} `{message}` at {file}:{line}; diagnostics were:\n{}",
                self.text
            ),
        }
    }

    /// An error whose message contains `message`, in `file` at `line` (0: any line).
    pub fn error(&self, file: &str, line: u32, message: &str) -> &Diagnostic {
        self.find(Severity::Error, file, line, message)
    }

    pub fn warning(&self, file: &str, line: u32, message: &str) -> &Diagnostic {
        self.find(Severity::Warning, file, line, message)
    }

    /// The printed text contains `s`.
    pub fn says(&self, s: &str) -> &Self {
        assert!(self.text.contains(s), "`{s}` not in:\n{}", self.text);
        self
    }
}
