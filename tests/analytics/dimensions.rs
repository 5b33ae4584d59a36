//! The dimensions of a deal's bands (docs/figures.md): at most ten ranges
//! reach one deal; ten are allowed, eleven are an error.

use super::bands::facility_deals;
use super::{assert_band, build_fails, with_deal};
use crate::common::{DataDir, build};

/// A ramp of `n` one-month entries, each discount a range (degenerate if `flat`).
fn ramp_ranges(n: usize, flat: bool) -> String {
    let mut out = String::from("price:\n  monthly: 1000\n  ramp:\n");
    for _ in 0..n {
        out.push_str(if flat {
            "    - months: 1\n      discount: {low: 0.1, base: 0.1, high: 0.1}\n"
        } else {
            "    - months: 1\n      discount: {low: 0.1, base: 0.2, high: 0.3}\n"
        });
    }
    out
}

#[test]
fn more_than_ten_dimensions_on_one_deal_is_an_error() {
    let data = facility_deals();
    // ten: 10 dimensions, allowed.
    let data = with_deal(
        data,
        "ten",
        "2026-01-01",
        "2026-12-31",
        &ramp_ranges(10, false),
    );
    // eleven: 11 ranges with low = base = high still count as 11 dimensions.
    let data = with_deal(
        data,
        "eleven",
        "2026-01-01",
        "2026-12-31",
        &ramp_ranges(11, true),
    );
    // nine-plus: 9 of its own + the facility's 2 = 11.
    let data = with_deal(
        data,
        "nine-plus",
        "2026-01-01",
        "2026-12-31",
        &format!("facility: shared\n{}", ramp_ranges(9, false)),
    );
    // The wording belongs to the validation code (and its tests): here only
    // which deals are refused, and the count.
    let stderr = build_fails(&data);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with("error: DATA/deals/eleven.yaml:"),
        "{stderr}"
    );
    assert!(lines[0].contains("at most 10"), "{stderr}");
    assert!(lines[0].contains("found 11"), "{stderr}");
    assert!(
        lines[1].starts_with("error: DATA/deals/nine-plus.yaml:"),
        "{stderr}"
    );
    assert!(lines[1].contains("found 11"), "{stderr}");
    assert_eq!(lines[2], "2 errors in the data");
}

#[test]
fn ten_dimensions_are_allowed() {
    // 10 ramp entries of one month each, discount 0.1 / 0.2 / 0.3, then 2 full-price
    // months at 1000: 2^10 corners + the base scenario.
    //   base: 10 * 1000 * 0.8 + 2 * 1000 = 10000
    //   low:  10 * 1000 * 0.7 + 2000 = 9000 (every discount high)
    //   high: 10 * 1000 * 0.9 + 2000 = 11000 (every discount low)
    let data = with_deal(
        DataDir::new().site("2025-12-01"),
        "ten",
        "2026-01-01",
        "2026-12-31",
        &ramp_ranges(10, false),
    );
    let built = build(&data);
    assert_band(built.deal("ten"), "total_usd", 10000.0, 9000.0, 11000.0);
    // month 10 (Oct, the last ramp month) depends on one dimension only
    assert_band(built.schedule("ten")[9], "payment_usd", 800.0, 700.0, 900.0);
    assert_band(
        built.schedule("ten")[10],
        "payment_usd",
        1000.0,
        1000.0,
        1000.0,
    );
}
