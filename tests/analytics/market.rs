//! SPEC.md 7.4: the fleet valued at market rental prices, month by month, and
//! the deal's premium over it; the market file rules.

use super::{assert_null, build_fails, with_deal};
use crate::common::{DataDir, assert_num, build, text};

/// Prices for H100 in one file (rows out of date order, one after every
/// schedule month), GB200 in another (with the optional `source` column).
fn market_data() -> DataDir {
    // as_of precedes every price: there is no as_of cut-off.
    DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file(
            "market/a-h100.csv",
            "date,gpu_model,usd_per_gpu_hour\n\
             2026-04-30,H100,3.0\n\
             2026-02-15,H100,2\n\
             2026-07-01,H100,9\n\
             2026-04-01,H100,2.5\n",
        )
        .file(
            "market/b-gb200.csv",
            "date,gpu_model,usd_per_gpu_hour,source\n\
             2026-03-31,GB200,5,\"Broker quote, March\"\n",
        )
}

#[test]
fn market_value_uses_the_latest_price_on_or_before_each_month_end() {
    let data = with_deal(
        market_data(),
        "fleet1",
        "2026-01-10",
        "2026-06-15",
        "price:\n  monthly: 300000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\n",
    );
    let built = build(&data);
    let rows = built.schedule("fleet1");
    let months: Vec<&str> = rows.iter().map(|r| text(r, "month")).collect();
    assert_eq!(
        months,
        [
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"
        ]
    );
    // Jan: the first H100 price is dated 2026-02-15 -> null
    assert_null(rows[0], "market_usd");
    // Feb: the 2026-02-15 price covers the whole month: 10 * 2 * 24 * 28 = 13440
    assert_num(rows[1], "market_usd", 13440.0);
    // Mar: still 2.0: 10 * 2 * 24 * 31 = 14880
    assert_num(rows[2], "market_usd", 14880.0);
    // Apr: 2.5 (04-01) is superseded by 3.0 (04-30 = the last day): 10 * 3 * 24 * 30 = 21600
    assert_num(rows[3], "market_usd", 21600.0);
    // May: 3.0 (the 07-01 price is later than 05-31): 10 * 3 * 24 * 31 = 22320
    assert_num(rows[4], "market_usd", 22320.0);
    // Jun: d = 15 active days: 10 * 3 * 24 * 15 = 10800
    assert_num(rows[5], "market_usd", 10800.0);

    let deal = built.deal("fleet1");
    // 13440 + 14880 + 21600 + 22320 + 10800 = 83040 (Jan, null, is left out)
    assert_num(deal, "market_usd", 83040.0);
    // payments over Feb..Jun: 300000 * 4 + 300000 * 15/30 = 1350000 (Jan's
    // 300000 * 22/31 is left out); 1350000 / 83040 - 1 = 15.257225433526012
    assert_num(deal, "market_premium", 15.257225433526012);
    // the premium is not taken over the whole term: 1562903.2 / 83040 - 1 would be 17.82
    assert_num(deal, "total_usd", 1562903.2258064516);
}

#[test]
fn market_value_is_null_in_months_where_one_model_of_the_fleet_has_no_price() {
    let data = with_deal(
        market_data(),
        "fleet2",
        "2026-01-01",
        "2026-04-30",
        "price:\n  monthly: 100000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\n    - model: GB200\n      count: 4\n",
    );
    let data = with_deal(
        data,
        "nogpu",
        "2026-01-01",
        "2026-02-28",
        "price:\n  monthly: 100000\ncapacity:\n  power_mw: 5\n",
    );
    let built = build(&data);
    let rows = built.schedule("fleet2");
    assert_eq!(rows.len(), 4);
    // Jan: no H100 price yet -> null
    assert_null(rows[0], "market_usd");
    // Feb: H100 at 2.0 but no GB200 price until 03-31 -> null
    assert_null(rows[1], "market_usd");
    // Mar: (10 * 2.0 + 4 * 5.0) * 24 * 31 = 40 * 744 = 29760
    assert_num(rows[2], "market_usd", 29760.0);
    // Apr: (10 * 3.0 + 4 * 5.0) * 24 * 30 = 50 * 720 = 36000
    assert_num(rows[3], "market_usd", 36000.0);
    let deal = built.deal("fleet2");
    // 29760 + 36000 = 65760; (100000 + 100000) / 65760 - 1 = 2.0413625304136254
    assert_num(deal, "market_usd", 65760.0);
    assert_num(deal, "market_premium", 2.0413625304136254);

    // No GPUs: null market value in every month, null premium.
    for row in built.schedule("nogpu") {
        assert_null(row, "market_usd");
    }
    assert_null(built.deal("nogpu"), "market_usd");
    assert_null(built.deal("nogpu"), "market_premium");
}

fn one_deal_with_market(file: &str, contents: &str) -> DataDir {
    with_deal(
        market_data(),
        "fleet1",
        "2026-01-10",
        "2026-06-15",
        "price:\n  monthly: 300000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\n",
    )
    .file(file, contents)
}

#[test]
fn market_two_prices_for_the_same_model_and_date_are_an_error() {
    // a-h100.csv already prices H100 on 2026-02-15; the second price is reported.
    let data = one_deal_with_market(
        "market/c-dup.csv",
        "date,gpu_model,usd_per_gpu_hour\n\
         2026-02-16,H100,2\n\
         \"2026-02-15\",H100,2.2\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/market/c-dup.csv:3: expected one price per model and date, found a second price for H100 on 2026-02-15\n\
         1 error in the data\n"
    );
}

#[test]
fn market_unknown_model_and_non_positive_prices_are_errors() {
    let data = one_deal_with_market(
        "market/c-bad.csv",
        "date,gpu_model,usd_per_gpu_hour\n\
         2026-02-16,A100,2\n\
         \n\
         2026-02-17,H100,0\n\
         2026-02-18,H100,-1.5\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/market/c-bad.csv:2: `gpu_model`: expected a model listed in gpus.yaml, found \"A100\"\n\
         error: DATA/market/c-bad.csv:4: `usd_per_gpu_hour`: expected a number > 0, found \"0\"\n\
         error: DATA/market/c-bad.csv:5: `usd_per_gpu_hour`: expected a number > 0, found \"-1.5\"\n\
         3 errors in the data\n"
    );
}

// Regression: a run with bad usage used to stop before reading the market files,
// so their errors were not reported (SPEC.md 9: a run reports every error).
#[test]
fn market_and_usage_errors_are_reported_in_one_run() {
    let data = one_deal_with_market(
        "market/c-bad.csv",
        "date,gpu_model,usd_per_gpu_hour\n\
         2026-02-16,A100,2\n",
    )
    .file("usage/u.csv", "deal,month,gpu_hours\nnobody,2026-02,5\n");
    assert_eq!(
        build_fails(&data),
        "error: DATA/market/c-bad.csv:2: `gpu_model`: expected a model listed in gpus.yaml, found \"A100\"\n\
         error: DATA/usage/u.csv:2: `deal`: expected the id of a deal in deals/, found \"nobody\"\n\
         2 errors in the data\n"
    );
}

// Regression: a file with a bad row used to stop the run before the duplicate
// check, so a duplicate price in the other files went unreported.
#[test]
fn market_duplicates_are_reported_beside_bad_rows() {
    let data = one_deal_with_market(
        "market/c-dup.csv",
        "date,gpu_model,usd_per_gpu_hour\n\
         2026-02-15,H100,2.2\n",
    )
    .file(
        "market/d-bad.csv",
        "date,gpu_model,usd_per_gpu_hour\n2026-02-16,H100,0\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/market/c-dup.csv:2: expected one price per model and date, found a second price for H100 on 2026-02-15\n\
         error: DATA/market/d-bad.csv:2: `usd_per_gpu_hour`: expected a number > 0, found \"0\"\n\
         2 errors in the data\n"
    );
}

#[test]
fn a_price_dated_after_the_effective_end_but_in_its_month_values_that_month() {
    // short: 2026-01-01 .. 2026-03-31 terminated 2026-02-10, so February has
    // d = 10. H100 at 2 from 2026-01-01 and 3 from 2026-02-20: the latest price
    // on or before February's last day is 3, dated after the effective end.
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "market/h100.csv",
        "date,gpu_model,usd_per_gpu_hour\n2026-01-01,H100,2\n2026-02-20,H100,3\n",
    );
    let data = with_deal(
        data,
        "short",
        "2026-01-01",
        "2026-03-31",
        "terminated: 2026-02-10\nprice:\n  monthly: 28000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\n",
    );
    let built = build(&data);
    let rows = built.schedule("short");
    assert_eq!(rows.len(), 2);
    // Jan: 10 * 2 * 24 * 31 = 14880; Feb: 10 * 3 * 24 * 10 = 7200
    assert_num(rows[0], "market_usd", 14880.0);
    assert_num(rows[1], "market_usd", 7200.0);
    let deal = built.deal("short");
    assert_num(deal, "market_usd", 22080.0);
    // payments 28000 + 28000 * 10/28 = 38000; 38000 / 22080 - 1 = 0.72101449...
    assert_num(deal, "market_premium", 0.7210144927536232);
}
