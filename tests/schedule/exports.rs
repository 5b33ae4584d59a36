//! The exports' columns and values (docs/figures.md): CSV headers in the
//! documented order, metrics.json against the CSVs, nulls, cumulative sums.

use serde_json::Value;

use super::MID_MONTH_DEAL;
use crate::common::{
    Built, DataDir, assert_close, assert_num, build, exact_num, num, parse_csv, text,
};

// ---------------------------------------------------------------- 8 h

const DEALS_COLUMNS: &[&str] = &[
    "id",
    "title",
    "buyer",
    "provider",
    "status",
    "start",
    "end",
    "effective_end",
    "term_months",
    "term_days",
    "total_usd",
    "total_usd_low",
    "total_usd_high",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "power_mw",
    "gpus",
    "h100e",
    "usd_per_gpu_hour",
    "usd_per_gpu_hour_low",
    "usd_per_gpu_hour_high",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
    "utilization",
    "market_usd",
    "market_premium",
];

const SCHEDULE_COLUMNS: &[&str] = &[
    "deal",
    "month",
    "active_days",
    "payment_usd",
    "payment_usd_low",
    "payment_usd_high",
    "cumulative_usd",
    "contracted_gpu_hours",
    "usd_per_gpu_hour",
    "used_gpu_hours",
    "utilization",
    "usd_per_used_gpu_hour",
    "market_usd",
];

const BY_YEAR_COLUMNS: &[&str] = &[
    "deal",
    "year",
    "payment_usd",
    "payment_usd_low",
    "payment_usd_high",
];

/// Two deals: `fleet` (1000 H100 + 500 GB200, 100 MW) and `mid-month`
/// (no capacity), as_of 2026-03-10.
fn two_deals() -> DataDir {
    DataDir::new()
        .site("2026-03-10")
        .gpus_h100()
        .file("deals/mid-month.yaml", MID_MONTH_DEAL)
        .file(
            "deals/fleet.yaml",
            r#"id: fleet
title: Mixed fleet
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2025-11-16
end: 2027-01-31
price:
  monthly: 300000
capacity:
  power_mw: 100
  gpus:
    - model: H100
      count: 1000
    - model: GB200
      count: 500
sources:
  - title: Press release
    url: https://example.com/fleet
"#,
        )
}

/// The header row of an export, and its data rows.
#[track_caller]
fn csv(built: &Built, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = built.export(name);
    assert!(!text.contains('\r'), "{name} must use \\n line ends");
    let mut rows = parse_csv(&text);
    assert!(!rows.is_empty(), "{name} is empty");
    let header = rows.remove(0);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), header.len(), "{name} row {} width", i + 2);
    }
    (header, rows)
}

#[test]
fn export_csv_headers_follow_the_spec_column_order() {
    let built = build(&two_deals());
    for (name, columns) in [
        ("deals.csv", DEALS_COLUMNS),
        ("schedule.csv", SCHEDULE_COLUMNS),
        ("by_year.csv", BY_YEAR_COLUMNS),
    ] {
        let (header, _) = csv(&built, name);
        // more columns may follow; these come first, in this order
        assert!(
            header.len() >= columns.len(),
            "{name} has too few columns: {header:?}"
        );
        assert_eq!(&header[..columns.len()], columns, "{name} header");
    }
}

#[test]
fn metrics_json_objects_have_exactly_the_csv_columns_and_same_values() {
    let built = build(&two_deals());
    for (name, key) in [
        ("deals.csv", "deals"),
        ("schedule.csv", "schedule"),
        ("by_year.csv", "by_year"),
    ] {
        let (header, rows) = csv(&built, name);
        let exact = built.metrics_exact();
        let objects = exact[key].as_array().expect("array");
        assert_eq!(objects.len(), rows.len(), "{key}: JSON rows vs {name} rows");
        let mut want: Vec<&str> = header.iter().map(String::as_str).collect();
        want.sort_unstable();
        for (obj, row) in objects.iter().zip(&rows) {
            let mut keys: Vec<&str> = obj
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            assert_eq!(keys, want, "{key} object keys vs {name} header");
            for (col, cell) in header.iter().zip(row) {
                match &obj[col.as_str()] {
                    Value::Null => assert_eq!(cell, "", "{name} {col}: null is an empty cell"),
                    Value::String(s) => assert_eq!(cell, s, "{name} {col}"),
                    // SPEC.md 10.4: intermediary is true/false in CSV, a JSON boolean.
                    Value::Bool(b) => assert_eq!(cell, &b.to_string(), "{name} {col}"),
                    number @ Value::Object(_) => {
                        let json = exact_num(number).expect("a number");
                        let parsed: f64 = cell
                            .parse()
                            .unwrap_or_else(|e| panic!("{name} {col}: {cell:?}: {e}"));
                        // exported unrounded: the same f64 both ways, bit for bit
                        assert_eq!(
                            parsed.to_bits(),
                            json.to_bits(),
                            "{name} {col}: CSV {cell:?} vs JSON {json:?}"
                        );
                    }
                    other => panic!("{key}.{col}: unexpected JSON value {other}"),
                }
            }
        }
    }
}

#[test]
fn deals_csv_writes_null_as_an_empty_cell_and_sorts_by_id() {
    let built = build(&two_deals());
    let (header, rows) = csv(&built, "deals.csv");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r[col("id")].as_str()).collect();
    // one row per deal, sorted by id
    assert_eq!(ids, ["fleet", "mid-month"]);
    let no_capacity = &rows[1];
    for name in [
        "power_mw",
        "gpus",
        "h100e",
        "usd_per_gpu_hour",
        "usd_per_h100e_hour",
        "usd_per_mw_month",
    ] {
        assert_eq!(
            no_capacity[col(name)],
            "",
            "mid-month {name} should be empty"
        );
    }
    let fleet = &rows[0];
    assert_eq!(fleet[col("gpus")].parse::<f64>().unwrap(), 1500.0);
    assert_eq!(fleet[col("power_mw")].parse::<f64>().unwrap(), 100.0);
}

#[test]
fn cumulative_usd_is_the_running_sum_within_each_deal() {
    let built = build(&two_deals());
    // sorted by deal id, then month
    let order: Vec<(String, String)> = built.metrics["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (text(r, "deal").to_owned(), text(r, "month").to_owned()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "schedule sorted by deal then month");

    // mid-month: 170000, 310000, 310000, 103333.333...
    //   cumulative 170000, 480000, 790000, 893333.333...
    let rows = built.schedule("mid-month");
    let cumulative: Vec<f64> = rows
        .iter()
        .map(|r| num(r, "cumulative_usd").unwrap())
        .collect();
    assert_eq!(cumulative.len(), 4);
    for (got, want) in cumulative
        .iter()
        .zip([170000.0, 480000.0, 790000.0, 893333.3333333334])
    {
        assert_close(*got, want);
    }
    // fleet: 2025-11 is 16..30 = 15/30 -> 150000, then 14 months of 300000
    //   (2025-12 .. 2027-01): cumulative restarts at 150000, ends at
    //   150000 + 14 * 300000 = 4350000
    let rows = built.schedule("fleet");
    assert_eq!(rows.len(), 15);
    assert_num(rows[0], "cumulative_usd", 150000.0);
    assert_num(rows[1], "cumulative_usd", 450000.0);
    assert_num(rows[14], "cumulative_usd", 4350000.0);
    assert_num(built.deal("fleet"), "total_usd", 4350000.0);
}

#[test]
fn h100e_counts_in_units_of_the_catalogue_reference_model() {
    // reference: GB200 (2500 TFLOPS), so h100e(H100) = 989 / 2500 = 0.3956 and
    // h100e(GB200) = 1. Fleet: 1000 H100 + 100 GB200 -> H = 395.6 + 100 = 495.6.
    // January 2026 (N = 31) at 3687264: usd_per_h100e_hour = 3687264 / (495.6 * 744)
    //   = 3687264 / 368726.4 = 10; usd_per_gpu_hour = 3687264 / (1100 * 744)
    //   = 3687264 / 818400 = 4.50545454...
    let data = DataDir::new()
        .site("2025-12-01")
        .file(
            "gpus.yaml",
            "reference: GB200\n\
             models:\n\
             \x20 - {id: H100, name: NVIDIA H100 SXM, vendor: NVIDIA, bf16_dense_tflops: 989, memory_gb: 80}\n\
             \x20 - {id: GB200, name: NVIDIA GB200, vendor: NVIDIA, bf16_dense_tflops: 2500, memory_gb: 192}\n",
        )
        .file(
            "deals/ref.yaml",
            "id: ref\ntitle: Reference\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: 2026-01-01\nend: 2026-01-31\n\
             price:\n  monthly: 3687264\n\
             capacity:\n  gpus:\n    - {model: H100, count: 1000}\n    - {model: GB200, count: 100}\n\
             sources:\n  - title: Press release\n    url: https://example.com/ref\n",
        );
    let built = build(&data);
    let deal = built.deal("ref");
    assert_num(deal, "gpus", 1100.0);
    assert_num(deal, "h100e", 495.6);
    assert_num(deal, "usd_per_h100e_hour", 10.0);
    assert_num(deal, "usd_per_gpu_hour", 4.505454545454545);
}

#[test]
fn a_horizon_before_the_start_leaves_nothing_within_it() {
    // horizon 2026-06; the deal runs 2026-09-01 .. 2026-10-31 at 1000 a month.
    let data = DataDir::new()
        .file(
            "site.yaml",
            "title: Test\nas_of: 2026-01-15\nhorizon: 2026-06\n",
        )
        .file(
            "deals/later.yaml",
            "id: later\ntitle: Later\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: 2026-09-01\nend: 2026-10-31\n\
             price:\n  monthly: 1000\n\
             sources:\n  - title: Press release\n    url: https://example.com/later\n",
        );
    let built = build(&data);
    let deal = built.deal("later");
    // no schedule month is <= 2026-06: a sum of nothing, 0 (not null)
    assert_eq!(num(deal, "within_horizon_usd"), Some(0.0));
    assert_num(deal, "total_usd", 2000.0);
    // the schedule and by_year still cover the whole term
    assert_eq!(built.schedule("later").len(), 2);
    let years = built.by_year("later");
    assert_eq!(years.len(), 1);
    assert_num(years[0], "payment_usd", 2000.0);
}
