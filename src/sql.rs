//! The SQL text of `dealbook usage-sql` (issue 11): two statements that reduce
//! a raw telemetry table (deal, a date or timestamp, gpu_hours) to dealbook's
//! usage table (deal, month as `YYYY-MM`, gpu_hours), and list the rows the data
//! contract (docs/figures.md, Usage) rejects, with the deal ids and terms written in as a
//! table of values. Three dialects: Spark SQL, Trino and DuckDB.
//!
//! The time column is cast to a timestamp (so a DATE, a TIMESTAMP or ISO text
//! all work) and gpu_hours to `DECIMAL(38, 9)`: `TRY_CAST`, so a cell that does
//! not convert is a rejected row, not a failed query; decimal sums are exact,
//! so the result does not depend on how the engine splits the work.

use chrono::NaiveDate;

/// An SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    Spark,
    Trino,
    Duckdb,
}

/// A deal's id and the months its usage may fall in (docs/figures.md, Usage: month(start)
/// to month(effective end)).
#[derive(Debug, Clone)]
pub struct Term {
    pub deal: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Dialect {
    fn name(self) -> &'static str {
        match self {
            Dialect::Spark => "spark",
            Dialect::Trino => "trino",
            Dialect::Duckdb => "duckdb",
        }
    }

    /// A quoted column name.
    fn quote(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Trino | Dialect::Duckdb => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// `YYYY-MM` of a timestamp expression.
    fn month(self, ts: &str) -> String {
        match self {
            Dialect::Spark => format!("date_format({ts}, 'yyyy-MM')"),
            Dialect::Trino => format!("date_format({ts}, '%Y-%m')"),
            Dialect::Duckdb => format!("strftime({ts}, '%Y-%m')"),
        }
    }

    /// The deals' terms as a named table of values.
    fn terms(self, terms: &[Term]) -> String {
        let rows = terms
            .iter()
            .map(|t| {
                format!(
                    "    ({}, '{}', '{}')",
                    string(&t.deal),
                    t.first.format("%Y-%m"),
                    t.last.format("%Y-%m")
                )
            })
            .collect::<Vec<_>>()
            .join(",\n");
        match self {
            Dialect::Spark => {
                format!("  SELECT * FROM VALUES\n{rows}\n  AS t(deal, first_month, last_month)")
            }
            Dialect::Trino | Dialect::Duckdb => {
                format!("  SELECT * FROM (VALUES\n{rows}\n  ) AS t(deal, first_month, last_month)")
            }
        }
    }
}

/// A single-quoted SQL string.
fn string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The two statements, each ended by `;` and a blank line: the usage table, then
/// the rejected rows.
pub fn usage_sql(dialect: Dialect, table: &str, time_column: &str, terms: &[Term]) -> String {
    let q = |c: &str| dialect.quote(c);
    let ts = format!("TRY_CAST({} AS TIMESTAMP)", q(time_column));
    let head = format!(
        "WITH deals AS (\n{}\n),\nrows AS (\n  SELECT\n    TRIM({deal}) AS deal,\n    {month} AS month,\n    TRY_CAST({hours} AS DECIMAL(38, 9)) AS gpu_hours\n  FROM {table}\n)",
        dialect.terms(terms),
        deal = q("deal"),
        month = dialect.month(&ts),
        hours = q("gpu_hours"),
    );
    let bad = "r.deal IS NULL OR r.month IS NULL OR r.gpu_hours IS NULL OR d.deal IS NULL\n   OR r.gpu_hours < 0 OR r.month < d.first_month OR r.month > d.last_month";
    format!(
        "-- dealbook usage-sql --dialect {dialect}: 1. the usage table (deal, month, gpu_hours)\n\
         -- of the rows the data contract accepts, for usage/ as CSV or Parquet.\n\
         {head}\n\
         SELECT r.deal, r.month, SUM(r.gpu_hours) AS gpu_hours\n\
         FROM rows r JOIN deals d ON r.deal = d.deal\n\
         WHERE NOT ({bad})\n\
         GROUP BY r.deal, r.month\n\
         ORDER BY r.deal, r.month;\n\
         \n\
         -- 2. The rows dealbook would reject (SPEC.md 7.3); expect none.\n\
         {head}\n\
         SELECT r.deal, r.month, r.gpu_hours,\n\
         \x20 CASE\n\
         \x20   WHEN r.deal IS NULL OR r.month IS NULL OR r.gpu_hours IS NULL THEN 'missing or bad value'\n\
         \x20   WHEN d.deal IS NULL THEN 'unknown deal'\n\
         \x20   WHEN r.gpu_hours < 0 THEN 'negative gpu_hours'\n\
         \x20   ELSE 'month outside the deal''s term'\n\
         \x20 END AS problem\n\
         FROM rows r LEFT JOIN deals d ON r.deal = d.deal\n\
         WHERE {bad}\n\
         ORDER BY r.deal, r.month;\n",
        dialect = dialect.name()
    )
}

/// Whether `name` may be written into the SQL as a table name: identifiers
/// (letters, digits, `_`), optionally qualified with dots.
pub fn is_table_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}
