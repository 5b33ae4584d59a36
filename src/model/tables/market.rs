//! Market price files (docs/figures.md, Market comparison): every row checked (a date written
//! YYYY-MM-DD, a model of the catalogue, a price > 0) and no two prices for
//! one model and date, reported by line (CSV) or row (Parquet).

use polars::prelude::*;

use super::cells::{number, text};
use crate::error::{Diagnostic, Error, Result};
use crate::load::table::{ROW, TableFile};
use crate::model::Catalogue;

/// Every price row of every market file: gpu_model, date, usd_per_gpu_hour.
pub fn read(files: &[TableFile], catalogue: &Catalogue) -> Result<DataFrame> {
    let models = Series::new(
        "gpu_model".into(),
        catalogue
            .models
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
    );
    let known = DataFrame::new(models.len(), vec![models.into_column()])?
        .lazy()
        .with_column(lit(true).alias("known"));
    let mut errors = Vec::new();
    let mut frames = Vec::new();
    for (index, file) in files.iter().enumerate() {
        match read_file(file, known.clone()) {
            Ok(df) => frames.push(
                df.lazy()
                    .with_column(lit(index as u32).cast(DataType::UInt32).alias("file")),
            ),
            Err(mut e) => errors.append(&mut e),
        }
    }
    // The valid files are still checked for duplicates below, so that a run
    // reports those too.
    let empty = df!(
        "gpu_model" => Vec::<String>::new(),
        "date" => Vec::<chrono::NaiveDate>::new(),
        "usd_per_gpu_hour" => Vec::<f64>::new(),
        ROW => Vec::<u64>::new(),
        "file" => Vec::<u32>::new(),
    )?;
    frames.push(empty.lazy());
    let all = concat(frames, UnionArgs::default())?
        .sort(["file", ROW], SortMultipleOptions::default())
        .collect()?;

    // Two prices for the same (model, date) are an error, reported at the second one.
    let duplicates = all
        .clone()
        .lazy()
        .with_column(len().over([col("gpu_model"), col("date")])?.alias("n"))
        .filter(col("n").gt(lit(1)))
        .with_column(
            col(ROW)
                .cum_count(false)
                .over([col("gpu_model"), col("date")])?
                .alias("seen"),
        )
        .filter(col("seen").gt(lit(1)))
        .collect()?;
    if duplicates.height() > 0 {
        let model = duplicates.column("gpu_model")?.str()?.clone();
        let date = duplicates.column("date")?.cast(&DataType::String)?;
        let date = date.str()?.clone();
        let row = duplicates.column(ROW)?.cast(&DataType::UInt64)?;
        let row = row.u64()?.clone();
        let file = duplicates.column("file")?.u32()?.clone();
        for i in 0..duplicates.height() {
            let f = &files[file.get(i).unwrap_or(0) as usize];
            let r = row.get(i).unwrap_or(0);
            let lines = f.physical_lines(&[r]);
            errors.push(f.row_error(
                r,
                &lines,
                format!(
                    "expected one price per model and date, found a second price for {} on {}",
                    model.get(i).unwrap_or(""),
                    date.get(i).unwrap_or("")
                ),
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(Error::Data(errors));
    }
    Ok(all.select(["gpu_model", "date", "usd_per_gpu_hour"])?)
}

fn read_file(file: &TableFile, known: LazyFrame) -> Result<DataFrame, Vec<Diagnostic>> {
    let schema = file.schema().map_err(|d| vec![d])?;
    for required in ["date", "gpu_model", "usd_per_gpu_hour"] {
        if schema.get(required).is_none() {
            let found: Vec<String> = schema
                .iter_names()
                .filter(|n| n.as_str() != ROW)
                .map(|n| n.to_string())
                .collect();
            return Err(vec![Diagnostic::line(
                &file.display,
                1,
                format!(
                    "expected a `{required}` column, found the columns: {}",
                    found.join(", ")
                ),
            )]);
        }
    }
    let dtype = |c: &str| schema.get(c).cloned().unwrap_or(DataType::String);
    let date_text = text("date", &dtype("date"));
    let parsed = date_text.clone().str().to_date(StrptimeOptions {
        format: Some("%Y-%m-%d".into()),
        strict: false,
        exact: true,
        cache: true,
    });
    let price = number("usd_per_gpu_hour", &dtype("usd_per_gpu_hour"));
    let rows = file
        .without_blank_lines(file.scan().map_err(|d| vec![d])?, &schema)
        .select([
            text("gpu_model", &dtype("gpu_model")).alias("gpu_model"),
            date_text.clone().alias("date_raw"),
            when(parsed.clone().dt().strftime("%Y-%m-%d").eq(date_text))
                .then(parsed)
                .otherwise(lit(NULL).cast(DataType::Date))
                .alias("date"),
            price.alias("usd_per_gpu_hour"),
            text("usd_per_gpu_hour", &dtype("usd_per_gpu_hour")).alias("price_raw"),
            col(ROW).cast(DataType::UInt64),
        ])
        .join(
            known,
            [col("gpu_model")],
            [col("gpu_model")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
        .map_err(|e| vec![file.error(e)])?;

    let bad = rows
        .clone()
        .lazy()
        .filter(
            col("date")
                .is_null()
                .or(col("known").is_null())
                .or(col("usd_per_gpu_hour").is_null())
                .or(col("usd_per_gpu_hour").is_finite().not())
                .or(col("usd_per_gpu_hour").lt_eq(lit(0.0))),
        )
        .limit(20)
        .collect()
        .map_err(|e| vec![file.error(e)])?;
    if bad.height() > 0 {
        let get = |c: &str| {
            bad.column(c)
                .and_then(|c| c.str().cloned())
                .map_err(|e| vec![file.error(e)])
        };
        let (model, date_raw, price_raw) = (get("gpu_model")?, get("date_raw")?, get("price_raw")?);
        let date_ok = bad
            .column("date")
            .map(|c| c.is_not_null())
            .map_err(|e| vec![file.error(e)])?;
        let known_ok = bad
            .column("known")
            .map(|c| c.is_not_null())
            .map_err(|e| vec![file.error(e)])?;
        let row = bad
            .column(ROW)
            .and_then(|c| c.u64().cloned())
            .map_err(|e| vec![file.error(e)])?;
        let ids: Vec<u64> = row.into_no_null_iter().collect();
        let lines = file.physical_lines(&ids);
        let mut errors = Vec::new();
        for (i, r) in ids.iter().enumerate() {
            let (key, rule) = if !date_ok.get(i).unwrap_or(false) {
                (
                    "date",
                    format!(
                        "expected a date written YYYY-MM-DD, found {:?}",
                        date_raw.get(i).unwrap_or("")
                    ),
                )
            } else if !known_ok.get(i).unwrap_or(false) {
                (
                    "gpu_model",
                    format!(
                        "expected a model listed in gpus.yaml, found {:?}",
                        model.get(i).unwrap_or("")
                    ),
                )
            } else {
                (
                    "usd_per_gpu_hour",
                    format!(
                        "expected a number > 0, found {:?}",
                        price_raw.get(i).unwrap_or("")
                    ),
                )
            };
            errors.push(file.row_rule(*r, &lines, key, rule));
        }
        return Err(errors);
    }
    rows.select(["gpu_model", "date", "usd_per_gpu_hour", ROW])
        .map_err(|e| vec![file.error(e)])
}
