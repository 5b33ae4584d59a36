//! Usage datasets (SPEC.md 7.3): CSV or Parquet, by month or by date, summed
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

use crate::error::{Diagnostic, Error, Result};
use crate::load::table::{ROW, TableFile, TableFormat};
use crate::model::{Deal, Site};

/// At most this many errors are listed per file; the rest are counted.
const MAX_ERRORS_PER_FILE: usize = 20;

/// GPU-hours are summed as whole 10^-15 GPU-hours in 128-bit integers: integer
/// sums are exact and do not depend on the order in which the streaming engine
/// combines partial sums, and at this scale rounding each row changes a month's
/// sum by less than one part in 10^12 even for telemetry by the second.
const SCALE: f64 = 1e15;

/// Largest GPU-hours one row may hold, so that 10^17 such rows still fit the sum.
const MAX_HOURS: f64 = 1e20;

pub struct Usage {
    /// deal, month, used_gpu_hours.
    pub frame: DataFrame,
    pub rows: u64,
}

/// The text of a cell, trimmed; non-text columns are cast to text first.
pub fn text(name: &str, dtype: &DataType) -> Expr {
    let c = col(name);
    match dtype {
        DataType::String => c.str().strip_chars(lit(NULL)),
        DataType::Date => c.dt().strftime("%Y-%m-%d"),
        _ => c.cast(DataType::String),
    }
}

/// A number from a cell: text cells are trimmed and parsed; null when not a number.
pub fn number(name: &str, dtype: &DataType) -> Expr {
    let c = col(name);
    match dtype {
        DataType::String => c.str().strip_chars(lit(NULL)).cast(DataType::Float64),
        _ => c.cast(DataType::Float64),
    }
}

/// `YYYY-MM-DD` (exactly) -> `YYYY-MM`, else null.
pub fn month_of_date(key: Expr) -> Expr {
    let parsed = key.clone().str().to_date(StrptimeOptions {
        format: Some("%Y-%m-%d".into()),
        strict: false,
        exact: true,
        cache: true,
    });
    let canonical = parsed.clone().dt().strftime("%Y-%m-%d");
    when(canonical.eq(key.clone()))
        .then(key.str().slice(lit(0), lit(7)))
        .otherwise(lit(NULL).cast(DataType::String))
}

/// `YYYY-MM` (exactly) -> itself, else null.
fn month_of_month(key: Expr) -> Expr {
    month_of_date(key.clone() + lit("-01"))
        .eq(key.clone())
        .then_key(key)
}

trait ThenKey {
    fn then_key(self, key: Expr) -> Expr;
}

impl ThenKey for Expr {
    fn then_key(self, key: Expr) -> Expr {
        when(self)
            .then(key)
            .otherwise(lit(NULL).cast(DataType::String))
    }
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

pub fn read(files: &[TableFile], deals: &[Deal], _site: &Site) -> Result<Usage> {
    let spans = spans(deals)?;
    let mut errors = Vec::new();
    let mut frames = Vec::new();
    let mut rows = 0u64;
    for file in files {
        match read_file(file, &spans) {
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
    Ok(Usage { frame, rows })
}

/// One file's rows summed per (deal, month), and the number of rows read.
fn read_file(file: &TableFile, spans: &DataFrame) -> Result<(DataFrame, u64), Vec<Diagnostic>> {
    let schema = file.schema().map_err(|d| vec![d])?;
    let has = |c: &str| schema.get(c).is_some();
    let header_error = |m: String| vec![Diagnostic::line(&file.display, 1, m)];
    let key = match (has("month"), has("date")) {
        (true, false) => "month",
        (false, true) => "date",
        (true, true) => {
            return Err(header_error(
                "expected a `month` or a `date` column, found both".into(),
            ));
        }
        (false, false) => {
            return Err(header_error(
                "expected a `month` or a `date` column, found neither".into(),
            ));
        }
    };
    for required in ["deal", "gpu_hours"] {
        if !has(required) {
            let found: Vec<String> = schema
                .iter_names()
                .filter(|n| n.as_str() != ROW)
                .map(|n| n.to_string())
                .collect();
            return Err(header_error(format!(
                "expected a `{required}` column, found the columns: {}",
                found.join(", ")
            )));
        }
    }
    let dtype = |c: &str| schema.get(c).cloned().unwrap_or(DataType::String);
    let hours = number("gpu_hours", &dtype("gpu_hours"));
    // NaN fails both comparisons and a null fails fill_null: both are bad.
    let bad_hours = hours
        .clone()
        .gt_eq(lit(0.0))
        .and(hours.clone().lt_eq(lit(MAX_HOURS)))
        .fill_null(lit(false))
        .not();

    let scaled = (hours.clone() * lit(SCALE))
        .round(0, RoundMode::HalfToEven)
        .cast(DataType::Int128);
    let scan = || {
        file.scan_rows()
            .map(|lf| file.without_blank_lines(lf, &schema))
            .map_err(|d| vec![d])
    };
    let distinct = |column: &str| -> Result<DataFrame, Vec<Diagnostic>> {
        Ok(scan()?
            .group_by([col(column).alias("raw")])
            .agg([len().alias("n")])
            .collect_with_engine(Engine::Streaming)
            .map_err(|e| vec![file.error(e)])?
            .unwrap_single())
    };

    // Passes 1 and 2 read only the distinct date (or month) cells and the
    // distinct deal cells: each is trimmed, parsed and looked up once.
    let key_map = distinct(key)?
        .lazy()
        .with_column(text("raw", &dtype(key)).alias("key_txt"))
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
        .map_err(|e| vec![file.error(e)])?;
    // Pass 3 reads each row's month straight off its cell; cells with spaces
    // around them (CSV written by hand) are trimmed first, the rest are not.
    let needs_trim = dtype(key) == DataType::String
        && key_map
            .column("raw")
            .and_then(|raw| {
                raw.as_materialized_series()
                    .equal_missing(key_map.column("key_txt")?.as_materialized_series())
            })
            .map(|same| same.sum().unwrap_or(0) as usize != key_map.height())
            .unwrap_or(true);
    let deal_map = distinct("deal")?
        .lazy()
        .with_column(text("raw", &dtype("deal")).alias("deal_txt"))
        .join(
            spans.clone().lazy(),
            [col("deal_txt")],
            [col("deal")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
        .map_err(|e| vec![file.error(e)])?;

    // Pass 3, over every row: sum per (deal, month). The pair is folded into one
    // integer key (deal index x 10^6 + YYYYMM), because polars' streaming
    // group-by holds memory in proportion to the rows when it groups by several
    // or long string keys, and stays flat with one integer key.
    let reduce = |lf: LazyFrame| -> Result<LazyFrame, Vec<Diagnostic>> {
        let part = lf
            .select([
                col("deal").alias("deal_raw"),
                col(key).alias("key_raw"),
                when(bad_hours.clone())
                    .then(lit(NULL).cast(DataType::Int64))
                    .otherwise(scaled.clone())
                    .alias("scaled"),
                bad_hours.clone().alias("bad"),
            ])
            .join(
                deal_map.clone().lazy().select([col("raw"), col("idx")]),
                [col("deal_raw")],
                [col("raw")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                (col("idx") * lit(GROUP_STRIDE) + month_number("key_raw", &dtype(key), needs_trim))
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
            .map_err(|e| vec![file.error(e)])?
            .unwrap_single();
        Ok(part.lazy())
    };
    // Parquet is read in slices of rows, each reduced on its own: polars' streaming
    // group-by after a join keeps memory in proportion to the rows it has seen,
    // and slicing bounds it (measured: 100M rows in under 200 MB). A CSV file is
    // one pass, since slicing it would re-read it from the start each time.
    let parts = match file.format {
        TableFormat::Parquet => {
            let total = scan()?
                .select([len()])
                .collect()
                .map_err(|e| vec![file.error(e)])?
                .column("len")
                .ok()
                .and_then(|c| c.get(0).ok()?.extract::<u64>())
                .unwrap_or(0);
            let mut parts = Vec::new();
            let mut offset = 0u64;
            while offset < total.max(1) {
                parts.push(reduce(scan()?.slice(offset as i64, SLICE_ROWS as IdxSize))?);
                offset += SLICE_ROWS;
            }
            parts
        }
        TableFormat::Csv => vec![reduce(scan()?)?],
    };
    let by_key = concat(parts, UnionArgs::default())
        .map_err(|e| vec![file.error(e)])?
        .group_by([col("group")])
        .agg([
            col("used_scaled").sum(),
            col("bad_rows").sum(),
            col("rows").sum(),
        ])
        .collect()
        .map_err(|e| vec![file.error(e)])?;

    // Unfold the key, and check each (deal, month) against the deal's schedule.
    let month_int = col("group") % lit(GROUP_STRIDE);
    let checked = by_key
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
        .map_err(|e| vec![file.error(e)])?;

    let count = |df: &DataFrame, e: Expr| -> u64 {
        df.clone()
            .lazy()
            .filter(e)
            .select([len()])
            .collect()
            .ok()
            .and_then(|df| df.column("len").ok()?.get(0).ok()?.extract::<u64>())
            .unwrap_or(0)
    };
    let problems_found = count(&key_map, col("key_month").is_null())
        + count(&deal_map, col("idx").is_null())
        + count(&checked, col("ok").not().or(col("bad_rows").gt(lit(0u64))));
    if problems_found > 0 {
        let cx = ErrorContext {
            key,
            key_map: &key_map,
            deal_map: &deal_map,
        };
        return Err(problems(file, &cx, bad_hours, &dtype).map_err(|e| vec![file.error(e)])?);
    }
    let rows: u64 = checked
        .column("rows")
        .and_then(|c| c.u64().map(|c| c.sum().unwrap_or(0)))
        .unwrap_or(0);
    let summed = checked
        .lazy()
        .select([col("deal"), col("month"), col("used_scaled")])
        .collect()
        .map_err(|e| vec![file.error(e)])?;
    Ok((summed, rows))
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

struct ErrorContext<'a> {
    key: &'a str,
    /// raw, key_txt, key_month (null when the cell is not a valid date or month).
    key_map: &'a DataFrame,
    /// raw, deal_txt, first_month, last_month (null when the deal is unknown).
    deal_map: &'a DataFrame,
}

/// The error path: scans the file again, with row numbers, and reports the first
/// rows that have a bad value, an unknown deal, a bad date or month, or a month
/// outside the deal's schedule.
fn problems(
    file: &TableFile,
    cx: &ErrorContext,
    bad_hours: Expr,
    dtype: &dyn Fn(&str) -> DataType,
) -> PolarsResult<Vec<Diagnostic>> {
    let key = cx.key;
    let keys = cx
        .key_map
        .clone()
        .lazy()
        .select([col("raw"), col("key_txt"), col("key_month")]);
    let deals = cx.deal_map.clone().lazy().select([
        col("raw"),
        col("deal_txt"),
        col("first_month"),
        col("last_month"),
    ]);
    let nulls_equal = |how| JoinArgs {
        nulls_equal: true,
        ..JoinArgs::new(how)
    };
    let Ok(scan) = file.scan() else {
        return Ok(Vec::new());
    };
    let rows = file
        .without_blank_lines(scan, &checked_schema(file))
        .select([
            col("deal").alias("deal_raw"),
            col(key).alias("key_raw"),
            bad_hours.alias("bad"),
            text("gpu_hours", &dtype("gpu_hours")).alias("hours_txt"),
            col(ROW).cast(DataType::UInt64),
        ])
        .join(
            keys,
            [col("key_raw")],
            [col("raw")],
            nulls_equal(JoinType::Left),
        )
        .join(
            deals,
            [col("deal_raw")],
            [col("raw")],
            nulls_equal(JoinType::Left),
        )
        .with_columns([
            col("first_month").is_not_null().alias("deal_ok"),
            col("key_month").is_not_null().alias("key_ok"),
            col("key_month")
                .gt_eq(col("first_month"))
                .and(col("key_month").lt_eq(col("last_month")))
                .fill_null(lit(false))
                .alias("ok"),
        ])
        .filter(col("bad").or(col("ok").not()));
    let total = rows
        .clone()
        .select([len()])
        .collect()?
        .column("len")?
        .get(0)?
        .extract::<u64>()
        .unwrap_or(0);
    let bad = rows
        .sort([ROW], SortMultipleOptions::default())
        .limit(MAX_ERRORS_PER_FILE as IdxSize)
        .collect()?;

    let s = |c: &str| bad.column(c).and_then(|c| c.str().cloned());
    let (deal, key_txt, month, first_month, last_month, hours_txt) = (
        s("deal_txt")?,
        s("key_txt")?,
        s("key_month")?,
        s("first_month")?,
        s("last_month")?,
        s("hours_txt")?,
    );
    let flag = |c: &str| bad.column(c).and_then(|c| c.bool().cloned());
    let (deal_ok, key_ok, ok, bad_value) =
        (flag("deal_ok")?, flag("key_ok")?, flag("ok")?, flag("bad")?);
    let row = bad.column(ROW)?.u64()?.clone();

    let form = if key == "date" {
        "a date written YYYY-MM-DD"
    } else {
        "a month written YYYY-MM"
    };
    let mut found: Vec<(u64, String)> = Vec::new();
    let mut listed = 0u64;
    for i in 0..bad.height() {
        let r = row.get(i).unwrap_or(0);
        let deal_id = deal.get(i).unwrap_or("");
        let cell = key_txt.get(i).unwrap_or("");
        let problem = if deal_ok.get(i) != Some(true) {
            Some(format!(
                "`deal`: expected the id of a deal in deals/, found {deal_id:?}"
            ))
        } else if key_ok.get(i) != Some(true) {
            Some(format!("`{key}`: expected {form}, found {cell:?}"))
        } else if ok.get(i) != Some(true) {
            Some(format!(
                "`{key}`: {cell} is outside the schedule of {deal_id} ({} to {}), found month {}",
                first_month.get(i).unwrap_or(""),
                last_month.get(i).unwrap_or(""),
                month.get(i).unwrap_or("")
            ))
        } else {
            None
        };
        found.extend(problem.map(|m| (r, m)));
        if bad_value.get(i) == Some(true) {
            let value = hours_txt
                .get(i)
                .map_or("an empty cell".to_string(), |v| format!("{v:?}"));
            found.push((
                r,
                format!(
                    "`gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found {value}"
                ),
            ));
        }
        listed += 1;
    }
    let ids: Vec<u64> = found.iter().map(|(r, _)| *r).collect();
    let lines = file.physical_lines(&ids);
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|(r, m)| file.row_error(r, &lines, m))
        .collect();
    if total > listed {
        out.push(Diagnostic::new(
            &file.display,
            format!("{} more rows with problems not listed", total - listed),
        ));
    }
    Ok(out)
}

fn checked_schema(file: &TableFile) -> Schema {
    file.schema().unwrap_or_default()
}
