//! Payment-schedule and unit-cost arithmetic (docs/figures.md and docs/data-format.md),
//! checked against figures worked out by hand.
//!
//! Every expected number below is a literal; the comment above it shows
//! the arithmetic. Dates: d_m = active days of month m, D_m = days in the
//! calendar month, N = sum of d_m, C = contracted days (start..end).
//! One module per subject.

use serde_json::Value;

use crate::common::{num, text};

mod as_of;
mod capacity;
mod exports;
mod payments;
mod termination;

/// Asserts the schedule rows are exactly `expected` (month, active_days,
/// payment_usd), in this order.
#[track_caller]
pub fn assert_schedule(rows: &[&Value], expected: &[(&str, f64, f64)]) {
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
            (got - payment).abs() <= payment.abs() * 1e-9,
            "payment_usd of {month}: actual {got:?}, expected {payment:?}"
        );
    }
}

/// The deal of test (a): monthly 310000 from 2026-01-15 to 2026-04-10,
/// payments 170000, 310000, 310000, 103333.333..., total 893333.333...
pub const MID_MONTH_DEAL: &str = r#"id: mid-month
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
