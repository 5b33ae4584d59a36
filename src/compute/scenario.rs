//! Uncertainty as rows (docs/figures.md, Bands): every `{low, base, high}` input of a deal
//! is one dimension; scenario 0 sets each to base, scenarios 1..=2^n to each
//! corner. The frames built here carry one row per deal and scenario (and per
//! ramp entry or fleet entry), so polars computes every scenario in one pass.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::model::{Basis, Catalogue, Deal, Range};

/// Days since 1970-01-01, polars' physical form of a date.
pub fn epoch_days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    (d - epoch).num_days() as i32
}

/// docs/figures.md, What binds `earliest_exit` for a notice of `notice_days`: the last day of
/// service if notice were given on the first day it may be, on or after as_of.
pub fn earliest_exit(deal: &Deal, as_of: NaiveDate, notice_days: u64) -> Option<NaiveDate> {
    let t = deal.termination.as_ref()?;
    let given = as_of.max(t.from);
    let exit = given
        .checked_add_days(chrono::Days::new(notice_days))
        .unwrap_or(NaiveDate::MAX);
    Some(deal.effective_end().min(exit))
}

/// Which input a dimension varies.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dim {
    Amount,
    Escalation,
    Ramp(usize),
    Power,
    Fleet(usize),
    Notice,
}

fn dimensions(deal: &Deal) -> Vec<Dim> {
    let mut dims = Vec::new();
    if deal.price.amount.uncertain {
        dims.push(Dim::Amount);
    }
    if deal.price.escalation.uncertain {
        dims.push(Dim::Escalation);
    }
    for (j, r) in deal.price.ramp.iter().enumerate() {
        if r.discount.uncertain {
            dims.push(Dim::Ramp(j));
        }
    }
    if deal.capacity.power_mw.is_some_and(|p| p.uncertain) {
        dims.push(Dim::Power);
    }
    for (i, g) in deal.capacity.gpus.iter().enumerate() {
        if g.count.uncertain {
            dims.push(Dim::Fleet(i));
        }
    }
    if deal
        .termination
        .as_ref()
        .is_some_and(|t| t.notice_days.uncertain)
    {
        dims.push(Dim::Notice);
    }
    dims
}

/// The value of a range in one scenario: base for scenario 0, else low or high by the corner's bit.
fn pick<T: Copy>(r: &Range<T>, dim: Dim, dims: &[Dim], scenario: u32) -> T {
    if scenario == 0 {
        return r.base;
    }
    match dims.iter().position(|d| *d == dim) {
        None => r.base,
        Some(b) if (scenario - 1) >> b & 1 == 1 => r.high,
        Some(_) => r.low,
    }
}

/// The per-scenario inputs of every deal, as frames.
pub struct ScenarioFrames {
    /// deal, scenario, is_total, price (monthly P or total T), escalation, power_mw,
    /// earliest_exit (a date, null without termination), firm_until (X of
    /// docs/figures.md, What binds in epoch days: earliest_exit, or the effective end) and
    /// binds (docs/figures.md, What binds: only a binding deal not withdrawn has firm value).
    pub inputs: DataFrame,
    /// deal, scenario, ramp_entry, discount.
    pub ramp: DataFrame,
    /// deal, scenario, model, count, h100e (model and h100e null where the
    /// source gives no model).
    pub fleet: DataFrame,
}

pub fn frames(
    deals: &[Deal],
    catalogue: &Catalogue,
    as_of: NaiveDate,
) -> PolarsResult<ScenarioFrames> {
    let (mut d, mut s, mut is_total, mut price, mut esc, mut mw) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut exit, mut until, mut binds) = (vec![], vec![], vec![]);
    let (mut rd, mut rs, mut rj, mut rdisc) = (vec![], vec![], vec![], vec![]);
    let (mut fd, mut fs, mut fm, mut fc, mut fh) = (vec![], vec![], vec![], vec![], vec![]);
    for deal in deals {
        let dims = dimensions(deal);
        let p = &deal.price;
        for scenario in 0..=(1u32 << dims.len()) {
            let amount = pick(&p.amount, Dim::Amount, &dims, scenario);
            d.push(deal.id.as_str());
            s.push(scenario as i32);
            is_total.push(p.basis == Basis::Total);
            price.push(if p.basis == Basis::Annual {
                amount / 12.0
            } else {
                amount
            });
            esc.push(pick(&p.escalation, Dim::Escalation, &dims, scenario));
            mw.push(
                deal.capacity
                    .power_mw
                    .map(|r| pick(&r, Dim::Power, &dims, scenario)),
            );
            let e = deal.termination.as_ref().and_then(|t| {
                let n = pick(&t.notice_days, Dim::Notice, &dims, scenario);
                earliest_exit(deal, as_of, n)
            });
            exit.push(e);
            binds.push(deal.binds(as_of));
            until.push(epoch_days(e.unwrap_or_else(|| deal.effective_end())));
            for (j, r) in p.ramp.iter().enumerate() {
                rd.push(deal.id.as_str());
                rs.push(scenario as i32);
                rj.push(j as i64);
                rdisc.push(pick(&r.discount, Dim::Ramp(j), &dims, scenario));
            }
            for (i, g) in deal.capacity.gpus.iter().enumerate() {
                fd.push(deal.id.as_str());
                fs.push(scenario as i32);
                fm.push(g.model.as_deref());
                fc.push(pick(&g.count, Dim::Fleet(i), &dims, scenario) as f64);
                fh.push(g.model.as_deref().map(|m| catalogue.h100e(m)));
            }
        }
    }
    Ok(ScenarioFrames {
        inputs: df!(
            "deal" => d, "scenario" => s, "is_total" => is_total, "price" => price,
            "escalation" => esc, "power_mw" => mw,
            "earliest_exit" => exit, "firm_until" => until, "binds" => binds,
        )?,
        ramp: df!("deal" => rd, "scenario" => rs, "ramp_entry" => rj, "discount" => rdisc)?,
        fleet: df!("deal" => fd, "scenario" => fs, "model" => fm, "count" => fc, "h100e" => fh)?,
    })
}
