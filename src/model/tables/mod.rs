//! The usage and market tables, checked against the validated records (a
//! usage row names a deal and a month of its schedule; a price names a model
//! of the catalogue) and reduced to small frames, so that compute only ever
//! sees checked values.

pub mod cells;
mod market;
mod usage;
mod usage_header;
mod usage_rows;

use polars::prelude::DataFrame;

pub use usage::Usage;

use super::{Catalogue, Deal};
use crate::error::{Diagnostic, Error};
use crate::load;

/// The tables a run computes from, every row checked.
#[derive(Debug)]
pub struct Tables {
    /// The files as listed (a deal page says when its usage is illustrative).
    pub files: load::Tables,
    /// GPU-hours summed per deal and month across the usage files.
    pub usage: Usage,
    /// gpu_model, date, usd_per_gpu_hour: every price of every market file.
    pub prices: DataFrame,
}

/// Checks every usage and market file and records every error; None when
/// any was found. Both kinds are read before returning, so that a run
/// reports the errors of all of them.
pub fn check(
    files: load::Tables,
    deals: &[Deal],
    catalogue: &Catalogue,
    errors: &mut Vec<Diagnostic>,
) -> Option<Tables> {
    let usage = usage::read(&files.usage, deals);
    let prices = market::read(&files.market, catalogue);
    let mut record = |e: Error| match e {
        Error::Data(mut d) => errors.append(&mut d),
        // Not the data's fault (an I/O or resource failure while scanning):
        // still reported with where it happened.
        other => errors.push(Diagnostic::new("usage/ and market/", other.to_string())),
    };
    match (usage, prices) {
        (Ok(usage), Ok(prices)) => Some(Tables {
            files,
            usage,
            prices,
        }),
        (usage, prices) => {
            usage.err().map(&mut record);
            prices.err().map(&mut record);
            None
        }
    }
}
