//! Cell readers shared by the usage and market checks: trimmed text, numbers,
//! and the exact `YYYY-MM-DD` / `YYYY-MM` forms, as polars expressions.

use polars::prelude::*;

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
pub fn month_of_month(key: Expr) -> Expr {
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
