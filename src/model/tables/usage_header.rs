//! The header of a usage file (docs/figures.md, Usage): `deal`, `gpu_hours`, and
//! exactly one key column, `month` or `date`.

use polars::prelude::Schema;

use crate::error::Diagnostic;
use crate::load::table::{ROW, TableFile};

/// The header: `deal`, `gpu_hours`, and exactly one of `month` and `date`
/// (the key column, returned).
pub(super) fn key_column(
    file: &TableFile,
    schema: &Schema,
) -> Result<&'static str, Vec<Diagnostic>> {
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
    Ok(key)
}
