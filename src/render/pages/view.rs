//! Building blocks every page view shares: figures formatted for people with
//! the exact value on hover, banded figures (from the typed rows of
//! `render::typed`), and links that start with base_url.

use chrono::{Datelike, NaiveDate};

use crate::registry;
use crate::render::format as fmt;
pub use crate::render::typed::Band;

/// What a figure measures, which decides how it reads and how its exact
/// value reads on hover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Usd,
    /// Dollars per unit, e.g. `Rate("GPU-hr")` reads "$7.23/GPU-hr".
    Rate(&'static str),
    Mw,
    Count,
    /// Counts too large to read digit by digit: "220K".
    Compact,
    /// A fraction shown as a percentage.
    Percent,
}

impl Unit {
    /// How a figure of a registry unit reads on a page (counts digit by
    /// digit; GPU-hours short); None for what is not a number.
    pub fn of(unit: registry::Unit) -> Option<Unit> {
        use registry::Unit as R;
        Some(match unit {
            R::Usd => Unit::Usd,
            R::UsdPerGpuHour => Unit::Rate("GPU-hr"),
            R::UsdPerH100eHour => Unit::Rate("H100e-hr"),
            R::UsdPerMwMonth => Unit::Rate("MW-month"),
            R::Mw => Unit::Mw,
            R::Count | R::Days | R::Months => Unit::Count,
            R::GpuHours => Unit::Compact,
            R::Ratio => Unit::Percent,
            R::Id | R::Text | R::Date | R::Month | R::Year | R::Bool | R::Rank => return None,
        })
    }

    /// How an exported column reads on a page, by its registry unit.
    pub fn of_column(column: &str) -> Option<Unit> {
        registry::unit_of(column).and_then(Unit::of)
    }

    /// The unit a decoded figure reads in (counts when the registry has none).
    pub fn of_band(b: &Band) -> Unit {
        b.unit.and_then(Unit::of).unwrap_or(Unit::Count)
    }

    pub fn text(self, x: f64) -> String {
        match self {
            Unit::Usd => fmt::usd(x),
            Unit::Rate(u) => fmt::usd_rate(x, u),
            Unit::Mw => fmt::mw(x),
            Unit::Count => fmt::count(x),
            Unit::Compact => fmt::compact_count(x),
            Unit::Percent => fmt::percent(x),
        }
    }

    /// The text of a band's end: a rate without its unit ("$7.23"), since
    /// the band is shown beside the base figure, which carries it.
    pub fn band_text(self, x: f64) -> String {
        match self {
            Unit::Rate(_) => fmt::usd_rate(x, ""),
            _ => self.text(x),
        }
    }

    pub fn exact(self, x: f64) -> String {
        match self {
            Unit::Usd => fmt::usd_exact(x),
            Unit::Rate(u) => format!("{}/{u}", fmt::usd_exact(x)),
            Unit::Mw => format!("{} MW", fmt::exact(x)),
            Unit::Count | Unit::Compact => fmt::exact(x),
            Unit::Percent => format!("{}%", fmt::exact(x * 100.0)),
        }
    }
}

/// Why a figure is missing, shown on hover over its dash. Null means the
/// input was not reported (docs/figures.md, Capacity and unit costs), unless a caller knows better.
pub const NOT_REPORTED: &str = "not reported";

/// A figure ready for the page: the text people read, the exact value for
/// the hover title, and the raw number for sorting (empty when null).
#[derive(Debug, Clone, Default)]
pub struct Fig {
    pub text: String,
    pub exact: String,
    pub sort: String,
}

impl Fig {
    pub fn new(value: Option<f64>, unit: Unit) -> Fig {
        Fig::or(value, unit, NOT_REPORTED)
    }

    /// As [`Fig::new`], saying `why` on hover when the value is null.
    pub fn or(value: Option<f64>, unit: Unit, why: &str) -> Fig {
        match value.filter(|x| x.is_finite()) {
            Some(x) => Fig {
                text: unit.text(x),
                exact: unit.exact(x),
                sort: fmt::plain(x),
            },
            None => Fig {
                text: fmt::DASH.to_string(),
                exact: why.to_string(),
                sort: String::new(),
            },
        }
    }

    pub fn is_missing(&self) -> bool {
        self.sort.is_empty()
    }

    /// The text before a rate's unit: "$7.23" of "$7.23/GPU-hr".
    pub fn amount(&self) -> &str {
        self.text.split_once('/').map_or(&self.text, |(a, _)| a)
    }

    /// A rate's unit with its slash, "/GPU-hr"; empty for other figures.
    pub fn per(&self) -> &str {
        self.text.find('/').map_or("", |i| &self.text[i..])
    }
}

/// A figure with its uncertainty band (docs/figures.md, Bands): the base, and the
/// low – high range when the two read differently.
#[derive(Debug, Clone, Default)]
pub struct Banded {
    pub base: Fig,
    /// "$45B – $46.3B"; None when there is no band worth showing.
    pub band: Option<String>,
    /// The band's exact ends, for its hover title.
    pub band_exact: String,
}

impl Banded {
    pub fn new(base: Option<f64>, low: Option<f64>, high: Option<f64>, unit: Unit) -> Banded {
        Banded::or(base, low, high, unit, NOT_REPORTED)
    }

    pub fn or(
        base: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
        unit: Unit,
        why: &str,
    ) -> Banded {
        let base = Fig::or(base, unit, why);
        match (
            low.filter(|x| x.is_finite()),
            high.filter(|x| x.is_finite()),
        ) {
            (Some(l), Some(h)) if unit.text(l) != unit.text(h) => Banded {
                base,
                band: Some(format!("{} – {}", unit.band_text(l), unit.band_text(h))),
                band_exact: format!("{} to {}", unit.exact(l), unit.exact(h)),
            },
            _ => Banded {
                base,
                band: None,
                band_exact: String::new(),
            },
        }
    }

    /// A count as recorded, with its range (a fleet entry's GPUs).
    pub fn count(r: &crate::model::Range<u64>) -> Banded {
        Banded::new(
            Some(r.base as f64),
            Some(r.low as f64),
            Some(r.high as f64),
            Unit::Count,
        )
    }

    /// A decoded figure with its band, in its registry unit.
    pub fn figure(b: &Band) -> Banded {
        Banded::of(b, Unit::of_band(b))
    }

    /// As [`Banded::figure`], saying `why` when the figure is missing.
    pub fn figure_or(b: &Band, why: &str) -> Banded {
        Banded::or_of(b, Unit::of_band(b), why)
    }

    /// As [`Banded::figure`], a count in short form ("220K").
    pub fn compact(b: &Band) -> Banded {
        let unit = match Unit::of_band(b) {
            Unit::Count => Unit::Compact,
            unit => unit,
        };
        Banded::of(b, unit)
    }

    /// A decoded figure with its band, in a unit the page chooses.
    pub fn of(b: &Band, unit: Unit) -> Banded {
        Banded::new(b.base, b.low, b.high, unit)
    }

    /// As [`Banded::of`], saying `why` when the figure is missing.
    pub fn or_of(b: &Band, unit: Unit, why: &str) -> Banded {
        Banded::or(b.base, b.low, b.high, unit, why)
    }
}

/// Every link the site makes starts with base_url, so the site works under a
/// sub-path (`/reports/deals/`).
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    pub fn new(base_url: &str) -> Links {
        let base = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        Links { base }
    }

    /// `rel` (a path in the output directory, e.g. `deals/x.html`) as a link.
    pub fn to(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether base_url names a scheme and host, so links are full URLs.
    pub fn is_absolute(&self) -> bool {
        let lower = self.base.to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    }
}

pub use fmt::date;

/// The month of a day for people: "May 2029".
pub fn month_of(d: NaiveDate) -> String {
    fmt::month_label(d.year(), d.month())
}

/// "2026-05" -> "May 2026"; other text is returned as it is.
pub fn month_label(month: &str) -> String {
    match crate::model::value::parse_month(month) {
        Some((y, m)) => fmt::month_label(y, m),
        None => month.to_string(),
    }
}

/// Markdown as one line of plain text, for a meta description: at most
/// `max` characters, cut at a word with "…".
pub fn plain_text(markdown: &str, max: usize) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end with a space; inline markup (links, emphasis) does not.
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_figures_say_why() {
        let f = Fig::new(None, Unit::Usd);
        assert_eq!((f.text.as_str(), f.exact.as_str()), ("–", "not reported"));
        let f = Fig::or(Some(f64::NAN), Unit::Mw, "no power");
        assert_eq!(f.exact, "no power");
        assert!(f.is_missing());
    }

    #[test]
    fn bands_show_only_when_they_read_differently() {
        let b = Banded::new(Some(45e9), Some(45e9), Some(46.4e9), Unit::Usd);
        assert_eq!(b.band.as_deref(), Some("$45B – $46.4B"));
        assert_eq!(b.band_exact, "$45,000,000,000 to $46,400,000,000");
        let b = Banded::new(Some(45e9), Some(45.001e9), Some(45.002e9), Unit::Usd);
        assert_eq!(b.band, None);
    }

    #[test]
    fn rates_split_into_amount_and_unit() {
        let f = Fig::new(Some(7.2335), Unit::Rate("GPU-hr"));
        assert_eq!((f.amount(), f.per()), ("$7.23", "/GPU-hr"));
        let f = Fig::new(Some(45e9), Unit::Usd);
        assert_eq!((f.amount(), f.per()), ("$45B", ""));
        let b = Banded::new(Some(7.2), Some(7.2), Some(7.8), Unit::Rate("GPU-hr"));
        assert_eq!(b.band.as_deref(), Some("$7.20 – $7.80"));
    }

    #[test]
    fn links_start_with_base_url() {
        assert_eq!(Links::new("/").to("a.html"), "/a.html");
        assert_eq!(
            Links::new("/reports/deals").to("a.html"),
            "/reports/deals/a.html"
        );
        assert!(Links::new("HTTPS://x.org/").is_absolute());
        assert!(!Links::new("/x/").is_absolute());
    }

    #[test]
    fn plain_text_drops_markup_and_cuts_at_a_word() {
        assert_eq!(
            plain_text("This **is** a [link](x).\n\nNext", 100),
            "This is a link. Next"
        );
        assert_eq!(plain_text("one two three", 8), "one two…");
    }

    #[test]
    fn dates_read_as_words() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert_eq!(date(d), "1 May 2026");
        assert_eq!(month_of(d), "May 2026");
        assert_eq!(month_label("2029-05"), "May 2029");
    }
}
