//! dealbook reads a data directory of AI compute deals and publishes a report.
//!
//! The pipeline: `load` reads the YAML records and lists the usage and market
//! tables; `model` checks every rule of SPEC.md and yields validated types;
//! `compute` turns them into polars frames of figures; `render` turns figures
//! into pages and exports; `write` swaps the finished site into place.
//! `check` is the same pipeline stopping before anything is rendered.
//! `diff` runs load -> model -> compute on two data directories and compares
//! the figures; `serve` renders into memory instead of writing, and renders
//! again when the data changes.

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod compute;
pub mod diff;
pub mod error;
pub mod load;
pub mod model;
pub mod registry;
pub mod render;
pub mod serve;
pub mod sql;
pub mod timing;
pub mod write;

pub use error::{Error, Result};

/// How a run that did its work ended: `diff --exit-code` tells "something
/// differs" apart from "nothing differs".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Bad data, already reported on stdout (`check --format json`).
    Invalid,
    Differs,
}

impl Outcome {
    /// 0 done, 1 bad data, 3 differs (SPEC.md sections 9 and 11).
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::Invalid => 1,
            Outcome::Differs => 3,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args).map(|()| Outcome::Done),
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Diff(args) => cmd::diff::run(&args),
        cli::Command::New(what) => cmd::new::run(&what).map(|()| Outcome::Done),
        cli::Command::UsageSql(args) => cmd::usage_sql::run(&args).map(|()| Outcome::Done),
        cli::Command::Serve(args) => cmd::serve::run(&args).map(|()| Outcome::Done),
        cli::Command::Completions(args) => {
            use clap::CommandFactory as _;
            use std::io::Write as _;
            let mut script = Vec::new();
            clap_complete::generate(
                args.shell,
                &mut cli::Cli::command(),
                "dealbook",
                &mut script,
            );
            match std::io::stdout().write_all(&script) {
                // `dealbook completions bash | head` is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::io("cannot write", "<stdout>", e))
                }
                _ => Ok(Outcome::Done),
            }
        }
    }
}
