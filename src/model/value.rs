//! Typed readers for the value types of SPEC.md section 2: each takes a YAML node,
//! returns the checked value, or records what was expected and what was found.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use url::Url;

use crate::error::{Diagnostic, Problem, did_you_mean};
use crate::load::yaml::{Key, Kind, Node};

/// Where errors of one file are collected.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub errors: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.errors.push(Diagnostic::at(
            self.file,
            node.line.max(1),
            node.column.max(1),
            message,
        ));
    }

    pub fn error_at_key(&mut self, key: &Key, message: impl Into<String>) {
        self.errors.push(Diagnostic::at(
            self.file,
            key.line.max(1),
            key.column.max(1),
            message,
        ));
    }

    fn expected(&mut self, node: &Node, what: &str, expected: &str) {
        self.errors.push(Diagnostic::place(
            self.file,
            Some(node.line.max(1)),
            Some(node.column.max(1)),
            Problem::Expected {
                what: what.to_string(),
                expected: expected.to_string(),
                found: node.describe(),
            },
        ));
    }
}

/// The entries of a mapping whose keys have been checked against the allowed set.
pub struct Fields<'a> {
    pub node: &'a Node,
    entries: &'a [(Key, Node)],
    what: String,
}

/// Reads `node` as a mapping that may hold only `allowed` keys; unknown keys are errors.
pub fn mapping<'a>(
    cx: &mut Ctx,
    node: &'a Node,
    what: &str,
    allowed: &[&str],
) -> Option<Fields<'a>> {
    let Kind::Map(entries) = &node.kind else {
        cx.expected(node, what, "a mapping");
        return None;
    };
    for (key, _) in entries {
        if !allowed.contains(&key.name.as_str()) {
            // `price.currency`: expected a key of `price` (...); `currency`: ... of a deal (...).
            let (path, container) = match what.strip_prefix('`') {
                Some(inner) => (
                    format!("`{}.{}`", inner.trim_end_matches('`'), key.name),
                    what.to_string(),
                ),
                None if what.ends_with(".yaml") => (format!("`{}`", key.name), what.to_string()),
                None => (format!("`{}`", key.name), format!("a {what}")),
            };
            cx.errors.push(Diagnostic::place(
                cx.file,
                Some(key.line.max(1)),
                Some(key.column.max(1)),
                Problem::UnknownKey {
                    path,
                    container,
                    allowed: allowed.iter().map(|a| a.to_string()).collect(),
                    key: key.name.clone(),
                    suggestion: did_you_mean(&key.name, allowed).map(str::to_string),
                },
            ));
        }
    }
    Some(Fields {
        node,
        entries,
        what: what.to_string(),
    })
}

impl<'a> Fields<'a> {
    /// The value of `key`, or None when it is absent or null (the same by SPEC.md).
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// Whether `key` is written at all, even as null (for "even `0` or `[]`" rules).
    pub fn key(&self, key: &str) -> Option<&'a Key> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k)
    }

    /// The value of a required key. Absent is reported at the enclosing mapping;
    /// an explicit null (the same as absent by SPEC.md) at its key.
    pub fn require(&self, cx: &mut Ctx, key: &str) -> Option<&'a Node> {
        let expected = format!("{}: expected a value (the key is required)", self.name(key));
        match self.entries.iter().find(|(k, _)| k.name == key) {
            Some((_, value)) if !value.is_null() => Some(value),
            Some((k, _)) => {
                cx.error_at_key(k, format!("{expected}, found nothing (null)"));
                None
            }
            None => {
                cx.error(self.node, format!("{expected}, found no such key"));
                None
            }
        }
    }

    /// Reads an optional field with `read`, naming it `<what>.<key>` in errors.
    pub fn opt<T>(
        &self,
        cx: &mut Ctx,
        key: &str,
        read: impl FnOnce(&mut Ctx, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.get(key)?;
        read(cx, node, &self.name(key))
    }

    /// Reads a required field with `read`.
    pub fn req<T>(
        &self,
        cx: &mut Ctx,
        key: &str,
        read: impl FnOnce(&mut Ctx, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.require(cx, key)?;
        read(cx, node, &self.name(key))
    }

    pub fn name(&self, key: &str) -> String {
        if self.what.starts_with('`') {
            format!("`{}.{key}`", self.what.trim_matches('`'))
        } else {
            format!("`{key}`")
        }
    }
}

/// Any scalar read as text (a title of `2026` is the string "2026").
pub fn string(cx: &mut Ctx, node: &Node, what: &str) -> Option<String> {
    match &node.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Bool(_) | Kind::Int(_) | Kind::Float(_) => Some(node.raw.clone()),
        _ => {
            cx.expected(node, what, "a string");
            None
        }
    }
}

pub fn non_empty_string(cx: &mut Ctx, node: &Node, what: &str) -> Option<String> {
    let s = string(cx, node, what)?;
    if s.trim().is_empty() {
        cx.expected(node, what, "a non-empty string");
        return None;
    }
    Some(s)
}

/// A finite decimal number written as a YAML number (not quoted, no hex or octal).
pub fn number(cx: &mut Ctx, node: &Node, what: &str) -> Option<f64> {
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
            cx.expected(node, what, &format!("a number{hint}"));
            return None;
        }
    };
    if !is_decimal_literal(&node.raw) || !value.is_finite() {
        cx.expected(node, what, "a finite decimal number");
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

pub fn positive(cx: &mut Ctx, node: &Node, what: &str) -> Option<f64> {
    let v = number(cx, node, what)?;
    if v <= 0.0 {
        cx.expected(node, what, "a number > 0");
        return None;
    }
    Some(v)
}

pub fn non_negative(cx: &mut Ctx, node: &Node, what: &str) -> Option<f64> {
    let v = number(cx, node, what)?;
    if v < 0.0 {
        cx.expected(node, what, "a number >= 0");
        return None;
    }
    Some(v)
}

/// A fraction: 0 <= x < 1.
pub fn fraction(cx: &mut Ctx, node: &Node, what: &str) -> Option<f64> {
    let v = number(cx, node, what)?;
    if !(0.0..1.0).contains(&v) {
        cx.expected(node, what, "a fraction from 0 up to (not including) 1");
        return None;
    }
    Some(v)
}

/// An integer literal >= 0.
pub fn count(cx: &mut Ctx, node: &Node, what: &str) -> Option<u64> {
    let ok = match node.kind {
        Kind::Int(i) if node.raw.bytes().all(|b| b.is_ascii_digit() || b == b'+') => {
            u64::try_from(i).ok()
        }
        _ => None,
    };
    if ok.is_none() {
        cx.expected(
            node,
            what,
            "a whole number >= 0 written as digits (e.g. 150000)",
        );
    }
    ok
}

/// A whole number >= 1.
pub fn count_at_least_one(cx: &mut Ctx, node: &Node, what: &str) -> Option<u64> {
    let v = count(cx, node, what)?;
    if v == 0 {
        cx.expected(node, what, "a whole number >= 1");
        return None;
    }
    Some(v)
}

/// USD: a number, or a string such as "1.25B", "$40B", "750M", "12.5K".
pub fn usd(cx: &mut Ctx, node: &Node, what: &str) -> Option<f64> {
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
            cx.expected(node, what, FORMS);
            None
        }
    }
}

/// The usd string grammar of SPEC.md section 2, with the mantissa, the
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
pub fn date(cx: &mut Ctx, node: &Node, what: &str) -> Option<NaiveDate> {
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
        cx.expected(node, what, expected);
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
pub fn month(cx: &mut Ctx, node: &Node, what: &str) -> Option<(i32, u32)> {
    let parsed = match &node.kind {
        Kind::Str(s) => parse_month(s),
        _ => None,
    };
    if parsed.is_none() {
        cx.expected(node, what, "a month written YYYY-MM");
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

pub fn id(cx: &mut Ctx, node: &Node, what: &str) -> Option<String> {
    let s = string(cx, node, what)?;
    if !is_id(&s) {
        cx.expected(node, what, "an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit)");
        return None;
    }
    Some(s)
}

/// An absolute `http://` or `https://` URL with a host, as the `url` crate
/// (WHATWG URL) parses it; white space anywhere is refused, since the parser
/// would silently strip it.
pub fn url(cx: &mut Ctx, node: &Node, what: &str) -> Option<String> {
    let s = string(cx, node, what)?;
    let ok = !s.chars().any(char::is_whitespace)
        && Url::parse(&s).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        });
    if !ok {
        cx.expected(node, what, "an http:// or https:// URL with a host");
        return None;
    }
    Some(s)
}

/// A list node; anything else is an error.
pub fn list<'a>(cx: &mut Ctx, node: &'a Node, what: &str) -> Option<&'a [Node]> {
    match &node.kind {
        Kind::Seq(items) => Some(items),
        _ => {
            cx.expected(node, what, "a list");
            None
        }
    }
}

/// A value that may be uncertain: written plainly, or as `{low, base, high}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<T> {
    pub low: T,
    pub base: T,
    pub high: T,
    /// Written as a `{low, base, high}` mapping: one dimension of the bands (SPEC.md 7.5).
    pub uncertain: bool,
}

impl<T: Copy> Range<T> {
    pub fn exact(v: T) -> Self {
        Self {
            low: v,
            base: v,
            high: v,
            uncertain: false,
        }
    }

    pub fn map<U>(self, f: impl Fn(T) -> U) -> Range<U> {
        Range {
            low: f(self.low),
            base: f(self.base),
            high: f(self.high),
            uncertain: self.uncertain,
        }
    }
}

/// range(T): a plain T, or a mapping of exactly low, base and high with low <= base <= high.
pub fn range<T: PartialOrd + Copy + std::fmt::Display>(
    cx: &mut Ctx,
    node: &Node,
    what: &str,
    read: impl Fn(&mut Ctx, &Node, &str) -> Option<T>,
) -> Option<Range<T>> {
    if !matches!(node.kind, Kind::Map(_)) {
        return read(cx, node, what).map(Range::exact);
    }
    let fields = mapping(cx, node, what, &["low", "base", "high"])?;
    let inner = what.trim_matches('`');
    let low = fields
        .require(cx, "low")
        .and_then(|n| read(cx, n, &format!("`{inner}.low`")));
    let base = fields
        .require(cx, "base")
        .and_then(|n| read(cx, n, &format!("`{inner}.base`")));
    let high = fields
        .require(cx, "high")
        .and_then(|n| read(cx, n, &format!("`{inner}.high`")));
    let (low, base, high) = (low?, base?, high?);
    if !(low <= base && base <= high) {
        cx.error(
            node,
            format!(
                "{what}: expected low <= base <= high, found low {low}, base {base}, high {high}"
            ),
        );
        return None;
    }
    Some(Range {
        low,
        base,
        high,
        uncertain: true,
    })
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
