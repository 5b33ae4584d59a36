//! Payment-schedule and unit-cost arithmetic (SPEC sections 6, 7.1, 7.2, 8),
//! checked against figures worked out by hand.
//!
//! Every expected number below is a literal; the comment above it shows
//! the arithmetic. Dates: d_m = active days of month m, D_m = days in the
//! calendar month, N = sum of d_m, C = contracted days (start..end).

use serde_json::Value;

use crate::common::{Built, DataDir, assert_close, build, build_with, num, parse_csv, text};

/// Asserts the schedule rows are exactly `expected` (month, active_days,
/// payment_usd), in this order.
#[track_caller]
fn assert_schedule(rows: &[&Value], expected: &[(&str, f64, f64)]) {
    let months: Vec<&str> = rows.iter().map(|r| text(r, "month")).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(months, want, "schedule months");
    for (row, (month, days, payment)) in rows.iter().zip(expected) {
        assert_eq!(
            num(row, "active_days"),
            Some(*days),
            "active_days of {month}"
        );
        let got = num(row, "payment_usd").expect("payment_usd is not null");
        assert!(
            (got - payment).abs() <= payment.abs() * 1e-9 + 1e-6,
            "payment_usd of {month}: actual {got:?}, expected {payment:?}"
        );
    }
}

/// `v[key]`, which must be a number; then `assert_close`.
#[track_caller]
fn assert_num(v: &Value, key: &str, expected: f64) {
    let actual = num(v, key).unwrap_or_else(|| panic!("{key} is null in {v}"));
    assert_close(actual, expected);
}

// ---------------------------------------------------------------- 7.1 a

#[test]
fn mid_month_start_prorates_first_and_last_month() {
    let data = DataDir::new().site("2025-12-01").file(
        "deals/mid-month.yaml",
        r#"id: mid-month
title: Mid-month start
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-15
end: 2026-04-10
price:
  monthly: 310000
sources:
  - title: Press release
    url: https://example.com/mid-month
"#,
    );
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

// ---------------------------------------------------------------- 6 / 7.1 e

#[test]
fn termination_cuts_total_deal_at_the_contracted_daily_rate() {
    let data = DataDir::new().site("2026-06-15").file(
        "deals/cut-short.yaml",
        r#"id: cut-short
title: Terminated total-price deal
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-12-31
terminated: 2026-03-15
price:
  total: 36500000
sources:
  - title: Press release
    url: https://example.com/cut-short
"#,
    );
    let built = build(&data);
    // C = 2026-01-01 .. 2026-12-31 = 365 days (contracted, not effective)
    // -> 36500000 / 365 = 100000 per day, schedule stops at 2026-03-15
    assert_schedule(
        &built.schedule("cut-short"),
        &[
            ("2026-01", 31.0, 3100000.0),
            ("2026-02", 28.0, 2800000.0),
            ("2026-03", 15.0, 1500000.0),
        ],
    );
    let deal = built.deal("cut-short");
    assert_eq!(text(deal, "end"), "2026-12-31");
    assert_eq!(text(deal, "effective_end"), "2026-03-15");
    assert_eq!(text(deal, "status"), "terminated");
    // 3100000 + 2800000 + 1500000 = 7400000 (not 36500000)
    assert_num(deal, "total_usd", 7400000.0);
    // N = 31 + 28 + 15 = 74
    assert_eq!(num(deal, "term_days"), Some(74.0));
    assert_eq!(num(deal, "term_months"), Some(3.0));
    // 7400000 * 365.25 / 12 / 74 = 3043750
    assert_num(deal, "monthly_equiv_usd", 3043750.0);
    // as_of 2026-06-15 is past the effective end: all paid
    assert_num(deal, "paid_to_date_usd", 7400000.0);
    assert_num(deal, "remaining_usd", 0.0);
    assert_num(deal, "remaining_pv_usd", 0.0);
}

#[test]
fn termination_prorates_a_monthly_price_in_the_terminated_month() {
    let data = DataDir::new().site("2026-06-15").file(
        "deals/cut-monthly.yaml",
        r#"id: cut-monthly
title: Terminated monthly deal
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-12-31
terminated: 2026-02-14
price:
  monthly: 280000
sources:
  - title: Press release
    url: https://example.com/cut-monthly
"#,
    );
    let built = build(&data);
    // Jan 31/31 -> 280000; Feb 1..14 = 14/28 -> 140000
    assert_schedule(
        &built.schedule("cut-monthly"),
        &[("2026-01", 31.0, 280000.0), ("2026-02", 14.0, 140000.0)],
    );
    let deal = built.deal("cut-monthly");
    assert_eq!(text(deal, "effective_end"), "2026-02-14");
    assert_num(deal, "total_usd", 420000.0);
    // N = 31 + 14 = 45 -> 420000 * 365.25 / 12 / 45 = 284083.333...
    assert_eq!(num(deal, "term_days"), Some(45.0));
    assert_num(deal, "monthly_equiv_usd", 284083.3333333333);
}

/// id, start, end, terminated, expected status, expected effective_end
type StatusCase<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, &'a str, &'a str);

#[test]
fn status_follows_the_first_matching_rule_at_as_of() {
    // as_of 2026-06-15 throughout.
    let deal = |id: &str, start: &str, end: &str, terminated: Option<&str>| {
        let terminated = terminated
            .map(|t| format!("terminated: {t}\n"))
            .unwrap_or_default();
        format!(
            "id: {id}\ntitle: Status {id}\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: {start}\nend: {end}\n{terminated}\
             price:\n  monthly: 100000\n\
             sources:\n  - title: Press release\n    url: https://example.com/{id}\n"
        )
    };
    #[rustfmt::skip]
    let cases: &[StatusCase] = &[
        // id,            start,        end,          terminated,         status,       effective_end
        // start > as_of
        ("upcoming",      "2026-07-01", "2026-12-31", None,               "upcoming",   "2026-12-31"),
        // start > as_of wins over a (future) termination
        ("upcoming-cut",  "2026-07-01", "2026-12-31", Some("2026-08-31"), "upcoming",   "2026-08-31"),
        // start == as_of is not upcoming
        ("starts-today",  "2026-06-15", "2026-12-31", None,               "active",     "2026-12-31"),
        // terminated == as_of
        ("cut-today",     "2026-01-01", "2026-12-31", Some("2026-06-15"), "terminated", "2026-06-15"),
        // terminated long ago: terminated wins over ended
        ("cut-past",      "2026-01-01", "2026-12-31", Some("2026-02-28"), "terminated", "2026-02-28"),
        // terminated after as_of: still active
        ("cut-future",    "2026-01-01", "2026-12-31", Some("2026-09-30"), "active",     "2026-09-30"),
        // effective end < as_of
        ("ended",         "2026-01-01", "2026-06-14", None,               "ended",      "2026-06-14"),
        // effective end == as_of is not ended
        ("ends-today",    "2026-01-01", "2026-06-15", None,               "active",     "2026-06-15"),
    ];
    let mut data = DataDir::new().site("2026-06-15");
    for (id, start, end, terminated, _, _) in cases {
        data = data.file(
            &format!("deals/{id}.yaml"),
            &deal(id, start, end, *terminated),
        );
    }
    let built = build(&data);
    for (id, _, end, _, status, effective_end) in cases {
        let d = built.deal(id);
        assert_eq!(text(d, "status"), *status, "status of {id}");
        assert_eq!(text(d, "end"), *end, "end of {id}");
        assert_eq!(
            text(d, "effective_end"),
            *effective_end,
            "effective_end of {id}"
        );
    }
}

// ---------------------------------------------------------------- 7.1 f

/// The deal of test (a): monthly 310000 from 2026-01-15 to 2026-04-10,
/// payments 170000, 310000, 310000, 103333.333..., total 893333.333...
const MID_MONTH_DEAL: &str = r#"id: mid-month
title: Mid-month start
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-15
end: 2026-04-10
price:
  monthly: 310000
sources:
  - title: Press release
    url: https://example.com/mid-month
"#;

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

// ---------------------------------------------------------------- 7.2 g

#[test]
fn capacity_unit_costs_from_gpu_fleet_and_power() {
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "deals/fleet.yaml",
        r#"id: fleet
title: Mixed fleet
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-12-31
price:
  monthly: 10000000
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
    );
    let built = build(&data);
    let deal = built.deal("fleet");
    // total = 12 * 10000000 = 120000000; N = 365
    assert_num(deal, "total_usd", 120000000.0);
    assert_eq!(num(deal, "term_days"), Some(365.0));
    assert_num(deal, "power_mw", 100.0);
    // G = 1000 + 500
    assert_num(deal, "gpus", 1500.0);
    // H = 1000 * 989/989 + 500 * 2500/989 = 1000 + 1263.9029... = 2263.9029...
    assert_num(deal, "h100e", 2263.9029322548026);
    // 120000000 / (1500 * 24 * 365) = 120000000 / 13140000 = 9.1324200913...
    assert_num(deal, "usd_per_gpu_hour", 9.132420091324201);
    // 120000000 / (2263.9029... * 24 * 365) = 6.0508911145...
    assert_num(deal, "usd_per_h100e_hour", 6.050891114550894);
    // monthly_equiv = 120000000 * 365.25 / 12 / 365 = 10006849.315068493
    assert_num(deal, "monthly_equiv_usd", 10006849.315068493);
    // / 100 MW = 100068.4931506849...
    assert_num(deal, "usd_per_mw_month", 100068.49315068492);

    let rows = built.schedule("fleet");
    assert_eq!(rows.len(), 12);
    // Jan: 1500 * 24 * 31 = 1116000 h; 10000000 / 1116000 = 8.9605734...
    assert_eq!(text(rows[0], "month"), "2026-01");
    assert_num(rows[0], "contracted_gpu_hours", 1116000.0);
    assert_num(rows[0], "usd_per_gpu_hour", 8.960573476702509);
    // Feb: 1500 * 24 * 28 = 1008000 h; 10000000 / 1008000 = 9.9206349...
    assert_eq!(text(rows[1], "month"), "2026-02");
    assert_num(rows[1], "contracted_gpu_hours", 1008000.0);
    assert_num(rows[1], "usd_per_gpu_hour", 9.920634920634921);
}

#[test]
fn deal_without_capacity_has_null_capacity_figures() {
    let data = DataDir::new().site("2026-01-01").file(
        "deals/no-capacity.yaml",
        r#"id: no-capacity
title: No capacity given
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
price:
  monthly: 3000000
sources:
  - title: Press release
    url: https://example.com/no-capacity
"#,
    );
    let built = build(&data);
    let deal = built.deal("no-capacity");
    for key in [
        "power_mw",
        "gpus",
        "h100e",
        "usd_per_gpu_hour",
        "usd_per_gpu_hour_low",
        "usd_per_gpu_hour_high",
        "usd_per_h100e_hour",
        "usd_per_mw_month",
    ] {
        assert!(
            deal.get(key).is_some_and(Value::is_null),
            "{key} should be present and null, got {:?}",
            deal.get(key)
        );
    }
    for row in built.schedule("no-capacity") {
        for key in ["contracted_gpu_hours", "usd_per_gpu_hour"] {
            assert!(
                row.get(key).is_some_and(Value::is_null),
                "schedule {key} should be present and null, got {:?}",
                row.get(key)
            );
        }
    }
}

#[test]
fn same_model_twice_in_a_fleet_adds_and_missing_power_gives_null_per_mw() {
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "deals/twice.yaml",
        r#"id: twice
title: H100 listed twice
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
price:
  monthly: 3000000
capacity:
  gpus:
    - model: H100
      count: 600
    - model: H100
      count: 400
sources:
  - title: Press release
    url: https://example.com/twice
"#,
    );
    let built = build(&data);
    let deal = built.deal("twice");
    // total 6 * 3000000 = 18000000; N = 31+28+31+30+31+30 = 181
    assert_num(deal, "total_usd", 18000000.0);
    // G = 600 + 400 = 1000, all H100: H = 1000
    assert_num(deal, "gpus", 1000.0);
    assert_num(deal, "h100e", 1000.0);
    // 18000000 / (1000 * 24 * 181) = 18000000 / 4344000 = 4.1436464...
    assert_num(deal, "usd_per_gpu_hour", 4.143646408839779);
    assert_num(deal, "usd_per_h100e_hour", 4.143646408839779);
    // no power_mw -> power and per-MW cost are null
    assert_eq!(num(deal, "power_mw"), None);
    assert_eq!(num(deal, "usd_per_mw_month"), None);
    // Jan: 1000 * 24 * 31 = 744000 h
    assert_num(built.schedule("twice")[0], "contracted_gpu_hours", 744000.0);
}

#[test]
fn zero_or_empty_fleet_gives_null_gpu_unit_costs() {
    let deal = |id: &str, gpus: &str| {
        format!(
            "id: {id}\ntitle: Fleet {id}\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: 2026-01-01\nend: 2026-06-30\n\
             price:\n  monthly: 3000000\ncapacity:\n  power_mw: 50\n  gpus:{gpus}\n\
             sources:\n  - title: Press release\n    url: https://example.com/{id}\n"
        )
    };
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("deals/empty-fleet.yaml", &deal("empty-fleet", " []"))
        .file(
            "deals/zero-fleet.yaml",
            &deal("zero-fleet", "\n    - model: H100\n      count: 0"),
        );
    let built = build(&data);
    for id in ["empty-fleet", "zero-fleet"] {
        let d = built.deal(id);
        assert_eq!(num(d, "usd_per_gpu_hour"), None, "{id} usd_per_gpu_hour");
        assert_eq!(
            num(d, "usd_per_h100e_hour"),
            None,
            "{id} usd_per_h100e_hour"
        );
        for row in built.schedule(id) {
            assert_eq!(
                num(row, "usd_per_gpu_hour"),
                None,
                "{id} monthly usd_per_gpu_hour"
            );
        }
        // power is still there: 18000000 * 365.25 / 12 / 181 / 50 = 60538.674...
        assert_num(d, "usd_per_mw_month", 60538.674033149175);
    }
}

const COLOSSUS: &str = r#"id: colossus
name: Colossus 1
operator: xAI
location: Memphis, Tennessee, US
power_mw: 150
gpus:
  - model: H100
    count: 2000
"#;

#[test]
fn deal_without_capacity_inherits_the_facility_fleet_and_power() {
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("facilities/colossus.yaml", COLOSSUS)
        .file(
            "deals/inherits.yaml",
            r#"id: inherits
title: Capacity from the facility
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
facility: colossus
price:
  monthly: 3000000
sources:
  - title: Press release
    url: https://example.com/inherits
"#,
        );
    let built = build(&data);
    let deal = built.deal("inherits");
    assert_num(deal, "power_mw", 150.0);
    assert_num(deal, "gpus", 2000.0);
    assert_num(deal, "h100e", 2000.0);
    // total 18000000, N = 181: 18000000 / (2000 * 24 * 181) = 18000000 / 8688000
    assert_num(deal, "usd_per_gpu_hour", 2.0718232044198897);
    // monthly_equiv = 18000000 * 365.25 / 12 / 181 = 3026933.7016574587; / 150 MW
    assert_num(deal, "monthly_equiv_usd", 3026933.7016574587);
    assert_num(deal, "usd_per_mw_month", 20179.558011049725);
    // Jan: 2000 * 24 * 31 = 1488000 h; 3000000 / 1488000 = 2.0161290...
    let jan = built.schedule("inherits")[0];
    assert_num(jan, "contracted_gpu_hours", 1488000.0);
    assert_num(jan, "usd_per_gpu_hour", 2.0161290322580645);
}

#[test]
fn present_capacity_replaces_the_facility_figures_entirely() {
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("facilities/colossus.yaml", COLOSSUS)
        .file(
            "deals/overrides.yaml",
            r#"id: overrides
title: Own capacity at a facility
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
facility: colossus
price:
  monthly: 3000000
capacity:
  power_mw: 50
sources:
  - title: Press release
    url: https://example.com/overrides
"#,
        );
    let built = build(&data);
    let deal = built.deal("overrides");
    assert_num(deal, "power_mw", 50.0);
    // the facility's 2000 H100 are not used: no fleet -> null
    assert_eq!(num(deal, "gpus"), None);
    assert_eq!(num(deal, "usd_per_gpu_hour"), None);
    // 3026933.7016574587 / 50 = 60538.674033149175
    assert_num(deal, "usd_per_mw_month", 60538.674033149175);
}

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
        let objects = built.metrics[key].as_array().expect("array");
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
                    Value::Number(n) => {
                        let parsed: f64 = cell
                            .parse()
                            .unwrap_or_else(|e| panic!("{name} {col}: {cell:?}: {e}"));
                        // exported unrounded: the same f64 both ways (up to
                        // serde_json's best-effort float parsing, within an ulp)
                        let json = n.as_f64().unwrap();
                        assert!(
                            (parsed - json).abs() <= json.abs() * 1e-15,
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
