//! The payment schedule (docs/figures.md): proration of partial months, ramps,
//! escalation, total prices spread by day, and USD string forms.

use super::{MID_MONTH_DEAL, assert_schedule};
use crate::common::{DataDir, assert_close, assert_num, build, num, text};

// ---------------------------------------------------------------- 7.1 a

#[test]
fn mid_month_start_prorates_first_and_last_month() {
    let data = DataDir::new()
        .site("2025-12-01")
        .file("deals/mid-month.yaml", MID_MONTH_DEAL);
    let built = build(&data);
    // Jan: 15..31 = 17 of 31 days -> 310000 * 17/31 = 170000
    // Feb: 28/28, Mar: 31/31      -> 310000 each
    // Apr: 1..10 = 10 of 30 days  -> 310000 * 10/30 = 103333.333...
    assert_schedule(
        &built.schedule("mid-month"),
        &[
            ("2026-01", 17.0, 170000.0),
            ("2026-02", 28.0, 310000.0),
            ("2026-03", 31.0, 310000.0),
            ("2026-04", 10.0, 103333.33333333333),
        ],
    );
    let deal = built.deal("mid-month");
    // N = 17 + 28 + 31 + 10 = 86; 4 schedule rows
    assert_eq!(num(deal, "term_days"), Some(86.0));
    assert_eq!(num(deal, "term_months"), Some(4.0));
    // 170000 + 310000 + 310000 + 103333.333... = 893333.333...
    assert_num(deal, "total_usd", 893333.3333333334);
    // 893333.333... * 365.25 / 12 / 86 = 316172.4806201550...
    assert_num(deal, "monthly_equiv_usd", 316172.48062015505);
    assert_eq!(text(deal, "start"), "2026-01-15");
    assert_eq!(text(deal, "end"), "2026-04-10");
    assert_eq!(text(deal, "effective_end"), "2026-04-10");
    assert_eq!(text(deal, "status"), "upcoming");
}

// ---------------------------------------------------------------- 7.1 b

#[test]
fn ramp_entries_cover_consecutive_positions_and_partial_first_month_uses_one() {
    let data = DataDir::new().site("2025-12-01").file(
        "deals/ramped.yaml",
        r#"id: ramped
title: Ramped deal
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-15
end: 2026-05-31
price:
  monthly: 310000
  ramp:
    - months: 1
      discount: 0.5
    - months: 2
      discount: 0.25
sources:
  - title: Press release
    url: https://example.com/ramped
"#,
    );
    let built = build(&data);
    // position 0 (Jan, partial, uses the whole first ramp month):
    //   310000 * 17/31 * (1 - 0.5) = 170000 * 0.5 = 85000
    // positions 1, 2 (Feb, Mar): 310000 * (1 - 0.25) = 232500
    // positions 3, 4 (Apr, May): no ramp entry -> 310000
    assert_schedule(
        &built.schedule("ramped"),
        &[
            ("2026-01", 17.0, 85000.0),
            ("2026-02", 28.0, 232500.0),
            ("2026-03", 31.0, 232500.0),
            ("2026-04", 30.0, 310000.0),
            ("2026-05", 31.0, 310000.0),
        ],
    );
    let deal = built.deal("ramped");
    // 85000 + 2 * 232500 + 2 * 310000 = 1170000; N = 17+28+31+30+31 = 137
    assert_num(deal, "total_usd", 1170000.0);
    assert_eq!(num(deal, "term_days"), Some(137.0));
    assert_eq!(num(deal, "term_months"), Some(5.0));
}

// ---------------------------------------------------------------- 7.1 c

#[test]
fn escalation_steps_at_first_month_starting_after_mid_month_anniversary() {
    let data = DataDir::new().site("2025-01-01").file(
        "deals/escalating.yaml",
        r#"id: escalating
title: Escalating annual price
buyer: Buyer Co
provider: Provider Co
announced: 2025-01-01
start: 2025-03-15
end: 2028-03-14
price:
  annual: 1200000
  escalation: 0.1
sources:
  - title: Press release
    url: https://example.com/escalating
"#,
    );
    let built = build(&data);
    let rows = built.schedule("escalating");
    // months 2025-03 .. 2028-03 = 37 rows
    assert_eq!(rows.len(), 37);
    let pay = |month: &str| {
        let row = rows
            .iter()
            .find(|r| text(r, "month") == month)
            .unwrap_or_else(|| panic!("no schedule row {month}"));
        num(row, "payment_usd").unwrap()
    };
    // P = 1200000 / 12 = 100000. Anniversaries: 2026-03-15, 2027-03-15.
    // 2025-03: 15..31 = 17/31 days, k=0 -> 100000 * 17/31 = 54838.709677...
    assert_close(pay("2025-03"), 54838.709677419356);
    // 2026-03: first_m 2026-03-01 < 2026-03-15 -> k=0, full month
    assert_close(pay("2026-02"), 100000.0);
    assert_close(pay("2026-03"), 100000.0);
    // 2026-04: first_m 2026-04-01 >= 2026-03-15 -> k=1 -> 100000 * 1.1
    assert_close(pay("2026-04"), 110000.0);
    // 2027-03: k=1; 2027-04: k=2 -> 100000 * 1.1^2 = 121000
    assert_close(pay("2027-03"), 110000.0);
    assert_close(pay("2027-04"), 121000.0);
    // 2028-03: 1..14 = 14/31 days, k=2 (2028-03-15 not reached)
    //   121000 * 14/31 = 54645.161290...
    assert_close(pay("2028-03"), 54645.16129032258);
    let deal = built.deal("escalating");
    // 100000*17/31 + 12*100000 (2025-04..2026-03) + 12*110000 (2026-04..2027-03)
    //   + 11*121000 (2027-04..2028-02) + 121000*14/31
    //   = 54838.7097 + 1200000 + 1320000 + 1331000 + 54645.1613 = 3960483.8710
    assert_num(deal, "total_usd", 3960483.870967742);
    // N = 2025-03-15 .. 2028-03-14 = 1096 days (includes 2028-02-29)
    assert_eq!(num(deal, "term_days"), Some(1096.0));
    assert_eq!(num(deal, "term_months"), Some(37.0));
}

#[test]
fn escalation_applies_in_month_whose_first_day_is_the_anniversary() {
    let data = DataDir::new().site("2025-01-01").file(
        "deals/first-of-month.yaml",
        r#"id: first-of-month
title: Escalation from the first of a month
buyer: Buyer Co
provider: Provider Co
announced: 2025-01-01
start: 2025-03-01
end: 2027-03-31
price:
  monthly: 100000
  escalation: 0.1
sources:
  - title: Press release
    url: https://example.com/first-of-month
"#,
    );
    let built = build(&data);
    let rows = built.schedule("first-of-month");
    assert_eq!(rows.len(), 25); // 2025-03 .. 2027-03
    let pay = |month: &str| {
        let row = rows.iter().find(|r| text(r, "month") == month).unwrap();
        num(row, "payment_usd").unwrap()
    };
    // Anniversaries 2026-03-01 and 2027-03-01 are themselves first_m.
    // (A days/365.25 count would give 365/365.25 < 1 and miss the step.)
    assert_close(pay("2025-03"), 100000.0); // k=0
    assert_close(pay("2026-02"), 100000.0); // 2026-02-01 < 2026-03-01: k=0
    assert_close(pay("2026-03"), 110000.0); // 2026-03-01 >= 2026-03-01: k=1
    assert_close(pay("2027-02"), 110000.0); // k=1
    assert_close(pay("2027-03"), 121000.0); // k=2: 100000 * 1.1^2
    // 12*100000 + 12*110000 + 121000 = 2641000
    assert_num(built.deal("first-of-month"), "total_usd", 2641000.0);
}

#[test]
fn escalation_from_29_february_uses_28_february_anniversaries() {
    let data = DataDir::new().site("2028-01-01").file(
        "deals/leap-day.yaml",
        r#"id: leap-day
title: Leap-day start
buyer: Buyer Co
provider: Provider Co
announced: 2028-01-01
start: 2028-02-29
end: 2030-03-31
price:
  monthly: 290000
  escalation: 0.1
sources:
  - title: Press release
    url: https://example.com/leap-day
"#,
    );
    let built = build(&data);
    let rows = built.schedule("leap-day");
    assert_eq!(rows.len(), 26); // 2028-02 .. 2030-03
    let pay = |month: &str| {
        let row = rows.iter().find(|r| text(r, "month") == month).unwrap();
        num(row, "payment_usd").unwrap()
    };
    // 2028-02: only the 29th -> 290000 * 1/29 = 10000
    assert_close(pay("2028-02"), 10000.0);
    assert_eq!(num(rows[0], "active_days"), Some(1.0));
    // Anniversaries: 2029-02-28, 2030-02-28 (no 29 Feb in those years).
    // 2029-02: first_m 2029-02-01 < 2029-02-28 -> k=0
    assert_close(pay("2029-02"), 290000.0);
    // 2029-03: first_m 2029-03-01 >= 2029-02-28 -> k=1 -> 290000 * 1.1
    assert_close(pay("2029-03"), 319000.0);
    // 2030-02: k=1; 2030-03: k=2 -> 290000 * 1.21 = 350900
    assert_close(pay("2030-02"), 319000.0);
    assert_close(pay("2030-03"), 350900.0);
    // 10000 + 12*290000 (2028-03..2029-02) + 12*319000 (2029-03..2030-02) + 350900
    //   = 10000 + 3480000 + 3828000 + 350900 = 7668900
    assert_num(built.deal("leap-day"), "total_usd", 7668900.0);
}

#[test]
fn ramp_discount_and_escalation_multiply() {
    let data = DataDir::new().site("2025-01-01").file(
        "deals/ramp-escalation.yaml",
        r#"id: ramp-escalation
title: Long ramp across an anniversary
buyer: Buyer Co
provider: Provider Co
announced: 2025-01-01
start: 2025-03-01
end: 2026-04-30
price:
  monthly: 100000
  escalation: 0.1
  ramp:
    - months: 13
      discount: 0.2
sources:
  - title: Press release
    url: https://example.com/ramp-escalation
"#,
    );
    let built = build(&data);
    let rows = built.schedule("ramp-escalation");
    assert_eq!(rows.len(), 14); // 2025-03 .. 2026-04, positions 0..13
    // positions 0..11 (2025-03..2026-02): k=0, ramp 0.2 -> 100000 * 0.8 = 80000
    assert_eq!(text(rows[0], "month"), "2025-03");
    assert_num(rows[0], "payment_usd", 80000.0);
    assert_num(rows[11], "payment_usd", 80000.0);
    // position 12 (2026-03): k=1 (first_m = anniversary), still ramped
    //   100000 * 1.1 * 0.8 = 88000
    assert_eq!(text(rows[12], "month"), "2026-03");
    assert_num(rows[12], "payment_usd", 88000.0);
    // position 13 (2026-04): k=1, past the ramp -> 110000
    assert_num(rows[13], "payment_usd", 110000.0);
    // 12 * 80000 + 88000 + 110000 = 1158000
    assert_num(built.deal("ramp-escalation"), "total_usd", 1158000.0);
}

// ---------------------------------------------------------------- 7.1 d

#[test]
fn total_price_is_spread_by_day_over_the_contracted_term() {
    let data = DataDir::new().site("2026-01-01").file(
        "deals/lump.yaml",
        r#"id: lump
title: Total-price deal
buyer: Buyer Co
provider: Provider Co
announced: 2026-01-01
start: 2026-03-10
end: 2027-03-09
price:
  total: "36.5M"
sources:
  - title: Press release
    url: https://example.com/lump
"#,
    );
    let built = build(&data);
    // C = 2026-03-10 .. 2027-03-09 = 365 days -> 36500000 / 365 = 100000 per day
    assert_schedule(
        &built.schedule("lump"),
        &[
            ("2026-03", 22.0, 2200000.0), // 10..31 = 22 days
            ("2026-04", 30.0, 3000000.0),
            ("2026-05", 31.0, 3100000.0),
            ("2026-06", 30.0, 3000000.0),
            ("2026-07", 31.0, 3100000.0),
            ("2026-08", 31.0, 3100000.0),
            ("2026-09", 30.0, 3000000.0),
            ("2026-10", 31.0, 3100000.0),
            ("2026-11", 30.0, 3000000.0),
            ("2026-12", 31.0, 3100000.0),
            ("2027-01", 31.0, 3100000.0),
            ("2027-02", 28.0, 2800000.0),
            ("2027-03", 9.0, 900000.0), // 1..9 = 9 days
        ],
    );
    let deal = built.deal("lump");
    assert_num(deal, "total_usd", 36500000.0);
    assert_eq!(num(deal, "term_days"), Some(365.0));
    assert_eq!(num(deal, "term_months"), Some(13.0));
    // 36500000 * 365.25 / 12 / 365 = 3043750
    assert_num(deal, "monthly_equiv_usd", 3043750.0);
}

#[test]
fn usd_string_forms_parse_to_amounts() {
    let deal = |id: &str, start: &str, end: &str, price: &str| {
        format!(
            "id: {id}\ntitle: USD form {id}\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: {start}\nend: {end}\nprice:\n  {price}\n\
             sources:\n  - title: Press release\n    url: https://example.com/{id}\n"
        )
    };
    let data = DataDir::new()
        .site("2025-12-01")
        // "1.25B" = 1.25e9 spread over 2026 (365 days)
        .file(
            "deals/usd-b.yaml",
            &deal("usd-b", "2026-01-01", "2026-12-31", r#"total: "1.25B""#),
        )
        // "$40B" = 4e10 a month, one full month
        .file(
            "deals/usd-dollar.yaml",
            &deal(
                "usd-dollar",
                "2026-01-01",
                "2026-01-31",
                r#"monthly: "$40B""#,
            ),
        )
        // "750M" a year = 62500000 a month, one full month
        .file(
            "deals/usd-m.yaml",
            &deal("usd-m", "2026-01-01", "2026-01-31", r#"annual: "750M""#),
        )
        // "12.5K" = 12500 a month, one full month
        .file(
            "deals/usd-k.yaml",
            &deal("usd-k", "2026-01-01", "2026-01-31", r#"monthly: "12.5K""#),
        )
        // 1.25e9 as a YAML number, one full month
        .file(
            "deals/usd-sci.yaml",
            &deal("usd-sci", "2026-01-01", "2026-01-31", "monthly: 1.25e9"),
        )
        // "1.5e3K" = 1.5e3 * 1e3 = 1500000, one full month
        .file(
            "deals/usd-sci-k.yaml",
            &deal(
                "usd-sci-k",
                "2026-01-01",
                "2026-01-31",
                r#"monthly: "1.5e3K""#,
            ),
        );
    let built = build(&data);
    assert_num(built.deal("usd-b"), "total_usd", 1250000000.0);
    // January share of the total: 1.25e9 * 31/365 = 106164383.56...
    assert_num(
        built.schedule("usd-b")[0],
        "payment_usd",
        106164383.56164384,
    );
    assert_num(built.deal("usd-dollar"), "total_usd", 40000000000.0);
    assert_num(built.deal("usd-m"), "total_usd", 62500000.0);
    assert_num(built.deal("usd-k"), "total_usd", 12500.0);
    assert_num(built.deal("usd-sci"), "total_usd", 1250000000.0);
    assert_num(built.deal("usd-sci-k"), "total_usd", 1500000.0);
}
