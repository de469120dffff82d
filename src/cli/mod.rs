//! The command line: arguments, the calls into the library, the printing of
//! diagnostics through the one reporting layer, and exit codes.

mod exchange;
mod font_report;
mod output;
mod record;
mod watch;
mod workspace;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use kpibrief::build::produce::{Format, Period};
use kpibrief::build::{self, BuildError, Progress};
use kpibrief::check;
use kpibrief::check::schema;
use kpibrief::diagnostic::Diagnostics;
use kpibrief::diagnostic::report;
use kpibrief::model::{Month, Week, Workspace};
use kpibrief::typeset::roles as fonts;
use kpibrief::{archive, scaffold};
use output::say;

const EXAMPLES: &str = "\
Examples:
  kpibrief init 绩效2027 && cd 绩效2027   a new workspace, then work inside it
  kpibrief check                        check the workspace (this folder or the nearest above with config.yaml)
  kpibrief build                        every bulletin and handout into ./out
  kpibrief weekly 2026-W27              one week's bulletin (.md and .pdf)
  kpibrief monthly 2026-06 --format md,pdf,json
  kpibrief new-week                     next week's data file: every active task, to report
  kpibrief watch 2026-W27               remake that bulletin into preview/ on every save
  kpibrief fonts --collect              copy the official fonts of this machine into fonts/
  kpibrief verify                       check the archive against its manifest
  kpibrief verify out/weekly/2026-W27.pdf   check one PDF alone, against the data it carries
  kpibrief extract 2026-W27.pdf --out w27   its data back as a workspace";

#[derive(Parser)]
#[command(
    name = "kpibrief",
    version,
    about = "Weekly bulletins (周通报) and monthly progress-meeting handouts (推进会材料) from a folder of YAML data",
    long_about = "kpibrief turns a workspace of YAML files about a bureau's target performance assessment \
(目标绩效考核) into its weekly bulletin and its monthly progress-meeting handout, as Markdown and as \
archival PDF (PDF/A-3b carrying the data it was made from), every figure computed from the data, the same bytes for the same data.",
    after_help = EXAMPLES,
    max_term_width = 100
)]
struct Cli {
    /// The workspace folder of YAML files [default: KPIBRIEF_DATA, else the current folder or the
    /// nearest above it holding config.yaml, else ./data].
    #[arg(
        long,
        global = true,
        default_value = "data",
        hide_default_value = true,
        value_name = "DIR"
    )]
    data: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print each step.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and check the workspace; print every problem found.
    #[command(
        after_help = "Exit status: 0 when there is no error (warnings allowed), 1 when there are errors.\n\nExamples:\n  kpibrief check\n  kpibrief check --data ~/绩效/2026"
    )]
    Check,
    /// Write one week's bulletin (周通报).
    #[command(
        after_help = "Examples:\n  kpibrief weekly 2026-W27\n  kpibrief weekly 2026-W27 --format md,pdf,typ,json --out archive"
    )]
    Weekly {
        /// The ISO week, e.g. 2026-W27.
        week: Week,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write one month's progress-meeting handout (推进会材料).
    #[command(
        after_help = "Examples:\n  kpibrief monthly 2026-06\n  kpibrief monthly 2026-06 --format json"
    )]
    Monthly {
        /// The month, e.g. 2026-06.
        month: Month,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write every bulletin and handout the workspace has data for, skipping those already up to date.
    #[command(
        after_help = "Examples:\n  kpibrief build\n  kpibrief build --format md,pdf,json --out archive\n  kpibrief build --force       replace archived PDFs whose data changed (old ones are kept)"
    )]
    Build {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a new workspace with a small, valid, commented example, ready to edit.
    #[command(
        after_help = "Examples:\n  kpibrief init 绩效2027 --year 2027\n  kpibrief check --data 绩效2027"
    )]
    Init {
        /// The folder to create (it may exist, but none of the files may).
        dir: PathBuf,
        /// The assessment year [default: this year].
        #[arg(long, allow_negative_numbers = true)]
        year: Option<i32>,
    },
    /// Check every archived file against the manifest (missing, altered or unknown files); or, given PDFs, check each alone against the data it carries.
    #[command(
        after_help = "Exit status: 0 when the archive (or every PDF) is intact, 1 when a file is missing, altered or unknown, or a PDF differs from its attached data or carries none; 3 when a PDF cannot be checked here (a font it is drawn with is lacking).\n\nExamples:\n  kpibrief verify --out out\n  kpibrief verify out/weekly/2026-W14.pdf out/monthly/2026-06.pdf"
    )]
    Verify {
        /// PDFs to check alone, with no workspace or archive.
        #[arg(value_name = "FILE.pdf")]
        files: Vec<PathBuf>,
        /// The output folder (the archive), when no PDF is given [default: the workspace's
        /// out/ when found from inside it, else ./out].
        #[arg(
            long,
            value_name = "DIR",
            default_value = "out",
            hide_default_value = true
        )]
        out: PathBuf,
        /// With PDFs: a folder with the fonts their workspace had in `fonts/`.
        #[arg(long, value_name = "DIR", requires = "files")]
        fonts: Option<PathBuf>,
    },
    /// Write the data a PDF carries back as a workspace, from which kpibrief makes the same PDF.
    #[command(
        after_help = "It writes only into a new or empty folder.\n\nExample:\n  kpibrief extract out/weekly/2026-W14.pdf --out w14\n  kpibrief weekly 2026-W14 --data w14 --out w14-out"
    )]
    Extract {
        /// The PDF.
        #[arg(value_name = "FILE.pdf")]
        file: PathBuf,
        /// The folder to write the workspace into (new or empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write the next week's data file: every active task as a commented-out update with its last known progress (untouched, a task is not reported).
    #[command(
        name = "new-week",
        after_help = "It never overwrites a file.\n\nExamples:\n  kpibrief new-week              the week after the latest weekly file\n  kpibrief new-week 2026-W28"
    )]
    NewWeek {
        /// The ISO week [default: the week after the latest weekly file].
        week: Option<Week>,
    },
    /// Write one fill-in workbook (填报表) per unit for a week, to send them.
    #[command(
        after_help = "Examples:\n  kpibrief forms 2026-W27             out/forms/2026-W27/<unit id> <unit name>.xlsx\n  kpibrief import 2026-W27 returns/*  when they come back"
    )]
    Forms {
        /// The ISO week, e.g. 2026-W27.
        week: Week,
        /// Output folder (the forms go into its forms/WEEK/).
        #[arg(long, value_name = "DIR", default_value = "out")]
        out: PathBuf,
    },
    /// Import returned forms (.xlsx, .xls, .ods, .csv) into the week's file, merged unit by unit.
    #[command(
        after_help = "Exit status: 1 when a file has errors (nothing is written).\n\nExamples:\n  kpibrief import 2026-W27 returns/*.xlsx            show the changes\n  kpibrief import 2026-W27 returns/* --write         write them (the old file goes to weekly/.history/)"
    )]
    Import {
        /// The ISO week, e.g. 2026-W27.
        week: Week,
        /// The returned files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Replace an existing week file that would change (the old one is kept).
        #[arg(long)]
        write: bool,
    },
    /// Import the superior's published results table into the month's file.
    #[command(
        name = "import-month",
        after_help = "Example:\n  kpibrief import-month 2026-06 省通报6月.xlsx --published 2026-07-10"
    )]
    ImportMonth {
        /// The month, e.g. 2026-06.
        month: Month,
        /// The published table (.xlsx, .xls, .ods, .csv).
        file: PathBuf,
        /// The day the superior published the table.
        #[arg(long, value_name = "DATE")]
        published: chrono::NaiveDate,
        /// The sheet to read [default: the first with names and total scores].
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Replace an existing month file that would change (the old one is kept).
        #[arg(long)]
        write: bool,
    },
    /// Write a JSON Schema for each kind of data file, for editors.
    #[command(
        after_help = "Example:\n  kpibrief schema --out schemas\n\nPoint a YAML file at its schema with a first line such as\n  # yaml-language-server: $schema=../schemas/tasks.schema.json"
    )]
    Schema {
        /// Folder to write the schemas into.
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        out: PathBuf,
    },
    /// List the font chosen for each part of the documents and where it comes from.
    #[command(
        after_help = "Examples:\n  kpibrief fonts\n  kpibrief fonts --collect                 from this machine's font folders (Windows, WPS Office, Linux, macOS)\n  kpibrief fonts --collect --from E:\\字体   from a USB stick"
    )]
    Fonts {
        /// Also consider the fonts installed on this machine.
        #[arg(long, conflicts_with = "collect")]
        system_fonts: bool,
        /// Copy the official fonts (方正小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312, …) found on this
        /// machine into the workspace's fonts/, if their licence allows embedding.
        #[arg(long)]
        collect: bool,
        /// Search this folder instead of the usual font folders (repeatable).
        #[arg(long, value_name = "DIR", requires = "collect")]
        from: Vec<PathBuf>,
    },
    /// Remake one bulletin or handout (md and pdf) into a preview folder on every save of the
    /// data, templates or fonts; Ctrl-C stops.
    #[command(
        after_help = "It never writes into the archive: the preview folder has no manifest and no records.\nBad data is reported and the watch waits for the next save.\n\nExamples:\n  kpibrief watch 2026-W27\n  kpibrief watch 2026-06 --preview /tmp/预览"
    )]
    Watch {
        /// The ISO week (2026-W27) or the month (2026-06).
        #[arg(value_parser = watch::parse_period)]
        period: Period,
        /// Where the previews go [default: the workspace's preview/ when found from inside it,
        /// else ./preview].
        #[arg(
            long,
            value_name = "DIR",
            default_value = "preview",
            hide_default_value = true
        )]
        preview: PathBuf,
        /// Also use the fonts installed on this machine.
        #[arg(long)]
        system_fonts: bool,
    },
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  kpibrief completions bash > /etc/bash_completion.d/kpibrief"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  kpibrief man > kpibrief.1")]
    Man,
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Folder the briefings are archived into [default: the workspace's out/ when found from
    /// inside it, else ./out].
    #[arg(
        long,
        value_name = "DIR",
        default_value = "out",
        hide_default_value = true
    )]
    out: PathBuf,
    /// Comma-separated formats to write: md, pdf, typ, json, docx, xlsx (a week's 台账).
    #[arg(long, value_delimiter = ',', default_value = "md,pdf")]
    format: Vec<Format>,
    /// Replace archived PDFs whose data changed; the old ones are kept as superseded records.
    #[arg(long)]
    force: bool,
    /// Also use the fonts installed on this machine (they make the archive machine-dependent).
    #[arg(long)]
    system_fonts: bool,
    /// Print where the time went, stage by stage.
    #[arg(long)]
    timings: bool,
}

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
