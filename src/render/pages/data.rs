//! The data page: every export, what a row is, and what each column means
//! (SPEC.md sections 7 and 8). The column lists are read from the tables
//! themselves, so a column added to an export shows up here; one without a
//! meaning below is marked `undocumented`, which the site tests refuse.

use askama::Template;

use super::{Ctx, Layout};
use crate::error::Result;
use crate::render::table::Table;
use crate::write::SiteFiles;

pub struct Column {
    pub name: String,
    pub meaning: String,
    pub documented: bool,
}

pub struct Export {
    /// Anchor on the page, e.g. `deals-csv`.
    pub id: String,
    pub file: String,
    pub href: String,
    pub rows: String,
    pub columns: Vec<Column>,
}

pub struct ScheduleLink {
    pub title: String,
    pub file: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    layout: Layout,
    exports: Vec<Export>,
    metrics_href: String,
    schedules: Vec<ScheduleLink>,
    as_of: String,
    horizon: String,
    discount_rate: String,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    let t = ctx.t;
    let export = |file: &str, rows: &str, table: &Table| Export {
        id: file.replace(['.', '_'], "-"),
        file: file.to_string(),
        href: ctx.links.to(&format!("data/{file}")),
        rows: rows.to_string(),
        columns: table
            .columns
            .iter()
            .map(|c| {
                let meaning = meaning(file, c);
                Column {
                    name: c.clone(),
                    documented: meaning.is_some(),
                    meaning: meaning.unwrap_or_else(|| "undocumented".into()),
                }
            })
            .collect(),
    };
    let site = &ctx.model.site;
    let page = DataPage {
        layout: ctx.layout(
            "data",
            "Data",
            "Download the report's figures as CSV and JSON, with the meaning of every column.",
        ),
        exports: vec![
            export("deals.csv", "One row per deal, sorted by id.", &t.deals),
            export(
                "schedule.csv",
                "One row per deal and calendar month of service, sorted by deal then month; the whole term, also past the horizon.",
                &t.schedule,
            ),
            export(
                "by_year.csv",
                "One row per deal and calendar year of its schedule, sorted by deal then year; the whole term.",
                &t.by_year,
            ),
            export(
                "portfolio_by_year.csv",
                "Commitments summed across deals by calendar year, for all deals, per buyer and per provider; months through the horizon only.",
                &t.portfolio_by_year,
            ),
            export(
                "capacity_by_month.csv",
                "What is under contract each calendar month, summed across the deals in service that month.",
                &t.capacity_by_month,
            ),
            export(
                "rankings.csv",
                "One row per deal, sorted by id, with its rank by total value, $/GPU-hour and $/MW-month.",
                &t.rankings,
            ),
        ],
        metrics_href: ctx.links.to("data/metrics.json"),
        schedules: ctx
            .model
            .deals
            .iter()
            .map(|d| ScheduleLink {
                title: d.title.clone(),
                file: format!("{}.csv", d.id),
                href: ctx.links.to(&format!("data/schedule/{}.csv", d.id)),
            })
            .collect(),
        as_of: site.as_of.to_string(),
        horizon: ctx.horizon_key(),
        discount_rate: format!("{}", site.discount_rate),
    };
    files.insert("data.html".into(), page.render()?.into_bytes());
    Ok(())
}

/// What a column of an export means, or None if it is not documented here.
pub fn meaning(file: &str, column: &str) -> Option<String> {
    if let Some(m) = own_meaning(file, column) {
        return Some(m.to_string());
    }
    // Bands: SPEC.md 7.5, extra columns `<figure>_low` and `<figure>_high`.
    for (suffix, end, pick) in [("_low", "Low", "minimum"), ("_high", "High", "maximum")] {
        if let Some(figure) = column.strip_suffix(suffix) {
            own_meaning(file, figure)?;
            let across = if matches!(file, "portfolio_by_year.csv" | "capacity_by_month.csv") {
                format!(
                    " Deals vary independently, so it is the sum of the deals' {} values.",
                    end.to_lowercase()
                )
            } else {
                String::new()
            };
            return Some(format!(
                "{end} end of the band of {figure}: its {pick} over the base scenario and every \
                 corner scenario of the uncertain inputs (methodology, bands); equal to \
                 {figure} when no input is uncertain; empty when {figure} is.{across}"
            ));
        }
    }
    None
}

fn own_meaning(file: &str, column: &str) -> Option<&'static str> {
    Some(match (file, column) {
        ("deals.csv" | "rankings.csv", "id") => "The deal's id, the name of its file in deals/.",
        ("deals.csv" | "rankings.csv", "title") => "The deal's title.",
        ("deals.csv", "buyer") => "Who pays.",
        ("deals.csv", "provider") => "Who supplies the compute.",
        ("deals.csv", "status") => {
            "upcoming (start after as_of), terminated (terminated on or before as_of), ended (effective end before as_of) or active; the first that applies."
        }
        ("deals.csv", "start") => "First day of service, YYYY-MM-DD.",
        ("deals.csv", "end") => "Last day of service as contracted, inclusive.",
        ("deals.csv", "effective_end") => "The earlier of end and the termination date.",
        ("deals.csv", "term_months") => {
            "Number of calendar months in the schedule, from the start's month to the effective end's."
        }
        ("deals.csv", "term_days") => "Days of service N, start to effective end inclusive.",
        ("deals.csv" | "rankings.csv", "total_usd") => "Sum of the monthly payments, USD.",
        ("deals.csv", "monthly_equiv_usd") => "total_usd × 365.25 ÷ 12 ÷ term_days.",
        ("deals.csv", "paid_to_date_usd") => {
            "The part of the payments for days up to and including as_of (each month's payment spread evenly over its active days)."
        }
        ("deals.csv", "remaining_usd") => {
            "total_usd − paid_to_date_usd; not clamped, so a fully paid deal may show a tiny remainder such as 1e-9."
        }
        ("deals.csv", "remaining_pv_usd") => {
            "The unpaid part of each month discounted to as_of at discount_rate, timed at the month's last day of service: ÷ (1 + r)^t, t = max(0, days from as_of) ÷ 365.25."
        }
        ("deals.csv", "within_horizon_usd") => {
            "Sum of the payments in months up to the horizon, past months included."
        }
        ("deals.csv", "power_mw") => {
            "Contracted critical IT power, MW (the facility's when the deal gives no capacity); empty when not reported."
        }
        ("deals.csv", "gpus") => {
            "GPU count G, the sum of the fleet's counts; empty when none is reported."
        }
        ("deals.csv", "h100e") => {
            "H100-equivalents H: Σ count × bf16_dense_tflops(model) ÷ bf16_dense_tflops(reference model)."
        }
        ("deals.csv" | "rankings.csv", "usd_per_gpu_hour") => {
            "total_usd ÷ (G × 24 × term_days); empty without GPUs."
        }
        ("deals.csv", "usd_per_h100e_hour") => {
            "total_usd ÷ (H × 24 × term_days); empty without GPUs."
        }
        ("deals.csv" | "rankings.csv", "usd_per_mw_month") => {
            "monthly_equiv_usd ÷ power_mw; empty without power."
        }
        ("deals.csv", "usd_per_used_gpu_hour") => {
            "Payments in the months with usage ÷ the GPU-hours used in them; empty without usage."
        }
        ("deals.csv", "utilization") => {
            "GPU-hours used ÷ GPU-hours contracted, over the months with usage; empty without usage."
        }
        ("deals.csv", "market_usd") => {
            "What the fleet would cost at market rental prices, summed over the months where every model has a price; empty if none has."
        }
        ("deals.csv", "market_premium") => {
            "Payments ÷ market_usd − 1, over the same months; empty without market prices."
        }
        ("deals.csv" | "rankings.csv", "commitment") => {
            "binding (a signed obligation, the default), letter_of_intent (announced, not binding), option (a right not yet exercised) or backstop (a contingent purchase of capacity the provider cannot sell). Portfolio sums count binding deals only."
        }
        ("deals.csv", "signed") => {
            "When the contract was signed, YYYY-MM-DD; empty when not recorded."
        }
        ("deals.csv", "earliest_exit") => {
            "With a termination right, the last day of service if notice were given on the first day it may be on or after as_of: min(effective_end, max(as_of, from) + notice_days); empty without one."
        }
        ("deals.csv", "firm_remaining_usd") => {
            "The part of remaining_usd that cannot be cancelled: the payments for days after as_of up to earliest_exit (up to the effective end without a termination right, where it equals remaining_usd)."
        }
        ("deals.csv", "cancellable_usd") => {
            "remaining_usd − firm_remaining_usd: what a notice of termination given at as_of would cancel."
        }
        ("deals.csv", "intermediary") => {
            "true when the deal's buyer is the same party (parties.yaml) as the provider of another deal: its capacity may be resold, so sums that add both deals count the same compute twice."
        }
        ("deals.csv", "reviewed") => {
            "When the record was last checked against its sources, YYYY-MM-DD; empty when never."
        }
        ("schedule.csv", "firm_payment_usd") => {
            "The part of payment_usd for days in the firm window, after as_of up to earliest_exit (the effective end without a termination right); 0 outside it."
        }
        ("by_year.csv", "firm_payment_usd") => "Sum of the deal's firm_payment_usd in the year.",
        ("portfolio_by_year.csv", "firm_payment_usd") => {
            "Sum of the group's firm payments in the year (base), months through the horizon only."
        }
        ("schedule.csv" | "by_year.csv", "deal") => "The deal's id.",
        ("schedule.csv" | "capacity_by_month.csv", "month") => "Calendar month, YYYY-MM.",
        ("schedule.csv", "active_days") => {
            "Days of service in the month, from the later of the start and the 1st to the earlier of the effective end and the month's last day."
        }
        ("schedule.csv", "payment_usd") => {
            "Monthly price × (1 + escalation)^(whole contract years) × active days ÷ days in the month × (1 − ramp discount); for a total price, total × active days ÷ days of the contracted term."
        }
        ("schedule.csv", "cumulative_usd") => "Running total of payment_usd through this month.",
        ("schedule.csv", "contracted_gpu_hours") => "G × 24 × active_days; empty without GPUs.",
        ("schedule.csv", "usd_per_gpu_hour") => "payment_usd ÷ contracted_gpu_hours.",
        ("schedule.csv", "used_gpu_hours") => {
            "GPU-hours used, summed over the usage files; empty in months without usage."
        }
        ("schedule.csv", "utilization") => "used_gpu_hours ÷ contracted_gpu_hours.",
        ("schedule.csv", "usd_per_used_gpu_hour") => {
            "payment_usd ÷ used_gpu_hours; empty when no hours were used."
        }
        ("schedule.csv", "market_usd") => {
            "Σ count × market price of the model for the month × 24 × active_days; empty if a model has no price."
        }
        ("by_year.csv" | "portfolio_by_year.csv", "year") => "Calendar year.",
        ("by_year.csv", "payment_usd") => "Sum of the deal's payments in the year.",
        ("portfolio_by_year.csv", "dimension") => {
            "all, buyer or provider: how the binding deals are grouped; not_binding: the letters of intent, options and backstops, never added into the others."
        }
        ("portfolio_by_year.csv", "name") => {
            "\"All deals\" (every binding deal), the buyer's or provider's name, or \"Not binding\"."
        }
        ("portfolio_by_year.csv", "payment_usd") => {
            "Sum of the group's payments in the year, months through the horizon only."
        }
        ("capacity_by_month.csv", "deals") => "Number of deals in service in the month.",
        ("capacity_by_month.csv", "power_mw") => {
            "Sum of the contracted power of those deals, MW (deals without power add 0)."
        }
        ("capacity_by_month.csv", "h100e") => "Sum of their H100-equivalents.",
        ("capacity_by_month.csv", "gpus") => "Sum of their GPUs.",
        ("rankings.csv", "rank_total_usd") => {
            "Rank by total_usd, 1 for the largest; ties share the best rank."
        }
        ("rankings.csv", "rank_usd_per_gpu_hour") => {
            "Rank by usd_per_gpu_hour, 1 for the cheapest; empty when the figure is."
        }
        ("rankings.csv", "rank_usd_per_mw_month") => {
            "Rank by usd_per_mw_month, 1 for the cheapest; empty when the figure is."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::meaning;

    #[test]
    fn bands_are_documented_from_their_figure() {
        let low = meaning("deals.csv", "total_usd_low").unwrap();
        assert!(low.starts_with("Low end of the band of total_usd"), "{low}");
        assert!(meaning("deals.csv", "nonsense_low").is_none());
        assert!(meaning("deals.csv", "nonsense").is_none());
        let sum = meaning("capacity_by_month.csv", "power_mw_high").unwrap();
        assert!(sum.contains("sum of the deals' high values"), "{sum}");
    }
}
