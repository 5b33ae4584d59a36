//! Termination and status (docs/data-format.md, docs/figures.md): a terminated
//! deal's cut schedule and the status rules at as_of.

use super::assert_schedule;
use crate::common::{DataDir, assert_num, build, num, text};

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
