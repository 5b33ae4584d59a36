//! `dealbook completions <shell>`: the shell completion script on stdout.

use std::io::Write as _;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Result};

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dealbook", &mut script);
    match std::io::stdout().write_all(&script) {
        // `dealbook completions bash | head` is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("cannot write", "<stdout>", e))
        }
        _ => Ok(()),
    }
}
