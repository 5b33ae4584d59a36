//! The error path of a usage file: the file is scanned again with row
//! numbers, and the first rows that have a bad value, an unknown deal, a bad
//! date or month, or a month outside the deal's schedule are reported by line
//! (CSV) or row (Parquet).

use polars::prelude::*;

use super::cells::text;
use crate::error::Diagnostic;
use crate::load::table::{ROW, TableFile};

/// At most this many errors are listed per file; the rest are counted.
const MAX_ERRORS_PER_FILE: usize = 20;

pub(super) struct ErrorContext<'a> {
    pub key: &'a str,
    /// raw, key_txt, key_month (null when the cell is not a valid date or month).
    pub key_map: &'a DataFrame,
    /// raw, deal_txt, first_month, last_month (null when the deal is unknown).
    pub deal_map: &'a DataFrame,
}

/// The error path: scans the file again, with row numbers, and reports the first
/// rows that have a bad value, an unknown deal, a bad date or month, or a month
/// outside the deal's schedule.
pub(super) fn problems(
    file: &TableFile,
    cx: &ErrorContext,
    bad_hours: Expr,
    schema: &Schema,
) -> PolarsResult<Vec<Diagnostic>> {
    let dtype = |c: &str| schema.get(c).cloned().unwrap_or(DataType::String);
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
    // The file was scanned a moment ago; if it cannot be now, that is the error.
    let scan = match file.scan() {
        Ok(scan) => scan,
        Err(d) => return Ok(vec![d]),
    };
    let rows = file
        .without_blank_lines(scan, schema)
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
    let mut found: Vec<(u64, &str, String)> = Vec::new();
    let mut listed = 0u64;
    for i in 0..bad.height() {
        let r = row.get(i).unwrap_or(0);
        let deal_id = deal.get(i).unwrap_or("");
        let cell = key_txt.get(i).unwrap_or("");
        let problem = if deal_ok.get(i) != Some(true) {
            Some((
                "deal",
                format!("expected the id of a deal in deals/, found {deal_id:?}"),
            ))
        } else if key_ok.get(i) != Some(true) {
            Some((key, format!("expected {form}, found {cell:?}")))
        } else if ok.get(i) != Some(true) {
            Some((
                key,
                format!(
                    "{cell} is outside the schedule of {deal_id} ({} to {}), found month {}",
                    first_month.get(i).unwrap_or(""),
                    last_month.get(i).unwrap_or(""),
                    month.get(i).unwrap_or("")
                ),
            ))
        } else {
            None
        };
        found.extend(problem.map(|(k, m)| (r, k, m)));
        if bad_value.get(i) == Some(true) {
            let value = hours_txt
                .get(i)
                .map_or("an empty cell".to_string(), |v| format!("{v:?}"));
            found.push((
                r,
                "gpu_hours",
                format!("expected a number of GPU-hours from 0 to 1e20, found {value}"),
            ));
        }
        listed += 1;
    }
    let ids: Vec<u64> = found.iter().map(|(r, ..)| *r).collect();
    let lines = file.physical_lines(&ids);
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|(r, k, m)| file.row_rule(r, &lines, k, m))
        .collect();
    if total > listed {
        out.push(Diagnostic::new(
            &file.display,
            format!("{} more rows with problems not listed", total - listed),
        ));
    }
    Ok(out)
}
