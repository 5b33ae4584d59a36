//! dealbook reads a data directory of AI compute deals and publishes a report.
//!
//! The pipeline: `load` reads the YAML records and lists the usage and market
//! tables; `model` checks every rule of SPEC.md and yields validated types;
//! `compute` turns them into polars frames of figures; `render` turns figures
//! into pages and exports; `write` swaps the finished site into place.
//! `check` is the same pipeline stopping before anything is rendered.

pub mod cli;
pub mod cmd;
pub mod compute;
pub mod error;
pub mod load;
pub mod model;
pub mod render;
pub mod timing;
pub mod write;

pub use error::{Error, Result};

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
    }
}
