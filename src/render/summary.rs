//! The summary `dealbook check` prints: what was read, what is committed, and
//! what looks wrong.

use std::fmt::Write as _;

use super::table::Table;
use super::typed::{self, GroupSums};
pub use super::warnings::{Kind, Warning, groups, warnings};
use crate::compute::Figures;
use crate::count::count;
use crate::error::Result;
use crate::model::Model;

/// How many warning groups the text summary shows before "and N more":
/// with the lines above them, the summary fits a 40-line screen.
pub const SHOWN_GROUPS: usize = 20;

/// `check --format json`: `{"valid", "errors", "warnings", "summary"}`, one
/// object per error (`file`, `line`, `column`, `key`, `message`) and per
/// warning (`file`, `deal`, `month`, `message`, `kind`), for editors and
/// bots; the summary counts the warnings (in all, by kind, the deals they
/// name) and lists their groups as the text summary does, every one.
pub fn json(errors: &[crate::error::Diagnostic], warnings: &[Warning]) -> String {
    use serde_json::json;
    let groups = groups(warnings);
    let mut by_kind = serde_json::Map::new();
    for kind in [
        Kind::Utilization,
        Kind::NoCapacity,
        Kind::NoGpus,
        Kind::StaleReview,
        Kind::NoReview,
    ] {
        let n = warnings.iter().filter(|w| w.kind == kind).count();
        if n > 0 {
            by_kind.insert(kind.name().into(), n.into());
        }
    }
    let deals: std::collections::BTreeSet<&str> =
        warnings.iter().map(|w| w.deal.as_str()).collect();
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
            "kind": w.kind.name(),
        })).collect::<Vec<_>>(),
        "summary": {
            "errors": errors.len(),
            "warnings": warnings.len(),
            "deals_with_warnings": deals.len(),
            "by_kind": by_kind,
            "groups": groups.iter().map(|g| json!({
                "deal": g.deal,
                "kind": g.kind.name(),
                "count": g.count,
                "message": g.message,
            })).collect::<Vec<_>>(),
        },
    });
    let mut out = serde_json::to_string_pretty(&value).expect("JSON of plain values");
    out.push('\n');
    out
}

/// The summary for people: what was read and committed, then the warnings
/// grouped by deal and kind, most important first: [`SHOWN_GROUPS`] of
/// them, or every one when `verbose`.
pub fn text(
    model: &Model,
    figures: &Figures,
    warnings: &[Warning],
    verbose: bool,
) -> Result<String> {
    let sums = typed::sums(&Table::from_frame(&figures.deal_sums)?);
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
        count(model.deals.len() as u64, "deal"),
        count(model.facilities.len() as u64, "facility"),
        count(figures.usage_rows, "usage row"),
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
            count(loose.deals as u64, "deal"),
            usd(value(loose.total.band.base))
        )
        .ok();
    }
    let withdrawn = group("withdrawn");
    if withdrawn.deals > 0 {
        writeln!(
            out,
            "withdrawn, counted nowhere: {}",
            count(withdrawn.deals as u64, "deal"),
        )
        .ok();
    }

    if warnings.is_empty() {
        writeln!(out, "no warnings").ok();
        return Ok(out);
    }
    let groups = groups(warnings);
    let deals: std::collections::BTreeSet<&str> =
        warnings.iter().map(|w| w.deal.as_str()).collect();
    writeln!(
        out,
        "{} about {}, most important first:",
        count(warnings.len() as u64, "warning"),
        count(deals.len() as u64, "deal"),
    )
    .ok();
    let shown = if verbose { groups.len() } else { SHOWN_GROUPS };
    for g in groups.iter().take(shown) {
        writeln!(out, "  warning: {}", g.text()).ok();
    }
    if groups.len() > shown {
        writeln!(
            out,
            "  and {} more (--verbose lists every one)",
            groups.len() - shown
        )
        .ok();
    }
    Ok(out)
}
