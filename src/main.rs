//! The dealbook binary: parse the arguments, run, map the result to an exit code.

use clap::Parser;
use std::process::ExitCode;

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
