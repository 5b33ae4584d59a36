//! Figures frames -> plain tables of typed cells, the one form that both the
//! CSV and JSON exports and the pages read, so that they cannot disagree.

use chrono::NaiveDate;
use polars::prelude::*;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn num(&self) -> Option<f64> {
        match self {
            Cell::Num(x) => Some(*x),
            Cell::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Str(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            // The shortest decimal that reads back as the same f64, never -0.
            Cell::Num(x) => super::format::plain(*x),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

impl Cell {
    /// The cell as a CSV export writes it: [`Cell::text`], except that text
    /// beginning like a formula gets a leading apostrophe, so that a title
    /// such as `=HYPERLINK(..)` opens in a spreadsheet as the text it is
    /// (OWASP's advice). Numbers, dates and booleans are never text here: a
    /// negative number stays a number. JSON keeps the text as written.
    pub fn csv_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Str(s) if s.starts_with(crate::registry::CSV_FORMULA_STARTS) => {
                format!("'{s}").into()
            }
            Cell::Str(s) => s.as_str().into(),
            other => other.text().into(),
        }
    }
}

/// A cell as JSON: numbers as numbers (a non-finite one, which the figures
/// never hold, as null), dates as `YYYY-MM-DD` strings, null as null.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Str(x) => s.serialize_str(x),
            Cell::Int(i) => s.serialize_i64(*i),
            Cell::Num(x) if x.is_finite() => s.serialize_f64(super::format::unsigned_zero(*x)),
            Cell::Num(_) => s.serialize_none(),
            Cell::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            Cell::Bool(b) => s.serialize_bool(*b),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn from_frame(df: &DataFrame) -> Result<Table> {
        let columns: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let height = df.height();
        let mut rows = vec![Vec::with_capacity(columns.len()); height];
        for column in df.columns() {
            let series = column.as_materialized_series();
            let cells: Vec<Cell> = match series.dtype() {
                DataType::Float64 => series
                    .f64()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, Cell::Num))
                    .collect(),
                DataType::Float32 => series
                    .f32()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, |x| Cell::Num(x.into())))
                    .collect(),
                DataType::Int64 => series
                    .i64()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, Cell::Int))
                    .collect(),
                DataType::Int32 => series
                    .i32()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, |x| Cell::Int(x.into())))
                    .collect(),
                DataType::UInt32 => series
                    .u32()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, |x| Cell::Int(x.into())))
                    .collect(),
                DataType::String => series
                    .str()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, |s| Cell::Str(s.to_string())))
                    .collect(),
                DataType::Boolean => series
                    .bool()?
                    .iter()
                    .map(|v| v.map_or(Cell::Null, Cell::Bool))
                    .collect(),
                DataType::Date => {
                    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
                    series
                        .date()?
                        .physical()
                        .iter()
                        .map(|v| {
                            v.map_or(Cell::Null, |days| {
                                Cell::Date(epoch + chrono::Duration::days(days.into()))
                            })
                        })
                        .collect()
                }
                DataType::Null => vec![Cell::Null; height],
                other => {
                    let casted = series.cast(&DataType::Float64)?;
                    debug_assert!(false, "unexpected dtype {other}");
                    casted
                        .f64()?
                        .iter()
                        .map(|v| v.map_or(Cell::Null, Cell::Num))
                        .collect()
                }
            };
            for (row, cell) in rows.iter_mut().zip(cells) {
                row.push(cell);
            }
        }
        Ok(Table { columns, rows })
    }

    /// The contiguous rows whose text `column` equals `key`, in a table sorted by
    /// that column (deals, schedule and by_year are sorted by deal): a binary
    /// search, so that a page per deal does not scan every deal's rows.
    pub fn sorted_rows(&self, column: &str, key: &str) -> &[Vec<Cell>] {
        &self.rows[self.sorted_range(column, key)]
    }

    /// The indices of [`Table::sorted_rows`].
    pub fn sorted_range(&self, column: &str, key: &str) -> std::ops::Range<usize> {
        let Some(i) = self.index(column) else {
            return 0..0;
        };
        fn text(row: &[Cell], i: usize) -> &str {
            match &row[i] {
                Cell::Str(s) => s.as_str(),
                _ => "",
            }
        }
        let start = self.rows.partition_point(|r| text(r, i) < key);
        let end = start + self.rows[start..].partition_point(|r| text(r, i) == key);
        start..end
    }

    pub fn index(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }

    /// CSV: header row, `\n` line ends, empty cell for null, quoted where needed.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_csv(&mut out).expect("writing to memory");
        out
    }

    /// [`Table::to_csv`], with the byte offset where each row ends: a run of
    /// rows as CSV is the header and the bytes between two offsets.
    pub fn csv_with_row_ends(&self) -> (Vec<u8>, usize, Vec<usize>) {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let end = |w: &mut csv::Writer<Vec<u8>>| {
            w.flush().expect("writing to memory");
            w.get_ref().len()
        };
        w.write_record(&self.columns).expect("writing to memory");
        let header = end(&mut w);
        let mut ends = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            w.write_record(row.iter().map(|c| c.csv_text().into_owned()))
                .expect("writing to memory");
            ends.push(end(&mut w));
        }
        (w.into_inner().expect("writing to memory"), header, ends)
    }

    /// As [`Table::to_csv`], to a writer.
    pub fn write_csv(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        w.write_record(&self.columns)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| c.csv_text().into_owned()))?;
        }
        w.flush()
    }
}

/// A table as a JSON array of one object per row, keys exactly the columns,
/// in order; serialized straight from the cells, with no intermediate values.
pub struct JsonRows<'a>(pub &'a Table);

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let table = self.0;
        let mut seq = s.serialize_seq(Some(table.rows.len()))?;
        for row in &table.rows {
            seq.serialize_element(&JsonRow {
                columns: &table.columns,
                row,
            })?;
        }
        seq.end()
    }
}

struct JsonRow<'a> {
    columns: &'a [String],
    row: &'a [Cell],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.columns.len()))?;
        for (key, cell) in self.columns.iter().zip(self.row) {
            map.serialize_entry(key, cell)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_rows_cut_from_the_csv_is_the_csv_of_those_rows() {
        let row = |deal: &str, note: &str, x: f64| {
            vec![Cell::Str(deal.into()), Cell::Str(note.into()), Cell::Num(x)]
        };
        let table = Table {
            columns: ["deal", "note", "usd"].map(String::from).to_vec(),
            rows: vec![
                row("a", "plain", 1.5),
                // A quoted field over two lines, a comma and a quote.
                row("b", "two\nlines, \"quoted\"", 0.1),
                row("b", "", 1e21),
                row("c", "x", -0.0),
            ],
        };
        let (bytes, header, ends) = table.csv_with_row_ends();
        assert_eq!(bytes, table.to_csv());
        assert_eq!(&bytes[..header], b"deal,note,usd\n");
        let rows = table.sorted_range("deal", "b");
        assert_eq!(rows, 1..3);
        let cut = [
            &bytes[..header],
            &bytes[ends[rows.start - 1]..ends[rows.end - 1]],
        ]
        .concat();
        let own = Table {
            columns: table.columns.clone(),
            rows: table.sorted_rows("deal", "b").to_vec(),
        };
        assert_eq!(cut, own.to_csv());
        assert_eq!(
            String::from_utf8(cut).unwrap(),
            "deal,note,usd\nb,\"two\nlines, \"\"quoted\"\"\",0.1\nb,,1000000000000000000000\n"
        );
        assert_eq!(table.sorted_range("deal", "zz"), 4..4);
        // A negative zero is written as 0.
        assert!(table.to_csv().ends_with(b"c,x,0\n"));
    }

    #[test]
    fn text_that_starts_like_a_formula_gets_an_apostrophe_in_csv_only() {
        let text = |s: &str| Cell::Str(s.into());
        let table = Table {
            columns: ["title", "buyer", "usd", "note"].map(String::from).to_vec(),
            rows: vec![
                vec![
                    text("=HYPERLINK(\"http://x\",\"y\")"),
                    text("@SUM(A1)"),
                    Cell::Num(-1.5),
                    text("-1"),
                ],
                vec![text("+1"), text("\tx"), Cell::Int(-3), text("\rx")],
                vec![text("a=b"), text("Acme"), Cell::Num(0.5), Cell::Null],
            ],
        };
        assert_eq!(
            String::from_utf8(table.to_csv()).unwrap(),
            "title,buyer,usd,note\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),-1.5,'-1\n\
             '+1,'\tx,-3,\"'\rx\"\n\
             a=b,Acme,0.5,\n"
        );
        // JSON keeps the text as written.
        let json = serde_json::to_string(&JsonRows(&table)).unwrap();
        assert!(
            json.starts_with(
                r#"[{"title":"=HYPERLINK(\"http://x\",\"y\")","buyer":"@SUM(A1)","usd":-1.5"#
            ),
            "{json}"
        );
    }
}
