//! Portfolio views across deals: commitments by buyer, provider and year
//! through the horizon, binding deals only, with the not binding beside
//! (docs/figures.md, What binds); contracted power and H100-equivalents per month;
//! rankings by unit cost and value. Deals vary independently, so a sum's low
//! (high) is the sum of the deals' lows (highs). Every sum runs over rows in a
//! fixed order (stable group-bys over sorted frames), so that floating-point
//! sums, and so the site, are the same on every run.

use polars::prelude::*;

use super::schedule::SumInOrder;
use crate::model::Standing;
use crate::registry;

/// dimension (all, buyer, provider, not_binding), name, year, payment_usd,
/// payment_usd_low, payment_usd_high, firm_payment_usd; months through the
/// horizon only. all, buyer and provider sum the binding deals; not_binding
/// ("Not binding") sums the letters of intent, options and backstops.
pub fn by_year(scenario_rows: LazyFrame, deals: LazyFrame) -> PolarsResult<LazyFrame> {
    let per_deal_year = scenario_rows
        .filter(col("in_horizon"))
        .group_by_stable([col("deal"), col("scenario"), col("year")])
        .agg([
            col("payment_usd").sum_in_order(),
            col("firm_payment_usd").sum_in_order(),
        ])
        .group_by_stable([col("deal"), col("year")])
        .agg(super::aggregates(&registry::PORTFOLIO_BY_YEAR))
        .join(
            deals.select([
                col("id").alias("deal"),
                col("buyer"),
                col("provider"),
                col("standing"),
            ]),
            [col("deal")],
            [col("deal")],
            JoinArgs::new(JoinType::Inner),
        )
        // Materialized in a fixed order, so that the sums below add in that order.
        .sort(["deal", "year"], SortMultipleOptions::default())
        .collect()?
        .lazy();
    let sums = [
        col("payment_usd").sum_in_order(),
        col("payment_usd_low").sum_in_order(),
        col("payment_usd_high").sum_in_order(),
        col("firm_payment_usd").sum_in_order(),
    ];
    // A withdrawn deal is in neither (docs/data-format.md section 10.6).
    let by = |dimension: &str, name: Expr| {
        let standing = if dimension == "not_binding" {
            Standing::NotBinding
        } else {
            Standing::Binding
        };
        per_deal_year
            .clone()
            .filter(col("standing").eq(lit(standing.as_str())))
            .group_by_stable([name.alias("name"), col("year")])
            .agg(sums.clone())
            .with_column(lit(dimension).alias("dimension"))
    };
    Ok(concat(
        [
            by("all", lit("All deals")),
            by("buyer", col("buyer")),
            by("provider", col("provider")),
            by("not_binding", lit("Not binding")),
        ],
        UnionArgs::default(),
    )
    .expect("frames of one schema")
    .sort(
        ["dimension", "name", "year"],
        SortMultipleOptions::default(),
    )
    .select(super::columns(&registry::PORTFOLIO_BY_YEAR)))
}

/// name, year, bought_usd, sold_usd, net_usd (bought − sold), firm_bought_usd,
/// firm_sold_usd: each party's binding payments as buyer and as provider per
/// year through the horizon, from [`by_year`]'s rows; 0 where it has none.
pub fn party_net(portfolio_by_year: LazyFrame) -> LazyFrame {
    let side = |dimension: &str, as_: &str| {
        portfolio_by_year
            .clone()
            .filter(col("dimension").eq(lit(dimension)))
            .select([
                col("name"),
                col("year"),
                col("payment_usd").alias(format!("{as_}_usd")),
                col("firm_payment_usd").alias(format!("firm_{as_}_usd")),
            ])
    };
    let zero = |c: &str| col(c).fill_null(lit(0.0)).alias(c);
    side("buyer", "bought")
        .join(
            side("provider", "sold"),
            [col("name"), col("year")],
            [col("name"), col("year")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .select([
            col("name"),
            col("year"),
            zero("bought_usd"),
            zero("sold_usd"),
            zero("firm_bought_usd"),
            zero("firm_sold_usd"),
        ])
        .with_column((col("bought_usd") - col("sold_usd")).alias("net_usd"))
        .sort(["name", "year"], SortMultipleOptions::default())
}

/// month, deals (active that month), power_mw, h100e, gpus with bands: what
/// the binding deals (not withdrawn) have under contract each month, the
/// deals the binding totals count (docs/figures.md, What binds).
pub fn capacity_by_month(scenario_rows: LazyFrame, deals: LazyFrame) -> LazyFrame {
    let per_deal = scenario_rows
        .join(
            binding(deals),
            [col("deal")],
            [col("deal")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("deal"), col("month")])
        .agg(super::aggregates(&registry::CAPACITY_BY_MONTH));
    per_deal
        .sort(["deal", "month"], SortMultipleOptions::default())
        .group_by_stable([col("month")])
        .agg([
            len().cast(DataType::Int64).alias("deals"),
            col("power_mw").sum_in_order(),
            col("power_mw_low").sum_in_order(),
            col("power_mw_high").sum_in_order(),
            col("h100e").sum_in_order(),
            col("h100e_low").sum_in_order(),
            col("h100e_high").sum_in_order(),
            col("gpus").sum_in_order(),
        ])
        .with_column(
            col("gpus")
                .round(0, RoundMode::HalfToEven)
                .cast(DataType::Int64),
        )
        .sort(["month"], SortMultipleOptions::default())
        .select(super::columns(&registry::CAPACITY_BY_MONTH))
}

/// The ids of the deals that bind at as_of, as `deal`.
fn binding(deals: LazyFrame) -> LazyFrame {
    deals
        .filter(col("standing").eq(lit(Standing::Binding.as_str())))
        .select([col("id").alias("deal")])
}

/// id, title, and the 1-based rank of each binding deal (not withdrawn) by
/// total value (largest first), $/GPU-hour and $/MW-month (cheapest first)
/// among the binding deals (docs/figures.md, What binds); null where the figure is null
/// and for the deals that do not bind.
pub fn rankings(deals: LazyFrame, standing: LazyFrame) -> LazyFrame {
    let binds = col("standing").eq(lit(Standing::Binding.as_str()));
    let rank = |name: &str, descending: bool| {
        when(binds.clone())
            .then(col(name))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .rank(
                RankOptions {
                    method: RankMethod::Min,
                    descending,
                },
                None,
            )
            .cast(DataType::Int64)
            .alias(format!("rank_{name}"))
    };
    deals
        .join(
            standing.select([col("id"), col("standing")]),
            [col("id")],
            [col("id")],
            JoinArgs::new(JoinType::Left),
        )
        .select([
            col("id"),
            col("title"),
            col("total_usd"),
            rank("total_usd", true),
            col("usd_per_gpu_hour"),
            rank("usd_per_gpu_hour", false),
            col("usd_per_mw_month"),
            rank("usd_per_mw_month", false),
            // A rank by value is not a sum, but a letter of intent must not pass for a contract.
            col("commitment"),
        ])
        .sort(["id"], SortMultipleOptions::default())
        .select(super::columns(&registry::RANKINGS))
}
