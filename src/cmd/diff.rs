//! `dealbook diff OLD NEW`: compute both data directories at NEW's as_of and
//! print what changed (docs/cli.md, diff).

use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{self, Side};
use crate::error::{Error, Result};
use crate::render::table::Table;

pub fn run(args: &DiffArgs) -> Result<super::Outcome> {
    let new = side(&args.new, args.as_of);
    // Both sides are computed at NEW's as_of; if NEW cannot be read, OLD is
    // still checked (at its own as_of) so that one run lists every error.
    let as_of = match &new {
        Ok((_, as_of)) => Some(*as_of),
        Err(_) => args.as_of,
    };
    let old = side(&args.old, as_of);
    let ((old, _), (new, as_of)) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut diags = Vec::new();
            for (name, result) in [("OLD", old), ("NEW", new)] {
                match result {
                    Ok(_) => {}
                    Err(Error::Data(d)) => diags.extend(d.into_iter().map(|mut d| {
                        d.file = format!("{name}: {}", d.file);
                        d
                    })),
                    Err(other) => return Err(other),
                }
            }
            return Err(Error::Data(diags));
        }
    };
    let diff = diff::compare(as_of, &old, &new);
    print!(
        "{}",
        match args.format {
            DiffFormat::Md => diff::markdown::text(&diff),
            DiffFormat::Json => diff::json::text(&diff),
        }
    );
    Ok(if args.exit_code && diff.differs() {
        super::Outcome::Differs
    } else {
        super::Outcome::Done
    })
}

fn side(
    data: &std::path::Path,
    as_of: Option<chrono::NaiveDate>,
) -> Result<(Side, chrono::NaiveDate)> {
    let overrides = crate::cli::AsOfArg { date: as_of }.overrides(None);
    // The records as read, before the model takes them: the inputs a
    // reviewer sees changed.
    let (records, model, figures) = crate::pipeline::analyse_inspecting(
        data,
        &overrides,
        &crate::progress::Progress::none(),
        |raw| diff::inputs::records(&raw.files.deals),
    )?;
    let side = Side {
        deals: Table::from_frame(&figures.deals)?,
        by_year: Table::from_frame(&figures.by_year)?,
        horizon_year: model.site.horizon.0,
        records,
    };
    Ok((side, model.site.as_of))
}
