//! The figure registry: one declaration per exported column (name, unit,
//! scope, band, the sentence that explains it). compute aggregates and
//! orders its frames from it, the exports' column order follows from it, and
//! the data page reads its meanings here. At the bottom floor, so that
//! compute and render both import it and neither imports the other.

mod columns;

pub use columns::{
    BY_YEAR, CAPACITY_BY_MONTH, DEALS, EXPORTS, PORTFOLIO_BY_YEAR, RANKINGS, SCHEDULE,
};

/// The first characters that make a spreadsheet read a text cell as a
/// formula (tab and carriage return can shift a cell into one): OWASP's CSV
/// injection list. A CSV text cell starting with one is written with a
/// leading apostrophe; the data page says so in [`CSV_TEXT_RULE`].
pub const CSV_FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// How the CSV exports write text cells, as the data page says it.
pub const CSV_TEXT_RULE: &str = "A text cell (a title, a party, a status) that begins with =, +, -, @, a tab or a carriage return is written with a leading apostrophe (') so that a spreadsheet opens it as text, not as a formula (OWASP's advice against CSV injection); remove that one apostrophe to get the text as recorded. Numbers are never changed: a negative number is written as a number. metrics.json keeps every text as written.";

/// What a row of an export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Deal,
    Month,
    Year,
    /// Summed across deals (per year or per month).
    Portfolio,
}

/// What a value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Id,
    Text,
    Date,
    /// YYYY-MM.
    Month,
    Year,
    Bool,
    Days,
    Months,
    Count,
    Usd,
    UsdPerGpuHour,
    UsdPerH100eHour,
    UsdPerMwMonth,
    Mw,
    GpuHours,
    /// A fraction (1 = 100%).
    Ratio,
    /// 1 for the first.
    Rank,
}

/// How a figure varies over the scenarios of docs/figures.md, Bands, and where its band goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// A fact of the record or a group key: not computed per scenario.
    Fact,
    /// Computed, no scenario changes it: the base scenario's value.
    Base,
    /// Banded; docs/figures.md lists `_low` and `_high` right after it.
    Listed,
    /// Banded; `_low` and `_high` are extra columns after the figures of its part.
    Extra,
    /// As `Extra`, after the other extras of its part (earliest_exit, as
    /// exported since version 2 of the contract).
    ExtraLast,
}

impl Band {
    pub fn banded(self) -> bool {
        matches!(self, Band::Listed | Band::Extra | Band::ExtraLast)
    }
}

/// docs/figures.md, Column order (v1), the v2 columns of 10.4, which follow every v1
/// column, or the v3 columns (12.2's `withdrawn`, then the citation
/// columns), which follow every v2 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    V1,
    V2,
    V3,
}

#[derive(Debug, Clone, Copy)]
pub struct Figure {
    pub name: &'static str,
    pub unit: Unit,
    pub band: Band,
    pub part: Part,
    pub meaning: &'static str,
}

/// One export file and its figures, in column order.
#[derive(Debug)]
pub struct Export {
    pub file: &'static str,
    pub scope: Scope,
    /// What a row is.
    pub rows: &'static str,
    pub figures: &'static [Figure],
}

impl Export {
    /// The columns in export order: the v1 figures (a `Listed` band right
    /// after its figure), the v1 extra bands, then the same for v2 and v3.
    pub fn columns(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in [Part::V1, Part::V2, Part::V3] {
            let figures = || self.figures.iter().filter(move |f| f.part == part);
            for f in figures() {
                out.push(f.name.to_string());
                if f.band == Band::Listed {
                    out.extend(band_columns(f.name));
                }
            }
            for extra in [Band::Extra, Band::ExtraLast] {
                for f in figures().filter(|f| f.band == extra) {
                    out.extend(band_columns(f.name));
                }
            }
        }
        out
    }

    pub fn figure(&self, name: &str) -> Option<&'static Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    /// The figures computed per scenario or from the base scenario (not facts).
    pub fn computed(&self) -> impl Iterator<Item = &'static Figure> {
        self.figures.iter().filter(|f| f.band != Band::Fact)
    }

    /// What a column means: the figure's sentence, or for `<figure>_low` and
    /// `<figure>_high` the band's; None for a column the registry lacks.
    pub fn meaning(&self, column: &str) -> Option<String> {
        if let Some(f) = self.figure(column) {
            return Some(f.meaning.to_string());
        }
        // Bands: docs/figures.md, Bands, extra columns `<figure>_low` and `<figure>_high`.
        for (suffix, end, pick) in [("_low", "Low", "minimum"), ("_high", "High", "maximum")] {
            if let Some(name) = column.strip_suffix(suffix) {
                let f = self.figure(name).filter(|f| f.band.banded())?;
                let across = if self.scope == Scope::Portfolio {
                    format!(
                        " Deals vary independently, so it is the sum of the deals' {} values.",
                        end.to_lowercase()
                    )
                } else {
                    String::new()
                };
                let figure = f.name;
                return Some(format!(
                    "{end} end of the band of {figure}: its {pick} over the base scenario and every \
                     corner scenario of the uncertain inputs (methodology, bands); equal to \
                     {figure} when no input is uncertain; empty when {figure} is.{across}"
                ));
            }
        }
        None
    }
}

/// The unit of an exported column, by its figure (`<figure>_low` and
/// `<figure>_high` are in the figure's unit); None for a column no export has.
pub fn unit_of(column: &str) -> Option<Unit> {
    // Asked once per decoded band of every row: a map built once, not a
    // search of every export each time.
    static UNITS: std::sync::OnceLock<std::collections::HashMap<String, Unit>> =
        std::sync::OnceLock::new();
    UNITS
        .get_or_init(|| {
            let mut units = std::collections::HashMap::new();
            for f in EXPORTS.iter().flat_map(|e| e.figures) {
                units.entry(f.name.to_string()).or_insert(f.unit);
            }
            for f in EXPORTS.iter().flat_map(|e| e.figures) {
                if f.band.banded() {
                    for end in band_columns(f.name) {
                        units.entry(end).or_insert(f.unit);
                    }
                }
            }
            units
        })
        .get(column)
        .copied()
}

/// The export called `file` (e.g. `deals.csv`).
pub fn export(file: &str) -> Option<&'static Export> {
    EXPORTS.iter().copied().find(|e| e.file == file)
}

fn band_columns(name: &str) -> [String; 2] {
    [format!("{name}_low"), format!("{name}_high")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_documented_from_their_figure() {
        let low = DEALS.meaning("total_usd_low").unwrap();
        assert!(low.starts_with("Low end of the band of total_usd"), "{low}");
        assert!(DEALS.meaning("nonsense_low").is_none());
        assert!(DEALS.meaning("nonsense").is_none());
        // An unbanded figure has no band columns.
        assert!(DEALS.meaning("title_low").is_none());
        let sum = CAPACITY_BY_MONTH.meaning("power_mw_high").unwrap();
        assert!(sum.contains("sum of the deals' high values"), "{sum}");
    }

    #[test]
    fn export_order_is_spec_then_extras_then_v2() {
        let deals = DEALS.columns();
        let at = |c: &str| deals.iter().position(|x| x == c).unwrap();
        // docs/figures.md, Column order lists total_usd's band right after it.
        assert_eq!(at("total_usd_low"), at("total_usd") + 1);
        // Extra bands after every v1 column, v2 after those.
        assert!(at("market_premium") < at("monthly_equiv_usd_low"));
        assert!(at("market_premium_high") < at("commitment"));
        assert!(at("reviewed") < at("cancellable_usd_low"));
        assert!(at("cancellable_usd_high") < at("earliest_exit_low"));
        assert!(at("earliest_exit_high") < at("withdrawn"));
        assert_eq!(
            deals[at("withdrawn")..],
            [
                "withdrawn",
                "announced",
                "confidence",
                "facilities",
                "source_url"
            ]
        );
        assert_eq!(
            SCHEDULE.columns()[..6],
            [
                "deal",
                "month",
                "active_days",
                "payment_usd",
                "payment_usd_low",
                "payment_usd_high"
            ]
        );
    }

    #[test]
    fn names_are_unique_within_an_export() {
        for e in EXPORTS {
            let mut columns = e.columns();
            let n = columns.len();
            columns.sort();
            columns.dedup();
            assert_eq!(columns.len(), n, "{}", e.file);
        }
    }

    #[test]
    fn a_name_has_one_unit_in_every_export() {
        for e in EXPORTS {
            for f in e.figures {
                assert_eq!(unit_of(f.name), Some(f.unit), "{} in {}", f.name, e.file);
            }
        }
        assert_eq!(
            unit_of("usd_per_h100e_hour_low"),
            Some(Unit::UsdPerH100eHour)
        );
        assert_eq!(unit_of("payment_usd_high"), Some(Unit::Usd));
        assert_eq!(unit_of("title_low"), None);
        assert_eq!(unit_of("nonsense"), None);
    }
}
