//! Writing data files for the user: `kpibrief init` (a new workspace) and
//! `kpibrief new-week` (next week's file, pre-filled). Neither ever
//! overwrites a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Weekday};

use crate::analysis::fmt_pct;
use crate::check::schema;
use crate::model::{Num, Week, Workspace};

const INIT: &[(&str, &str)] = &[
    ("config.yaml", include_str!("../assets/init/config.yaml")),
    ("units.yaml", include_str!("../assets/init/units.yaml")),
    ("peers.yaml", include_str!("../assets/init/peers.yaml")),
    (
        "indicators.yaml",
        include_str!("../assets/init/indicators.yaml"),
    ),
    ("tasks.yaml", include_str!("../assets/init/tasks.yaml")),
    (
        "weekly/{year}-W02.yaml",
        include_str!("../assets/init/weekly/week.yaml"),
    ),
    (
        "monthly/{year}-01.yaml",
        include_str!("../assets/init/monthly/month.yaml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} already exists: kpibrief never overwrites a data file", .0.display())]
    Exists(PathBuf),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is not a year kpibrief assesses: give a year from {min} to {max}", min = crate::check::YEARS.start(), max = crate::check::YEARS.end())]
    Year(i32),
    #[error("{week} is in {}, but this workspace assesses {year}: start a workspace for {} with `kpibrief init DIR --year {}`", .week.year(), .week.year(), .week.year())]
    WrongYear { week: Week, year: i32 },
    #[error("{0}")]
    Other(String),
}

/// Create `path` with `text`, failing if it exists; whole or not at all.
fn create_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = crate::archive::atomic::temp_builder()
        .tempfile_in(dir)
        .map_err(io)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            ScaffoldError::Exists(path.to_path_buf())
        } else {
            io(e.error)
        }
    })?;
    Ok(())
}

/// Write a small, valid, commented workspace for `year` into `dir`, with the
/// JSON Schemas its files point at. Refuses if any of its files exists.
pub fn init(dir: &Path, year: i32) -> Result<Vec<PathBuf>, ScaffoldError> {
    // Refused before anything is written: a workspace `check` rejects at once is no start.
    if !crate::check::YEARS.contains(&year) {
        return Err(ScaffoldError::Year(year));
    }
    let reported = NaiveDate::from_isoywd_opt(year, 2, Weekday::Fri)
        .ok_or_else(|| ScaffoldError::Other(format!("{year} is not a year kpibrief can use")))?;
    let files: Vec<(PathBuf, String)> = INIT
        .iter()
        .map(|(name, text)| {
            (
                dir.join(name.replace("{year}", &year.to_string())),
                text.replace("{year}", &year.to_string())
                    .replace("{reported}", &reported.to_string()),
            )
        })
        .chain(schema::FILE_KINDS.iter().map(|k| {
            (
                dir.join("schemas").join(format!("{}.schema.json", k.name)),
                schema::json_schema(k),
            )
        }))
        .collect();
    if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(ScaffoldError::Exists(p.clone()));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        create_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// The week after the latest weekly file (or week 1 of the workspace's year).
pub fn next_week(ws: &Workspace) -> Week {
    ws.weeks().keys().next_back().map_or_else(
        || Week::new(ws.config().year, 1).expect("week 1 exists"),
        |w| w.next(),
    )
}

/// The text of `week`'s file: every task active by its Friday and not yet
/// done, as a commented-out update holding its last known progress. Left as
/// it is, the file checks and every such task is 未报送 (not reported): a
/// unit that never answers is never taken for one that reported no change.
/// The office uncomments (and corrects) the updates the units send.
pub fn draft_week(ws: &Workspace, week: Week) -> String {
    let friday = week.monday() + chrono::Days::new(4);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# yaml-language-server: $schema=../schemas/weekly.schema.json"
    );
    let _ = writeln!(
        text,
        "# {week}（{}至{}）：下列任务均已列出，注释中为上周进度。单位报送后，删去该任务“- task”和“progress”两行行首的“# ”，并改为本周进度；未改动的任务记为未报送。",
        week.monday(),
        week.sunday()
    );
    let _ = writeln!(text, "week: {week}");
    let _ = writeln!(text, "reported: {friday}");
    let mut updates = String::new();
    for (task, progress) in to_report(ws, week) {
        let unit = ws
            .units()
            .get(&task.unit)
            .map_or(task.unit.as_str(), |u| u.name.as_str());
        let _ = writeln!(
            updates,
            "  # {}（{}，{}，{}前完成）：上周进度{}",
            task.title.replace('\n', " "),
            unit,
            task.owner.replace('\n', " "),
            task.due,
            fmt_pct(progress)
        );
        let _ = writeln!(updates, "  # - task: {}", task.id);
        let _ = writeln!(updates, "  #   progress: {}", fmt_pct(progress));
    }
    if updates.is_empty() {
        let _ = writeln!(text, "updates: []");
    } else {
        let _ = write!(text, "updates:\n{updates}");
    }
    let _ = writeln!(
        text,
        "# risks:\n#   - {{ unit: 单位编号, level: high, text: 风险点 }}"
    );
    let _ = writeln!(text, "# requirements: |\n#   1. 下周工作要求");
    text
}

/// The tasks a unit reports on in `week`, with last week's progress: every
/// task started by the week's Friday and not yet at 100% by the week before.
/// `new-week` lists these, `forms` puts them in each unit's form and
/// `import` expects them: the three always agree.
pub fn to_report(ws: &Workspace, week: Week) -> Vec<(&crate::model::Task, Num)> {
    let friday = week.monday() + chrono::Days::new(4);
    let before = Week::containing(week.monday() - chrono::Duration::days(1));
    ws.tasks()
        .values()
        .filter(|task| task.start <= friday)
        .map(|task| {
            let progress = ws
                .latest_progress(&task.id, before)
                .map_or(Num::ZERO, |(p, _)| p);
            (task, progress)
        })
        .filter(|(_, progress)| *progress < Num::ONE)
        .collect()
}

/// Write `week`'s file into the workspace; never overwrites.
pub fn new_week(data: &Path, ws: &Workspace, week: Week) -> Result<PathBuf, ScaffoldError> {
    // `check` keeps each year in a workspace of its own (a week belongs to its ISO year).
    if week.year() != ws.config().year {
        return Err(ScaffoldError::WrongYear {
            week,
            year: ws.config().year,
        });
    }
    let path = data.join("weekly").join(format!("{week}.yaml"));
    if path.exists() {
        return Err(ScaffoldError::Exists(path));
    }
    create_new(&path, &draft_week(ws, week))?;
    Ok(path)
}
