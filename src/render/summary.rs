//! The summary `dealbook check` prints: what was read, what is committed, and
//! what looks wrong.

use std::fmt::Write as _;

use super::table::Table;
use super::typed::{self, GroupSums};
use crate::compute::Figures;
use crate::error::Result;
use crate::model::Model;

/// "1 deal", "2 deals", "3 facilities".
fn plural(n: u64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// Something that looks wrong in valid data; the exit status is unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The deal's file, as given under `--data`.
    pub file: String,
    pub deal: String,
    /// The schedule month (YYYY-MM) the warning is about, if one.
    pub month: Option<String>,
    pub message: String,
}

impl Warning {
    /// "alpha: no GPUs: ...", "alpha 2026-03: utilization ...".
    pub fn text(&self) -> String {
        match &self.month {
            Some(m) => format!("{} {m}: {}", self.deal, self.message),
            None => format!("{}: {}", self.deal, self.message),
        }
    }
}

/// Every warning about valid data, deals first, then months in schedule order.
pub fn warnings(model: &Model, schedule: &Table) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let warn = |deal: &str, month: Option<String>, message: String| Warning {
        file: model
            .deals
            .iter()
            .find(|d| d.id == deal)
            .map_or_else(String::new, |d| d.file.clone()),
        deal: deal.to_string(),
        month,
        message,
    };
    for deal in &model.deals {
        if deal.capacity.gpus.is_empty() && deal.capacity.power_mw.is_none() {
            warnings.push(warn(
                &deal.id,
                None,
                "no capacity (no GPUs and no power): unit costs are empty".into(),
            ));
        } else if deal.capacity.gpus.iter().all(|g| g.count.base == 0) {
            warnings.push(warn(
                &deal.id,
                None,
                "no GPUs: per-GPU-hour costs are empty".into(),
            ));
        }
    }
    // SPEC.md 10.5: a record never reviewed, or reviewed more than 365 days
    // before as_of, may be stale.
    let as_of = model.site.as_of;
    for deal in &model.deals {
        match deal.reviewed {
            None => warnings.push(warn(
                &deal.id,
                None,
                "no `reviewed` date (when was the record last checked against its sources?)".into(),
            )),
            Some(r) if (as_of - r).num_days() > 365 => warnings.push(warn(
                &deal.id,
                None,
                format!(
                    "reviewed {r}, {} days before as_of ({as_of}): more than 365",
                    (as_of - r).num_days()
                ),
            )),
            Some(_) => {}
        }
    }
    for (deal, months) in typed::months(schedule) {
        for m in months {
            if let Some(u) = m.utilization.base.filter(|u| *u > 1.0) {
                warnings.push(warn(
                    &deal,
                    Some(m.month.clone()),
                    format!(
                        "utilization {:.1}% is above 100% (more GPU-hours used than contracted)",
                        u * 100.0
                    ),
                ));
            }
        }
    }
    warnings
}

/// `check --format json`: `{"valid", "errors", "warnings"}`, one object per
/// error (`file`, `line`, `column`, `key`, `message`) and per warning (`file`,
/// `deal`, `month`, `message`), for editors and bots.
pub fn json(errors: &[crate::error::Diagnostic], warnings: &[Warning]) -> String {
    use serde_json::json;
    let value = json!({
        "valid": errors.is_empty(),
        "errors": errors.iter().map(|d| {
            let (key, message) = d.key_and_message();
            json!({
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "key": key,
                "message": message,
            })
        }).collect::<Vec<_>>(),
        "warnings": warnings.iter().map(|w| json!({
            "file": w.file,
            "deal": w.deal,
            "month": w.month,
            "message": w.message,
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&value).expect("JSON of plain values");
    out.push('\n');
    out
}

pub fn text(model: &Model, figures: &Figures) -> Result<String> {
    let sums = typed::sums(&Table::from_frame(&figures.deal_sums)?);
    let schedule = Table::from_frame(&figures.schedule)?;
    let none = GroupSums::default();
    let group = |dimension: &str| {
        sums.get(&(dimension.to_string(), String::new()))
            .unwrap_or(&none)
    };
    let (binding, loose) = (group("all"), group("not_binding"));
    // A sum over no deal is -0.0, as f64's `Sum` gives.
    let value = |x: Option<f64>| x.unwrap_or(-0.0);
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
        usd(value(binding.total.band.base)),
        usd(value(binding.total.band.low)),
        usd(value(binding.total.band.high))
    )
    .ok();
    writeln!(
        out,
        "within the horizon (through {y:04}-{m:02}): {}",
        usd(value(binding.within_horizon.band.base))
    )
    .ok();
    writeln!(
        out,
        "remaining as of {}: {}",
        model.site.as_of,
        usd(value(binding.remaining.band.base))
    )
    .ok();
    writeln!(
        out,
        "firm: {} of the remaining cannot be cancelled, {} can be on notice (full term {})",
        usd(value(binding.firm_remaining.band.base)),
        usd(value(binding.cancellable.band.base)),
        usd(value(binding.total.band.base))
    )
    .ok();
    if loose.deals > 0 {
        writeln!(
            out,
            "not binding (letters of intent, options, backstops), not counted above: {}, {} full term",
            plural(loose.deals as u64, "deal"),
            usd(value(loose.total.band.base))
        )
        .ok();
    }
    let withdrawn = group("withdrawn");
    if withdrawn.deals > 0 {
        writeln!(
            out,
            "withdrawn, counted nowhere: {}",
            plural(withdrawn.deals as u64, "deal"),
        )
        .ok();
    }

    let warnings = warnings(model, &schedule);
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
            writeln!(out, "  warning: {}", w.text()).ok();
        }
    }
    Ok(out)
}
