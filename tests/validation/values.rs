//! SPEC.md section 2: each value type's accepted forms, and its bad forms
//! reported with what was expected and what was found.

use super::Case;
use crate::common::{build, num, text};

// ------------------------------------------------------------ date

#[test]
fn date_not_zero_padded() {
    Case::invalid("date-not-zero-padded").fails(&[
        "deals/alpha.yaml:6:8: `start`: expected a date written YYYY-MM-DD, found \"2026-1-1\"",
    ]);
}

// Guards the wording: `2026-02-30` has the right shape, so the message says
// the day is the problem rather than repeating "written YYYY-MM-DD".
#[test]
fn date_not_a_calendar_day() {
    Case::invalid("date-not-a-calendar-day").fails(&[
        "deals/alpha.yaml:6:8: `start`: expected a day of the calendar written YYYY-MM-DD, found \"2026-02-30\"",
    ]);
}

#[test]
fn date_with_a_time() {
    Case::invalid("date-with-time").fails(&[
        "deals/alpha.yaml:6:8: `start`: expected a date written YYYY-MM-DD, found \"2026-01-01T00:00:00Z\"",
    ]);
}

#[test]
fn date_written_as_a_number() {
    Case::invalid("date-as-number").fails(&[
        "deals/alpha.yaml:6:8: `start`: expected a date written YYYY-MM-DD, found `20260101`",
    ]);
}

#[test]
fn quoted_dates_are_accepted() {
    // start: "2026-01-01", end: '2027-12-31'
    let built = build(&Case::accepted("date-quoted").data);
    let alpha = built.deal("alpha");
    assert_eq!(text(alpha, "start"), "2026-01-01");
    assert_eq!(text(alpha, "end"), "2027-12-31");
}

// ------------------------------------------------------------ month

#[test]
fn month_13() {
    Case::invalid("month-13")
        .fails(&["site.yaml:4:10: `horizon`: expected a month written YYYY-MM, found \"2026-13\""]);
}

#[test]
fn month_not_zero_padded() {
    Case::invalid("month-not-zero-padded")
        .fails(&["site.yaml:4:10: `horizon`: expected a month written YYYY-MM, found \"2028-6\""]);
}

// ------------------------------------------------------------ number

#[test]
fn number_quoted() {
    Case::invalid("number-quoted").fails(&[
        "deals/alpha.yaml:15:13: `capacity.power_mw`: expected a number (numbers must not be quoted), found the quoted string \"300\"",
    ]);
}

#[test]
fn number_in_hex() {
    Case::invalid("number-hex").fails(&[
        "deals/alpha.yaml:15:13: `capacity.power_mw`: expected a finite decimal number, found `0x1F`",
    ]);
}

#[test]
fn number_in_octal() {
    Case::invalid("number-octal").fails(&[
        "deals/alpha.yaml:15:13: `capacity.power_mw`: expected a finite decimal number, found `0o17`",
    ]);
}

// Guards the wording: `1_000` reaches the reader as a string, and the message
// used to say only "expected a number", as if nothing numeric were written.
#[test]
fn number_with_underscores() {
    Case::invalid("number-underscores").fails(&[
        "deals/alpha.yaml:15:13: `capacity.power_mw`: expected a number written in decimal digits, without underscores or leading zeros, found \"1_000\"",
    ]);
}

#[test]
fn number_infinite() {
    Case::invalid("number-infinite").fails(&[
        "deals/alpha.yaml:15:13: `capacity.power_mw`: expected a finite decimal number, found `.inf`",
    ]);
}

#[test]
fn number_not_positive_where_positive_is_required() {
    Case::invalid("number-not-positive")
        .fails(&["deals/alpha.yaml:15:13: `capacity.power_mw`: expected a number > 0, found `0`"]);
}

// ------------------------------------------------------------ count

#[test]
fn count_with_an_exponent() {
    Case::invalid("count-exponent").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found `1.5e5`",
    ]);
}

#[test]
fn count_with_a_suffix() {
    Case::invalid("count-suffix-string").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found the quoted string \"150K\"",
    ]);
}

#[test]
fn count_quoted() {
    Case::invalid("count-quoted").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found the quoted string \"4000\"",
    ]);
}

#[test]
fn count_negative() {
    Case::invalid("count-negative").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found `-5`",
    ]);
}

#[test]
fn count_in_hex() {
    Case::invalid("count-hex").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found `0x1F`",
    ]);
}

#[test]
fn count_with_underscores() {
    Case::invalid("count-underscores").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found \"1_000\"",
    ]);
}

#[test]
fn count_with_a_decimal_point() {
    Case::invalid("count-decimal-point").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected a whole number >= 0 written as digits (e.g. 150000), found `4000.0`",
    ]);
}

// ------------------------------------------------------------ usd

/// `price.monthly` on line 9, column 12 of alpha.yaml holds `found`.
#[track_caller]
fn bad_usd(case: &str, found: &str) {
    let error = format!(
        "deals/alpha.yaml:9:12: `price.monthly`: expected an amount in USD >= 0 (a number, or a string such as \"1.25B\", \"$40B\", \"750M\", \"12.5K\"), found {found}"
    );
    Case::invalid(case).fails(&[&error]);
}

#[test]
fn usd_with_a_lower_case_suffix() {
    bad_usd("usd-lowercase-suffix", "the quoted string \"750m\"");
}

#[test]
fn usd_with_a_thousands_separator() {
    bad_usd("usd-thousands-separator", "the quoted string \"1,250\"");
}

#[test]
fn usd_with_a_space_before_the_suffix() {
    bad_usd("usd-space-before-suffix", "the quoted string \"$40 B\"");
}

#[test]
fn usd_nan() {
    bad_usd("usd-nan", "`.nan`");
}

#[test]
fn usd_infinite() {
    bad_usd("usd-infinity", "`.inf`");
}

#[test]
fn usd_overflowing_to_infinity() {
    bad_usd("usd-overflow", "`1e999`");
}

#[test]
fn usd_nan_string() {
    bad_usd("usd-nan-string", "the quoted string \"NaN\"");
}

#[test]
fn usd_negative() {
    bad_usd("usd-negative", "`-5`");
}

#[test]
fn usd_negative_string() {
    bad_usd("usd-negative-string", "the quoted string \"-5M\"");
}

#[test]
fn usd_in_hex() {
    bad_usd("usd-hex", "`0x1F`");
}

#[test]
fn usd_with_underscores() {
    bad_usd("usd-underscores", "\"1_000\"");
}

#[test]
fn usd_boolean() {
    bad_usd("usd-boolean", "`true`");
}

#[test]
fn quoted_usd_with_a_suffix_is_accepted() {
    // monthly: "1.25M"; March 2026 is past the two ramp months and in the first
    // contract year, so it pays the plain monthly price.
    let built = build(&Case::accepted("usd-quoted-forms").data);
    let march = built
        .schedule("alpha")
        .into_iter()
        .find(|r| r["month"] == "2026-03")
        .expect("a 2026-03 row");
    assert_eq!(num(march, "payment_usd"), Some(1_250_000.0));
}

#[test]
fn quoted_usd_with_a_dollar_sign_is_accepted() {
    // total: "$40B"
    let built = build(&Case::accepted("usd-quoted-dollar").data);
    let total = num(built.deal("beta"), "total_usd").unwrap();
    assert!((total - 40e9).abs() < 1e-3, "total_usd {total}");
}

// ------------------------------------------------------------ fraction

#[test]
fn fraction_of_one() {
    Case::invalid("fraction-one").fails(&[
        "deals/alpha.yaml:10:15: `price.escalation`: expected a fraction from 0 up to (not including) 1, found `1.0`",
    ]);
}

#[test]
fn fraction_negative() {
    Case::invalid("fraction-negative").fails(&[
        "deals/alpha.yaml:10:15: `price.escalation`: expected a fraction from 0 up to (not including) 1, found `-0.1`",
    ]);
}

#[test]
fn fraction_quoted() {
    Case::invalid("fraction-quoted").fails(&[
        "deals/alpha.yaml:13:17: `price.ramp[0].discount`: expected a number (numbers must not be quoted), found the quoted string \"0.5\"",
    ]);
}

#[test]
fn discount_rate_of_one() {
    Case::invalid("discount-rate-one").fails(&[
        "site.yaml:5:16: `discount_rate`: expected a fraction from 0 up to (not including) 1, found `1`",
    ]);
}

// ------------------------------------------------------------ range

#[test]
fn range_missing_a_key() {
    Case::invalid("range-missing-key").fails(&[
        "deals/alpha.yaml:10:5: `price.monthly.high`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn range_with_low_above_base() {
    Case::invalid("range-low-above-base").fails(&[
        "deals/alpha.yaml:10:5: `price.monthly`: expected low <= base <= high, found low 1100000, base 1000000, high 1200000",
    ]);
}

#[test]
fn range_with_base_above_high() {
    Case::invalid("range-base-above-high").fails(&[
        "deals/alpha.yaml:18:14: `capacity.gpus[0].count`: expected low <= base <= high, found low 3000, base 5000, high 4000",
    ]);
}

#[test]
fn range_with_a_bad_bound() {
    // escalation: {low: 0, base: 0.03, high: 1.5}: the bound's own type applies.
    Case::invalid("range-bad-bound").fails(&[
        "deals/alpha.yaml:10:42: `price.escalation.high`: expected a fraction from 0 up to (not including) 1, found `1.5`",
    ]);
}

// ------------------------------------------------------------ null

#[test]
fn explicit_null_is_the_same_as_absent() {
    // terminated: ~, facility: (no value), confidence: null
    let case = Case::accepted("null-equals-absent");
    case.passes();
    let built = build(&case.data);
    assert_eq!(text(built.deal("alpha"), "effective_end"), "2027-12-31");
}
