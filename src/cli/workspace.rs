//! Which workspace a command works on, and where its archive goes by default.
//!
//! In: `--data` (if given), `KPIBRIEF_DATA`, the current folder. Out: a
//! [`Located`] workspace, how it was found, and the default output folder;
//! [`apply`] puts them into the parsed command line and prints the note.
//!
//! As cargo finds its manifest: `--data DIR` first, then `KPIBRIEF_DATA`,
//! then the current folder or the nearest folder above it holding a
//! `config.yaml`, else `./data` (the layout of a checkout, where `data/` and
//! `out/` sit side by side). An explicit name wins over a guess, so that a
//! script that sets the variable is never redirected by where it runs.
//!
//! The path is kept relative to the current folder (`.`, `..`, `../..`) so
//! that every diagnostic names files as the user can open them from where
//! they stand.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::output::say;
use super::{Cli, Command};

/// The name of the environment variable that may name the workspace.
pub const ENV: &str = "KPIBRIEF_DATA";

/// How the workspace was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `--data DIR`.
    Flag,
    /// `KPIBRIEF_DATA`.
    Env,
    /// The current folder holds `config.yaml`.
    Here,
    /// A folder `levels` above the current one holds `config.yaml`.
    Above { levels: usize },
    /// `./data` (it may not exist: then loading says so).
    DataFolder,
}

#[derive(Debug, Clone)]
pub struct Located {
    /// The workspace folder, as the commands use it.
    pub dir: PathBuf,
    pub how: How,
}

impl Located {
    /// Whether the workspace was found by looking for `config.yaml`; its
    /// archive then defaults to its own `out/` (as cargo's `target/` sits
    /// beside the manifest, wherever in the project one stands).
    pub fn discovered(&self) -> bool {
        matches!(self.how, How::Here | How::Above { .. })
    }

    /// The output folder when `--out` is not given: the workspace's `out/`
    /// when it was discovered, else `out` in the current folder.
    pub fn default_out(&self) -> PathBuf {
        if self.discovered() {
            self.dir.join("out")
        } else {
            PathBuf::from("out")
        }
    }

    /// The preview folder of `watch` when `--preview` is not given: beside
    /// the default archive, never inside it.
    pub fn default_preview(&self) -> PathBuf {
        if self.discovered() {
            self.dir.join("preview")
        } else {
            PathBuf::from("preview")
        }
    }

    /// A line saying which workspace is used, when it is not the obvious
    /// one (given with `--data`, or the current folder itself).
    pub fn notice(&self) -> Option<String> {
        let dir = self.dir.display();
        match self.how {
            How::Flag | How::Here | How::DataFolder => None,
            How::Env => Some(format!("using the workspace {dir} (from {ENV})")),
            How::Above { levels } => {
                let name = std::fs::canonicalize(&self.dir)
                    .ok()
                    .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .map_or_else(String::new, |n| format!("{n}, "));
                Some(format!(
                    "using the workspace {dir} ({name}the nearest folder above holding config.yaml, {levels} {} up)",
                    if levels == 1 { "folder" } else { "folders" }
                ))
            }
        }
    }
}

/// Find the workspace (see `workspace.rs`) and fill in the folders that
/// default to places of it; say which workspace it is when that is not
/// obvious.
pub(super) fn apply(cli: &mut Cli, matches: &ArgMatches) {
    let given = |m: &ArgMatches, id: &str| {
        m.try_get_raw(id).is_ok_and(|v| v.is_some())
            && m.value_source(id) != Some(ValueSource::DefaultValue)
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    let data_given = given(matches, "data") || sub.is_some_and(|m| given(m, "data"));
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = locate(
        data_given.then_some(cli.data.as_path()),
        std::env::var_os(ENV),
        &cwd,
    );
    let out_given = sub.is_some_and(|m| given(m, "out"));
    let preview_given = sub.is_some_and(|m| given(m, "preview"));
    match &mut cli.command {
        Command::Weekly { output, .. }
        | Command::Monthly { output, .. }
        | Command::Build { output }
            if !out_given =>
        {
            output.out = found.default_out();
        }
        Command::Verify { out, .. } if !out_given => *out = found.default_out(),
        Command::Watch { preview, .. } if !preview_given => *preview = found.default_preview(),
        _ => {}
    }
    let uses_workspace = !matches!(
        cli.command,
        Command::Init { .. }
            | Command::Verify { .. }
            | Command::Schema { .. }
            | Command::Completions { .. }
            | Command::Man
    );
    if uses_workspace && !cli.quiet {
        if let Some(notice) = found.notice() {
            say!("note: {notice}");
        } else if found.how == How::DataFolder && !found.dir.is_dir() {
            say!("note: {}", not_found_hint());
        }
    }
    cli.data = found.dir;
}

/// Find the workspace. `flag` is `--data` when given, `env` the value of
/// [`ENV`], `cwd` the current folder (absolute).
pub fn locate(flag: Option<&Path>, env: Option<OsString>, cwd: &Path) -> Located {
    if let Some(dir) = flag {
        return Located {
            dir: dir.to_path_buf(),
            how: How::Flag,
        };
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return Located {
            dir: PathBuf::from(dir),
            how: How::Env,
        };
    }
    for (levels, folder) in cwd.ancestors().enumerate() {
        if folder.join("config.yaml").is_file() {
            let (dir, how) = if levels == 0 {
                (PathBuf::from("."), How::Here)
            } else {
                let up: PathBuf = std::iter::repeat_n("..", levels).collect();
                (up, How::Above { levels })
            };
            return Located { dir, how };
        }
    }
    Located {
        dir: PathBuf::from("data"),
        how: How::DataFolder,
    }
}

/// The workspace as the summary lines name it: its path, or for the current
/// folder its name (`nw: 4 tasks, …` rather than `.: 4 tasks, …`).
pub fn label(dir: &Path) -> String {
    if dir == Path::new(".")
        && let Some(name) = std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
    {
        return name;
    }
    dir.display().to_string()
}

/// What to say when no workspace was found at all.
pub fn not_found_hint() -> String {
    format!(
        "no workspace here: no config.yaml in the current folder or any folder above it, and no ./data; \
         give one with --data DIR or {ENV}, or create one with `kpibrief init DIR`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_of_the_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("nw");
        let sub = ws.join("weekly").join("deep");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(ws.join("config.yaml"), "").unwrap();

        let here = locate(None, None, &ws);
        assert_eq!((here.dir.as_path(), here.how), (Path::new("."), How::Here));
        assert_eq!(here.default_out(), Path::new("./out"));
        assert_eq!(here.notice(), None);

        let above = locate(None, None, &sub);
        assert_eq!(above.dir, Path::new("../.."));
        assert_eq!(above.how, How::Above { levels: 2 });
        assert_eq!(above.default_out(), Path::new("../../out"));
        assert!(above.notice().unwrap().contains("2 folders up"));

        let env = locate(None, Some("/elsewhere".into()), &sub);
        assert_eq!(
            (env.dir.as_path(), env.how),
            (Path::new("/elsewhere"), How::Env)
        );
        assert_eq!(env.default_out(), Path::new("out"));
        // An empty variable is as good as none.
        assert_eq!(locate(None, Some("".into()), &ws).how, How::Here);

        let flag = locate(Some(Path::new("x")), Some("/elsewhere".into()), &sub);
        assert_eq!((flag.dir.as_path(), flag.how), (Path::new("x"), How::Flag));

        let none = locate(None, None, tmp.path());
        assert_eq!(
            (none.dir.as_path(), none.how),
            (Path::new("data"), How::DataFolder)
        );
        assert_eq!(none.default_out(), Path::new("out"));
    }
}
