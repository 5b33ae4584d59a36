//! Validated inputs -> polars frames of figures: the deals, schedule and
//! by-year tables of docs/figures.md, Column order, with low/base/high bands.

pub(crate) mod calendar;
pub(crate) mod market;
pub(crate) mod portfolio;
pub(crate) mod scenario;
pub(crate) mod schedule;
pub(crate) mod sums;
pub(crate) mod year_splits;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::registry::{self, Band, Export};

/// Every figure of a run.
#[derive(Debug, Clone)]
pub struct Figures {
    /// One row per deal, sorted by id: the documented columns (docs/figures.md, deals.csv), then extra bands.
    pub deals: DataFrame,
    /// One row per deal and month, sorted by deal then month.
    pub schedule: DataFrame,
    /// One row per deal and calendar year.
    pub by_year: DataFrame,
    /// Commitments by buyer, provider and year through the horizon.
    pub portfolio_by_year: DataFrame,
    /// Contracted power, GPUs and H100-equivalents per month.
    pub capacity_by_month: DataFrame,
    /// Deals ranked by value and unit costs.
    pub rankings: DataFrame,
    /// Deal figures summed per group (binding, per party...): the pages'
    /// tiles and the directory's sums (not exported).
    pub deal_sums: DataFrame,
    /// Per party and year: bought, sold and net (not exported).
    pub party_net: DataFrame,
    /// Per deal: the market rate per GPU-hour and its months (not exported).
    pub market_rates: DataFrame,
    /// Commitments by year split into series, per chart of the home, party
    /// and facility pages (not exported).
    pub year_splits: DataFrame,
    /// Usage rows read (for `check`'s summary).
    pub usage_rows: u64,
}

/// The aggregations over scenarios of an export's computed figures: the
/// base scenario's value, and the band where the registry declares one.
pub fn aggregates(export: &Export) -> Vec<Expr> {
    export
        .computed()
        .flat_map(|f| match f.band {
            Band::Base => vec![schedule::base(f.name)],
            _ => schedule::band(f.name).to_vec(),
        })
        .collect()
}

/// An export's columns, in the registry's order.
pub fn columns(export: &Export) -> Vec<Expr> {
    export.columns().into_iter().map(col).collect()
}

pub fn compute(model: &Model) -> Result<Figures> {
    let site = &model.site;
    let months = schedule::months_frame(&model.deals, site)?;
    let scenarios = scenario::frames(&model.deals, &model.catalogue, site.as_of)?;
    let usage = &model.tables.usage;
    let t = std::time::Instant::now();
    let market_by_month = market::deal_months(&model.tables.prices, &months, &scenarios.fleet)?;
    crate::timing::stage("  market value per deal and month", t);
    let t = std::time::Instant::now();

    let rows = schedule::scenario_months(
        months.lazy(),
        &scenarios,
        usage.frame.clone().lazy(),
        market_by_month.lazy(),
        site.discount_rate,
    )?
    .collect()?;

    crate::timing::stage("  scenario months", t);
    let t = std::time::Instant::now();
    let info = deal_info(model)?;
    let deals = schedule::scenario_deals(rows.clone().lazy())
        .group_by_stable([col("deal")])
        .agg(aggregates(&registry::DEALS))
        .rename(["deal"], ["id"], true);
    let deals = info
        .lazy()
        .join(
            deals,
            [col("id")],
            [col("id")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["id"], SortMultipleOptions::default())
        // Counts are integers in the exports (docs/figures.md, Column order), though summed as floats.
        .with_columns(
            ["gpus", "gpus_low", "gpus_high"]
                .map(|c| col(c).round(0, RoundMode::HalfToEven).cast(DataType::Int64)),
        )
        .select(columns(&registry::DEALS))
        .collect()?;

    let schedule = rows
        .clone()
        .lazy()
        .group_by_stable([col("deal"), col("month")])
        .agg(aggregates(&registry::SCHEDULE))
        .sort(["deal", "month"], SortMultipleOptions::default())
        .select(columns(&registry::SCHEDULE))
        .collect()?;

    crate::timing::stage("  deals and schedule", t);
    let t = std::time::Instant::now();
    let parties = parties_of_deals(model)?;
    let portfolio_by_year =
        portfolio::by_year(rows.clone().lazy(), parties.clone().lazy())?.collect()?;
    let capacity_by_month =
        portfolio::capacity_by_month(rows.clone().lazy(), parties.clone().lazy()).collect()?;
    let rankings = portfolio::rankings(deals.clone().lazy(), parties.lazy()).collect()?;
    let by_year = schedule::scenario_years(rows.lazy())
        .group_by_stable([col("deal"), col("year")])
        .agg(aggregates(&registry::BY_YEAR))
        .sort(["deal", "year"], SortMultipleOptions::default())
        .select(columns(&registry::BY_YEAR))
        .collect()?;

    let deal_sums = sums::deal_sums(model, &deals, &intermediary(model))?;
    let party_net = portfolio::party_net(portfolio_by_year.clone().lazy()).collect()?;
    let market_rates = market::deal_rates(schedule.clone().lazy()).collect()?;
    crate::timing::stage("  portfolio, years and sums", t);
    let t = std::time::Instant::now();
    let year_splits = year_splits::commitments_by_year(
        model,
        &year_splits::Inputs {
            schedule: &schedule,
            by_year: &by_year,
            deals: &deals,
            portfolio_by_year: &portfolio_by_year,
        },
    )?;
    crate::timing::stage("  commitments by year, per chart", t);
    Ok(Figures {
        year_splits,
        market_rates,
        party_net,
        deal_sums,
        deals,
        schedule,
        by_year,
        portfolio_by_year,
        capacity_by_month,
        rankings,
        usage_rows: usage.rows,
    })
}

/// id, buyer, provider, commitment and standing (binding, not_binding,
/// withdrawn at as_of) of each deal, with the buyer and provider as their
/// parties (docs/data-format.md section 8): the portfolio groups by party and counts by
/// standing (docs/figures.md, What binds).
fn parties_of_deals(model: &Model) -> Result<DataFrame, Error> {
    let deals = &model.deals;
    let as_of = model.site.as_of;
    let party = |name: &str| model.parties.party(name).to_string();
    Ok(df!(
        "id" => deals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "buyer" => deals.iter().map(|d| party(&d.buyer)).collect::<Vec<_>>(),
        "provider" => deals.iter().map(|d| party(&d.provider)).collect::<Vec<_>>(),
        "commitment" => deals.iter().map(|d| d.commitment.as_str()).collect::<Vec<_>>(),
        "standing" => deals.iter().map(|d| d.standing(as_of).as_str()).collect::<Vec<_>>(),
    )?)
}

/// Per deal: whether the buyer's party provides another deal of the data.
/// A withdrawn deal counts nowhere (docs/data-format.md section 10.6): it is never an
/// intermediary, and it makes no other deal one.
fn intermediary(model: &Model) -> Vec<bool> {
    let parties = &model.parties;
    let as_of = model.site.as_of;
    let live = |d: &&crate::model::Deal| !d.is_withdrawn(as_of);
    let mut providing: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in model.deals.iter().filter(live) {
        *providing.entry(parties.party(&d.provider)).or_default() += 1;
    }
    model
        .deals
        .iter()
        .map(|d| {
            if d.is_withdrawn(as_of) {
                return false;
            }
            let buyer = parties.party(&d.buyer);
            let own = usize::from(parties.party(&d.provider) == buyer);
            providing.get(buyer).copied().unwrap_or(0) > own
        })
        .collect()
}

/// The per-deal facts that are not computed: names, dates, status, the
/// commitment structure of docs/data-format.md section 10.6 (`intermediary` from the parties),
/// `withdrawn` (12.2), and what an analyst cites the deal by (announced,
/// confidence, facility ids, the first source).
fn deal_info(model: &Model) -> Result<DataFrame, Error> {
    let deals = &model.deals;
    let as_of = model.site.as_of;
    let intermediary = intermediary(model);
    Ok(df!(
        "id" => deals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        "title" => deals.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
        "buyer" => deals.iter().map(|d| d.buyer.as_str()).collect::<Vec<_>>(),
        "provider" => deals.iter().map(|d| d.provider.as_str()).collect::<Vec<_>>(),
        "status" => deals.iter().map(|d| calendar::status(d, as_of)).collect::<Vec<_>>(),
        "start" => deals.iter().map(|d| d.start).collect::<Vec<_>>(),
        "end" => deals.iter().map(|d| d.end).collect::<Vec<_>>(),
        "effective_end" => deals.iter().map(|d| d.effective_end()).collect::<Vec<_>>(),
        "commitment" => deals.iter().map(|d| d.commitment.as_str()).collect::<Vec<_>>(),
        "signed" => deals.iter().map(|d| d.signed).collect::<Vec<_>>(),
        "intermediary" => intermediary,
        "reviewed" => deals.iter().map(|d| d.reviewed).collect::<Vec<_>>(),
        "withdrawn" => deals.iter().map(|d| d.withdrawn).collect::<Vec<_>>(),
        "announced" => deals.iter().map(|d| d.announced).collect::<Vec<_>>(),
        "confidence" => deals.iter().map(|d| d.confidence.as_str()).collect::<Vec<_>>(),
        "facilities" => deals
            .iter()
            .map(|d| (!d.facilities.is_empty()).then(|| d.facilities.join(";")))
            .collect::<Vec<_>>(),
        "source_url" => deals
            .iter()
            .map(|d| d.sources.first().map(|s| s.url.as_str()))
            .collect::<Vec<_>>(),
    )?)
}
