//! The declarations: every column of every export, in the order of docs/figures.md.

use super::Band::{Base, Extra, ExtraLast, Fact, Listed};
use super::Part::{V1, V2, V3};
use super::Unit::*;
use super::{Band, Export, Figure, Part, Scope, Unit};

const fn f(
    name: &'static str,
    unit: Unit,
    band: Band,
    part: Part,
    meaning: &'static str,
) -> Figure {
    Figure {
        name,
        unit,
        band,
        part,
        meaning,
    }
}

// Sentences that two exports share.
const ID: &str = "The deal's id, the name of its file in deals/.";
const TITLE: &str = "The deal's title.";
const DEAL: &str = "The deal's id.";
const MONTH: &str = "Calendar month, YYYY-MM.";
const YEAR: &str = "Calendar year.";
const TOTAL_USD: &str = "Sum of the monthly payments, USD.";
const USD_PER_GPU_HOUR: &str = "total_usd ÷ (G × 24 × term_days); empty without GPUs.";
const USD_PER_MW_MONTH: &str = "monthly_equiv_usd ÷ power_mw; empty without power.";
const COMMITMENT: &str = "binding (a signed obligation, the default), letter_of_intent (announced, not binding), option (a right not yet exercised) or backstop (a contingent purchase of capacity the provider cannot sell). Portfolio sums count binding deals only, and no withdrawn deal.";

#[rustfmt::skip]
pub static DEALS: Export = Export {
    file: "deals.csv",
    scope: Scope::Deal,
    rows: "One row per deal, sorted by id.",
    figures: &[
        f("id", Id, Fact, V1, ID),
        f("title", Text, Fact, V1, TITLE),
        f("buyer", Text, Fact, V1, "Who pays."),
        f("provider", Text, Fact, V1, "Who supplies the compute."),
        f("status", Text, Fact, V1, "withdrawn (withdrawn on or before as_of), upcoming (start after as_of), terminated (terminated on or before as_of), ended (effective end before as_of) or active; the first that applies."),
        f("start", Date, Fact, V1, "First day of service, YYYY-MM-DD."),
        f("end", Date, Fact, V1, "Last day of service as contracted, inclusive."),
        f("effective_end", Date, Fact, V1, "The earlier of end and the termination date."),
        f("term_months", Months, Base, V1, "Number of calendar months in the schedule, from the start's month to the effective end's."),
        f("term_days", Days, Base, V1, "Days of service N, start to effective end inclusive."),
        f("total_usd", Usd, Listed, V1, TOTAL_USD),
        f("monthly_equiv_usd", Usd, Extra, V1, "total_usd × 365.25 ÷ 12 ÷ term_days."),
        f("paid_to_date_usd", Usd, Extra, V1, "The part of the payments for days up to and including as_of (each month's payment spread evenly over its active days)."),
        f("remaining_usd", Usd, Extra, V1, "total_usd − paid_to_date_usd; not clamped, so a fully paid deal may show a tiny remainder such as 1e-9."),
        f("remaining_pv_usd", Usd, Extra, V1, "The unpaid part of each month discounted to as_of at discount_rate, timed at the month's last day of service: ÷ (1 + r)^t, t = max(0, days from as_of) ÷ 365.25."),
        f("within_horizon_usd", Usd, Extra, V1, "Sum of the payments in months up to the horizon, past months included."),
        f("power_mw", Mw, Extra, V1, "Contracted critical IT power, MW (the facility's when the deal gives no capacity); empty when not reported."),
        f("gpus", Count, Extra, V1, "GPU count G, the sum of the fleet's counts; empty when none is reported."),
        f("h100e", Count, Extra, V1, "H100-equivalents H: Σ count × bf16_dense_tflops(model) ÷ bf16_dense_tflops(reference model)."),
        f("usd_per_gpu_hour", UsdPerGpuHour, Listed, V1, USD_PER_GPU_HOUR),
        f("usd_per_h100e_hour", UsdPerH100eHour, Extra, V1, "total_usd ÷ (H × 24 × term_days); empty without GPUs."),
        f("usd_per_mw_month", UsdPerMwMonth, Extra, V1, USD_PER_MW_MONTH),
        f("usd_per_used_gpu_hour", UsdPerGpuHour, Extra, V1, "Payments in the months with usage ÷ the GPU-hours used in them; empty without usage."),
        f("utilization", Ratio, Extra, V1, "GPU-hours used ÷ GPU-hours contracted, over the months with usage; empty without usage."),
        f("market_usd", Usd, Extra, V1, "What the fleet would cost at market rental prices, summed over the months where every model has a price; empty if none has."),
        f("market_premium", Ratio, Extra, V1, "Payments ÷ market_usd − 1, over the same months; empty without market prices."),
        f("commitment", Text, Fact, V2, COMMITMENT),
        f("signed", Date, Fact, V2, "When the contract was signed, YYYY-MM-DD; empty when not recorded."),
        f("earliest_exit", Date, ExtraLast, V2, "With a termination right, the last day of service if notice were given on the first day it may be on or after as_of: min(effective_end, max(as_of, from) + notice_days); empty without one."),
        f("firm_remaining_usd", Usd, Listed, V2, "The part of remaining_usd that cannot be cancelled: the payments for days after as_of up to earliest_exit (up to the effective end without a termination right, where it equals remaining_usd). 0 for a deal that does not bind: a letter of intent, an option, a backstop, or a withdrawn deal."),
        f("cancellable_usd", Usd, Extra, V2, "remaining_usd − firm_remaining_usd: what a notice of termination given at as_of would cancel."),
        f("intermediary", Bool, Fact, V2, "true when the deal's buyer is the same party (parties.yaml) as the provider of another deal: its capacity may be resold, so sums that add both deals count the same compute twice."),
        f("reviewed", Date, Fact, V2, "When the record was last checked against its sources, YYYY-MM-DD; empty when never."),
        f("withdrawn", Date, Fact, V3, "The day the parties abandoned the announced deal, YYYY-MM-DD; empty when it was not. From that day the deal's status is withdrawn and it is in no portfolio figure; its own figures still describe the deal as announced."),
        f("announced", Date, Fact, V3, "When the deal was made public, YYYY-MM-DD."),
        f("confidence", Text, Fact, V3, "How well the figures are sourced: confirmed (a filing or the parties' own release, or two independent reports), reported (press), estimated or rumored."),
        f("facilities", Text, Fact, V3, "The ids of the facilities the deal draws on (files in facilities/), separated by ';'; empty when none is recorded."),
        f("source_url", Text, Fact, V3, "The URL of the deal's first source, the one to cite."),
    ],
};

#[rustfmt::skip]
pub static SCHEDULE: Export = Export {
    file: "schedule.csv",
    scope: Scope::Month,
    rows: "One row per deal and calendar month of service, sorted by deal then month; the whole term, also past the horizon.",
    figures: &[
        f("deal", Id, Fact, V1, DEAL),
        f("month", Month, Fact, V1, MONTH),
        f("active_days", Days, Base, V1, "Days of service in the month, from the later of the start and the 1st to the earlier of the effective end and the month's last day."),
        f("payment_usd", Usd, Listed, V1, "Monthly price × (1 + escalation)^(whole contract years) × active days ÷ days in the month × (1 − ramp discount); for a total price, total × active days ÷ days of the contracted term."),
        f("cumulative_usd", Usd, Extra, V1, "Running total of payment_usd through this month."),
        f("contracted_gpu_hours", GpuHours, Extra, V1, "G × 24 × active_days; empty without GPUs."),
        f("usd_per_gpu_hour", UsdPerGpuHour, Extra, V1, "payment_usd ÷ contracted_gpu_hours."),
        f("used_gpu_hours", GpuHours, Base, V1, "GPU-hours used, summed over the usage files; empty in months without usage."),
        f("utilization", Ratio, Extra, V1, "used_gpu_hours ÷ contracted_gpu_hours."),
        f("usd_per_used_gpu_hour", UsdPerGpuHour, Extra, V1, "payment_usd ÷ used_gpu_hours; empty when no hours were used."),
        f("market_usd", Usd, Extra, V1, "Σ count × market price of the model for the month × 24 × active_days; empty if a model has no price."),
        f("firm_payment_usd", Usd, Listed, V2, "The part of payment_usd for days in the firm window, after as_of up to earliest_exit (the effective end without a termination right); 0 outside it, and in every month of a deal that does not bind (not binding, or withdrawn)."),
    ],
};

#[rustfmt::skip]
pub static BY_YEAR: Export = Export {
    file: "by_year.csv",
    scope: Scope::Year,
    rows: "One row per deal and calendar year of its schedule, sorted by deal then year; the whole term.",
    figures: &[
        f("deal", Id, Fact, V1, DEAL),
        f("year", Year, Fact, V1, YEAR),
        f("payment_usd", Usd, Listed, V1, "Sum of the deal's payments in the year."),
        f("firm_payment_usd", Usd, Listed, V2, "Sum of the deal's firm_payment_usd in the year."),
    ],
};

#[rustfmt::skip]
pub static PORTFOLIO_BY_YEAR: Export = Export {
    file: "portfolio_by_year.csv",
    scope: Scope::Portfolio,
    rows: "Commitments summed across deals by calendar year, for all deals, per buyer and per provider; months through the horizon only.",
    figures: &[
        f("dimension", Text, Fact, V1, "all, buyer or provider: how the binding deals are grouped; not_binding: the letters of intent, options and backstops, never added into the others. Withdrawn deals are in neither."),
        f("name", Text, Fact, V1, "\"All deals\" (every binding deal), the buyer's or provider's name, or \"Not binding\"."),
        f("year", Year, Fact, V1, YEAR),
        f("payment_usd", Usd, Listed, V1, "Sum of the group's payments in the year, months through the horizon only."),
        f("firm_payment_usd", Usd, Base, V2, "Sum of the group's firm payments in the year (base), months through the horizon only."),
    ],
};

#[rustfmt::skip]
pub static CAPACITY_BY_MONTH: Export = Export {
    file: "capacity_by_month.csv",
    scope: Scope::Portfolio,
    rows: "What is under contract each calendar month, summed across the binding deals (not withdrawn) in service that month: the deals the binding totals count.",
    figures: &[
        f("month", Month, Fact, V1, MONTH),
        f("deals", Count, Fact, V1, "Number of binding deals in service in the month."),
        f("power_mw", Mw, Listed, V1, "Sum of the contracted power of those deals, MW (deals without power add 0)."),
        f("h100e", Count, Listed, V1, "Sum of their H100-equivalents."),
        f("gpus", Count, Base, V1, "Sum of their GPUs."),
    ],
};

#[rustfmt::skip]
pub static RANKINGS: Export = Export {
    file: "rankings.csv",
    scope: Scope::Deal,
    rows: "One row per deal, sorted by id, with its rank among the binding deals (not withdrawn) by total value, $/GPU-hour and $/MW-month; a deal that does not bind has no rank.",
    figures: &[
        f("id", Id, Fact, V1, ID),
        f("title", Text, Fact, V1, TITLE),
        f("total_usd", Usd, Fact, V1, TOTAL_USD),
        f("rank_total_usd", Rank, Fact, V1, "Rank by total_usd among the binding deals, 1 for the largest; ties share the best rank; empty for a deal that does not bind."),
        f("usd_per_gpu_hour", UsdPerGpuHour, Fact, V1, USD_PER_GPU_HOUR),
        f("rank_usd_per_gpu_hour", Rank, Fact, V1, "Rank by usd_per_gpu_hour among the binding deals, 1 for the cheapest; empty when the figure is, or the deal does not bind."),
        f("usd_per_mw_month", UsdPerMwMonth, Fact, V1, USD_PER_MW_MONTH),
        f("rank_usd_per_mw_month", Rank, Fact, V1, "Rank by usd_per_mw_month among the binding deals, 1 for the cheapest; empty when the figure is, or the deal does not bind."),
        f("commitment", Text, Fact, V2, COMMITMENT),
    ],
};

/// Every CSV export, in the data page's order.
#[rustfmt::skip]
pub static EXPORTS: [&Export; 6] = [
    &DEALS,
    &SCHEDULE,
    &BY_YEAR,
    &PORTFOLIO_BY_YEAR,
    &CAPACITY_BY_MONTH,
    &RANKINGS,
];
