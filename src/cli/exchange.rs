//! The spreadsheet commands: `forms`, `import`, `import-month`. They call
//! [`kpibrief::exchange`] and print its diagnostics through the one printer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::{Cli, open_workspace, output::say, print_diagnostics};
use kpibrief::diagnostic::{Diagnostics, SourceFiles, report};
use kpibrief::exchange::workspace::{self, Outcome, WriteError};
use kpibrief::exchange::{forms, import, merge, month};
use kpibrief::model::{Month, Week};

/// `kpibrief forms WEEK`: one workbook per unit into `OUT/forms/WEEK/`.
pub fn forms(cli: &Cli, week: Week, out: &Path) -> Result<ExitCode> {
    let Some((ws, _)) = open_workspace(cli)? else {
        return Ok(ExitCode::from(1));
    };
    let forms = forms::forms(&ws, week)?;
    let dir = out
        .join(kpibrief::archive::FORMS_DIR)
        .join(week.to_string());
    for f in &forms {
        let path = dir.join(&f.file);
        kpibrief::archive::atomic::write_atomic(&path, &f.bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        if cli.verbose {
            say!("wrote {} ({} tasks)", path.display(), f.tasks);
        }
    }
    if !cli.quiet {
        say!(
            "{}: {} forms, {} tasks to report; send each unit its file, then `kpibrief import {week} FILE...`",
            dir.display(),
            forms.len(),
            forms.iter().map(|f| f.tasks).sum::<usize>()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn read_files(files: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>> {
    files
        .iter()
        .map(|p| {
            let bytes =
                std::fs::read(p).with_context(|| format!("cannot read `{}`", p.display()))?;
            Ok((p.display().to_string(), bytes))
        })
        .collect()
}

fn print(cli: &Cli, diagnostics: &Diagnostics) {
    print_diagnostics(cli, diagnostics, &SourceFiles::default());
}

/// What went wrong writing into the workspace, printed; the exit code.
fn write_failed(cli: &Cli, e: WriteError) -> Result<ExitCode> {
    match e {
        WriteError::Invalid {
            rel,
            diagnostics,
            files,
        } => {
            print_diagnostics(cli, &diagnostics, &files);
            say!("error: the imported {rel} would not check; nothing was written");
            Ok(ExitCode::from(1))
        }
        e => Err(e.into()),
    }
}

/// `kpibrief import WEEK FILE... [--write]`.
pub fn import(cli: &Cli, week: Week, files: &[PathBuf], write: bool) -> Result<ExitCode> {
    let Some((ws, _)) = open_workspace(cli)? else {
        return Ok(ExitCode::from(1));
    };
    let returns = import::read(&ws, week, read_files(files)?);
    print(cli, &returns.diagnostics);
    if returns.diagnostics.has_errors() {
        say!(
            "import {week}: {}; nothing was written",
            report::summary(&returns.diagnostics)
        );
        return Ok(ExitCode::from(1));
    }
    let merged = merge::merge(&ws, week, &returns.returns);
    let rel = format!("weekly/{week}.yaml");
    if let Err(e) = workspace::check_with(&cli.data, &ws, &rel, &merged.text) {
        return write_failed(cli, e);
    }
    let path = cli.data.join("weekly").join(format!("{week}.yaml"));
    let outcome = workspace::put(&cli.data, &rel, &merged.text, write)?;
    if !cli.quiet {
        for c in &merged.changes {
            let unit = ws.units().get(&c.unit).map_or(c.unit.as_str(), |u| &u.name);
            let title = ws.tasks().get(&c.task).map_or("", |t| &t.title);
            say!("  {} {title}（{unit}）：{} → {}", c.task, c.before, c.after);
        }
        if merged.risks_before != merged.risks_after {
            say!(
                "  风险：{} → {} 条（报送单位）",
                merged.risks_before,
                merged.risks_after
            );
        }
    }
    match &outcome {
        // A refusal is always said; what was done, unless --quiet.
        _ if cli.quiet && outcome != Outcome::WouldChange => {}
        Outcome::Created => say!("created {}", path.display()),
        Outcome::Unchanged => say!(
            "{} already holds these returns: nothing to write",
            path.display()
        ),
        Outcome::WouldChange => say!(
            "{} would change as listed ({} tasks): nothing was written; run again with --write to write it (the old file is kept in weekly/.history/)",
            path.display(),
            merged.changes.len()
        ),
        Outcome::Replaced { history } => say!(
            "wrote {} ({} tasks changed); the previous file is kept as {}",
            path.display(),
            merged.changes.len(),
            history.display()
        ),
    }
    if !cli.quiet {
        print_state(&merged);
    }
    Ok(ExitCode::SUCCESS)
}

/// The reporting state of the week: returned, blank cells, 未报送 (to chase).
fn print_state(m: &merge::Merged) {
    say!(
        "报送情况：{} 个单位已报送，{} 个单位未报送",
        m.returned.len(),
        m.missing.len()
    );
    for r in &m.returned {
        let from = r.file.as_deref().unwrap_or("此前已导入");
        let blank = if r.blank > 0 {
            format!("，{} 项未填", r.blank)
        } else {
            String::new()
        };
        say!(
            "  已报送 {}：{} 项{blank}（{from}）",
            r.unit_name,
            r.reported
        );
    }
    for u in &m.missing {
        say!(
            "  未报送 {}（{} 项任务）：单位负责人 {}，分管领导 {} —— 请催报",
            u.unit_name,
            u.tasks,
            u.head.as_deref().unwrap_or("—"),
            u.leader
        );
    }
}

/// `kpibrief import-month MONTH FILE --published DATE [--sheet NAME] [--write]`.
pub fn import_month(
    cli: &Cli,
    month: Month,
    file: &Path,
    published: NaiveDate,
    sheet: Option<&str>,
    write: bool,
) -> Result<ExitCode> {
    let Some((ws, _)) = open_workspace(cli)? else {
        return Ok(ExitCode::from(1));
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read `{}`", file.display()))?;
    let shown = file.display().to_string();
    let imported = match month::import(&ws, month, &shown, bytes, sheet, published) {
        Ok(m) => m,
        Err(diagnostics) => {
            print(cli, &diagnostics);
            say!(
                "import-month {month}: {}; nothing was written",
                report::summary(&diagnostics)
            );
            return Ok(ExitCode::from(1));
        }
    };
    let rel = format!("monthly/{month}.yaml");
    if let Err(e) = workspace::check_with(&cli.data, &ws, &rel, &imported.text) {
        return write_failed(cli, e);
    }
    let path = cli.data.join("monthly").join(format!("{month}.yaml"));
    let what = format!(
        "{} bureaus ranked, {} indicator scores of this bureau (sheet {})",
        imported.ranked, imported.indicators, imported.sheet
    );
    match workspace::put(&cli.data, &rel, &imported.text, write)? {
        o if cli.quiet && o != Outcome::WouldChange => {}
        Outcome::Created => say!("created {}: {what}", path.display()),
        Outcome::Unchanged => say!(
            "{} already holds this table: nothing to write",
            path.display()
        ),
        Outcome::WouldChange => say!(
            "{} would change ({what}): nothing was written; run again with --write (the old file is kept in monthly/.history/)",
            path.display()
        ),
        Outcome::Replaced { history } => say!(
            "wrote {}: {what}; the previous file is kept as {}",
            path.display(),
            history.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
