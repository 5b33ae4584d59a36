//! The deal page's money and unit-cost tiles: totals with their bands,
//! contracted, realized and at-market $/GPU-hour, $/H100e-hour and
//! $/MW-month, and the note that flags illustrative usage data.

use super::super::view::{self, Banded, Fig, Unit};
use super::super::{Ctx, Tile};
use crate::count::count;
use crate::model::Deal;
use crate::render::format as fmt;

pub fn money(ctx: &Ctx, deal: &Deal) -> Vec<Tile> {
    let f = ctx.deal(&deal.id);
    let b = Banded::figure;
    let pv = Fig::new(f.remaining_pv.base, Unit::Usd);
    vec![
        Tile {
            label: "Total value".into(),
            value: b(&f.total),
            note: format!(
                "over {} months",
                f.term_months.map(|n| n.to_string()).unwrap_or_default()
            ),
        },
        Tile {
            label: "Monthly equivalent".into(),
            value: b(&f.monthly_equiv),
            note: "total ÷ days × 365.25 ÷ 12".into(),
        },
        Tile {
            label: "Paid to date".into(),
            value: b(&f.paid_to_date),
            note: format!("through {}", view::date(ctx.model.site.as_of)),
        },
        Tile {
            label: "Remaining".into(),
            value: b(&f.remaining),
            note: format!(
                "{} in present value at {} a year",
                pv.text,
                fmt::percent(ctx.model.site.discount_rate)
            ),
        },
        Tile {
            label: "Firm remaining".into(),
            value: b(&f.firm_remaining),
            note: match f.cancellable.base {
                Some(c) if deal.termination.is_some() => {
                    format!("{} cancellable on notice", Unit::Usd.text(c))
                }
                _ => "no termination right: all of the remaining".into(),
            },
        },
        Tile {
            label: format!("Due through {}", ctx.horizon_label()),
            value: b(&f.within_horizon),
            note: "the report's horizon, past months included".into(),
        },
    ]
}

pub fn unit_costs(ctx: &Ctx, deal: &Deal) -> Vec<Tile> {
    let f = ctx.deal(&deal.id);
    let gpu_hr = Unit::Rate("GPU-hr");
    let utilization = Fig::new(f.utilization.base, Unit::Percent);
    let premium = f.market_premium.base;
    let (market_rate, market_months) = (f.market_rate, f.market_months);
    // A fleet entry without a model: the GPUs count, their compute and market
    // price are unknown.
    let mix_unknown = deal.capacity.gpus.iter().any(|g| g.model.is_none());
    let (no_h100e, no_market) = if mix_unknown {
        (
            "GPU models not disclosed",
            "GPU models not disclosed, so no market price applies",
        )
    } else {
        ("no GPU count reported", "no market prices for this fleet")
    };
    vec![
        Tile {
            label: "Contracted $/GPU-hour".into(),
            value: Banded::figure_or(&f.per_gpu_hour, "no GPU count reported"),
            note: "total ÷ (GPUs × 24 × days of service)".into(),
        },
        Tile {
            label: "Realized $/used GPU-hour".into(),
            value: Banded::figure_or(&f.per_used_gpu_hour, "no usage data"),
            note: if utilization.is_missing() {
                "no usage data for this deal".into()
            } else {
                format!("months with usage; utilization {}", utilization.text)
            },
        },
        Tile {
            label: "At market $/GPU-hour".into(),
            value: Banded::or(market_rate, None, None, gpu_hr, no_market),
            note: match premium {
                Some(p) if market_months > 0 => format!(
                    "the same GPUs at market rental prices ({}); the contract is {} {} market",
                    count(market_months as u64, "month"),
                    fmt::percent(p.abs()),
                    if p >= 0.0 { "above" } else { "below" }
                ),
                _ => no_market.into(),
            },
        },
        Tile {
            label: "$/H100e-hour".into(),
            value: Banded::figure_or(&f.per_h100e_hour, no_h100e),
            note: "per H100-equivalent, by BF16 dense TFLOPS".into(),
        },
        Tile {
            label: "$/MW-month".into(),
            value: Banded::figure_or(&f.per_mw_month, "no power reported"),
            note: "monthly equivalent ÷ contracted MW".into(),
        },
    ]
}

/// HOOK(usage): the realized figures' provenance. The tables do not say which
/// usage file fed which deal, so this is conservative: when the deal has
/// usage and every usage file is named `illustrative*`, the figures surely
/// come from an illustrative dataset; when only some are, they may. Once
/// compute reports the files per deal, pass only those.
pub fn usage_note(ctx: &Ctx, deal: &Deal) -> Option<String> {
    let has_usage = ctx
        .months(&deal.id)
        .iter()
        .any(|m| m.used_gpu_hours.is_some());
    if !has_usage {
        return None;
    }
    let names: Vec<String> = ctx
        .model
        .tables
        .files
        .usage
        .iter()
        .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    illustrative_note(&names)
}

/// The note for usage files `names` (file names only).
pub fn illustrative_note(names: &[String]) -> Option<String> {
    let illustrative: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("illustrative"))
        .collect();
    if illustrative.is_empty() {
        return None;
    }
    let list = illustrative
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(if illustrative.len() == names.len() {
        format!(
            "The realized figures on this page (used GPU-hours, utilization, $/used \
             GPU-hour) come from an illustrative dataset ({list}), not from reported \
             usage. Read them as an example of the method, not as facts about this deal."
        )
    } else {
        format!(
            "The usage data of this report includes an illustrative dataset ({list}); \
             the realized figures on this page may come from it rather than from \
             reported usage."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::illustrative_note;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn realized_figures_from_illustrative_usage_say_so_plainly() {
        let all = illustrative_note(&names(&["illustrative-x.csv"])).unwrap();
        assert!(
            all.contains("come from an illustrative dataset (illustrative-x.csv)"),
            "{all}"
        );
        let some = illustrative_note(&names(&["real.csv", "illustrative-x.csv"])).unwrap();
        assert!(some.contains("may come from it"), "{some}");
        assert_eq!(illustrative_note(&names(&["telemetry.parquet"])), None);
        assert_eq!(illustrative_note(&[]), None);
    }
}
