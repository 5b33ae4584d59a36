//! Sums of deal figures over the groups the pages show (docs/figures.md, What binds): the
//! binding deals, the not binding, the binding intermediaries, and each
//! party's binding and not binding deals as buyer and as provider. Deals vary
//! independently, so a sum's low (high) is the sum of the deals' lows
//! (highs). Added in the order of the deals, so that the sums are the same
//! on every run; a sum over no value is null.

use polars::prelude::*;

use super::schedule::SumInOrder;
use crate::model::{Model, Standing};

/// The deal figures summed per group.
pub const SUMMED: &[&str] = &[
    "total_usd",
    "firm_remaining_usd",
    "cancellable_usd",
    "within_horizon_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "power_mw",
    "h100e",
];

/// dimension (all, not_binding, withdrawn, intermediary, buyer,
/// buyer_not_binding, buyer_withdrawn, provider, provider_not_binding,
/// provider_withdrawn), name (the party; empty for the first
/// three), deals (how many), then per figure of [`SUMMED`] its sum, `_low`
/// and `_high` sums, and `_deals`, how many deals have a value.
pub fn deal_sums(
    model: &Model,
    deals: &DataFrame,
    intermediary: &[bool],
) -> PolarsResult<DataFrame> {
    let (mut dimension, mut name, mut id, mut order) = (vec![], vec![], vec![], vec![]);
    let mut add = |d: &str, n: &str, deal: &str, i: usize| {
        dimension.push(d.to_string());
        name.push(n.to_string());
        id.push(deal.to_string());
        order.push(i as u64);
    };
    for (i, d) in model.deals.iter().enumerate() {
        let buyer = model.parties.party(&d.buyer);
        let provider = model.parties.party(&d.provider);
        match d.standing(model.site.as_of) {
            Standing::Binding => {
                add("all", "", &d.id, i);
                if intermediary[i] {
                    add("intermediary", "", &d.id, i);
                }
                add("buyer", buyer, &d.id, i);
                add("provider", provider, &d.id, i);
            }
            Standing::NotBinding => {
                add("not_binding", "", &d.id, i);
                add("buyer_not_binding", buyer, &d.id, i);
                add("provider_not_binding", provider, &d.id, i);
            }
            // In no sum (docs/data-format.md section 10.6), only counted.
            Standing::Withdrawn => {
                add("withdrawn", "", &d.id, i);
                add("buyer_withdrawn", buyer, &d.id, i);
                add("provider_withdrawn", provider, &d.id, i);
            }
        }
    }
    let members = df!(
        "dimension" => dimension,
        "name" => name,
        "id" => id,
        "order" => order,
    )?;
    let mut aggs = vec![len().cast(DataType::Int64).alias("deals")];
    for figure in SUMMED {
        for column in [
            figure.to_string(),
            format!("{figure}_low"),
            format!("{figure}_high"),
        ] {
            aggs.push(
                when(col(column.as_str()).count().gt(lit(0)))
                    .then(col(column.as_str()).sum_in_order())
                    .otherwise(lit(NULL).cast(DataType::Float64))
                    .alias(column.as_str()),
            );
        }
        aggs.push(
            col(*figure)
                .count()
                .cast(DataType::Int64)
                .alias(format!("{figure}_deals")),
        );
    }
    let mut figures = vec![col("id")];
    for figure in SUMMED {
        figures.push(col(*figure));
        figures.push(col(format!("{figure}_low")));
        figures.push(col(format!("{figure}_high")));
    }
    members
        .lazy()
        .join(
            deals.clone().lazy().select(figures),
            [col("id")],
            [col("id")],
            JoinArgs::new(JoinType::Left),
        )
        // In the deals' order within each group, so that the sums add in that order.
        .sort(
            ["dimension", "name", "order"],
            SortMultipleOptions::default(),
        )
        .group_by_stable([col("dimension"), col("name")])
        .agg(aggs)
        .sort(["dimension", "name"], SortMultipleOptions::default())
        .collect()
}
