//! Paid, remaining, present value and the horizon at as_of (docs/figures.md).

use super::MID_MONTH_DEAL;
use crate::common::{DataDir, assert_close, assert_num, build, build_with, num, text};

// ---------------------------------------------------------------- 7.1 f

#[test]
fn paid_remaining_pv_and_horizon_at_mid_month_as_of() {
    let data = DataDir::new()
        .file(
            "site.yaml",
            "title: Test\nas_of: 2026-03-10\nhorizon: 2026-03\ndiscount_rate: 0.1\n",
        )
        .file("deals/mid-month.yaml", MID_MONTH_DEAL);
    let built = build(&data);
    assert_eq!(built.metrics["as_of"], "2026-03-10");
    assert_eq!(built.metrics["horizon"], "2026-03");
    assert_close(built.metrics["discount_rate"].as_f64().unwrap(), 0.1);
    let deal = built.deal("mid-month");
    assert_eq!(text(deal, "status"), "active");
    // paid: Jan 170000 (all), Feb 310000 (all),
    //       Mar 1..10 (as_of counts) = 10/31 of 310000 = 100000, Apr 0
    //   = 580000
    assert_num(deal, "paid_to_date_usd", 580000.0);
    // 893333.333... - 580000 = 313333.333...
    assert_num(deal, "remaining_usd", 313333.3333333333);
    // unpaid Mar 210000 at last_m 2026-03-31: t = 21/365.25
    //   210000 / 1.1^(21/365.25) = 208852.37958936876
    // unpaid Apr 103333.333 at last_m 2026-04-10: t = 31/365.25
    //   103333.333 / 1.1^(31/365.25) = 102500.81115313932
    // sum = 311353.1907425081
    assert_num(deal, "remaining_pv_usd", 311353.1907425081);
    // horizon 2026-03: Jan + Feb + Mar = 170000 + 310000 + 310000 = 790000
    assert_num(deal, "within_horizon_usd", 790000.0);
    // schedule and by_year still cover the whole term, past the horizon
    assert_eq!(built.schedule("mid-month").len(), 4);
    assert_num(
        built.by_year("mid-month")[0],
        "payment_usd",
        893333.3333333334,
    );
}

#[test]
fn pv_before_start_discounts_every_month_from_its_last_day_at_default_rate() {
    let data = DataDir::new()
        .site("2025-12-31")
        .file("deals/mid-month.yaml", MID_MONTH_DEAL);
    let built = build(&data);
    assert_close(built.metrics["discount_rate"].as_f64().unwrap(), 0.08);
    let deal = built.deal("mid-month");
    assert_eq!(text(deal, "status"), "upcoming");
    assert_num(deal, "paid_to_date_usd", 0.0);
    assert_num(deal, "remaining_usd", 893333.3333333334);
    // r = 0.08 (default); days from as_of 2025-12-31 to each last_m:
    //   Jan 31 -> 31,  170000 / 1.08^(31/365.25)  = 168893.188396618
    //   Feb 28 -> 59,  310000 / 1.08^(59/365.25)  = 306170.00957056234
    //   Mar 31 -> 90,  310000 / 1.08^(90/365.25)  = 304176.6418105607
    //   Apr 10 -> 100, 103333.333 / 1.08^(100/365.25) = 101178.7975073299
    //   sum = 880418.637285071
    assert_num(deal, "remaining_pv_usd", 880418.637285071);
}

#[test]
fn as_of_on_the_last_day_counts_that_day_as_paid() {
    let data = DataDir::new()
        .site("2026-04-10")
        .file("deals/mid-month.yaml", MID_MONTH_DEAL);
    let built = build(&data);
    let deal = built.deal("mid-month");
    // as_of == effective end: active, everything paid
    assert_eq!(text(deal, "status"), "active");
    assert_num(deal, "paid_to_date_usd", 893333.3333333334);
    assert_num(deal, "remaining_usd", 0.0);
    assert_num(deal, "remaining_pv_usd", 0.0);
}

#[test]
fn within_horizon_defaults_to_december_2029() {
    let data = DataDir::new().site("2029-01-01").file(
        "deals/late.yaml",
        r#"id: late
title: Runs past the default horizon
buyer: Buyer Co
provider: Provider Co
announced: 2028-12-01
start: 2029-11-01
end: 2030-02-28
price:
  monthly: 100000
sources:
  - title: Press release
    url: https://example.com/late
"#,
    );
    let built = build(&data);
    assert_eq!(built.metrics["horizon"], "2029-12");
    let deal = built.deal("late");
    // 4 full months of 100000; horizon 2029-12 keeps Nov + Dec 2029
    assert_num(deal, "total_usd", 400000.0);
    assert_num(deal, "within_horizon_usd", 200000.0);
    // the schedule and by_year run past the horizon
    assert_eq!(built.schedule("late").len(), 4);
    let years: Vec<f64> = built
        .by_year("late")
        .iter()
        .map(|r| num(r, "year").unwrap())
        .collect();
    assert_eq!(years, [2029.0, 2030.0]);
}

#[test]
fn by_year_has_one_row_per_calendar_year_of_the_schedule() {
    let data = DataDir::new().site("2026-01-01").file(
        "deals/three-years.yaml",
        r#"id: three-years
title: Spans three calendar years
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-11-16
end: 2028-01-15
price:
  monthly: 300000
sources:
  - title: Press release
    url: https://example.com/three-years
"#,
    );
    let built = build(&data);
    let rows = built.by_year("three-years");
    let years: Vec<f64> = rows.iter().map(|r| num(r, "year").unwrap()).collect();
    assert_eq!(years, [2026.0, 2027.0, 2028.0]);
    // 2026: Nov 16..30 = 15/30 -> 150000, Dec 300000       = 450000
    assert_num(rows[0], "payment_usd", 450000.0);
    // 2027: 12 * 300000                                    = 3600000
    assert_num(rows[1], "payment_usd", 3600000.0);
    // 2028: Jan 1..15 = 15/31 -> 300000 * 15/31           = 145161.2903...
    assert_num(rows[2], "payment_usd", 145161.29032258064);
    // 450000 + 3600000 + 145161.29 = 4195161.29
    assert_num(built.deal("three-years"), "total_usd", 4195161.29032258);
}

#[test]
fn as_of_flag_overrides_site_as_of() {
    let data = DataDir::new()
        .site("2026-01-01")
        .file("deals/mid-month.yaml", MID_MONTH_DEAL);
    let built = build_with(&data, &["--as-of", "2026-03-10"]);
    assert_eq!(built.metrics["as_of"], "2026-03-10");
    let deal = built.deal("mid-month");
    // with site.yaml's 2026-01-01 it would be upcoming with nothing paid
    assert_eq!(text(deal, "status"), "active");
    // 170000 + 310000 + 310000 * 10/31 = 580000 (see the mid-month as_of test)
    assert_num(deal, "paid_to_date_usd", 580000.0);
    // r = 0.08: 210000 / 1.08^(21/365.25) + 103333.333 / 1.08^(31/365.25)
    //   = 209072.8312055574 + 102660.56549598348 = 311733.39670154086
    assert_num(deal, "remaining_pv_usd", 311733.39670154086);
}
