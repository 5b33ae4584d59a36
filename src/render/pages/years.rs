//! Commitments by calendar year through the horizon, split by a key (buyer,
//! provider, deal): the stacked bar chart and the table holding the same
//! numbers, as the home, buyer, provider and facility pages show them.
//!
//! Base amounts are summed from the monthly schedule (months through the
//! horizon). Bands come from `portfolio_by_year` where the group is one of
//! its dimensions; otherwise they are the sums of the deals' `by_year` bands,
//! which is right because deals vary independently (SPEC.md 7.5), but only
//! for whole years inside the horizon.

use std::collections::{BTreeMap, BTreeSet};

use super::Ctx;
use super::view::{self, Banded, Fig, Unit};
use crate::model::Deal;
use crate::render::chart::{self, Chart, Series};

/// At most this many series get their own colour; the rest become "Other".
const MAX_SERIES: usize = 10;

/// The key a deal's payments are filed under, and the page it links to.
pub struct Split {
    pub name: String,
    pub href: Option<String>,
}

/// Where the per-year bands come from.
pub enum BandFrom<'s> {
    /// `portfolio_by_year` rows of this dimension and name.
    Portfolio { dimension: &'s str, name: &'s str },
    /// The sum of the deals' `by_year` bands.
    Deals,
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
    /// The part of the total that cannot be cancelled (SPEC.md 10.2).
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

/// What to draw: the page's deals, how to split them, and the chart's id.
pub struct YearSpec<'s> {
    pub id: &'s str,
    pub by: &'s str,
    pub band: BandFrom<'s>,
}

pub fn commitments(
    ctx: &Ctx,
    deals: &[&Deal],
    split: impl Fn(&Deal) -> Split,
    spec: YearSpec,
) -> YearView {
    let horizon = ctx.horizon_key();
    let key_of: BTreeMap<&str, String> = deals
        .iter()
        .map(|d| (d.id.as_str(), split(d).name))
        .collect();
    let mut hrefs: BTreeMap<String, Option<String>> = BTreeMap::new();
    for d in deals {
        let s = split(d);
        hrefs.entry(s.name).or_insert(s.href);
    }

    // name -> year -> base amount, from the schedule through the horizon.
    let mut grid: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    let mut firm: BTreeMap<i32, f64> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for (deal, m) in ctx.all_months() {
        let Some(key) = key_of.get(deal) else {
            continue;
        };
        let month = &m.month;
        if month.as_str() > horizon.as_str() {
            continue;
        }
        let Ok(year) = month[..4].parse::<i32>() else {
            continue;
        };
        years.insert(year);
        *firm.entry(year).or_default() += m.firm_payment.base.unwrap_or(0.0);
        *grid
            .entry(key.clone())
            .or_default()
            .entry(year)
            .or_default() += m.payment.base.unwrap_or(0.0);
    }
    let years: Vec<i32> = years.into_iter().collect();

    // Largest first (the bottom of each stack), then by name.
    let mut order: Vec<(String, f64)> = grid
        .iter()
        .map(|(n, ys)| (n.clone(), ys.values().sum()))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut heads = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    let values = |names: &[String]| -> Vec<f64> {
        years
            .iter()
            .map(|y| {
                names
                    .iter()
                    .filter_map(|n| grid.get(n).and_then(|ys| ys.get(y)))
                    .sum()
            })
            .collect()
    };
    let keep = if order.len() > MAX_SERIES {
        MAX_SERIES - 1
    } else {
        order.len()
    };
    for (name, _) in &order[..keep] {
        heads.push(Head {
            name: name.clone(),
            href: hrefs.get(name).cloned().flatten(),
        });
        series.push(Series {
            name: name.clone(),
            values: values(std::slice::from_ref(name)),
        });
    }
    if keep < order.len() {
        let rest: Vec<String> = order[keep..].iter().map(|(n, _)| n.clone()).collect();
        let name = format!("Other ({})", rest.len());
        heads.push(Head {
            name: name.clone(),
            href: None,
        });
        series.push(Series {
            name,
            values: values(&rest),
        });
    }

    let totals: Vec<f64> = (0..years.len())
        .map(|i| series.iter().map(|s| s.values[i]).sum())
        .collect();
    let lines: Vec<YearLine> = years
        .iter()
        .enumerate()
        .map(|(i, &y)| {
            let (low, high) = year_band(ctx, deals, &spec.band, y);
            YearLine {
                label: y.to_string(),
                cells: series
                    .iter()
                    .map(|s| Fig::new(Some(s.values[i]), Unit::Usd))
                    .collect(),
                total: Banded::new(Some(totals[i]), low, high, Unit::Usd),
                firm: Fig::new(firm.get(&y).copied(), Unit::Usd),
            }
        })
        .collect();

    let sum_of = |end: fn(&view::Band) -> Option<f64>| -> Option<f64> {
        let v: Vec<f64> = deals
            .iter()
            .filter_map(|d| end(&ctx.deal(&d.id).within_horizon))
            .collect();
        (v.len() == deals.len()).then(|| v.iter().sum())
    };
    let foot = YearLine {
        label: format!("Through {}", ctx.horizon_label()),
        cells: series
            .iter()
            .map(|s| Fig::new(Some(s.values.iter().sum()), Unit::Usd))
            .collect(),
        total: Banded::new(
            Some(totals.iter().sum()),
            sum_of(|b| b.low),
            sum_of(|b| b.high),
            Unit::Usd,
        ),
        firm: Fig::new(Some(firm.values().sum()), Unit::Usd),
    };

    let title = format!("Commitments by calendar year, by {}", spec.by);
    let desc = describe(&years, &totals, spec.by, &ctx.horizon_label());
    let svg = chart::stacked_bars(
        &Chart::money(spec.id, &title, &desc),
        &years.iter().map(|y| y.to_string()).collect::<Vec<_>>(),
        &series,
    );
    YearView {
        id: spec.id.to_string(),
        svg,
        caption: format!(
            "Payments due by calendar year through {}, by {}",
            ctx.horizon_label(),
            spec.by
        ),
        heads,
        rows: lines,
        foot,
    }
}

/// The chart's description: what it shows and its largest year.
fn describe(years: &[i32], totals: &[f64], by: &str, horizon: &str) -> String {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return format!("No payments fall within the horizon ({horizon}).");
    };
    let peak = totals
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, v)| (years[i], *v));
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

/// The (low, high) of a year's total for the group.
fn year_band(ctx: &Ctx, deals: &[&Deal], band: &BandFrom, year: i32) -> (Option<f64>, Option<f64>) {
    match band {
        BandFrom::Portfolio { dimension, name } => ctx
            .portfolio
            .iter()
            .find(|r| {
                r.dimension == *dimension && r.name == *name && r.year == Some(i64::from(year))
            })
            .map_or((None, None), |r| (r.payment.low, r.payment.high)),
        BandFrom::Deals => {
            let (hy, hm) = ctx.model.site.horizon;
            // by_year covers whole years: past the horizon month it would
            // count payments the base amounts leave out.
            if year > hy || (year == hy && hm != 12) {
                return (None, None);
            }
            let ids: BTreeSet<&str> = deals.iter().map(|d| d.id.as_str()).collect();
            let (mut low, mut high) = (0.0, 0.0);
            for (deal, y) in ctx.all_years() {
                if y.year == Some(i64::from(year)) && ids.contains(deal) {
                    low += y.payment.low.unwrap_or(0.0);
                    high += y.payment.high.unwrap_or(0.0);
                }
            }
            (Some(low), Some(high))
        }
    }
}
