//! Usage datasets (docs/figures.md, Usage): CSV or Parquet, by month or by date, summed
//! per deal and month across files.
//!
//! Each file is scanned lazily in streaming passes: two over the distinct date
//! (or month) cells and the distinct deal cells, each parsed and checked once,
//! and one that sums GPU-hours per (deal, month) straight from the raw cells.
//! Every pass reduces telemetry of any size to a small table, so memory does not
//! grow with the rows. A fourth pass, with row numbers, runs only to report errors.
//!
//! GPU-hours are summed as whole 10^-15 GPU-hours (i128): integer sums do not
//! depend on the order in which the streaming engine combines partial sums, so
//! the same telemetry gives byte-identical figures on every run.

use polars::prelude::*;

use super::cells::{month_of_date, month_of_month, number, text};
use super::usage_header::key_column;
use super::usage_rows::{ErrorContext, problems};
use crate::error::{Diagnostic, Error, Result};
use crate::load::table::{TableFile, TableFormat};
use crate::model::Deal;

/// GPU-hours are summed as whole 10^-15 GPU-hours in 128-bit integers: integer
/// sums are exact and do not depend on the order in which the streaming engine
/// combines partial sums, and at this scale rounding each row changes a month's
/// sum by less than one part in 10^12 even for telemetry by the second.
const SCALE: f64 = 1e15;

/// Largest GPU-hours one row may hold, so that 10^17 such rows still fit the sum.
const MAX_HOURS: f64 = 1e20;

#[derive(Debug)]
pub struct Usage {
    /// deal, month, used_gpu_hours.
    pub frame: DataFrame,
    pub rows: u64,
}

/// deal, first_month, last_month: each deal's schedule span.
fn spans(deals: &[Deal]) -> PolarsResult<DataFrame> {
    let label = |d: chrono::NaiveDate| format!("{}", d.format("%Y-%m"));
    df!(
        "deal" => deals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "first_month" => deals.iter().map(|d| label(d.start)).collect::<Vec<_>>(),
        "last_month" => deals.iter().map(|d| label(d.effective_end())).collect::<Vec<_>>(),
        "idx" => (0..deals.len() as i64).collect::<Vec<_>>(),
    )
}

/// Every usage file checked against the deals and summed per deal and month.
pub fn read(files: &[TableFile], deals: &[Deal]) -> Result<Usage> {
    let started = std::time::Instant::now();
    let spans = spans(deals)?;
    let mut errors = Vec::new();
    let mut frames = Vec::new();
    let mut rows = 0u64;
    for file in files {
        match crate::cache::usage::reduced(file, &spans, || read_file(file, &spans)) {
            Ok((frame, n)) => {
                frames.push(frame.lazy());
                rows += n;
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    let empty = df!(
        "deal" => Vec::<String>::new(),
        "month" => Vec::<String>::new(),
        "used_scaled" => Vec::<i64>::new(),
    )?
    .lazy()
    .with_column(col("used_scaled").cast(DataType::Int128));
    frames.push(empty);
    let frame = concat(frames, UnionArgs::default())?
        .group_by([col("deal"), col("month")])
        .agg([
            (col("used_scaled").sum().cast(DataType::Float64) / lit(SCALE)).alias("used_gpu_hours"),
        ])
        .sort(["deal", "month"], SortMultipleOptions::default())
        .collect()?;
    crate::timing::stage("  usage tables", started);
    Ok(Usage { frame, rows })
}

type Problems = Vec<Diagnostic>;

/// One file's rows summed per (deal, month), and the number of rows read.
fn read_file(file: &TableFile, spans: &DataFrame) -> Result<(DataFrame, u64), Problems> {
    let schema = file.schema().map_err(|d| vec![d])?;
    let key = key_column(file, &schema)?;
    let cells = Cells::new(&schema, key);
    let t = std::time::Instant::now();
    let maps = Maps::read(file, &schema, &cells, spans)?;
    crate::timing::stage("    distinct dates and deals", t);
    let t = std::time::Instant::now();
    let checked = check_months(file, reduce(file, &schema, &cells, &maps)?, spans)?;
    crate::timing::stage("    GPU-hours per deal and month", t);
    let polars = |e| vec![file.error(e)];
    let problems_found = count(&maps.key_map, col("key_month").is_null()).map_err(polars)?
        + count(&maps.deal_map, col("idx").is_null()).map_err(polars)?
        + count(&checked, col("ok").not().or(col("bad_rows").gt(lit(0u64)))).map_err(polars)?;
    if problems_found > 0 {
        let cx = ErrorContext {
            key,
            key_map: &maps.key_map,
            deal_map: &maps.deal_map,
        };
        return Err(problems(file, &cx, cells.bad_hours.clone(), &schema).map_err(polars)?);
    }
    let rows = checked
        .column("rows")
        .and_then(|c| Ok(c.u64()?.sum().unwrap_or(0)))
        .map_err(polars)?;
    let summed = checked
        .select(["deal", "month", "used_scaled"])
        .map_err(polars)?;
    Ok((summed, rows))
}

/// The rows of `df` that match `filter`.
fn count(df: &DataFrame, filter: Expr) -> PolarsResult<u64> {
    let n = df.clone().lazy().filter(filter).select([len()]).collect()?;
    Ok(n.column("len")?.get(0)?.extract::<u64>().unwrap_or(0))
}

/// How a file's cells are read: the key column, the column types, and the
/// GPU-hours as a checked, scaled integer.
struct Cells {
    key: &'static str,
    schema: Schema,
    /// True where `gpu_hours` is not a number from 0 to MAX_HOURS (NaN fails
    /// both comparisons and a null fails fill_null: both are bad).
    bad_hours: Expr,
    /// GPU-hours in whole 10^-15 GPU-hours.
    scaled: Expr,
}

impl Cells {
    fn new(schema: &Schema, key: &'static str) -> Cells {
        let dtype = |c: &str| schema.get(c).cloned().unwrap_or(DataType::String);
        let hours = number("gpu_hours", &dtype("gpu_hours"));
        let bad_hours = hours
            .clone()
            .gt_eq(lit(0.0))
            .and(hours.clone().lt_eq(lit(MAX_HOURS)))
            .fill_null(lit(false))
            .not();
        let scaled = (hours * lit(SCALE))
            .round(0, RoundMode::HalfToEven)
            .cast(DataType::Int128);
        Cells {
            key,
            schema: schema.clone(),
            bad_hours,
            scaled,
        }
    }

    fn dtype(&self, column: &str) -> DataType {
        self.schema.get(column).cloned().unwrap_or(DataType::String)
    }
}

/// The file's rows, blank lines skipped.
fn scan(file: &TableFile, schema: &Schema) -> Result<LazyFrame, Problems> {
    file.scan_rows()
        .map(|lf| file.without_blank_lines(lf, schema))
        .map_err(|d| vec![d])
}

/// Passes 1 and 2: the distinct date (or month) cells and the distinct deal
/// cells, each trimmed, parsed and looked up once.
struct Maps {
    /// raw, n, key_txt, key_month (null when not a valid date or month), month_int.
    key_map: DataFrame,
    /// raw, n, deal_txt, deal, first_month, last_month, idx (null when unknown).
    deal_map: DataFrame,
    /// Whether some key cells have spaces around them (CSV written by hand).
    needs_trim: bool,
}

impl Maps {
    fn read(
        file: &TableFile,
        schema: &Schema,
        cells: &Cells,
        spans: &DataFrame,
    ) -> Result<Maps, Problems> {
        let key = cells.key;
        let polars = |e| vec![file.error(e)];
        let distinct = |column: &str| -> Result<DataFrame, Problems> {
            Ok(scan(file, schema)?
                .group_by([col(column).alias("raw")])
                .agg([len().alias("n")])
                .collect_with_engine(Engine::Streaming)
                .map_err(polars)?
                .unwrap_single())
        };
        let key_map = distinct(key)?
            .lazy()
            .with_column(text("raw", &cells.dtype(key)).alias("key_txt"))
            .with_column(
                if key == "date" {
                    month_of_date(col("key_txt"))
                } else {
                    month_of_month(col("key_txt"))
                }
                .alias("key_month"),
            )
            .with_column(
                (col("key_month")
                    .str()
                    .slice(lit(0), lit(4))
                    .cast(DataType::Int64)
                    * lit(100i64)
                    + col("key_month")
                        .str()
                        .slice(lit(5), lit(2))
                        .cast(DataType::Int64))
                .alias("month_int"),
            )
            .collect()
            .map_err(polars)?;
        // Pass 3 reads each row's month straight off its cell; cells with spaces
        // around them are trimmed first, the rest are not.
        let needs_trim = cells.dtype(key) == DataType::String && {
            let raw = key_map.column("raw").map_err(polars)?;
            let trimmed = key_map.column("key_txt").map_err(polars)?;
            let same = raw
                .as_materialized_series()
                .equal_missing(trimmed.as_materialized_series())
                .map_err(polars)?;
            same.sum().unwrap_or(0) as usize != key_map.height()
        };
        let deal_map = distinct("deal")?
            .lazy()
            .with_column(text("raw", &cells.dtype("deal")).alias("deal_txt"))
            .join(
                spans.clone().lazy(),
                [col("deal_txt")],
                [col("deal")],
                JoinArgs::new(JoinType::Left),
            )
            .collect()
            .map_err(polars)?;
        Ok(Maps {
            key_map,
            deal_map,
            needs_trim,
        })
    }
}

/// Pass 3, over every row: GPU-hours summed per (deal, month), with the
/// count of rows and of bad values. The pair is folded into one integer key
/// (deal index x 10^6 + YYYYMM), because polars' streaming group-by holds
/// memory in proportion to the rows when it groups by several or long string
/// keys, and stays flat with one integer key.
fn reduce(
    file: &TableFile,
    schema: &Schema,
    cells: &Cells,
    maps: &Maps,
) -> Result<DataFrame, Problems> {
    let key = cells.key;
    let polars = |e| vec![file.error(e)];
    let reduce_part = |lf: LazyFrame| -> Result<LazyFrame, Problems> {
        let part = lf
            .select([
                col("deal").alias("deal_raw"),
                col(key).alias("key_raw"),
                when(cells.bad_hours.clone())
                    .then(lit(NULL).cast(DataType::Int64))
                    .otherwise(cells.scaled.clone())
                    .alias("scaled"),
                cells.bad_hours.clone().alias("bad"),
            ])
            .join(
                maps.deal_map
                    .clone()
                    .lazy()
                    .select([col("raw"), col("idx")]),
                [col("deal_raw")],
                [col("raw")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                (col("idx") * lit(GROUP_STRIDE)
                    + month_number("key_raw", &cells.dtype(key), maps.needs_trim))
                .alias("group"),
                col("scaled"),
                col("bad"),
            ])
            .group_by([col("group")])
            .agg([
                col("scaled").sum().alias("used_scaled"),
                col("bad").sum().cast(DataType::UInt64).alias("bad_rows"),
                len().cast(DataType::UInt64).alias("rows"),
            ])
            .collect_with_engine(Engine::Streaming)
            .map_err(polars)?
            .unwrap_single();
        Ok(part.lazy())
    };
    // Parquet is read in slices of rows, each reduced on its own: polars' streaming
    // group-by after a join keeps memory in proportion to the rows it has seen,
    // and slicing bounds it (measured: 100M rows in under 200 MB). A CSV file is
    // one pass, since slicing it would re-read it from the start each time.
    let parts = match file.format {
        TableFormat::Parquet => {
            let total = scan(file, schema)?
                .select([len()])
                .collect()
                .and_then(|n| Ok(n.column("len")?.get(0)?.extract::<u64>().unwrap_or(0)))
                .map_err(polars)?;
            let mut parts = Vec::new();
            let mut offset = 0u64;
            while offset < total.max(1) {
                parts.push(reduce_part(
                    scan(file, schema)?.slice(offset as i64, SLICE_ROWS as IdxSize),
                )?);
                offset += SLICE_ROWS;
            }
            parts
        }
        TableFormat::Csv => vec![reduce_part(scan(file, schema)?)?],
    };
    concat(parts, UnionArgs::default())
        .map_err(polars)?
        .group_by([col("group")])
        .agg([
            col("used_scaled").sum(),
            col("bad_rows").sum(),
            col("rows").sum(),
        ])
        .collect()
        .map_err(polars)
}

/// Unfolds the (deal, month) key and checks each month against the deal's
/// schedule: deal, month, used_scaled, bad_rows, rows, ok.
fn check_months(
    file: &TableFile,
    by_key: DataFrame,
    spans: &DataFrame,
) -> Result<DataFrame, Problems> {
    let month_int = col("group") % lit(GROUP_STRIDE);
    by_key
        .lazy()
        .filter(col("group").is_not_null())
        .with_columns([
            (col("group") / lit(GROUP_STRIDE)).alias("idx"),
            ((month_int.clone() / lit(100i64)).cast(DataType::String)
                + lit("-")
                + (month_int % lit(100i64) + lit(100i64))
                    .cast(DataType::String)
                    .str()
                    .slice(lit(1), lit(2)))
            .alias("month"),
        ])
        .join(
            spans.clone().lazy(),
            [col("idx")],
            [col("idx")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            col("month")
                .gt_eq(col("first_month"))
                .and(col("month").lt_eq(col("last_month")))
                .alias("ok"),
        )
        .collect()
        .map_err(|e| vec![file.error(e)])
}

/// YYYYMM of a row's date or month cell, read without parsing the date (pass 1
/// has checked every distinct cell): the first four characters and the two
/// after the dash, or a Date's year and month.
fn month_number(key: &str, key_type: &DataType, needs_trim: bool) -> Expr {
    let text = match key_type {
        DataType::Date => {
            return col(key).dt().year().cast(DataType::Int64) * lit(100i64)
                + col(key).dt().month().cast(DataType::Int64);
        }
        DataType::String if !needs_trim => col(key),
        _ => text(key, key_type),
    };
    text.clone()
        .str()
        .slice(lit(0), lit(4))
        .cast(DataType::Int64)
        * lit(100i64)
        + text.str().slice(lit(5), lit(2)).cast(DataType::Int64)
}

/// Rows of a Parquet file reduced at a time (see `read_file`).
const SLICE_ROWS: u64 = 4_000_000;

/// deal index x GROUP_STRIDE + YYYYMM: one integer per (deal, month).
const GROUP_STRIDE: i64 = 1_000_000;
