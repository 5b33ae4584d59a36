//! Number formatting for people: money, rates, power, counts, percentages and
//! month labels, as shown in the report's tiles, tables and chart axes.
//!
//! Every function is pure and deterministic. Non-finite input (NaN, ±inf)
//! always formats as "–" (an en dash), the same mark callers print for a
//! missing value.

/// The mark printed for a value that is missing or not a finite number.
pub const DASH: &str = "–";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day for people: "1 May 2026".
pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// Money, scaled with T/B/M/K and 3 significant digits, trailing zeros
/// trimmed: `$1.25B`, `$46.3B`, `$750M`, `$12.5K`, `$980`, `$7.81`, `$40B`,
/// `-$1.25B`.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let body = scaled(x.abs());
    if is_negative(x, &body) {
        format!("-${body}")
    } else {
        format!("${body}")
    }
}

/// Money with every digit, for hover titles: `$15,000,000,000`, `$7.8123`
/// (see [`exact`] for the number of decimals).
pub fn usd_exact(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let body = exact(x.abs());
    if is_negative(x, &body) {
        format!("-${body}")
    } else {
        format!("${body}")
    }
}

/// A price per unit: `$7.81/GPU-hr` (two decimals below $100) or
/// `$4.17M/MW-month` (3 significant digits, scaled, at $100 and above).
/// An empty `unit` gives the price alone.
pub fn usd_rate(x: f64, unit: &str) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let a = x.abs();
    // At $100 and up, or where two decimals would print 0.00, use 3
    // significant digits instead.
    let body = if a >= 99.995 || (a > 0.0 && a < 0.005) {
        scaled(a)
    } else {
        format!("{a:.2}")
    };
    let sign = if is_negative(x, &body) { "-" } else { "" };
    if unit.is_empty() {
        format!("{sign}${body}")
    } else {
        format!("{sign}${body}/{unit}")
    }
}

/// Power: `300 MW`, `12.5 MW`, `1.2 GW` (GW from 1,000 MW up), 3 significant
/// digits, trailing zeros trimmed.
pub fn mw(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let a = x.abs();
    let sign = |body: &str| if is_negative(x, body) { "-" } else { "" };
    if a == 0.0 {
        return "0 MW".to_string();
    }
    let (digits, exp) = sig_digits(a, 3);
    if exp >= 3 {
        let body = place(&digits, exp - 3);
        format!("{}{body} GW", sign(&body))
    } else {
        let body = place(&digits, exp);
        format!("{}{body} MW", sign(&body))
    }
}

/// A whole count with thousands separators: `220,000`, `-1,234`.
/// The value is rounded to the nearest integer (halves away from zero).
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let r = x.round();
    let digits = format!("{:.0}", r.abs());
    let body = group_thousands(&digits);
    if r < 0.0 { format!("-{body}") } else { body }
}

/// A count, scaled with K/M/B/T and 3 significant digits: `220K`, `1.2M`,
/// `980`.
pub fn compact_count(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let body = scaled(x.abs());
    if is_negative(x, &body) {
        format!("-{body}")
    } else {
        body
    }
}

/// A fraction as a percentage with at most one decimal: `0.934` → `93.4%`,
/// `0.5` → `50%`.
pub fn percent(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let body = trim_zeros(&format!("{:.1}", (x * 100.0).abs()));
    if is_negative(x, &body) {
        format!("-{body}%")
    } else {
        format!("{body}%")
    }
}

/// A month as `May 2029`. Months outside 1..=12 are printed as `2029-13`.
pub fn month_label(year: i32, month: u32) -> String {
    match month.checked_sub(1).and_then(|i| MONTHS.get(i as usize)) {
        Some(name) => format!("{name} {year}"),
        None => format!("{year}-{month:02}"),
    }
}

/// The full value for a hover title, with thousands separators and trailing
/// zeros trimmed: `46,250,000,000`, `7.8123`. Values of magnitude 100 and
/// more keep up to 2 decimals (cents); smaller values, such as per-unit
/// rates, keep up to 4.
pub fn exact(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let a = x.abs();
    let decimals = if a >= 100.0 { 2 } else { 4 };
    let fixed = format!("{a:.decimals$}");
    let (int, frac) = match fixed.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (fixed.as_str(), ""),
    };
    let mut body = group_thousands(int);
    if !frac.is_empty() {
        body.push('.');
        body.push_str(frac);
    }
    if is_negative(x, &body) {
        format!("-{body}")
    } else {
        body
    }
}

/// `x` with a negative zero made positive: -0.0 is an artefact of
/// arithmetic (a sum over nothing, a negated zero), never a figure, so no
/// output (site, exports, diff, check) prints "-0".
pub fn unsigned_zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

/// A number as machines read it back: the shortest decimal that parses to
/// the same f64 (`0.1`, `1000000000000000000000`), never `-0`. For the
/// exports' cells and the pages' sort keys.
pub fn plain(x: f64) -> String {
    format!("{}", unsigned_zero(x))
}

/// Scale suffixes: (power of ten, suffix), largest first.
const SCALES: [(i32, &str); 4] = [(12, "T"), (9, "B"), (6, "M"), (3, "K")];

/// A non-negative value with 3 significant digits and a scale suffix.
fn scaled(a: f64) -> String {
    if a == 0.0 {
        return "0".to_string();
    }
    let (digits, exp) = sig_digits(a, 3);
    for &(p, suffix) in &SCALES {
        if exp >= p {
            return format!("{}{suffix}", place(&digits, exp - p));
        }
    }
    place(&digits, exp)
}

/// The first `n` significant digits of `a > 0` (rounded) and the decimal
/// exponent of the first one: 1_254_000_000 → ("125", 9).
fn sig_digits(a: f64, n: usize) -> (String, i32) {
    let s = format!("{:.*e}", n.saturating_sub(1), a);
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Writes `digits` with `int_len - 1 == pos` digits before the decimal point
/// (padding with zeros either side) and trims trailing fractional zeros.
fn place(digits: &str, pos: i32) -> String {
    let len = digits.len() as i32;
    let s = if pos < 0 {
        let zeros = "0".repeat((-pos - 1) as usize);
        format!("0.{zeros}{digits}")
    } else if pos + 1 >= len {
        let zeros = "0".repeat((pos + 1 - len) as usize);
        format!("{digits}{zeros}")
    } else {
        let (int, frac) = digits.split_at((pos + 1) as usize);
        format!("{int}.{frac}")
    };
    trim_zeros(&s)
}

/// Removes trailing zeros after a decimal point, and the point if bare.
fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Inserts a comma every three digits from the right of an ASCII digit run.
fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// True when `x` is below zero and its formatted magnitude is not all zeros,
/// so that tiny negatives never print as "-0".
fn is_negative(x: f64, body: &str) -> bool {
    x < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_scales_and_trims() {
        assert_eq!(usd(1.25e9), "$1.25B");
        assert_eq!(usd(46.25e9 + 1e7), "$46.3B");
        assert_eq!(usd(46.3e9), "$46.3B");
        assert_eq!(usd(750e6), "$750M");
        assert_eq!(usd(12.5e3), "$12.5K");
        assert_eq!(usd(980.0), "$980");
        assert_eq!(usd(7.8123), "$7.81");
        assert_eq!(usd(40e9), "$40B");
        assert_eq!(usd(1.2e9), "$1.2B");
        assert_eq!(usd(2.5e12), "$2.5T");
        assert_eq!(usd(0.0), "$0");
        assert_eq!(usd(0.5), "$0.5");
        assert_eq!(usd(0.001234), "$0.00123");
    }

    #[test]
    fn usd_rounding_moves_to_next_scale() {
        assert_eq!(usd(999_600.0), "$1M");
        assert_eq!(usd(999.7), "$1K");
        assert_eq!(usd(999.4), "$999");
        assert_eq!(usd(99_960_000_000.0), "$100B");
    }

    #[test]
    fn usd_negative_and_non_finite() {
        assert_eq!(usd(-1.25e9), "-$1.25B");
        assert_eq!(usd(-0.0), "$0");
        assert_eq!(usd(f64::NAN), "–");
        assert_eq!(usd(f64::INFINITY), "–");
        assert_eq!(usd(f64::NEG_INFINITY), "–");
    }

    #[test]
    fn usd_exact_has_every_digit() {
        assert_eq!(usd_exact(15e9), "$15,000,000,000");
        assert_eq!(usd_exact(7.8123), "$7.8123");
        assert_eq!(usd_exact(-1234.5), "-$1,234.5");
        assert_eq!(usd_exact(f64::NAN), "–");
    }

    #[test]
    fn usd_rate_formats() {
        assert_eq!(usd_rate(7.8123, "GPU-hr"), "$7.81/GPU-hr");
        assert_eq!(usd_rate(2.0, "GPU-hr"), "$2.00/GPU-hr");
        assert_eq!(usd_rate(99.99, "GPU-hr"), "$99.99/GPU-hr");
        assert_eq!(usd_rate(99.996, "GPU-hr"), "$100/GPU-hr");
        assert_eq!(usd_rate(4_170_000.0, "MW-month"), "$4.17M/MW-month");
        assert_eq!(usd_rate(150.0, "kW-month"), "$150/kW-month");
        assert_eq!(usd_rate(0.0012, "token"), "$0.0012/token");
        assert_eq!(usd_rate(3.5, ""), "$3.50");
        assert_eq!(usd_rate(-3.5, "GPU-hr"), "-$3.50/GPU-hr");
        assert_eq!(usd_rate(f64::NAN, "GPU-hr"), "–");
    }

    #[test]
    fn mw_formats() {
        assert_eq!(mw(300.0), "300 MW");
        assert_eq!(mw(12.5), "12.5 MW");
        assert_eq!(mw(1200.0), "1.2 GW");
        assert_eq!(mw(1000.0), "1 GW");
        assert_eq!(mw(999.7), "1 GW");
        assert_eq!(mw(5_250.0), "5.25 GW");
        assert_eq!(mw(0.0), "0 MW");
        assert_eq!(mw(-300.0), "-300 MW");
        assert_eq!(mw(f64::INFINITY), "–");
    }

    #[test]
    fn count_groups_thousands() {
        assert_eq!(count(220_000.0), "220,000");
        assert_eq!(count(1_234_567.4), "1,234,567");
        assert_eq!(count(999.5), "1,000");
        assert_eq!(count(12.0), "12");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(-0.3), "0");
        assert_eq!(count(-1234.0), "-1,234");
        assert_eq!(count(f64::NAN), "–");
    }

    #[test]
    fn compact_count_formats() {
        assert_eq!(compact_count(220_000.0), "220K");
        assert_eq!(compact_count(1_200_000.0), "1.2M");
        assert_eq!(compact_count(980.0), "980");
        assert_eq!(compact_count(0.0), "0");
        assert_eq!(compact_count(-1_500.0), "-1.5K");
        assert_eq!(compact_count(f64::NAN), "–");
    }

    #[test]
    fn percent_formats() {
        assert_eq!(percent(0.934), "93.4%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(-0.032), "-3.2%");
        assert_eq!(percent(-0.00001), "0%");
        assert_eq!(percent(f64::NAN), "–");
    }

    #[test]
    fn negative_zero_never_prints_a_sign() {
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(-2.5), "-2.5");
        assert_eq!(plain(1e21), "1000000000000000000000");
        assert!(unsigned_zero(-0.0).is_sign_positive());
        for f in [usd, usd_exact, mw, count, compact_count, percent, exact] {
            assert!(!f(-0.0).contains('-'), "{}", f(-0.0));
        }
        // What rounds to zero prints no sign either.
        for f in [usd_exact, count, percent, exact] {
            assert!(!f(-1e-9).starts_with('-'), "{}", f(-1e-9));
        }
        assert_eq!(usd_rate(-0.0, "GPU-hr"), "$0.00/GPU-hr");
        assert_eq!(usd_rate(-0.001, "GPU-hr"), "-$0.001/GPU-hr");
    }

    #[test]
    fn month_labels() {
        assert_eq!(month_label(2029, 5), "May 2029");
        assert_eq!(month_label(2025, 1), "Jan 2025");
        assert_eq!(month_label(2025, 12), "Dec 2025");
        assert_eq!(month_label(2025, 0), "2025-00");
        assert_eq!(month_label(2025, 13), "2025-13");
    }

    #[test]
    fn exact_formats() {
        assert_eq!(exact(46_250_000_000.0), "46,250,000,000");
        assert_eq!(exact(7.8123), "7.8123");
        assert_eq!(exact(1234.5678), "1,234.57");
        assert_eq!(exact(0.1 + 0.2), "0.3");
        assert_eq!(exact(100.0), "100");
        assert_eq!(exact(-999.0), "-999");
        assert_eq!(exact(-0.00001), "0");
        assert_eq!(exact(0.0), "0");
        assert_eq!(exact(f64::NAN), "–");
    }
}
