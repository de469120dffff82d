//! The command line: arguments, the calls into the library, the printing of
//! diagnostics through the one reporting layer, and exit codes.

mod args;
mod exchange;
mod font_report;
mod output;
mod record;
mod watch;
mod workspace;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};

use args::{Cli, Command, OutputArgs};
use kpibrief::build::produce::Period;
use kpibrief::build::{self, BuildError, Progress};
use kpibrief::check;
use kpibrief::check::schema;
use kpibrief::diagnostic::Diagnostics;
use kpibrief::diagnostic::report;
use kpibrief::model::Workspace;
use kpibrief::typeset::roles as fonts;
use kpibrief::{archive, scaffold};
use output::say;

/// Failures that are not the data's fault.
const EXIT_FAILURE: u8 = 3;

pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    workspace::apply(&mut cli, &matches);
    match run(&cli) {
        Ok(code) => code,
        // Only `fonts`, `completions` and `man` write to standard output, and
        // their outcome is success once their reader has stopped reading.
        Err(err) if err.is::<output::StdoutClosed>() => ExitCode::SUCCESS,
        Err(err) => {
            say!("error: {err:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Colours only on a terminal, and never with NO_COLOR set.
fn color_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Print the diagnostics (only the errors with `--quiet`); returns how many
/// warnings were printed, for the summary line.
fn print_diagnostics(
    cli: &Cli,
    diagnostics: &Diagnostics,
    files: &kpibrief::diagnostic::SourceFiles,
) -> usize {
    let mut shown = diagnostics.clone();
    if cli.quiet {
        shown.items.retain(|d| d.is_error());
    }
    output::stderr_raw(&report::render(&shown, files, color_on_stderr()));
    shown.warning_count()
}

/// Load and check; print diagnostics; `None` when there are errors. With
/// the workspace, the number of warnings printed.
fn open_workspace(cli: &Cli) -> Result<Option<(Workspace, usize)>> {
    let checked = check::open(&cli.data);
    let warned = print_diagnostics(cli, &checked.diagnostics, &checked.files);
    if checked.workspace.is_none() {
        say!(
            "{}: {}; nothing was written",
            workspace::label(&cli.data),
            report::summary(&checked.diagnostics)
        );
    }
    Ok(checked.workspace.map(|ws| (ws, warned)))
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Check => {
            let checked = check::open(&cli.data);
            print_diagnostics(cli, &checked.diagnostics, &checked.files);
            let summary = report::summary(&checked.diagnostics);
            match checked.workspace {
                Some(ws) => {
                    if !cli.quiet {
                        say!(
                            "{}: {} tasks, {} weekly files, {} monthly files; {summary}",
                            workspace::label(&cli.data),
                            ws.tasks().len(),
                            ws.weeks().len(),
                            ws.months().len()
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    say!("{}: {summary}", workspace::label(&cli.data));
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Weekly { week, output } => run_build(cli, output, Some(vec![Period::Week(*week)])),
        Command::Monthly { month, output } => {
            run_build(cli, output, Some(vec![Period::Month(*month)]))
        }
        Command::Build { output } => run_build(cli, output, None),
        Command::Init { dir, year } => {
            let year = year.unwrap_or_else(this_year);
            let written = match scaffold::init(dir, year) {
                Err(e @ scaffold::ScaffoldError::Year(_)) => return Ok(usage_error(&e)),
                other => other?,
            };
            if !cli.quiet {
                for p in &written {
                    say!("created {}", p.display());
                }
                say!(
                    "a workspace for {year} is ready: `cd {0}`, edit its files, then `kpibrief check` and `kpibrief build` there (the briefings go to {0}/out)",
                    dir.display()
                );
                say!(
                    "each week: `kpibrief forms WEEK --data {0}` (one form per unit, to mail), then `kpibrief import WEEK FILE... --data {0}` with what comes back, then `kpibrief build --data {0}`",
                    dir.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { files, fonts, .. } if !files.is_empty() => Ok(record::verify_pdfs(
            files,
            fonts.as_deref(),
            color_on_stderr(),
            cli.quiet,
        )),
        Command::Extract { file, out } => Ok(record::extract(file, out, cli.quiet)),
        Command::Verify { out, .. } => {
            let verified = archive::verify(out)?;
            for p in &verified.problems {
                say!("{p}");
            }
            if verified.problems.is_empty() {
                if !cli.quiet {
                    say!(
                        "{}: {} files checked, all intact",
                        out.display(),
                        verified.checked
                    );
                }
                Ok(ExitCode::SUCCESS)
            } else {
                say!(
                    "{}: {} files checked, {} problems",
                    out.display(),
                    verified.checked,
                    verified.problems.len()
                );
                Ok(ExitCode::from(1))
            }
        }
        Command::NewWeek { week } => {
            let Some((ws, _)) = open_workspace(cli)? else {
                return Ok(ExitCode::from(1));
            };
            let week = week.unwrap_or_else(|| scaffold::next_week(&ws));
            let path = match scaffold::new_week(&cli.data, &ws, week) {
                Err(e @ scaffold::ScaffoldError::WrongYear { .. }) => return Ok(usage_error(&e)),
                other => other?,
            };
            if !cli.quiet {
                say!(
                    "created {}: uncomment and correct the tasks each unit reported (the rest count as not reported), then `kpibrief weekly {week}`",
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Forms { week, out } => exchange::forms(cli, *week, out),
        Command::Import { week, files, write } => exchange::import(cli, *week, files, *write),
        Command::ImportMonth {
            month,
            file,
            published,
            sheet,
            write,
        } => exchange::import_month(cli, *month, file, *published, sheet.as_deref(), *write),
        Command::Schema { out } => {
            for kind in schema::FILE_KINDS {
                let path = out.join(format!("{}.schema.json", kind.name));
                kpibrief::archive::atomic::write_atomic(
                    &path,
                    schema::json_schema(kind).as_bytes(),
                )
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            if !cli.quiet {
                say!(
                    "wrote {} schemas into {}",
                    schema::FILE_KINDS.len(),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fonts {
            system_fonts,
            collect,
            from,
        } => {
            if *collect {
                return font_report::collect(cli, from);
            }
            let set = fonts::font_set(&cli.data, *system_fonts);
            let roles = fonts::resolve(&set);
            let mut text = font_report::role_table(&roles);
            text.push_str(&font_report::stand_ins(&roles));
            output::stdout(text.as_bytes())?;
            for skipped in set.skipped() {
                say!("warning: {skipped}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch {
            period,
            preview,
            system_fonts,
        } => watch::run(cli, *period, preview, *system_fonts),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "kpibrief", &mut script);
            output::stdout(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            output::stdout(&page)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A value the command line accepted but the command cannot use (exit 2, as
/// for clap's own usage errors); nothing was written.
fn usage_error(e: &scaffold::ScaffoldError) -> ExitCode {
    say!("error: {e}; nothing was written");
    ExitCode::from(2)
}

/// The year for `init`'s example data. The clock is read only here, for a
/// default the user can override; no briefing ever depends on it.
fn this_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0).map_or(2026, |t| chrono::Datelike::year(&t))
}

fn run_build(cli: &Cli, output: &OutputArgs, only: Option<Vec<Period>>) -> Result<ExitCode> {
    let start = std::time::Instant::now();
    let opened = open_workspace(cli)?;
    let load_ms = start.elapsed().as_secs_f64() * 1e3;
    let Some((ws, check_warnings)) = opened else {
        return Ok(ExitCode::from(1));
    };
    let opts = build::Options {
        data: &cli.data,
        out: &output.out,
        formats: output.format.clone(),
        only,
        force: output.force,
        system_fonts: output.system_fonts,
    };
    let bar = ProgressOutput::new(cli);
    let result = build::run(&ws, &opts, &|p| bar.show(p));
    bar.finish();
    let report = match result {
        Ok(r) => r,
        // The library checks the periods before it opens the output folder.
        Err(BuildError::NoSuchPeriod(e)) => {
            say!("error: {e}; nothing was written");
            return Ok(ExitCode::from(1));
        }
        Err(BuildError::WouldReplace(paths)) => {
            say!("error: {}", BuildError::WouldReplace(paths));
            return Ok(ExitCode::from(EXIT_FAILURE));
        }
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("building into {}", output.out.display()))
            );
        }
    };
    let mut warnings = Diagnostics {
        items: report.warnings.clone(),
    };
    warnings.sort();
    // The summary counts every warning printed above it: the data's, the
    // documents' and the archive's.
    let warned =
        check_warnings + print_diagnostics(cli, &warnings, ws.files()) + report.quarantined.len();
    for q in &report.quarantined {
        // Always shown, --quiet too: the record was tampered with.
        say!(
            "warning: {} was altered since it was archived (SHA-256 {}, the manifest says {}): moved to {} and written again",
            output.out.join(q.was()).display(),
            q.sha256(),
            q.expected(),
            output.out.join(q.path()).display()
        );
    }
    if output.timings {
        say!("timings (ms):");
        say!("  {:<34} {load_ms:>9.1}", "load + check");
        for (stage, ms) in &report.timings {
            say!("  {stage:<34} {ms:>9.1}");
        }
        say!(
            "  {:<34} {:>9.1}",
            "total, wall time",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    if cli.verbose {
        for w in &report.written {
            say!("wrote {}", output.out.join(w).display());
        }
    }
    if !cli.quiet {
        let superseded = if report.superseded.is_empty() {
            String::new()
        } else {
            format!(", {} superseded PDFs kept", report.superseded.len())
        };
        say!(
            "{}: {} written, {} unchanged{superseded}, {} warnings",
            output.out.display(),
            report.written.len(),
            report.unchanged,
            warned
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal; plain lines otherwise (with --verbose); nothing with --quiet.
struct ProgressOutput {
    bar: Option<indicatif::ProgressBar>,
    lines: bool,
    done: Mutex<usize>,
}

impl ProgressOutput {
    fn new(cli: &Cli) -> ProgressOutput {
        let terminal = std::io::stderr().is_terminal() && !cli.quiet;
        ProgressOutput {
            bar: terminal.then(|| {
                let bar = indicatif::ProgressBar::new(0);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} [{bar:30}] {pos}/{len} {msg}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar
            }),
            lines: !terminal && cli.verbose,
            done: Mutex::new(0),
        }
    }

    fn show(&self, p: Progress) {
        match p {
            Progress::Planned { todo, skipped } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(todo as u64);
                } else if self.lines {
                    say!("{todo} briefings to build, {skipped} up to date");
                }
            }
            Progress::Produced { period } => {
                let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
                *done += 1;
                if let Some(bar) = &self.bar {
                    bar.set_position(*done as u64);
                    bar.set_message(period.to_string());
                } else if self.lines {
                    say!("built {period}");
                }
            }
            Progress::Writing { files } => {
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("writing {files} files"));
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
