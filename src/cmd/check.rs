//! `dealbook check`: validate and compute, write nothing, print a summary, or
//! with `--format json` the errors and warnings for editors and bots.

use crate::Outcome;
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{Error, Result};
use crate::model::Overrides;
use crate::render::summary;
use crate::render::table::Table;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let overrides = Overrides {
        as_of: args.as_of,
        base_url: None,
    };
    let result = super::analyse(&args.data, &overrides);
    match args.format {
        CheckFormat::Text => {
            let (model, figures) = result?;
            print!("{}", summary::text(&model, &figures)?);
            Ok(Outcome::Done)
        }
        CheckFormat::Json => match result {
            Ok((model, figures)) => {
                let schedule = Table::from_frame(&figures.schedule)?;
                print!(
                    "{}",
                    summary::json(&[], &summary::warnings(&model, &schedule))
                );
                Ok(Outcome::Done)
            }
            // Bad data is the report here: on stdout, with exit status 1.
            Err(Error::Data(errors)) => {
                print!("{}", summary::json(&errors, &[]));
                Ok(Outcome::Invalid)
            }
            Err(e) => Err(e),
        },
    }
}
