//! `dealbook check`: validate and compute, write nothing, print a summary.

use crate::cli::CheckArgs;
use crate::error::Result;
use crate::model::Overrides;

pub fn run(args: &CheckArgs) -> Result<()> {
    let overrides = Overrides {
        as_of: args.as_of,
        base_url: None,
    };
    let (model, figures) = super::analyse(&args.data, &overrides)?;
    print!("{}", crate::render::summary::text(&model, &figures)?);
    Ok(())
}
