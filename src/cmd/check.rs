//! `dealbook check`: validate and compute, write nothing, print a summary, or
//! with `--format json` the errors and warnings for editors and bots.

use super::Outcome;
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{Error, Result};
use crate::render::summary;
use crate::render::table::Table;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let result = crate::pipeline::analyse(&args.data.dir, &args.as_of.overrides(None));
    let (model, figures) = match (result, args.format) {
        (Ok(done), _) => done,
        // Bad data is the report here: on stdout, with exit status 1.
        (Err(Error::Data(errors)), CheckFormat::Json) => {
            print!("{}", summary::json(&errors, &[]));
            return Ok(Outcome::Invalid);
        }
        (Err(e), _) => return Err(e),
    };
    let warnings = summary::warnings(&model, &Table::from_frame(&figures.schedule)?);
    match args.format {
        CheckFormat::Text => print!(
            "{}",
            summary::text(&model, &figures, &warnings, args.verbose)?
        ),
        CheckFormat::Json => print!("{}", summary::json(&[], &warnings)),
    }
    if args.deny_warnings && !warnings.is_empty() {
        if args.format == CheckFormat::Text {
            eprintln!(
                "error: {}, and --deny-warnings makes them fail the check",
                crate::count::count(warnings.len() as u64, "warning")
            );
        }
        return Ok(Outcome::Invalid);
    }
    Ok(Outcome::Done)
}
