//! The summary `dealbook check` prints: what was read, what is committed, and
//! what looks wrong.

use std::fmt::Write as _;

use super::table::Table;
use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;

/// The sum of `column` over the deals whose commitment is (or is not) binding.
fn sum(t: &Table, column: &str, binding: bool) -> f64 {
    let i = t.index(column).expect("known column");
    let c = t.index("commitment").expect("known column");
    t.rows
        .iter()
        .filter(|r| (r[c].text() == "binding") == binding)
        .filter_map(|r| r[i].num())
        .sum()
}

/// "1 deal", "2 deals", "3 facilities".
fn plural(n: u64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

pub fn text(model: &Model, figures: &Figures) -> Result<String> {
    let deals = Table::from_frame(&figures.deals)?;
    let schedule = Table::from_frame(&figures.schedule)?;
    let mut out = String::new();
    let (y, m) = model.site.horizon;
    let usd = super::format::usd;
    writeln!(
        out,
        "{}, {}, {} read (as of {})",
        plural(model.deals.len() as u64, "deal"),
        plural(model.facilities.len() as u64, "facility"),
        plural(figures.usage_rows, "usage row"),
        model.site.as_of
    )
    .ok();
    writeln!(
        out,
        "total commitments: {} (band {} to {}, the sum of each deal's low and high)",
        usd(sum(&deals, "total_usd", true)),
        usd(sum(&deals, "total_usd_low", true)),
        usd(sum(&deals, "total_usd_high", true))
    )
    .ok();
    writeln!(
        out,
        "within the horizon (through {y:04}-{m:02}): {}",
        usd(sum(&deals, "within_horizon_usd", true))
    )
    .ok();
    writeln!(
        out,
        "remaining as of {}: {}",
        model.site.as_of,
        usd(sum(&deals, "remaining_usd", true))
    )
    .ok();
    writeln!(
        out,
        "firm: {} of the remaining cannot be cancelled, {} can be on notice (full term {})",
        usd(sum(&deals, "firm_remaining_usd", true)),
        usd(sum(&deals, "cancellable_usd", true)),
        usd(sum(&deals, "total_usd", true))
    )
    .ok();
    let not_binding: Vec<_> = model
        .deals
        .iter()
        .filter(|d| !d.commitment.is_binding())
        .collect();
    if !not_binding.is_empty() {
        writeln!(
            out,
            "not binding (letters of intent, options, backstops), not counted above: {}, {} full term",
            plural(not_binding.len() as u64, "deal"),
            usd(sum(&deals, "total_usd", false))
        )
        .ok();
    }

    let mut warnings = Vec::new();
    for deal in &model.deals {
        if deal.capacity.gpus.is_empty() && deal.capacity.power_mw.is_none() {
            warnings.push(format!(
                "{}: no capacity (no GPUs and no power): unit costs are empty",
                deal.id
            ));
        } else if deal.capacity.gpus.iter().all(|g| g.count.base == 0) {
            warnings.push(format!(
                "{}: no GPUs: per-GPU-hour costs are empty",
                deal.id
            ));
        }
    }
    for deal in &model.deals {
        match deal.reviewed {
            None => warnings.push(format!(
                "{}: no `reviewed` date (when was the record last checked against its sources?)",
                deal.id
            )),
            Some(r) if (model.site.as_of - r).num_days() > 365 => warnings.push(format!(
                "{}: reviewed {r}, {} days before as_of ({}): more than 365",
                deal.id,
                (model.site.as_of - r).num_days(),
                model.site.as_of
            )),
            Some(_) => {}
        }
    }
    let (di, mi, ui) = (
        schedule.index("deal").unwrap(),
        schedule.index("month").unwrap(),
        schedule.index("utilization").unwrap(),
    );
    for row in &schedule.rows {
        if let Some(u) = row[ui].num().filter(|u| *u > 1.0) {
            warnings.push(format!(
                "{} {}: utilization {:.1}% is above 100% (more GPU-hours used than contracted)",
                row[di].text(),
                row[mi].text(),
                u * 100.0
            ));
        }
    }
    if warnings.is_empty() {
        writeln!(out, "no warnings").ok();
    } else {
        writeln!(
            out,
            "{} warning{}:",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        )
        .ok();
        for w in warnings {
            writeln!(out, "  warning: {w}").ok();
        }
    }
    Ok(out)
}
