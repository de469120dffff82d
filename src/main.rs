//! The `kpibrief` command: a thin shell over the library. It parses the
//! command line, calls the pipeline, prints diagnostics through the one
//! reporting layer, and maps outcomes to exit codes (0 ok, 1 data errors,
//! 2 usage, 3 other failures).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use kpibrief::check::{self, Checked};
use kpibrief::model::{Month, Week, Workspace};
use kpibrief::produce::{self, Env, Format, Period};
use kpibrief::render::Templates;
use kpibrief::{fonts, report, schema};

#[derive(Parser)]
#[command(
    name = "kpibrief",
    version,
    about = "Weekly bulletins (周通报) and monthly progress-meeting handouts (推进会材料) from a folder of YAML data",
    long_about = None,
    after_help = "Examples:\n  kpibrief check                      check the workspace in ./data\n  kpibrief weekly 2026-W27            write out/weekly/2026-W27.*\n  kpibrief monthly 2026-06 --format json\n  kpibrief schema --out schemas       JSON Schemas for editors"
)]
struct Cli {
    /// The workspace folder of YAML files.
    #[arg(long, global = true, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and check the workspace; print every problem found.
    #[command(
        after_help = "Exit status: 0 when there is no error (warnings allowed), 1 when there are errors.\n\nExample:\n  kpibrief check --data data"
    )]
    Check,
    /// Write one week's bulletin.
    #[command(after_help = "Example:\n  kpibrief weekly 2026-W27 --format json")]
    Weekly {
        /// The ISO week, e.g. 2026-W27.
        week: Week,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write one month's progress-meeting handout.
    #[command(after_help = "Example:\n  kpibrief monthly 2026-06 --format json")]
    Monthly {
        /// The month, e.g. 2026-06.
        month: Month,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write every bulletin and handout the workspace has data for.
    #[command(after_help = "Example:\n  kpibrief build --out out")]
    Build {
        #[command(flatten)]
        output: OutputArgs,
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
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Folder the briefings are written into.
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Comma-separated formats to write: md, pdf, typ, json.
    #[arg(long, value_delimiter = ',', default_value = "md,pdf")]
    format: Vec<Format>,
    /// Also use the fonts installed on this machine (they make the archive machine-dependent).
    #[arg(long)]
    system_fonts: bool,
}

/// Failures that are not the data's fault.
const EXIT_FAILURE: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn color_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Load and check; print diagnostics; `None` when there are errors.
fn open_workspace(cli: &Cli) -> Result<(Option<Workspace>, Checked)> {
    let mut checked = check::open(&cli.data);
    if cli.quiet {
        checked.diagnostics.items.retain(|d| d.is_error());
    }
    let text = report::render(&checked.diagnostics, &checked.files, color_on_stderr());
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())?;
    Ok((checked.workspace.take(), checked))
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Check => {
            let (ws, checked) = open_workspace(cli)?;
            let summary = report::summary(&checked.diagnostics);
            match ws {
                Some(ws) => {
                    if !cli.quiet {
                        eprintln!(
                            "{}: {} tasks, {} weekly files, {} monthly files; {summary}",
                            cli.data.display(),
                            ws.tasks.len(),
                            ws.weeks.len(),
                            ws.months.len()
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("{}: {summary}", cli.data.display());
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Weekly { week, output } => build(cli, output, Some(Period::Week(*week))),
        Command::Monthly { month, output } => build(cli, output, Some(Period::Month(*month))),
        Command::Build { output } => build(cli, output, None),
        Command::Schema { out } => {
            for kind in schema::FILE_KINDS {
                let path = out.join(format!("{}.schema.json", kind.name));
                write_output(&path, schema::json_schema(kind).as_bytes())?;
            }
            if !cli.quiet {
                eprintln!(
                    "wrote {} schemas into {}",
                    schema::FILE_KINDS.len(),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Write one briefing (`only`) or every one the workspace has data for.
fn build(cli: &Cli, output: &OutputArgs, only: Option<Period>) -> Result<ExitCode> {
    let (Some(ws), _) = open_workspace(cli)? else {
        return Ok(ExitCode::from(1));
    };
    let periods: Vec<Period> = match only {
        Some(p) => vec![p],
        None => ws
            .weeks
            .keys()
            .map(|w| Period::Week(*w))
            .chain(ws.months.keys().map(|m| Period::Month(*m)))
            .collect(),
    };
    let templates = Templates::load(Some(&cli.data.join("templates")))?;
    let env = Env::new(templates, fonts::typesetter(&cli.data, output.system_fonts));
    let mut files = 0;
    let mut warnings = kpibrief::diagnostic::Diagnostics::default();
    for period in periods {
        let produced = match produce::produce(&ws, period, &output.format, &env) {
            Ok(p) => p,
            Err(produce::ProduceError::NoSuchPeriod(e)) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(e.into()),
        };
        for out in &produced.outputs {
            write_output(&output.out.join(&out.rel), &out.bytes)?;
            files += 1;
        }
        warnings.items.extend(produced.warnings);
    }
    if !cli.quiet {
        warnings.sort();
        let text = report::render(&warnings, &ws.files, color_on_stderr());
        eprint!("{text}");
        eprintln!(
            "wrote {files} files into {}; {} warnings",
            output.out.display(),
            warnings.items.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Write a file whole or not at all: a temporary file beside it, then a rename.
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    kpibrief::fsutil::write_atomic(path, bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))
}
