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
mod documents;
mod documents_untrusted;
mod fonts_damaged;
mod markdown_structure;
mod properties;
mod records;
mod reliability_input;
mod reproducible;
mod snapshots;
mod typeset;
