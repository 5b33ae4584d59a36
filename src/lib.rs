//! dealbook reads a data directory of AI compute deals and publishes a report.
//!
//! The pipeline: `load` reads the YAML records and lists the usage and market
//! tables; `model` checks every rule of docs/data-format.md and yields validated types;
//! `compute` turns them into polars frames of figures (`pipeline` runs these
//! three for every command); `render` turns figures into pages and exports;
//! `write` swaps the finished site into place. `check` is the same pipeline
//! stopping before anything is rendered.
//! `diff` runs load -> model -> compute on two data directories and compares
//! the figures; `serve` renders into memory instead of writing, and renders
//! again when the data changes.

pub mod cache;
pub mod cli;
pub(crate) mod cmd;
pub mod compute;
pub(crate) mod count;
pub(crate) mod diff;
pub mod error;
pub mod load;
pub mod model;
pub mod pipeline;
pub(crate) mod progress;
pub mod registry;
pub mod render;
pub(crate) mod serve;
pub(crate) mod sql;
pub(crate) mod timing;
pub(crate) mod write;

pub use cmd::Outcome;
pub use error::{Error, Result};

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    let done = |()| Outcome::Done;
    match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args).map(done),
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Diff(args) => cmd::diff::run(&args),
        cli::Command::New(what) => cmd::new::run(&what).map(done),
        cli::Command::UsageSql(args) => cmd::usage_sql::run(&args).map(done),
        cli::Command::Serve(args) => cmd::serve::run(&args).map(done),
        cli::Command::Completions(args) => cmd::completions::run(&args).map(done),
    }
}
