//! Market GPU rental prices (SPEC.md 7.4): the fleet's value at market prices
//! per deal, scenario and month.

use polars::prelude::*;

use crate::error::Result;
use crate::load::TableFile;
use crate::model::Catalogue;

/// model, date, usd_per_gpu_hour.
pub fn read(files: &[TableFile], _catalogue: &Catalogue) -> Result<DataFrame> {
    let _ = files;
    Ok(df!(
        "gpu_model" => Vec::<String>::new(),
        "date" => Vec::<chrono::NaiveDate>::new(),
        "usd_per_gpu_hour" => Vec::<f64>::new(),
    )?)
}

/// deal, scenario, month, market_usd.
pub fn deal_months(
    _market: &DataFrame,
    _months: &DataFrame,
    _fleet: &DataFrame,
) -> Result<DataFrame> {
    Ok(df!(
        "deal" => Vec::<String>::new(),
        "scenario" => Vec::<i32>::new(),
        "month" => Vec::<String>::new(),
        "market_usd" => Vec::<f64>::new(),
    )?)
}
