//! The command line's arguments: every command, its options and its help
//! (clap's derive). In: the process's arguments. Out: a [`Cli`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::watch;

use kpibrief::build::produce::{Format, Period};
use kpibrief::model::{Month, Week};

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
pub(super) struct Cli {
    /// The workspace folder of YAML files [default: KPIBRIEF_DATA, else the current folder or the
    /// nearest above it holding config.yaml, else ./data].
    #[arg(
        long,
        global = true,
        default_value = "data",
        hide_default_value = true,
        value_name = "DIR"
    )]
    pub(super) data: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub(super) quiet: bool,
    /// Print each step.
    #[arg(long, short, global = true)]
    pub(super) verbose: bool,
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Subcommand)]
pub(super) enum Command {
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
pub(super) struct OutputArgs {
    /// Folder the briefings are archived into [default: the workspace's out/ when found from
    /// inside it, else ./out].
    #[arg(
        long,
        value_name = "DIR",
        default_value = "out",
        hide_default_value = true
    )]
    pub(super) out: PathBuf,
    /// Comma-separated formats to write: md, pdf, typ, json, docx, xlsx (a week's 台账).
    #[arg(long, value_delimiter = ',', default_value = "md,pdf")]
    pub(super) format: Vec<Format>,
    /// Replace archived PDFs whose data changed; the old ones are kept as superseded records.
    #[arg(long)]
    pub(super) force: bool,
    /// Also use the fonts installed on this machine (they make the archive machine-dependent).
    #[arg(long)]
    pub(super) system_fonts: bool,
    /// Print where the time went, stage by stage.
    #[arg(long)]
    pub(super) timings: bool,
}
