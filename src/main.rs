//! The `kpibrief` command: a thin shell over the library. It parses the
//! command line, calls the pipeline, prints diagnostics through the one
//! reporting layer, and maps outcomes to exit codes: 0 success, 1 the data
//! has errors (nothing written), 2 wrong usage (clap), 3 any other failure
//! (I/O, templates, the archive), with a message that says what and where.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
