//! The dealbook binary: parse the arguments, run, map the result to an exit code.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: polars allocates and frees
/// large buffers from many threads, and glibc's per-thread arenas keep what
/// is freed, so a 10M-row build peaked about 100 MB higher and ran slower
/// (README, Performance). Polars' own docs advise a non-system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = dealbook::cli::Cli::parse();
    match dealbook::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(e) => {
            eprintln!("{}", dealbook::error::report(&e));
            ExitCode::from(e.exit_code())
        }
    }
}
