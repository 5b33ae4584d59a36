//! Commitments by calendar year through the horizon, split into series
//! (buyer, provider, deal): the stacked bar chart and the table holding the
//! same numbers, as the home, party and facility pages show them. The
//! amounts, ranks, totals and bands are compute's (compute::year_splits);
//! this module lays them out and links each series to its page.

use std::collections::BTreeMap;

use super::Ctx;
use super::view::{Banded, Fig, Unit};
use crate::model::Deal;
use crate::render::chart::{self, Chart, Series};
use crate::render::typed::{SplitYear, YearSplit};

/// The key a deal's payments are filed under, and the page it links to.
pub struct Split {
    pub name: String,
    pub href: Option<String>,
}

/// A column head of the table: a series and its page.
pub struct Head {
    pub name: String,
    pub href: Option<String>,
}

/// One row of the table: a year, each series' amount, the total and band.
pub struct YearLine {
    pub label: String,
    pub cells: Vec<Fig>,
    pub total: Banded,
    /// The part of the total that cannot be cancelled (docs/figures.md, What binds).
    pub firm: Fig,
}

/// The chart and its table (templates/year_chart.html).
pub struct YearView {
    pub id: String,
    pub svg: String,
    pub caption: String,
    pub heads: Vec<Head>,
    pub rows: Vec<YearLine>,
    /// Sums through the horizon.
    pub foot: YearLine,
}

/// What to draw: compute's chart and group, the chart's id and what its
/// series are.
pub struct YearSpec<'s> {
    pub id: &'s str,
    pub by: &'s str,
    /// compute::year_splits' chart (all, buyer, provider, facility) and group.
    pub chart: &'s str,
    pub group: &'s str,
}

/// The chart of `spec`, its series linked to the pages `split` gives the
/// page's deals; None when compute has no such chart (no deals).
pub fn commitments(
    ctx: &Ctx,
    deals: &[&Deal],
    split: impl Fn(&Deal) -> Split,
    spec: YearSpec,
) -> Option<YearView> {
    let data = ctx.year_split(spec.chart, spec.group)?;
    let mut hrefs: BTreeMap<String, Option<String>> = BTreeMap::new();
    for d in deals {
        let s = split(d);
        hrefs.entry(s.name).or_insert(s.href);
    }
    let heads = data
        .series
        .iter()
        .map(|name| Head {
            name: name.clone(),
            href: hrefs.get(name).cloned().flatten(),
        })
        .collect();
    // A year before the report's has been paid: its firm part is zero
    // because nothing is left to cancel, which "$0" would misread as
    // "nothing binds" (issue #20).
    let this_year = i64::from(chrono::Datelike::year(&ctx.model.site.as_of));
    let firm = |y: &SplitYear| {
        let fig = Fig::new(y.firm, Unit::Usd);
        match y.year {
            Some(year) if year < this_year && y.firm == Some(0.0) => Fig {
                text: "paid".into(),
                exact: "a past year: paid, nothing left to cancel".into(),
                ..fig
            },
            _ => fig,
        }
    };
    let line = |y: &SplitYear, label: String| YearLine {
        label,
        cells: y.cells.iter().map(|v| Fig::new(*v, Unit::Usd)).collect(),
        total: Banded::figure(&y.total),
        firm: firm(y),
    };
    let rows = data
        .years
        .iter()
        .map(|y| line(y, y.year.map(|y| y.to_string()).unwrap_or_default()))
        .collect();
    let foot = line(&data.through, format!("Through {}", ctx.horizon_label()));

    let title = format!("Commitments by calendar year, by {}", spec.by);
    let desc = describe(data, spec.by, &ctx.horizon_label());
    let series: Vec<Series> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, name)| Series {
            name: name.clone(),
            values: data
                .years
                .iter()
                .map(|y| y.cells.get(i).copied().flatten().unwrap_or(0.0))
                .collect(),
        })
        .collect();
    let labels: Vec<String> = data
        .years
        .iter()
        .map(|y| y.year.map(|y| y.to_string()).unwrap_or_default())
        .collect();
    let chart = Chart::money(spec.id, &title, &desc);
    let svg = chart::responsive(|| chart::stacked_bars(&chart, &labels, &series));
    Some(YearView {
        id: spec.id.to_string(),
        svg,
        caption: format!(
            "Payments due by calendar year through {}, by {}",
            ctx.horizon_label(),
            spec.by
        ),
        heads,
        rows,
        foot,
    })
}

/// The chart's description: what it shows and its largest year.
fn describe(data: &YearSplit, by: &str, horizon: &str) -> String {
    let (Some(first), Some(last)) = (
        data.years.first().and_then(|y| y.year),
        data.years.last().and_then(|y| y.year),
    ) else {
        return format!("No payments fall within the horizon ({horizon}).");
    };
    let peak = data
        .years
        .iter()
        .filter_map(|y| Some((y.year?, y.total.base?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let mut d = format!(
        "Stacked bars of the payments due in each calendar year from {first} to {last} \
         (through {horizon}), one colour per {by}."
    );
    if let Some((y, v)) = peak {
        d.push_str(&format!(
            " The largest year is {y}, at {}.",
            Unit::Usd.text(v)
        ));
    }
    d
}
