//! Usage and market tables (CSV or Parquet): where they are. Reading them into
//! polars frames, with errors that name the file and row, is `compute::usage`
//! and `compute::market`'s first step.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Parquet,
}

#[derive(Debug, Clone)]
pub struct TableFile {
    pub path: PathBuf,
    pub display: String,
    pub format: TableFormat,
}

#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub usage: Vec<TableFile>,
    pub market: Vec<TableFile>,
}
