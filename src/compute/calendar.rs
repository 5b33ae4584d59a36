//! The calendar facts of each schedule month (docs/figures.md, Payment schedule): active days,
//! contract years by anniversary, ramp position, days paid at as_of, discount
//! time. They depend on dates only, never on a scenario, so they are worked out
//! once per deal and month and handed to polars as columns.

use chrono::{Datelike, NaiveDate};

use crate::model::{Deal, Site};

/// Days in calendar month (year, month).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let next = NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid month");
    let this = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    (next - this).num_days() as u32
}

pub fn last_day(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, days_in_month(year, month)).expect("valid day")
}

/// The anniversary of `start` in `year`: same month and day, or the month's last day (29 February).
pub fn anniversary(start: NaiveDate, year: i32) -> NaiveDate {
    let day = start.day().min(days_in_month(year, start.month()));
    NaiveDate::from_ymd_opt(year, start.month(), day).expect("valid anniversary")
}

/// Whole contract years from `start` to `date`, counted by anniversaries.
pub fn contract_years(start: NaiveDate, date: NaiveDate) -> u32 {
    if date <= start {
        return 0;
    }
    let mut k = date.year() - start.year();
    if anniversary(start, start.year() + k) > date {
        k -= 1;
    }
    k.max(0) as u32
}

/// Days from `a` to `b` inclusive (0 when b < a).
pub fn days_inclusive(a: NaiveDate, b: NaiveDate) -> i64 {
    ((b - a).num_days() + 1).max(0)
}

/// One schedule month of one deal.
#[derive(Debug, Clone)]
pub struct MonthFacts {
    pub year: i32,
    pub month: u32,
    /// d_m: active days.
    pub active_days: i64,
    /// D_m: days in the calendar month.
    pub days_in_month: i64,
    /// k_m: whole contract years at first_m.
    pub contract_year: i64,
    /// Index of the ramp entry covering this position, if any.
    pub ramp_entry: Option<i64>,
    /// a_m: active days up to and including as_of.
    pub paid_days: i64,
    /// max(first_m, as_of + 1 day), in epoch days: where the firm window may begin.
    pub unpaid_from: i32,
    /// last_m, in epoch days.
    pub last_active: i32,
    /// t_m: years from as_of to last_m (0 when last_m <= as_of).
    pub discount_years: f64,
    pub in_horizon: bool,
    /// Calendar last day of the month (for market prices).
    pub month_end: NaiveDate,
}

impl MonthFacts {
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The schedule months of `deal`, from month(start) to month(effective end).
pub fn schedule_months(deal: &Deal, site: &Site) -> Vec<MonthFacts> {
    let start = deal.start;
    let end = deal.effective_end();
    let as_of = site.as_of;
    let ramp_ends: Vec<(i64, i64)> = deal
        .price
        .ramp
        .iter()
        .scan(0i64, |acc, r| {
            let from = *acc;
            *acc += i64::from(r.months);
            Some((from, *acc))
        })
        .collect();
    let mut out = Vec::new();
    let (mut year, mut month) = (start.year(), start.month());
    let mut position = 0i64;
    loop {
        let first_of = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
        if first_of > end {
            break;
        }
        let month_end = last_day(year, month);
        let first = start.max(first_of);
        let last = end.min(month_end);
        let paid_days = if as_of < first {
            0
        } else {
            days_inclusive(first, last.min(as_of))
        };
        out.push(MonthFacts {
            year,
            month,
            active_days: days_inclusive(first, last),
            days_in_month: i64::from(days_in_month(year, month)),
            contract_year: i64::from(contract_years(start, first)),
            ramp_entry: ramp_ends
                .iter()
                .position(|&(from, to)| (from..to).contains(&position))
                .map(|j| j as i64),
            paid_days,
            unpaid_from: super::scenario::epoch_days(first.max(as_of + chrono::Days::new(1))),
            last_active: super::scenario::epoch_days(last),
            discount_years: ((last - as_of).num_days().max(0)) as f64 / 365.25,
            in_horizon: (year, month) <= site.horizon,
            month_end,
        });
        position += 1;
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}

/// Derived status (docs/data-format.md section 10.6): the first rule that matches wins.
pub fn status(deal: &Deal, as_of: NaiveDate) -> &'static str {
    if deal.is_withdrawn(as_of) {
        "withdrawn"
    } else if deal.start > as_of {
        "upcoming"
    } else if deal.terminated.is_some_and(|t| t <= as_of) {
        "terminated"
    } else if deal.effective_end() < as_of {
        "ended"
    } else {
        "active"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn anniversaries_of_29_february() {
        let s = d("2028-02-29");
        assert_eq!(anniversary(s, 2029), d("2029-02-28"));
        assert_eq!(anniversary(s, 2032), d("2032-02-29"));
        assert_eq!(contract_years(s, d("2029-02-01")), 0);
        assert_eq!(contract_years(s, d("2029-02-28")), 1);
        assert_eq!(contract_years(s, d("2029-03-01")), 1);
        assert_eq!(contract_years(s, d("2032-02-28")), 3);
        assert_eq!(contract_years(s, d("2032-02-29")), 4);
    }

    #[test]
    fn contract_years_step_on_the_anniversary() {
        let s = d("2025-03-15");
        assert_eq!(contract_years(s, d("2026-03-01")), 0);
        assert_eq!(contract_years(s, d("2026-03-15")), 1);
        assert_eq!(contract_years(s, d("2026-04-01")), 1);
        assert_eq!(contract_years(s, d("2025-03-15")), 0);
    }

    #[test]
    fn days_in_months() {
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2027, 2), 28);
        assert_eq!(days_in_month(2026, 12), 31);
    }
}
