//! Usage and market tables (CSV or Parquet): where they are, their columns,
//! a lazy scan of each, and the physical CSV line of a data row for errors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;

use crate::error::{Diagnostic, KeyPath, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Parquet,
}

#[derive(Debug, Clone)]
pub struct TableFile {
    /// The file, or for a partitioned dataset its directory.
    pub path: PathBuf,
    pub display: String,
    pub format: TableFormat,
    /// A Hive-partitioned Parquet dataset (`usage/<name>/year=2026/month=05/
    /// part-0.parquet`): its files in byte order of their paths, scanned as one
    /// table (rows are numbered across them in that order). Empty for a file.
    pub parts: Vec<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub usage: Vec<TableFile>,
    pub market: Vec<TableFile>,
}

/// Name of the 0-based data-row index column added to every scan.
pub const ROW: &str = "__row";

impl TableFile {
    fn pl_path(&self) -> Result<PlRefPath, Diagnostic> {
        self.path
            .to_str()
            .map(PlRefPath::new)
            .ok_or_else(|| Diagnostic::new(&self.display, "expected a UTF-8 file name"))
    }

    /// Column names and types. CSV columns are all read as text (cells are trimmed and
    /// parsed by the caller, so that a bad cell is an error with its row, not a guess).
    pub fn schema(&self) -> Result<Schema, Diagnostic> {
        let mut lf = self.scan()?;
        let schema = lf.collect_schema().map_err(|e| self.error(e))?;
        Ok(schema.as_ref().clone())
    }

    /// A lazy scan with a 0-based data-row index column `__row`. Streams: nothing is
    /// read until the query runs.
    pub fn scan(&self) -> Result<LazyFrame, Diagnostic> {
        self.scan_with(true)
    }

    /// A lazy scan without the row index, for the one pass over every row: a row
    /// index is a sequential count, which keeps the streaming engine from
    /// reading the file in parallel and in bounded memory.
    pub fn scan_rows(&self) -> Result<LazyFrame, Diagnostic> {
        self.scan_with(false)
    }

    fn scan_with(&self, with_index: bool) -> Result<LazyFrame, Diagnostic> {
        let path = self.pl_path()?;
        let row_index = with_index.then(|| RowIndex {
            name: ROW.into(),
            offset: 0,
        });
        let lf = match self.format {
            TableFormat::Csv => LazyCsvReader::new(path)
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .with_glob(false)
                .with_missing_is_null(true)
                .with_row_index(row_index)
                .finish(),
            TableFormat::Parquet => {
                // The partition keys in the paths are only a layout: the files
                // hold the columns (a `month=05` key is no `month` column).
                let args = ScanArgsParquet {
                    row_index,
                    glob: false,
                    hive_options: HiveOptions::new_disabled(),
                    ..ScanArgsParquet::default()
                };
                if self.parts.is_empty() {
                    LazyFrame::scan_parquet(path, args)
                } else {
                    let parts = self
                        .parts
                        .iter()
                        .map(|p| p.to_str().map(PlRefPath::new))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            Diagnostic::new(&self.display, "expected UTF-8 file names")
                        })?;
                    LazyFrame::scan_parquet_files(parts.into_iter().collect(), args)
                }
            }
        };
        lf.map_err(|e| self.error(e))
    }

    /// `lf` without the rows of blank CSV lines. Polars reads an empty line as a row of
    /// nulls and a line of spaces as one whitespace cell followed by nulls, so a row
    /// whose every cell is null or whitespace is a blank line (a line of bare commas
    /// reads the same way and is skipped with them: it holds no value). Parquet has no
    /// lines: every row is data, and a row of nulls is a row of bad values.
    pub fn without_blank_lines(&self, lf: LazyFrame, schema: &Schema) -> LazyFrame {
        if self.format != TableFormat::Csv {
            return lf;
        }
        let empty = schema
            .iter()
            .filter(|(name, _)| name.as_str() != ROW)
            .map(|(name, dtype)| {
                let c = col(name.clone());
                match dtype {
                    DataType::String => c
                        .clone()
                        .is_null()
                        .or(c.str().strip_chars(lit(NULL)).eq(lit(""))),
                    _ => c.is_null(),
                }
            })
            .reduce(|a, b| a.and(b));
        match empty {
            Some(blank) => lf.filter(blank.not()),
            None => lf,
        }
    }

    /// A file-level error from polars (unreadable file, not CSV or Parquet).
    pub fn error(&self, e: PolarsError) -> Diagnostic {
        let what = match self.format {
            TableFormat::Csv => "CSV",
            TableFormat::Parquet => "Parquet",
        };
        let message = e.to_string();
        let first = message.lines().next().unwrap_or_default();
        let message = format!("cannot read as {what}: {first}");
        match self.malformed_line() {
            Some(line) => Diagnostic::line(&self.display, line, message),
            None => Diagnostic::new(&self.display, message),
        }
    }

    /// The physical line of the first structural problem of a CSV file, so that a file
    /// polars refuses is reported with a line: a record with more cells than the header,
    /// text after a closing quote, or a quoted cell still open at the end of the file
    /// (the line where it opened). None for Parquet, or when no such problem is found.
    /// Quotes are tracked as in [`Self::physical_lines`]. Only runs on the error path.
    fn malformed_line(&self) -> Option<u64> {
        if self.format != TableFormat::Csv {
            return None;
        }
        let file = std::fs::File::open(&self.path).ok()?;
        let reader = std::io::BufReader::new(file);
        let mut header: Option<u64> = None;
        let (mut line, mut record_start, mut cells, mut content) = (1u64, 1u64, 1u64, false);
        let (mut quoted, mut after_close, mut quote_line) = (false, false, 1u64);
        for byte in std::io::Read::bytes(reader) {
            let b = byte.ok()?;
            if quoted {
                match b {
                    b'"' => (quoted, after_close) = (false, true),
                    b'\n' => line += 1,
                    _ => {}
                }
                continue;
            }
            if after_close {
                after_close = false;
                match b {
                    // `""` inside a quoted cell: still quoted.
                    b'"' => {
                        quoted = true;
                        continue;
                    }
                    b',' | b'\r' | b'\n' => {}
                    _ => return Some(line),
                }
            }
            match b {
                b'"' => (quoted, content, quote_line) = (true, true, line),
                b',' => (cells, content) = (cells + 1, true),
                b'\n' => {
                    // A blank line is no record (polars reads it as a row of nulls).
                    if content {
                        match header {
                            None => header = Some(cells),
                            Some(h) if cells > h => return Some(record_start),
                            Some(_) => {}
                        }
                    }
                    line += 1;
                    (record_start, cells, content) = (line, 1, false);
                }
                b'\r' => {}
                _ => content = true,
            }
        }
        if quoted {
            return Some(quote_line);
        }
        match header {
            Some(h) if content && cells > h => Some(record_start),
            _ => None,
        }
    }

    /// A row-level error: for CSV the physical line (the header is line 1), for
    /// Parquet the 1-based data row.
    pub fn row_error(
        &self,
        row: u64,
        lines: &BTreeMap<u64, u64>,
        message: impl Into<String>,
    ) -> Diagnostic {
        match self.format {
            TableFormat::Csv => {
                let line = lines.get(&row).copied().unwrap_or(row + 2);
                Diagnostic::line(&self.display, line, message)
            }
            TableFormat::Parquet => Diagnostic::new(
                &self.display,
                format!("row {}: {}", row + 1, message.into()),
            ),
        }
    }

    /// A rule broken by the cell of column `key` in a 0-based data row:
    /// "`key`: rule" at its line (CSV), or "row N: `key`: rule" (Parquet).
    pub fn row_rule(
        &self,
        row: u64,
        lines: &BTreeMap<u64, u64>,
        key: &str,
        rule: String,
    ) -> Diagnostic {
        let at = KeyPath::of(key);
        match self.format {
            TableFormat::Csv => {
                let line = lines.get(&row).copied().unwrap_or(row + 2);
                Diagnostic::rule(&self.display, Some(line), None, at, rule)
            }
            TableFormat::Parquet => {
                let what = format!("row {}: {}", row + 1, at.quoted());
                Diagnostic::place(&self.display, None, None, Problem::Rule { what, rule })
                    .with_key(at)
            }
        }
    }

    /// Physical line numbers of the given 0-based data rows (CSV only), counted the
    /// way the scan counts rows: quoted cells may span lines, and blank lines are rows
    /// that the reader drops later. Only runs on the error path.
    ///
    /// A small quote-aware line walk rather than the csv crate, because the csv crate
    /// skips blank lines silently and so cannot number rows as polars does.
    pub fn physical_lines(&self, rows: &[u64]) -> BTreeMap<u64, u64> {
        let mut out = BTreeMap::new();
        if self.format != TableFormat::Csv || rows.is_empty() {
            return out;
        }
        let Ok(file) = std::fs::File::open(&self.path) else {
            return out;
        };
        let wanted: std::collections::BTreeSet<u64> = rows.iter().copied().collect();
        let last = *wanted.last().expect("not empty");
        let reader = std::io::BufReader::new(file);
        let (mut line, mut record, mut in_quotes, mut record_start) = (1u64, 0u64, false, 1u64);
        // Polars skips a UTF-8 BOM and then empty lines (`\n` or `\r\n`) before the
        // header: they are lines, but no record.
        let mut before_header = true;
        for byte in std::io::Read::bytes(reader) {
            let Ok(b) = byte else { break };
            if before_header {
                match b {
                    b'\n' => {
                        line += 1;
                        record_start = line;
                        continue;
                    }
                    b'\r' => continue,
                    0xEF | 0xBB | 0xBF if line == 1 => continue,
                    _ => before_header = false,
                }
            }
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' => {
                    line += 1;
                    if !in_quotes {
                        // Record `record` (0 = header) ended; the next starts on `line`.
                        if record >= 1 && wanted.contains(&(record - 1)) {
                            out.insert(record - 1, record_start);
                        }
                        record += 1;
                        record_start = line;
                        if record > last + 1 {
                            return out;
                        }
                    }
                }
                _ => {}
            }
        }
        if record >= 1 && wanted.contains(&(record - 1)) {
            out.insert(record - 1, record_start);
        }
        out
    }
}
