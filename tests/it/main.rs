//! kpibrief's integration tests: one test binary (linking typst is slow),
//! one module per stage of the pipeline.

mod minimal;
mod structure;
mod util;

mod analysis_monthly;
mod analysis_weekly;
mod archive;
mod archive_hostile;
mod check;
mod check_files;
mod cli;
mod discovery;
mod documents;
mod documents_untrusted;
mod fonts_collect;
mod docx;
mod fonts_damaged;
mod forms;
mod import;
mod import_month;
mod ledger;
mod markdown_structure;
mod properties;
mod reliability_input;
mod reproducible;
mod snapshots;
mod typeset;
mod writing;
mod watch;
mod typography;
