//! The command line: `dealbook build`, `check` (docs/cli.md) and `diff` (section 11).

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::model::Overrides;

/// Turns YAML records of AI compute deals and usage datasets into a static
/// analytics report site, with CSV and JSON exports of every figure.
#[derive(Debug, Parser)]
#[command(name = "dealbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data, compute every figure, render the site and its exports.
    Build(BuildArgs),
    /// Validate the data and compute every figure; write nothing.
    Check(CheckArgs),
    /// Compare the figures of two data directories, for reviewing a data change.
    Diff(DiffArgs),
    /// Serve the site from memory, rebuild when the data changes, and reload open pages.
    Serve(ServeArgs),
    /// Print a shell completion script (e.g. `dealbook completions bash > /etc/bash_completion.d/dealbook`).
    Completions(CompletionsArgs),
    /// Print the SQL that reduces a raw telemetry table to dealbook's usage table.
    UsageSql(UsageSqlArgs),
    /// Start a deal record or a data directory from a commented template.
    #[command(subcommand)]
    New(NewCommand),
}

#[derive(Debug, Clone, Args)]
#[command(mut_args(|a| data_help(a, "The data directory, watched for changes")))]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; only this machine by default.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub as_of: AsOfArg,
    /// Serve under this sub-path (e.g. /reports/deals/); the root by default.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write deals/<id>.yaml, a template that `check` reports until it is filled in.
    Deal(NewDealArgs),
    /// Start a site's repository: data/ with one sourced deal, a README, a .gitignore and the CI recipe.
    Site(NewSiteArgs),
}

#[derive(Debug, Clone, Args)]
pub struct NewDealArgs {
    /// The deal's id: lower-case letters, digits and '-'; also its file name.
    pub id: String,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Args)]
pub struct NewSiteArgs {
    /// The new repository's directory; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The CI recipe to write, pinned to this dealbook's version: checks, diffs and publishes the site.
    #[arg(long, value_enum, default_value_t = CiRecipe::Github)]
    pub ci: CiRecipe,
}

/// Where a new site's repository is hosted, for its CI recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiRecipe {
    /// GitHub Actions: .github/workflows/dealbook.yml.
    Github,
    /// GitLab CI/CD: .gitlab-ci.yml.
    Gitlab,
    /// No CI recipe.
    None,
}

#[derive(Debug, Clone, Args)]
#[command(mut_args(|a| data_help(a, "The data directory (site.yaml, gpus.yaml, deals/, facilities/, usage/, market/, pages/)")))]
pub struct BuildArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Where the site is written; replaced only when the whole build succeeds.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    #[command(flatten)]
    pub as_of: AsOfArg,
    /// Prefix of every link, for hosting under a sub-path (e.g. /reports/deals/); overrides `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print nothing on success (no summary line, no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
#[command(mut_args(|a| data_help(a, "The data directory, for the deal ids and terms")))]
pub struct UsageSqlArgs {
    /// The SQL dialect.
    #[arg(long, value_enum)]
    pub dialect: crate::sql::Dialect,
    #[command(flatten)]
    pub data: DataArgs,
    /// The raw telemetry table (columns deal, a date or timestamp, gpu_hours).
    #[arg(long, value_name = "NAME", default_value = "telemetry")]
    pub table: String,
    /// Its time column: a DATE, a TIMESTAMP or ISO text.
    #[arg(long, value_name = "NAME", default_value = "date")]
    pub time_column: String,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub as_of: AsOfArg,
    /// `text`: a summary for people; `json`: errors and warnings on stdout, for editors and bots.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// List every warning group (the text summary shows the first 20).
    #[arg(long, short)]
    pub verbose: bool,
    /// Exit with 1 when there are warnings (for CI).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The data directory before the change.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The data directory after the change.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Analysis date (YYYY-MM-DD) of both sides; default NEW's `as_of`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// `md`: a markdown report for a pull-request comment; `json`: for machines.
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Exit with 3 when something differs (0 otherwise).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
}

/// `--data DIR`, as every command that reads a data directory takes it
/// (each may say more in its help, with [`data_help`]).
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data directory.
    #[arg(id = "data", long = "data", value_name = "DIR", default_value = "data")]
    pub dir: PathBuf,
}

/// `--data` with a command's own help (`mut_args` keeps the arguments'
/// order, which the completion scripts follow).
fn data_help(arg: clap::Arg, help: &'static str) -> clap::Arg {
    if arg.get_id() == "data" {
        arg.help(help)
    } else {
        arg
    }
}

/// `--as-of DATE`, which overrides site.yaml's `as_of`.
#[derive(Debug, Clone, Args)]
pub struct AsOfArg {
    /// Analysis date (YYYY-MM-DD); overrides `as_of` in site.yaml.
    #[arg(id = "as_of", long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

impl AsOfArg {
    /// What the command line overrides of site.yaml: the one place a
    /// command's flags become the model's [`Overrides`].
    pub fn overrides(&self, base_url: Option<String>) -> Overrides {
        Overrides {
            as_of: self.date,
            base_url,
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::model::value::parse_date(s)
        .ok_or_else(|| format!("expected a date written YYYY-MM-DD, found {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
