//! Commitments by calendar year through the horizon, split into series
//! (docs/figures.md, What binds): what the home, party and facility pages chart and tabulate.
//!
//! - `all` / "All deals": the binding deals, one series per buyer (party);
//! - `buyer` / a party: its binding purchases, one series per provider;
//! - `provider` / a party: its binding sales, one series per buyer;
//! - `facility` / a facility id: the binding deals there, one series per deal title.
//!
//! A series' amount in a year is the sum of its deals' base payments in the
//! months of that year up to the horizon. Series are ranked by their sum
//! (largest first, then by name); past [`MAX_SERIES`] the smallest are
//! merged into one "Other (n)". A year's total is the sum of its series; its
//! band comes from `portfolio_by_year` for the party groups, and for a
//! facility is the sum of its deals' `by_year` bands (deals vary
//! independently, docs/figures.md, Bands), which holds only for whole years inside the
//! horizon. Every sum adds in a fixed order (deals by id, months, then series
//! by rank, years ascending), so the pages are the same on every run.
//!
//! The sums are sequential folds over a few thousand values in an order the
//! pages depend on: plain Rust over the frames' columns says that order
//! exactly, where polars' grouped sums would not.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use crate::model::Model;

/// The low and high end of a band.
type LowHigh = (Option<f64>, Option<f64>);

/// At most this many series get their own colour; the rest become "Other".
pub const MAX_SERIES: usize = 10;

/// The frames the splits are read from.
pub struct Inputs<'f> {
    pub schedule: &'f DataFrame,
    pub by_year: &'f DataFrame,
    pub deals: &'f DataFrame,
    pub portfolio_by_year: &'f DataFrame,
}

/// chart (all, buyer, provider, facility), group (the party, facility id or
/// "All deals"), year (null: the sum through the horizon), series (null: the
/// total of the year), rank (the series' place, largest first),
/// payment_usd, and on the total rows payment_usd_low, payment_usd_high and
/// firm_payment_usd. A group has rows when it has deals; `all` always.
pub fn commitments_by_year(model: &Model, f: &Inputs) -> PolarsResult<DataFrame> {
    let mut out = Rows::default();
    let party = |name: &str| model.parties.party(name).to_string();
    let mut groups: BTreeMap<(&str, String), Vec<(&str, String)>> = BTreeMap::new();
    groups.entry(("all", "All deals".into())).or_default();
    // Every split counts the binding deals that were not withdrawn (docs/figures.md, What binds).
    for d in model.deals.iter().filter(|d| d.binds(model.site.as_of)) {
        for facility in &d.facilities {
            groups
                .entry(("facility", facility.clone()))
                .or_default()
                .push((&d.id, d.title.clone()));
        }
        let (buyer, provider) = (party(&d.buyer), party(&d.provider));
        groups
            .entry(("all", "All deals".into()))
            .or_default()
            .push((&d.id, buyer.clone()));
        groups
            .entry(("buyer", buyer.clone()))
            .or_default()
            .push((&d.id, provider.clone()));
        groups
            .entry(("provider", provider))
            .or_default()
            .push((&d.id, buyer));
    }
    let months = Months::read(f.schedule, model)?;
    let years_band = deal_years(f.by_year)?;
    let within = deal_within(f.deals)?;
    let portfolio = portfolio_bands(f.portfolio_by_year)?;
    for ((chart, group), members) in &groups {
        let band = |year: i32| -> LowHigh {
            if *chart == "facility" {
                facility_band(model, &years_band, members, year)
            } else {
                portfolio
                    .get(&(chart.to_string(), group.clone(), i64::from(year)))
                    .copied()
                    .unwrap_or((None, None))
            }
        };
        split(chart, group, members, &months, band, &within, &mut out);
    }
    out.frame()
}

/// Each deal's months through the horizon, in order: (year, payment, firm
/// payment), base scenario; a group reads its deals' months, not every row.
struct Months {
    by_deal: BTreeMap<String, Vec<(i32, f64, f64)>>,
}

impl Months {
    fn read(schedule: &DataFrame, model: &Model) -> PolarsResult<Self> {
        let (hy, hm) = model.site.horizon;
        let rows = schedule
            .clone()
            .lazy()
            .filter(col("month").lt_eq(lit(format!("{hy:04}-{hm:02}"))))
            .select([
                col("deal"),
                col("month")
                    .str()
                    .slice(lit(0), lit(4))
                    .cast(DataType::Int32)
                    .alias("year"),
                col("payment_usd").fill_null(lit(0.0)),
                col("firm_payment_usd").fill_null(lit(0.0)),
            ])
            .collect()?;
        let deal = rows.column("deal")?.str()?;
        let year = rows.column("year")?.i32()?;
        let payment = rows.column("payment_usd")?.f64()?;
        let firm = rows.column("firm_payment_usd")?.f64()?;
        let mut by_deal: BTreeMap<String, Vec<(i32, f64, f64)>> = BTreeMap::new();
        for i in 0..rows.height() {
            if let (Some(d), Some(y)) = (deal.get(i), year.get(i)) {
                by_deal.entry(d.to_string()).or_default().push((
                    y,
                    payment.get(i).unwrap_or(0.0),
                    firm.get(i).unwrap_or(0.0),
                ));
            }
        }
        Ok(Months { by_deal })
    }

    fn of(&self, deal: &str) -> &[(i32, f64, f64)] {
        self.by_deal.get(deal).map_or(&[], Vec::as_slice)
    }
}

/// The members in deal-id order: the schedule's, so that sums add in the
/// order they always have.
fn by_id<'m>(members: &'m [(&'m str, String)]) -> Vec<&'m (&'m str, String)> {
    let mut sorted: Vec<_> = members.iter().collect();
    sorted.sort_by_key(|(deal, _)| *deal);
    sorted
}

/// One group's rows: the grid of series by year, ranked, with totals.
fn split(
    chart: &str,
    group: &str,
    members: &[(&str, String)],
    months: &Months,
    band: impl Fn(i32) -> LowHigh,
    within: &BTreeMap<String, LowHigh>,
    out: &mut Rows,
) {
    // series -> year -> amount; year -> firm amount.
    let mut grid: BTreeMap<&str, BTreeMap<i32, f64>> = BTreeMap::new();
    let mut firm: BTreeMap<i32, f64> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for (deal, series) in by_id(members) {
        for (year, payment, firm_payment) in months.of(deal) {
            years.insert(*year);
            *firm.entry(*year).or_default() += firm_payment;
            *grid.entry(series).or_default().entry(*year).or_default() += payment;
        }
    }
    let years: Vec<i32> = years.into_iter().collect();

    // Largest first (the bottom of each stack), then by name.
    let mut order: Vec<(&str, f64)> = grid.iter().map(|(n, ys)| (*n, ys.values().sum())).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let values = |names: &[&str]| -> Vec<f64> {
        years
            .iter()
            .map(|y| {
                // From +0.0: a series without payments in a year has 0 there
                // (an empty f64 sum would be -0.0, which sorts and reads as "-0").
                names
                    .iter()
                    .filter_map(|n| grid.get(n).and_then(|ys| ys.get(y)))
                    .fold(0.0, |sum, v| sum + v)
            })
            .collect()
    };
    let keep = if order.len() > MAX_SERIES {
        MAX_SERIES - 1
    } else {
        order.len()
    };
    let mut series: Vec<(String, Vec<f64>)> = order[..keep]
        .iter()
        .map(|(name, _)| (name.to_string(), values(&[name])))
        .collect();
    if keep < order.len() {
        let rest: Vec<&str> = order[keep..].iter().map(|(n, _)| *n).collect();
        series.push((format!("Other ({})", rest.len()), values(&rest)));
    }

    let mut totals = Vec::with_capacity(years.len());
    for (i, &year) in years.iter().enumerate() {
        let total: f64 = series.iter().map(|(_, v)| v[i]).sum();
        totals.push(total);
        for (rank, (name, v)) in series.iter().enumerate() {
            out.series(chart, group, Some(year), name, rank, v[i]);
        }
        let (low, high) = band(year);
        out.total(
            chart,
            group,
            Some(year),
            total,
            low,
            high,
            firm.get(&year).copied(),
        );
    }
    for (rank, (name, v)) in series.iter().enumerate() {
        out.series(chart, group, None, name, rank, v.iter().sum());
    }
    let sum_of = |end: fn(&LowHigh) -> Option<f64>| -> Option<f64> {
        let v: Vec<f64> = members
            .iter()
            .filter_map(|(d, _)| within.get(*d).and_then(end))
            .collect();
        (v.len() == members.len()).then(|| v.iter().sum())
    };
    out.total(
        chart,
        group,
        None,
        totals.iter().sum(),
        sum_of(|b| b.0),
        sum_of(|b| b.1),
        Some(firm.values().sum()),
    );
}

/// The (low, high) of a facility's year: the sum of its deals' `by_year`
/// bands, for whole years inside the horizon only (past the horizon month
/// they would count payments the base amounts leave out).
fn facility_band(
    model: &Model,
    years: &DealYears,
    members: &[(&str, String)],
    year: i32,
) -> LowHigh {
    let (hy, hm) = model.site.horizon;
    if year > hy || (year == hy && hm != 12) {
        return (None, None);
    }
    let (mut low, mut high) = (0.0, 0.0);
    for (deal, _) in by_id(members) {
        for (y, l, h) in years.get(*deal).map_or(&[][..], Vec::as_slice) {
            if *y == i64::from(year) {
                low += l;
                high += h;
            }
        }
    }
    (Some(low), Some(high))
}

/// by_year's (year, payment low, payment high) per deal, in its order.
type DealYears = BTreeMap<String, Vec<(i64, f64, f64)>>;

fn deal_years(by_year: &DataFrame) -> PolarsResult<DealYears> {
    let deal = by_year.column("deal")?.str()?;
    let year = by_year.column("year")?.cast(&DataType::Int64)?;
    let year = year.i64()?;
    let low = by_year.column("payment_usd_low")?.f64()?;
    let high = by_year.column("payment_usd_high")?.f64()?;
    let mut out = DealYears::new();
    for i in 0..by_year.height() {
        if let (Some(d), Some(y)) = (deal.get(i), year.get(i)) {
            out.entry(d.to_string()).or_default().push((
                y,
                low.get(i).unwrap_or(0.0),
                high.get(i).unwrap_or(0.0),
            ));
        }
    }
    Ok(out)
}

/// Per deal: the band of its payments through the horizon.
fn deal_within(deals: &DataFrame) -> PolarsResult<BTreeMap<String, LowHigh>> {
    let id = deals.column("id")?.str()?;
    let low = deals.column("within_horizon_usd_low")?.f64()?;
    let high = deals.column("within_horizon_usd_high")?.f64()?;
    Ok((0..deals.height())
        .filter_map(|i| Some((id.get(i)?.to_string(), (low.get(i), high.get(i)))))
        .collect())
}

/// portfolio_by_year's band per (dimension, name, year).
fn portfolio_bands(p: &DataFrame) -> PolarsResult<BTreeMap<(String, String, i64), LowHigh>> {
    let dimension = p.column("dimension")?.str()?;
    let name = p.column("name")?.str()?;
    let year = p.column("year")?.cast(&DataType::Int64)?;
    let year = year.i64()?;
    let low = p.column("payment_usd_low")?.f64()?;
    let high = p.column("payment_usd_high")?.f64()?;
    let mut out = BTreeMap::new();
    for i in 0..p.height() {
        let (Some(d), Some(n), Some(y)) = (dimension.get(i), name.get(i), year.get(i)) else {
            continue;
        };
        // The first row of a key wins, as a lookup would find it.
        out.entry((d.to_string(), n.to_string(), y))
            .or_insert((low.get(i), high.get(i)));
    }
    Ok(out)
}

/// The output columns, row by row.
#[derive(Default)]
struct Rows {
    chart: Vec<String>,
    group: Vec<String>,
    year: Vec<Option<i64>>,
    series: Vec<Option<String>>,
    rank: Vec<Option<i64>>,
    payment: Vec<f64>,
    low: Vec<Option<f64>>,
    high: Vec<Option<f64>>,
    firm: Vec<Option<f64>>,
}

impl Rows {
    fn key(&mut self, chart: &str, group: &str, year: Option<i32>) {
        self.chart.push(chart.to_string());
        self.group.push(group.to_string());
        self.year.push(year.map(i64::from));
    }

    fn series(
        &mut self,
        chart: &str,
        group: &str,
        year: Option<i32>,
        name: &str,
        rank: usize,
        v: f64,
    ) {
        self.key(chart, group, year);
        self.series.push(Some(name.to_string()));
        self.rank.push(Some(rank as i64));
        self.payment.push(v);
        self.low.push(None);
        self.high.push(None);
        self.firm.push(None);
    }

    #[allow(clippy::too_many_arguments)]
    fn total(
        &mut self,
        chart: &str,
        group: &str,
        year: Option<i32>,
        v: f64,
        low: Option<f64>,
        high: Option<f64>,
        firm: Option<f64>,
    ) {
        self.key(chart, group, year);
        self.series.push(None);
        self.rank.push(None);
        self.payment.push(v);
        self.low.push(low);
        self.high.push(high);
        self.firm.push(firm);
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        df!(
            "chart" => self.chart,
            "group" => self.group,
            "year" => self.year,
            "series" => self.series,
            "rank" => self.rank,
            "payment_usd" => self.payment,
            "payment_usd_low" => self.low,
            "payment_usd_high" => self.high,
            "firm_payment_usd" => self.firm,
        )
    }
}
