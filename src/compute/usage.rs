//! Usage datasets (SPEC.md 7.3): CSV or Parquet, by month or by date, summed
//! per deal and month across files.
//!
//! Each file is scanned lazily and grouped by its raw (deal, date) cells in one
//! streaming pass, so raw telemetry of any size reduces to one row per distinct
//! pair before anything is parsed; dates and deal ids are then checked once per
//! distinct value, not once per row.
//!
//! GPU-hours are summed as whole micro-GPU-hours (i64): integer sums do not
//! depend on the order in which the streaming engine combines partial sums, so
//! the same telemetry gives byte-identical figures on every run.

use polars::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::load::table::{ROW, TableFile};
use crate::model::{Deal, Site};

/// At most this many errors are listed per file; the rest are counted.
const MAX_ERRORS_PER_FILE: usize = 20;

/// GPU-hours are summed in millionths (3.6 ms of one GPU): exact, and order-independent.
const MICRO: f64 = 1e6;

/// Largest GPU-hours one row may hold, so that the sums in millionths fit an i64.
const MAX_HOURS: f64 = 1e12;

pub struct Usage {
    /// deal, month, used_gpu_hours.
    pub frame: DataFrame,
    pub rows: u64,
}

/// The text of a cell, trimmed; non-text columns are cast to text first.
fn text(name: &str, dtype: &DataType) -> Expr {
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
        "used_micro" => Vec::<i64>::new(),
    )?;
    frames.push(empty.lazy());
    let frame = concat(frames, UnionArgs::default())?
        .group_by([col("deal"), col("month")])
        .agg([
            (col("used_micro").sum().cast(DataType::Float64) / lit(MICRO)).alias("used_gpu_hours"),
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
    let bad_hours = hours
        .clone()
        .is_null()
        .or(hours.clone().is_finite().not())
        .or(hours.clone().lt(lit(0.0)))
        .or(hours.clone().gt(lit(MAX_HOURS)));

    // The one pass over the rows: reduce the raw cells to one row per distinct
    // (deal, date), summing GPU-hours and counting bad values. Nothing else is
    // computed per row; the error path below scans again only when needed.
    let micro = (hours.clone() * lit(MICRO))
        .round(0, RoundMode::HalfToEven)
        .cast(DataType::Int64);
    let lf = file.without_blank_lines(file.scan().map_err(|d| vec![d])?, &schema);
    let grouped = lf
        .select([
            col("deal").alias("deal_raw"),
            col(key).alias("key_raw"),
            when(bad_hours.clone())
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(micro)
                .alias("micro"),
            bad_hours.clone().alias("bad"),
        ])
        .group_by([col("deal_raw"), col("key_raw")])
        .agg([
            col("micro").sum().alias("used_micro"),
            col("bad").sum().cast(DataType::UInt64).alias("bad_rows"),
            len().cast(DataType::UInt64).alias("rows"),
        ])
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| vec![file.error(e)])?
        .unwrap_single();

    // Per distinct value: trim, parse, look up the deal and its schedule.
    let month = if key == "date" {
        month_of_date(col("key_txt"))
    } else {
        month_of_month(col("key_txt"))
    };
    let checked = grouped
        .lazy()
        .with_columns([
            text("deal_raw", &dtype("deal")).alias("deal_txt"),
            text("key_raw", &dtype(key)).alias("key_txt"),
        ])
        .with_column(month.alias("month"))
        .join(
            spans.clone().lazy(),
            [col("deal_txt")],
            [col("deal")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            col("month")
                .is_not_null()
                .and(col("first_month").is_not_null())
                .and(col("month").gt_eq(col("first_month")))
                .and(col("month").lt_eq(col("last_month")))
                .alias("ok"),
        )
        .collect()
        .map_err(|e| vec![file.error(e)])?;

    let any_bad = checked
        .clone()
        .lazy()
        .filter(col("ok").not().or(col("bad_rows").gt(lit(0u64))))
        .select([len()])
        .collect()
        .map_err(|e| vec![file.error(e)])?;
    if any_bad
        .column("len")
        .ok()
        .and_then(|c| c.get(0).ok())
        .and_then(|v| v.extract::<u64>())
        .unwrap_or(0)
        > 0
    {
        let errors =
            problems(file, key, &checked, bad_hours, &dtype).map_err(|e| vec![file.error(e)])?;
        return Err(errors);
    }
    let rows: u64 = checked
        .column("rows")
        .and_then(|c| c.u64().map(|c| c.sum().unwrap_or(0)))
        .unwrap_or(0);
    let summed = checked
        .lazy()
        .group_by([col("deal_txt").alias("deal"), col("month")])
        .agg([col("used_micro").sum()])
        .collect()
        .map_err(|e| vec![file.error(e)])?;
    Ok((summed, rows))
}

/// The error path: scans the file again, with row numbers, and reports the first
/// rows that have a bad value or belong to a bad (deal, date) group.
fn problems(
    file: &TableFile,
    key: &str,
    checked: &DataFrame,
    bad_hours: Expr,
    dtype: &dyn Fn(&str) -> DataType,
) -> PolarsResult<Vec<Diagnostic>> {
    let groups = checked.clone().lazy().select([
        col("deal_raw"),
        col("key_raw"),
        col("deal_txt"),
        col("key_txt"),
        col("month"),
        col("first_month"),
        col("last_month"),
        col("ok"),
    ]);
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
            groups,
            [col("deal_raw"), col("key_raw")],
            [col("deal_raw"), col("key_raw")],
            JoinArgs {
                nulls_equal: true,
                ..JoinArgs::new(JoinType::Left)
            },
        )
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
        s("month")?,
        s("first_month")?,
        s("last_month")?,
        s("hours_txt")?,
    );
    let ok = bad.column("ok")?.bool()?.clone();
    let bad_value = bad.column("bad")?.bool()?.clone();
    let row = bad.column(ROW)?.u64()?.clone();

    let mut found: Vec<(u64, String)> = Vec::new();
    let mut listed = 0u64;
    for i in 0..bad.height() {
        let r = row.get(i).unwrap_or(0);
        if ok.get(i) == Some(false) {
            let deal_id = deal.get(i).unwrap_or("");
            let cell = key_txt.get(i).unwrap_or("");
            let message = match (month.get(i), first_month.get(i)) {
                (_, None) => {
                    format!("`deal`: expected the id of a deal in deals/, found {deal_id:?}")
                }
                (None, _) => {
                    let form = if key == "date" {
                        "a date written YYYY-MM-DD"
                    } else {
                        "a month written YYYY-MM"
                    };
                    format!("`{key}`: expected {form}, found {cell:?}")
                }
                (Some(m), Some(first)) => format!(
                    "`{key}`: {cell} is outside the schedule of {deal_id} ({first} to {}), found month {m}",
                    last_month.get(i).unwrap_or("")
                ),
            };
            found.push((r, message));
        }
        if bad_value.get(i) == Some(true) {
            let value = hours_txt
                .get(i)
                .map_or("an empty cell".to_string(), |v| format!("{v:?}"));
            found.push((
                r,
                format!(
                    "`gpu_hours`: expected a number of GPU-hours from 0 to 1e12, found {value}"
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
