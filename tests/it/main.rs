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
mod docx;
mod fonts_collect;
mod fonts_damaged;
mod forms;
mod import;
mod import_month;
mod ledger;
mod markdown_structure;
mod properties;
mod records;
mod reliability_input;
mod reproducible;
mod snapshots;
mod typeset;
mod typography;
mod watch;
mod writing;
