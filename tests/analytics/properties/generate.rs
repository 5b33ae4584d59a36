//! The generated cases: deals with random dates, prices, escalation, ramps,
//! terminations, ranges and fleets, and the data directory of a case.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;

use super::super::deal_yaml;
use crate::common::DataDir;

/// A generated `{low, base, high}` (uncertain) or plain value.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranged {
    pub(super) low: u64,
    pub(super) base: u64,
    pub(super) high: u64,
    pub(super) uncertain: bool,
}

impl Ranged {
    /// The YAML form, each value divided by `scale` (100 for fractions in percent).
    pub(super) fn yaml(&self, factor: u64, scale: u64) -> String {
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
pub(super) fn ranged(lo: u64, hi: u64) -> impl Strategy<Value = Ranged> {
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
pub(super) enum Basis {
    Monthly,
    Annual,
    Total,
}

#[derive(Debug, Clone)]
pub(super) struct DealSpec {
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) terminated: Option<NaiveDate>,
    pub(super) basis: Basis,
    pub(super) amount: Ranged,
    /// Percent; only for monthly and annual prices.
    pub(super) escalation: Option<Ranged>,
    /// (months, discount in percent); only for monthly and annual prices.
    pub(super) ramp: Vec<(u64, Ranged)>,
    pub(super) power_mw: Option<Ranged>,
    pub(super) fleet: Vec<(&'static str, Ranged)>,
    /// (which schedule month, modulo the number of months; GPU-hours).
    pub(super) usage: Vec<(usize, u32)>,
}

pub(super) const FIRST: (i32, u32, u32) = (2025, 1, 1);
pub(super) const LAST: (i32, u32, u32) = (2031, 12, 31);

pub(super) fn date(t: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).expect("a date")
}

pub(super) fn deal_spec() -> impl Strategy<Value = DealSpec> {
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
pub(super) fn last_day(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        date((first.year() + 1, 1, 1))
    } else {
        date((first.year(), first.month() + 1, 1))
    };
    next - Duration::days(1)
}

impl DealSpec {
    pub(super) fn effective_end(&self) -> NaiveDate {
        self.terminated.map_or(self.end, |t| t.min(self.end))
    }

    /// The first day of every schedule month.
    pub(super) fn months(&self) -> Vec<NaiveDate> {
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
    pub(super) fn body(&self, factor: u64) -> String {
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
pub(super) struct Case {
    pub(super) as_of: NaiveDate,
    pub(super) deals: Vec<DealSpec>,
}

pub(super) fn case() -> impl Strategy<Value = Case> {
    let span = (date(LAST) - date(FIRST)).num_days();
    (0..=span, prop::collection::vec(deal_spec(), 1..=3)).prop_map(|(a, deals)| Case {
        as_of: date(FIRST) + Duration::days(a),
        deals,
    })
}

/// The data directory of `case` with every price value times `factor`; the usage
/// and market files do not depend on `factor`.
pub(super) fn data_dir(case: &Case, factor: u64) -> DataDir {
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
