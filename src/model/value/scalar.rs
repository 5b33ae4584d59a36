//! Readers of single values (docs/data-format.md section 4): strings, numbers, usd,
//! dates, months, ids, URLs, lists.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use url::Url;

use super::Ctx;
use crate::error::KeyPath;
use crate::load::yaml::{Kind, Node};

/// Any scalar read as text (a title of `2026` is the string "2026").
pub fn string(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<String> {
    match &node.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Bool(_) | Kind::Int(_) | Kind::Float(_) => Some(node.raw.clone()),
        _ => {
            cx.expected(node, at, "a string");
            None
        }
    }
}

pub fn non_empty_string(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<String> {
    let s = string(cx, node, at)?;
    if s.trim().is_empty() {
        cx.expected(node, at, "a non-empty string");
        return None;
    }
    Some(s)
}

/// A finite decimal number written as a YAML number (not quoted, no hex or octal).
pub fn number(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<f64> {
    let value = match node.kind {
        Kind::Int(i) => i as f64,
        Kind::Float(f) => f,
        _ => {
            let hint = match &node.kind {
                Kind::Str(_) if node.raw.starts_with(['"', '\'']) => {
                    " (numbers must not be quoted)"
                }
                // `1_000` and `0755` reach us as strings: say what is wrong with them.
                Kind::Str(s)
                    if s.bytes()
                        .all(|b| b.is_ascii_digit() || b"_.eE+-".contains(&b)) =>
                {
                    " written in decimal digits, without underscores or leading zeros"
                }
                _ => "",
            };
            cx.expected(node, at, &format!("a number{hint}"));
            return None;
        }
    };
    if !is_decimal_literal(&node.raw) || !value.is_finite() {
        cx.expected(node, at, "a finite decimal number");
        return None;
    }
    Some(value)
}

/// `300`, `-1.5`, `2.5e3`: YAML 1.2 core decimal forms, nothing else.
fn is_decimal_literal(raw: &str) -> bool {
    let s = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

pub fn positive(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<f64> {
    let v = number(cx, node, at)?;
    if v <= 0.0 {
        cx.expected(node, at, "a number > 0");
        return None;
    }
    Some(v)
}

pub fn non_negative(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<f64> {
    let v = number(cx, node, at)?;
    if v < 0.0 {
        cx.expected(node, at, "a number >= 0");
        return None;
    }
    Some(v)
}

/// A fraction: 0 <= x < 1.
pub fn fraction(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<f64> {
    let v = number(cx, node, at)?;
    if !(0.0..1.0).contains(&v) {
        cx.expected(node, at, "a fraction from 0 up to (not including) 1");
        return None;
    }
    Some(v)
}

/// An integer literal >= 0.
pub fn count(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<u64> {
    let ok = match node.kind {
        Kind::Int(i) if node.raw.bytes().all(|b| b.is_ascii_digit() || b == b'+') => {
            u64::try_from(i).ok()
        }
        _ => None,
    };
    if ok.is_none() {
        cx.expected(
            node,
            at,
            "a whole number >= 0 written as digits (e.g. 150000)",
        );
    }
    ok
}

/// A whole number >= 1.
pub fn count_at_least_one(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<u64> {
    let v = count(cx, node, at)?;
    if v == 0 {
        cx.expected(node, at, "a whole number >= 1");
        return None;
    }
    Some(v)
}

/// USD: a number, or a string such as "1.25B", "$40B", "750M", "12.5K".
pub fn usd(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<f64> {
    const FORMS: &str = "an amount in USD >= 0 (a number, or a string such as \"1.25B\", \"$40B\", \"750M\", \"12.5K\")";
    let value = match &node.kind {
        Kind::Int(_) | Kind::Float(_) => {
            if !is_decimal_literal(&node.raw) {
                None
            } else {
                match node.kind {
                    Kind::Int(i) => Some(i as f64),
                    Kind::Float(f) => Some(f),
                    _ => None,
                }
            }
        }
        Kind::Str(s) => parse_usd_string(s),
        _ => None,
    };
    match value {
        Some(v) if v.is_finite() && v >= 0.0 => Some(v),
        _ => {
            cx.expected(node, at, FORMS);
            None
        }
    }
}

/// The usd string grammar of docs/data-format.md section 4, with the mantissa, the
/// exponent and the suffix captured.
static USD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\$?([0-9]+(?:\.[0-9]+)?)(?:[eE]([+-]?[0-9]+))?([KMBT])?$")
        .expect("the usd grammar is a valid regex")
});

/// `^\$?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?[KMBT]?$`, scaled by its suffix.
pub fn parse_usd_string(s: &str) -> Option<f64> {
    let caps = USD.captures(s)?;
    let scale = match caps.get(3).map(|m| m.as_str()) {
        Some("K") => 3,
        Some("M") => 6,
        Some("B") => 9,
        Some("T") => 12,
        _ => 0,
    };
    // The suffix joins the decimal exponent and the text is parsed once, so that
    // "1.001M" is the f64 nearest 1001000, not 1.001 rounded, then times 1e6.
    let exponent: i64 = caps.get(2).map_or(Ok(0), |e| e.as_str().parse()).ok()?;
    let v: f64 = format!("{}e{}", &caps[1], exponent + scale).parse().ok()?;
    v.is_finite().then_some(v)
}

/// Exactly `YYYY-MM-DD`, a real calendar day.
pub fn date(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<NaiveDate> {
    let parsed = match &node.kind {
        Kind::Str(s) => parse_date(s),
        _ => None,
    };
    if parsed.is_none() {
        let well_formed = match &node.kind {
            Kind::Str(s) => has_date_shape(s),
            _ => false,
        };
        // `2026-02-30` has the right shape: say that the day is the problem.
        let expected = if well_formed {
            "a day of the calendar written YYYY-MM-DD"
        } else {
            "a date written YYYY-MM-DD"
        };
        cx.expected(node, at, expected);
    }
    parsed
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if !has_date_shape(s) {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `DDDD-DD-DD`, whether or not it names a real day.
fn has_date_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Exactly `YYYY-MM`; returns (year, month).
pub fn month(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<(i32, u32)> {
    let parsed = match &node.kind {
        Kind::Str(s) => parse_month(s),
        _ => None,
    };
    if parsed.is_none() {
        cx.expected(node, at, "a month written YYYY-MM");
    }
    parsed
}

pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let b = s.as_bytes();
    let shape = b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let year: i32 = s[..4].parse().ok()?;
    let month: u32 = s[5..].parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// `^[a-z0-9][a-z0-9-]{0,63}$`: safe as a file and URL path segment.
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

pub fn id(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<String> {
    let s = string(cx, node, at)?;
    if !is_id(&s) {
        cx.expected(node, at, "an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit)");
        return None;
    }
    Some(s)
}

/// An absolute `http://` or `https://` URL with a host, as the `url` crate
/// (WHATWG URL) parses it; white space anywhere is refused, since the parser
/// would silently strip it.
pub fn url(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<String> {
    let s = string(cx, node, at)?;
    let ok = !s.chars().any(char::is_whitespace)
        && Url::parse(&s).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        });
    if !ok {
        cx.expected(node, at, "an http:// or https:// URL with a host");
        return None;
    }
    Some(s)
}

/// A list node; anything else is an error.
pub fn list<'a>(cx: &mut Ctx, node: &'a Node, at: &KeyPath) -> Option<&'a [Node]> {
    match &node.kind {
        Kind::Seq(items) => Some(items),
        _ => {
            cx.expected(node, at, "a list");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_strings() {
        assert_eq!(parse_usd_string("1.25B"), Some(1.25e9));
        assert_eq!(parse_usd_string("$40B"), Some(40e9));
        assert_eq!(parse_usd_string("750M"), Some(750e6));
        assert_eq!(parse_usd_string("12.5K"), Some(12_500.0));
        assert_eq!(parse_usd_string("1250000000"), Some(1.25e9));
        assert_eq!(parse_usd_string("1.25e9"), Some(1.25e9));
        assert_eq!(parse_usd_string("2E-3T"), Some(2e9));
        // Regression: the suffix used to be applied after parsing, rounding twice.
        assert_eq!(parse_usd_string("1.001M"), Some(1_001_000.0));
        assert_eq!(parse_usd_string("0.067B"), Some(67_000_000.0));
        for bad in [
            "750m", "1,250", "$40 B", "NaN", "", "$", "B", "1.B", ".5B", "-5", "1e999", "$$1",
        ] {
            assert_eq!(parse_usd_string(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimal_literals() {
        for ok in ["300", "1.4", "2.5e3", "-1", "1.25e9", "0", "1E+3", ".5"] {
            assert!(is_decimal_literal(ok), "{ok}");
        }
        for bad in ["0x1F", "0o17", "1_000", ".inf", ".nan", "1e", ""] {
            assert!(!is_decimal_literal(bad), "{bad}");
        }
    }

    #[test]
    fn dates_months_ids() {
        assert!(parse_date("2028-02-29").is_some());
        assert!(parse_date("2027-02-29").is_none());
        assert!(parse_date("2026-6-01").is_none());
        assert!(parse_date("+2026-06-01").is_none());
        assert_eq!(parse_month("2029-12"), Some((2029, 12)));
        assert_eq!(parse_month("2029-13"), None);
        assert!(is_id("anthropic-xai-colossus-1"));
        assert!(!is_id("../etc"));
        assert!(!is_id("-a"));
        assert!(!is_id(&"a".repeat(65)));
    }
}
