//! kpibrief's integration tests: one test binary (linking typst is slow),
//! one module per stage of the pipeline.

mod minimal;
mod structure;
mod util;

mod analysis_monthly;
mod analysis_weekly;
mod archive;
mod check;
mod cli;
mod documents;
mod documents_untrusted;
mod markdown_structure;
mod properties;
mod snapshots;
mod typeset;
