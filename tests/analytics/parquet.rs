//! SPEC.md 7.3, 8: a usage dataset gives the same exports whether it is
//! written as CSV or as Parquet (dates as text or as a Date column), and a
//! bad Parquet row is reported by its 1-based data row.

use chrono::NaiveDate;
use polars::prelude::*;

use super::build_fails;
use super::usage::acme;
use crate::common::{DataDir, build};

/// The usage rows of every variant: (deal, date, gpu_hours).
const ROWS: &[(&str, &str, f64)] = &[
    ("acme", "2026-01-12", 100.5),
    ("acme", "2026-01-31", 200.25),
    ("idle", "2026-02-01", 7.0),
    ("acme", "2026-03-05", 0.0),
    ("acme", "2026-04-20", 1234.125),
    ("acme", "2026-01-12", 3.0),
];

#[track_caller]
fn write_parquet(data: &DataDir, rel: &str, mut df: DataFrame) {
    let path = data.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create usage/");
    let file = std::fs::File::create(&path).expect("create parquet file");
    ParquetWriter::new(file)
        .finish(&mut df)
        .expect("write parquet file");
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn frame_with_text_dates(rows: &[(&str, &str, f64)]) -> DataFrame {
    df!(
        "deal" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "date" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "gpu_hours" => rows.iter().map(|r| r.2).collect::<Vec<f64>>(),
    )
    .expect("a frame")
}

fn frame_with_date_column(rows: &[(&str, &str, f64)]) -> DataFrame {
    df!(
        "deal" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "date" => rows.iter().map(|r| date(r.1)).collect::<Vec<NaiveDate>>(),
        "gpu_hours" => rows.iter().map(|r| r.2).collect::<Vec<f64>>(),
    )
    .expect("a frame")
}

fn exports(data: &DataDir) -> [String; 3] {
    let built = build(data);
    ["deals.csv", "schedule.csv", "by_year.csv"].map(|name| built.export(name))
}

#[test]
fn parquet_and_csv_usage_give_byte_identical_exports() {
    let mut csv = String::from("deal,date,gpu_hours\n");
    for (deal, day, hours) in ROWS {
        csv.push_str(&format!("{deal},{day},{hours}\n"));
    }
    let from_csv = exports(&acme().file("usage/u.csv", &csv));

    let text_dates = acme();
    write_parquet(&text_dates, "usage/u.parquet", frame_with_text_dates(ROWS));
    let date_column = acme();
    write_parquet(
        &date_column,
        "usage/u.parquet",
        frame_with_date_column(ROWS),
    );

    // The usage really reached the exports: Jan = 100.5 + 200.25 + 3 = 303.75
    assert!(from_csv[1].contains(",303.75,"), "{}", from_csv[1]);
    for (variant, data) in [("text dates", &text_dates), ("Date column", &date_column)] {
        let from_parquet = exports(data);
        for (name, (a, b)) in ["deals.csv", "schedule.csv", "by_year.csv"]
            .iter()
            .zip(from_csv.iter().zip(&from_parquet))
        {
            assert_eq!(a, b, "{name} from CSV and from Parquet ({variant}) differ");
        }
    }
}

#[test]
fn parquet_row_errors_name_the_one_based_data_row() {
    let data = acme();
    write_parquet(
        &data,
        "usage/u.parquet",
        frame_with_text_dates(&[
            ("acme", "2026-01-12", 10.0),
            ("acme", "2026-01-13", -1.0),
            ("nope", "2026-01-14", 5.0),
            ("acme", "2026-06-01", 5.0),
        ]),
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/u.parquet: row 2: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found \"-1.0\"\n\
         error: DATA/usage/u.parquet: row 3: `deal`: expected the id of a deal in deals/, found \"nope\"\n\
         error: DATA/usage/u.parquet: row 4: `date`: 2026-06-01 is outside the schedule of acme (2026-01 to 2026-04), found month 2026-06\n\
         3 errors in the data\n"
    );
}

/// Regression (src/compute/usage.rs and market.rs, blank-line filter): a Parquet
/// row of nulls was dropped as if it were a blank CSV line; Parquet has no lines,
/// so it is a row of bad values.
#[test]
fn parquet_usage_row_of_nulls_is_an_error_not_a_blank_line() {
    let data = acme();
    let usage = df!(
        "deal" => [Some("acme"), None],
        "date" => [Some("2026-01-12"), None],
        "gpu_hours" => [Some(10.0), None],
    )
    .expect("a frame");
    write_parquet(&data, "usage/u.parquet", usage);
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/u.parquet: row 2: `deal`: expected the id of a deal in deals/, found \"\"\n\
         error: DATA/usage/u.parquet: row 2: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found an empty cell\n\
         2 errors in the data\n"
    );
}

/// The same regression for market files (src/compute/market.rs).
#[test]
fn parquet_market_row_of_nulls_is_an_error_not_a_blank_line() {
    let data = acme();
    let market = df!(
        "date" => [Some(date("2026-01-01")), None],
        "gpu_model" => [Some("H100"), None],
        "usd_per_gpu_hour" => [Some(2.0), None],
    )
    .expect("a frame");
    write_parquet(&data, "market/m.parquet", market);
    assert_eq!(
        build_fails(&data),
        "error: DATA/market/m.parquet: row 2: `date`: expected a date written YYYY-MM-DD, found \"\"\n\
         1 error in the data\n"
    );
}

/// Issue 11: a Hive-partitioned Parquet dataset under usage/ (Spark's
/// `partitionBy("year", "month")` layout, with its `_SUCCESS` marker) is read
/// as one table: the same exports as the rows in one file. The `month=01` keys
/// of the paths are layout, not a `month` column beside `date`.
#[test]
fn a_hive_partitioned_parquet_dataset_is_read_as_one_table() {
    let one_file = acme();
    write_parquet(&one_file, "usage/u.parquet", frame_with_text_dates(ROWS));
    let partitioned = acme();
    let mut months: Vec<&str> = ROWS.iter().map(|r| &r.1[..7]).collect();
    months.sort_unstable();
    months.dedup();
    for month in months {
        let rows: Vec<_> = ROWS
            .iter()
            .copied()
            .filter(|r| r.1.starts_with(month))
            .collect();
        let (y, m) = month.split_at(4);
        write_parquet(
            &partitioned,
            &format!("usage/telemetry/year={y}/month={}/part-0.parquet", &m[1..]),
            frame_with_date_column(&rows),
        );
    }
    let partitioned = partitioned.file("usage/telemetry/_SUCCESS", "");
    let (a, b) = (exports(&one_file), exports(&partitioned));
    assert!(b[1].contains(",303.75,"), "{}", b[1]);
    assert_eq!(a, b);
}

/// A bad row of a partitioned dataset names the dataset and the row, counted
/// across its files in path order.
#[test]
fn a_bad_row_of_a_partitioned_dataset_names_the_dataset_and_row() {
    let data = acme();
    write_parquet(
        &data,
        "usage/telemetry/year=2026/month=01/part-0.parquet",
        frame_with_text_dates(&[("acme", "2026-01-12", 10.0), ("acme", "2026-01-13", 2.0)]),
    );
    write_parquet(
        &data,
        "usage/telemetry/year=2026/month=02/part-0.parquet",
        frame_with_text_dates(&[("nope", "2026-02-01", 5.0)]),
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/telemetry: row 3: `deal`: expected the id of a deal in deals/, found \"nope\"\n\
         1 error in the data\n"
    );
}
