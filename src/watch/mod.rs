//! A live preview: one briefing remade on every save.
//!
//! In: a workspace folder, a period, a preview folder. Out: that period's
//! Markdown and PDF (and a handout's charts) written whole into the preview
//! folder after every change of the workspace's data, templates or fonts,
//! and a [`Round`] after each attempt for the caller to print.
//!
//! The preview is not the archive: it has no manifest, no records and no
//! superseded copies, and it is never written into the output folder, so
//! `verify` and the next `build` never see it. Bad data does not stop the
//! watch: the round reports the diagnostics and the loop waits for the next
//! save, as `typst watch` does.
//!
//! Saves come in bursts (an editor writes a temporary file, renames it,
//! touches the folder): events are gathered until [`QUIET`] passes with no
//! new one (at most [`SETTLE`]), then the document is made once.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::analysis::{self, Period};
use crate::build::produce::{self, Env, Format};
use crate::check::{self, Checked};
use crate::diagnostic::Diagnostic;
use crate::render::{TemplateError, Templates};
use crate::typeset::{Typesetter, roles};

/// How long a burst of events must have been quiet before the document is made.
pub const QUIET: Duration = Duration::from_millis(120);
/// The longest a burst is waited for: a document is made at least this often
/// while saves keep coming.
pub const SETTLE: Duration = Duration::from_millis(600);
/// How often the stop flag is looked at while nothing happens.
const TICK: Duration = Duration::from_millis(100);

/// Folders of a workspace that are not its input: the archive and the
/// preview when they sit inside it, and hidden folders (`.git`, editors').
const NOT_INPUT: [&str; 2] = ["out", "preview"];

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    #[error("cannot watch {}: {source}", .path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error(
        "the preview folder {} is the output folder or inside it: the archive would list the previews as unknown files (choose another --preview)",
        .preview.display()
    )]
    PreviewInArchive { preview: PathBuf },
}

/// What to watch and where to write.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace folder.
    pub data: PathBuf,
    /// The folder the previews are written into.
    pub preview: PathBuf,
    pub period: Period,
    pub system_fonts: bool,
}

/// The outcome of one attempt to make the document.
pub enum Round {
    /// The files written (paths under the preview folder), with the data's
    /// and the document's warnings.
    Written {
        files: Vec<PathBuf>,
        checked: Checked,
        warnings: Vec<Diagnostic>,
    },
    /// The data has errors: nothing was written; the last preview stays.
    DataErrors { checked: Checked },
    /// The data checks but the document cannot be made (no file for the
    /// period, a template error, a typesetting error, a write that failed).
    Failed {
        checked: Option<Checked>,
        error: String,
    },
}

/// Templates and fonts, reloaded only when the workspace's `templates/` or
/// `fonts/` changed (the font book is the slow part).
struct Cache {
    env: Option<Env>,
}

impl Cache {
    fn env(&mut self, opts: &Options) -> Result<&Env, TemplateError> {
        let env = match self.env.take() {
            Some(env) => env,
            None => {
                let templates = Templates::load(Some(&opts.data.join("templates")))?;
                let fonts = roles::font_set(&opts.data, opts.system_fonts);
                Env::new(templates, Typesetter::new(fonts))
            }
        };
        Ok(self.env.insert(env))
    }
}

/// Make the document once: check, produce, write into the preview folder.
fn make(opts: &Options, cache: &mut Cache) -> Round {
    let checked = check::open(&opts.data);
    let Some(ws) = &checked.workspace else {
        return Round::DataErrors { checked };
    };
    if let Err(e) = analysis::require(ws, opts.period) {
        return failed(checked, &e);
    }
    let env = match cache.env(opts) {
        Ok(env) => env,
        Err(e) => {
            // Try again from the files at the next save.
            cache.env = None;
            return failed(checked, &e);
        }
    };
    let mut warnings: Vec<Diagnostic> = env
        .typesetter
        .fonts()
        .skipped()
        .iter()
        .map(|s| Diagnostic::warning(s.to_string()))
        .collect();
    let produced = match produce::produce(ws, opts.period, &[Format::Md, Format::Pdf], env) {
        Ok(p) => p,
        Err(e) => return failed(checked, &e),
    };
    warnings.extend(produced.warnings);
    let mut files = Vec::new();
    for out in &produced.outputs {
        let path = opts.preview.join(&out.rel);
        if let Err(e) = crate::archive::atomic::write_atomic(&path, &out.bytes) {
            let error = format!("cannot write {}: {e}", path.display());
            return Round::Failed {
                checked: Some(checked),
                error,
            };
        }
        files.push(path);
    }
    Round::Written {
        files,
        checked,
        warnings,
    }
}

fn failed(checked: Checked, e: &dyn std::fmt::Display) -> Round {
    Round::Failed {
        checked: Some(checked),
        error: e.to_string(),
    }
}

/// Whether a change at `path` (under `data`) can change the document: any
/// file of the workspace but its archive, its preview and hidden or backup
/// files. Returns which kind of input it is. A `folder` made or removed
/// counts too: a file written into a new folder (`templates/`,
/// `explanations/2026-07/`) can come before the watch on that folder is in
/// place, and its own event be lost.
fn classify(data: &Path, path: &Path, folder: bool) -> Option<Change> {
    let rel = path.strip_prefix(data).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    let last = parts.last()?;
    // Editors' swap and backup files (`.x.swp`, `x~`, `#x#`) and hidden folders.
    if parts.iter().any(|p| p.starts_with('.')) || last.ends_with('~') || last.starts_with('#') {
        return None;
    }
    if NOT_INPUT.contains(&first.as_str()) {
        return None;
    }
    match first.as_str() {
        "templates" | "fonts" if parts.len() > 1 || folder => Some(Change::Look),
        _ if folder => Some(Change::Data),
        _ if last.ends_with(".yaml") => Some(Change::Data),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Data,
    /// Templates or fonts: the environment is rebuilt.
    Look,
}

/// Whether `inner` is `outer` or inside it (both made absolute; `inner`
/// need not exist).
fn is_within(inner: &Path, outer: &Path) -> bool {
    let abs = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    abs(inner).starts_with(abs(outer))
}

/// Refuse a preview folder inside the archive before anything is written.
pub fn check_preview(preview: &Path, out: &Path) -> Result<(), WatchError> {
    if is_within(preview, out) {
        return Err(WatchError::PreviewInArchive {
            preview: preview.to_path_buf(),
        });
    }
    Ok(())
}

/// Make the document, then again after every change, until `stop` is set.
/// `report` is called after each attempt; `ready` once, when the watcher
/// is in place (so that a change made after it is seen).
pub fn run(
    opts: &Options,
    stop: &Arc<AtomicBool>,
    ready: &mut dyn FnMut(&Path),
    report: &mut dyn FnMut(&Round),
) -> Result<(), WatchError> {
    // Events name absolute paths: compare them with the absolute folder.
    let data = opts.data.canonicalize().map_err(|e| WatchError::Watch {
        path: opts.data.clone(),
        source: notify::Error::io(e),
    })?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver is gone only when the watch has ended.
        let _ = tx.send(event);
    })
    .map_err(|source| WatchError::Watch {
        path: opts.data.clone(),
        source,
    })?;
    watcher
        .watch(&data, RecursiveMode::Recursive)
        .map_err(|source| WatchError::Watch {
            path: opts.data.clone(),
            source,
        })?;
    ready(&opts.data);
    let mut cache = Cache { env: None };
    report(&make(opts, &mut cache));
    while !stop.load(Ordering::Relaxed) {
        let Some(first) = next_change(&data, &rx, TICK) else {
            continue;
        };
        let mut look = first == Change::Look;
        // Gather the rest of the burst.
        let started = Instant::now();
        while started.elapsed() < SETTLE && !stop.load(Ordering::Relaxed) {
            match next_change(&data, &rx, QUIET) {
                Some(change) => look |= change == Change::Look,
                None => break,
            }
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        if look {
            cache.env = None;
        }
        report(&make(opts, &mut cache));
    }
    Ok(())
}

/// The next change that matters within `wait`, if any. Events that do not
/// matter (the preview's own writes, swap files) are skipped without
/// restarting the wait.
fn next_change(
    data: &Path,
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    wait: Duration,
) -> Option<Change> {
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match rx.recv_timeout(left) {
            Ok(Ok(event)) => {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    continue;
                }
                use notify::event::{CreateKind, RemoveKind};
                let folder = matches!(
                    event.kind,
                    notify::EventKind::Create(CreateKind::Folder)
                        | notify::EventKind::Remove(RemoveKind::Folder)
                );
                let mut found: Option<Change> = None;
                for path in &event.paths {
                    match classify(data, path, folder) {
                        Some(Change::Look) => found = Some(Change::Look),
                        Some(Change::Data) => found = found.or(Some(Change::Data)),
                        None => {}
                    }
                }
                if found.is_some() {
                    return found;
                }
            }
            // A watcher error (e.g. too many events): remake, to be safe.
            Ok(Err(_)) => return Some(Change::Look),
            Err(mpsc::RecvTimeoutError::Timeout) => return None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_a_change() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().canonicalize().unwrap();
        let at = |rel: &str| classify(&data, &data.join(rel), false);
        let folder = |rel: &str| classify(&data, &data.join(rel), true);
        // A new folder: what is written into it may come before its watch.
        assert_eq!(folder("templates"), Some(Change::Look));
        assert_eq!(folder("explanations/2026-07"), Some(Change::Data));
        assert_eq!(folder("out/weekly"), None);
        assert_eq!(folder("preview"), None);
        assert_eq!(folder(".git/objects"), None);
        assert_eq!(at("templates"), None);
        assert_eq!(at("weekly/2026-W27.yaml"), Some(Change::Data));
        assert_eq!(at("config.yaml"), Some(Change::Data));
        assert_eq!(at("templates/weekly.typ"), Some(Change::Look));
        assert_eq!(at("fonts/simhei.ttf"), Some(Change::Look));
        assert_eq!(at("out/weekly/2026-W27.pdf"), None);
        assert_eq!(at("preview/weekly/2026-W27.pdf"), None);
        assert_eq!(at("weekly/.2026-W27.yaml.swp"), None);
        assert_eq!(at("weekly/2026-W27.yaml~"), None);
        assert_eq!(at(".git/index"), None);
        assert_eq!(at("notes.txt"), None);
    }
}
