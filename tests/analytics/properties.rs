//! Invariants over generated deals (SPEC.md 7.1-7.5): random dates within
//! 2025-2031, monthly, annual or total prices, optional escalation, ramp,
//! termination, ranges and fleets, with a fixed usage and market file. Each
//! case runs the real pipeline through the library (`dealbook::pipeline::analyse`),
//! which is much faster than the binary.

use chrono::{Datelike, Duration, NaiveDate};
use dealbook::model::Overrides;
use dealbook::render::table::{Cell, Table};
use proptest::prelude::*;

use super::deal_yaml;
use crate::common::DataDir;

/// A generated `{low, base, high}` (uncertain) or plain value.
#[derive(Debug, Clone, Copy)]
struct Ranged {
    low: u64,
    base: u64,
    high: u64,
    uncertain: bool,
}

impl Ranged {
    /// The YAML form, each value divided by `scale` (100 for fractions in percent).
    fn yaml(&self, factor: u64, scale: u64) -> String {
        let v = |x: u64| {
            if scale == 1 {
                (x * factor).to_string()
            } else {
                format!("{}", (x * factor) as f64 / scale as f64)
            }
        };
        if self.uncertain {
            format!(
                "{{low: {}, base: {}, high: {}}}",
                v(self.low),
                v(self.base),
                v(self.high)
            )
        } else {
            v(self.base)
        }
    }
}

/// Three sorted values in `lo..=hi`, a range about half of the time.
fn ranged(lo: u64, hi: u64) -> impl Strategy<Value = Ranged> {
    (prop::array::uniform3(lo..=hi), any::<bool>()).prop_map(|(mut v, uncertain)| {
        v.sort_unstable();
        if uncertain {
            Ranged {
                low: v[0],
                base: v[1],
                high: v[2],
                uncertain,
            }
        } else {
            Ranged {
                low: v[1],
                base: v[1],
                high: v[1],
                uncertain,
            }
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Basis {
    Monthly,
    Annual,
    Total,
}

#[derive(Debug, Clone)]
struct DealSpec {
    start: NaiveDate,
    end: NaiveDate,
    terminated: Option<NaiveDate>,
    basis: Basis,
    amount: Ranged,
    /// Percent; only for monthly and annual prices.
    escalation: Option<Ranged>,
    /// (months, discount in percent); only for monthly and annual prices.
    ramp: Vec<(u64, Ranged)>,
    power_mw: Option<Ranged>,
    fleet: Vec<(&'static str, Ranged)>,
    /// (which schedule month, modulo the number of months; GPU-hours).
    usage: Vec<(usize, u32)>,
}

const FIRST: (i32, u32, u32) = (2025, 1, 1);
const LAST: (i32, u32, u32) = (2031, 12, 31);

fn date(t: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).expect("a date")
}

fn deal_spec() -> impl Strategy<Value = DealSpec> {
    let span = (date(LAST) - date(FIRST)).num_days();
    (
        (
            0..=span,
            0i64..=1200,
            prop::option::weighted(0.25, 0i64..=1300),
        ),
        prop_oneof![
            Just(Basis::Monthly),
            Just(Basis::Annual),
            Just(Basis::Total)
        ],
        ranged(1, 5_000_000),
        prop::option::of(ranged(0, 30)),
        prop::collection::vec((1u64..=6, ranged(0, 95)), 0..=3),
        prop::option::of(ranged(1, 500)),
        prop::collection::vec(
            (prop_oneof![Just("H100"), Just("GB200")], ranged(0, 2000)),
            0..=2,
        ),
        prop::collection::vec((0usize..100, 0u32..=2_000_000), 0..=4),
    )
        .prop_map(
            |((s, len, term), basis, amount, escalation, ramp, power_mw, fleet, usage)| {
                let start = date(FIRST) + Duration::days(s);
                let end = (start + Duration::days(len)).min(date(LAST));
                let total = basis == Basis::Total;
                DealSpec {
                    start,
                    end,
                    terminated: term.map(|t| start + Duration::days(t)),
                    basis,
                    amount,
                    escalation: if total { None } else { escalation },
                    ramp: if total { Vec::new() } else { ramp },
                    power_mw,
                    fleet,
                    usage,
                }
            },
        )
}

/// The last day of the month that starts on `first`.
fn last_day(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        date((first.year() + 1, 1, 1))
    } else {
        date((first.year(), first.month() + 1, 1))
    };
    next - Duration::days(1)
}

impl DealSpec {
    fn effective_end(&self) -> NaiveDate {
        self.terminated.map_or(self.end, |t| t.min(self.end))
    }

    /// The first day of every schedule month.
    fn months(&self) -> Vec<NaiveDate> {
        let mut m = self.start.with_day(1).expect("day 1");
        let mut out = Vec::new();
        while m <= self.effective_end() {
            out.push(m);
            m = if m.month() == 12 {
                date((m.year() + 1, 1, 1))
            } else {
                date((m.year(), m.month() + 1, 1))
            };
        }
        out
    }

    /// The YAML body (price and capacity) with every price value times `factor`.
    fn body(&self, factor: u64) -> String {
        let mut out = String::new();
        if let Some(t) = self.terminated {
            out.push_str(&format!("terminated: {t}\n"));
        }
        let key = match self.basis {
            Basis::Monthly => "monthly",
            Basis::Annual => "annual",
            Basis::Total => "total",
        };
        out.push_str(&format!(
            "price:\n  {key}: {}\n",
            self.amount.yaml(factor, 1)
        ));
        if let Some(e) = &self.escalation {
            out.push_str(&format!("  escalation: {}\n", e.yaml(1, 100)));
        }
        if !self.ramp.is_empty() {
            out.push_str("  ramp:\n");
            for (months, discount) in &self.ramp {
                out.push_str(&format!(
                    "    - months: {months}\n      discount: {}\n",
                    discount.yaml(1, 100)
                ));
            }
        }
        if self.power_mw.is_some() || !self.fleet.is_empty() {
            out.push_str("capacity:\n");
            if let Some(p) = &self.power_mw {
                out.push_str(&format!("  power_mw: {}\n", p.yaml(1, 1)));
            }
            if !self.fleet.is_empty() {
                out.push_str("  gpus:\n");
                for (model, count) in &self.fleet {
                    out.push_str(&format!(
                        "    - model: {model}\n      count: {}\n",
                        count.yaml(1, 1)
                    ));
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
struct Case {
    as_of: NaiveDate,
    deals: Vec<DealSpec>,
}

fn case() -> impl Strategy<Value = Case> {
    let span = (date(LAST) - date(FIRST)).num_days();
    (0..=span, prop::collection::vec(deal_spec(), 1..=3)).prop_map(|(a, deals)| Case {
        as_of: date(FIRST) + Duration::days(a),
        deals,
    })
}

/// The data directory of `case` with every price value times `factor`; the usage
/// and market files do not depend on `factor`.
fn data_dir(case: &Case, factor: u64) -> DataDir {
    let mut data = DataDir::new()
        .site(&case.as_of.to_string())
        .gpus_h100()
        .file(
            "market/prices.csv",
            "date,gpu_model,usd_per_gpu_hour\n\
             2025-06-01,H100,2\n\
             2027-01-01,H100,1.5\n\
             2026-01-01,GB200,4\n",
        );
    let mut usage = String::from("deal,date,gpu_hours\n");
    for (i, deal) in case.deals.iter().enumerate() {
        let id = format!("d{i}");
        data = data.file(
            &format!("deals/{id}.yaml"),
            &deal_yaml(
                &id,
                &deal.start.to_string(),
                &deal.end.to_string(),
                &deal.body(factor),
            ),
        );
        let months = deal.months();
        for (which, hours) in &deal.usage {
            let m = months[which % months.len()];
            usage.push_str(&format!(
                "{id},{},{hours}\n",
                m.with_day(15).expect("day 15")
            ));
        }
    }
    data.file("usage/usage.csv", &usage)
}

struct Tables {
    deals: Table,
    schedule: Table,
    by_year: Table,
}

fn analyse(case: &Case, factor: u64) -> Tables {
    let data = data_dir(case, factor);
    let (_, figures) = dealbook::pipeline::analyse(data.path(), &Overrides::default())
        .unwrap_or_else(|e| panic!("analyse failed: {e}\n{case:#?}"));
    Tables {
        deals: Table::from_frame(&figures.deals).expect("deals table"),
        schedule: Table::from_frame(&figures.schedule).expect("schedule table"),
        by_year: Table::from_frame(&figures.by_year).expect("by_year table"),
    }
}

fn cell<'a>(t: &'a Table, row: &'a [Cell], name: &str) -> &'a Cell {
    &row[t.index(name).unwrap_or_else(|| panic!("no column {name}"))]
}

fn number(t: &Table, row: &[Cell], name: &str) -> Option<f64> {
    cell(t, row, name).num()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-6
}

/// Every `<x>` of `t` that has `<x>_low` and `<x>_high` columns.
fn banded(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .filter(|c| {
            t.index(&format!("{c}_low")).is_some() && t.index(&format!("{c}_high")).is_some()
        })
        .cloned()
        .collect()
}

/// Money figures: they scale with the prices.
const DEAL_MONEY: &[&str] = &[
    "total_usd",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "usd_per_gpu_hour",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
];
/// Every deal figure that a range can move: each has `_low` and `_high`.
const DEAL_BANDED: &[&str] = &[
    "total_usd",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "power_mw",
    "gpus",
    "h100e",
    "usd_per_gpu_hour",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
    "utilization",
    "market_usd",
    "market_premium",
];
/// Every schedule figure that a range can move.
const SCHEDULE_BANDED: &[&str] = &[
    "payment_usd",
    "cumulative_usd",
    "contracted_gpu_hours",
    "usd_per_gpu_hour",
    "utilization",
    "usd_per_used_gpu_hour",
    "market_usd",
];
/// Figures the prices do not touch.
const DEAL_UNCHANGED: &[&str] = &[
    "term_months",
    "term_days",
    "power_mw",
    "gpus",
    "h100e",
    "utilization",
    "market_usd",
];
const SCHEDULE_MONEY: &[&str] = &[
    "payment_usd",
    "cumulative_usd",
    "usd_per_gpu_hour",
    "usd_per_used_gpu_hour",
];
const SCHEDULE_UNCHANGED: &[&str] = &[
    "active_days",
    "contracted_gpu_hours",
    "used_gpu_hours",
    "utilization",
    "market_usd",
];

/// `name` and its bands where the table has them.
fn with_bands(t: &Table, name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for suffix in ["_low", "_high"] {
        let banded = format!("{name}{suffix}");
        if t.index(&banded).is_some() {
            out.push(banded);
        }
    }
    out
}

/// `scaled` = `factor` * `base` in every column of `money`, equal in `unchanged`.
fn check_scaling(
    what: &str,
    base: &Table,
    scaled: &Table,
    money: &[&str],
    unchanged: &[&str],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(base.rows.len(), scaled.rows.len());
    for (r, (b, s)) in base.rows.iter().zip(&scaled.rows).enumerate() {
        for name in money.iter().flat_map(|n| with_bands(base, n)) {
            let (x, y) = (number(base, b, &name), number(scaled, s, &name));
            match (x, y) {
                (None, None) => {}
                (Some(x), Some(y)) => prop_assert!(
                    close(2.0 * x, y),
                    "{what} row {r} {name}: {x} doubled is not {y}"
                ),
                _ => prop_assert!(false, "{what} row {r} {name}: {x:?} vs {y:?}"),
            }
        }
        for name in unchanged.iter().flat_map(|n| with_bands(base, n)) {
            prop_assert_eq!(
                cell(base, b, &name),
                cell(scaled, s, &name),
                "{} row {} {}",
                what,
                r,
                name
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn invariants_of_generated_deals(case in case()) {
        let base = analyse(&case, 1);
        let (deals, schedule, by_year) = (&base.deals, &base.schedule, &base.by_year);
        prop_assert_eq!(deals.rows.len(), case.deals.len());

        for (i, row) in deals.rows.iter().enumerate() {
            let spec = &case.deals[i];
            let total = number(deals, row, "total_usd").expect("total_usd");
            let paid = number(deals, row, "paid_to_date_usd").expect("paid_to_date_usd");
            let remaining = number(deals, row, "remaining_usd").expect("remaining_usd");
            let pv = number(deals, row, "remaining_pv_usd").expect("remaining_pv_usd");
            // Sums of many payments: compared to within 1e-9 of the deal's total.
            let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * total.abs();

            // 7.1: `total` pricing spreads T over the contracted days: it sums to T
            // (and to T's low and high) unless a termination cuts it.
            if spec.basis == Basis::Total && spec.effective_end() == spec.end {
                for (name, t) in [
                    ("total_usd", spec.amount.base),
                    ("total_usd_low", spec.amount.low),
                    ("total_usd_high", spec.amount.high),
                ] {
                    let got = number(deals, row, name).expect("a total");
                    prop_assert!(close(got, t as f64), "deal {i}: {name} {got} != {t}");
                }
            }

            // 7.1: cumulative never decreases, and ends at the total.
            let id = format!("d{i}");
            let months: Vec<&Vec<Cell>> = schedule
                .rows
                .iter()
                .filter(|r| *cell(schedule, r, "deal") == Cell::Str(id.clone()))
                .collect();
            prop_assert_eq!(months.len(), spec.months().len());
            let mut previous = 0.0;
            for m in &months {
                let c = number(schedule, m, "cumulative_usd").expect("cumulative_usd");
                prop_assert!(c >= previous, "deal {i}: cumulative falls from {previous} to {c}");
                previous = c;
            }
            prop_assert!(close(previous, total), "deal {i}: cumulative ends at {previous}, total {total}");

            // 7.1: remaining is the unpaid day share of each month's payment,
            // worked out here from the dates (the as_of day counts as paid),
            // and paid_to_date the paid share.
            let (mut unpaid, mut paid_share) = (0.0, 0.0);
            for (m, first_of_month) in months.iter().zip(spec.months()) {
                let payment = number(schedule, m, "payment_usd").expect("payment_usd");
                let first = spec.start.max(first_of_month);
                let last = spec.effective_end().min(last_day(first_of_month));
                let days = (last - first).num_days() + 1;
                prop_assert_eq!(number(schedule, m, "active_days"), Some(days as f64));
                let unpaid_days = (last - first.max(case.as_of + Duration::days(1))).num_days() + 1;
                let unpaid_days = unpaid_days.clamp(0, days);
                unpaid += payment * unpaid_days as f64 / days as f64;
                paid_share += payment * (days - unpaid_days) as f64 / days as f64;
            }
            prop_assert!(near(remaining, unpaid), "deal {i}: remaining {remaining}, unpaid day shares {unpaid}");
            prop_assert!(near(paid, paid_share), "deal {i}: paid {paid}, paid day shares {paid_share}");

            // 7.1: at a positive rate (the default 0.08) a present value is at
            // most the amount; it equals it only if nothing is paid after as_of's month.
            prop_assert!(pv <= remaining + 1e-9 * total.abs(), "deal {i}: PV {pv} > remaining {remaining}");
            prop_assert!(pv >= -1e-9 * total.abs(), "deal {i}: PV {pv} < 0");
        }

        // 7.5: every figure that a range can move has bands, low <= base <= high,
        // and a base value implies bands.
        for (what, t, figures) in [
            ("deals", deals, DEAL_BANDED),
            ("schedule", schedule, SCHEDULE_BANDED),
            ("by_year", by_year, &["payment_usd"][..]),
        ] {
            let have = banded(t);
            for name in figures {
                prop_assert!(have.iter().any(|h| h == name), "{} has no bands for {}", what, name);
            }
            for name in have {
                for (r, row) in t.rows.iter().enumerate() {
                    let low = number(t, row, &format!("{name}_low"));
                    let high = number(t, row, &format!("{name}_high"));
                    if let (Some(l), Some(h)) = (low, high) {
                        prop_assert!(l <= h, "{what} row {r} {name}: low {l} > high {h}");
                    }
                    if let Some(x) = number(t, row, &name) {
                        let (l, h) = (low.expect("low"), high.expect("high"));
                        prop_assert!(
                            l <= x && x <= h,
                            "{} row {} {}: {} <= {} <= {} fails", what, r, name, l, x, h
                        );
                    }
                }
            }
        }

        // Doubling every price value doubles every money figure and leaves the rest.
        let doubled = analyse(&case, 2);
        check_scaling("deals", deals, &doubled.deals, DEAL_MONEY, DEAL_UNCHANGED)?;
        check_scaling("schedule", schedule, &doubled.schedule, SCHEDULE_MONEY, SCHEDULE_UNCHANGED)?;
        check_scaling("by_year", by_year, &doubled.by_year, &["payment_usd"], &[])?;
        // market_premium = payments / market - 1, so premium + 1 doubles.
        for (b, s) in deals.rows.iter().zip(&doubled.deals.rows) {
            for name in with_bands(deals, "market_premium") {
                let (x, y) = (number(deals, b, &name), number(&doubled.deals, s, &name));
                match (x, y) {
                    (None, None) => {}
                    (Some(x), Some(y)) => prop_assert!(
                        close(2.0 * (x + 1.0), y + 1.0),
                        "{name}: {x} -> {y}"
                    ),
                    _ => prop_assert!(false, "{name}: {x:?} vs {y:?}"),
                }
            }
        }
    }
}
