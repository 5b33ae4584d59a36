//! One file per subcommand, each taking its typed arguments, and how a run
//! that did its work ended.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod new;
pub mod serve;
pub mod usage_sql;

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
    /// 0 done, 1 bad data, 3 differs (docs/cli.md, exit codes).
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::Invalid => 1,
            Outcome::Differs => 3,
        }
    }
}
