//! What looks wrong in valid data, for `dealbook check`: each warning with
//! its deal, month and kind, and the warnings grouped by deal and kind, most
//! important first, so that a thousand deals' warnings fit on a screen.

use std::collections::BTreeMap;

use super::table::Table;
use super::typed;
use crate::model::Model;

/// What a warning is about, most important first (the order groups are
/// shown in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// More GPU-hours used than contracted in a month: the usage or the
    /// capacity is wrong.
    Utilization,
    NoCapacity,
    NoGpus,
    StaleReview,
    NoReview,
}

impl Kind {
    /// The name `check --format json` gives the kind.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Utilization => "utilization_above_100",
            Kind::NoCapacity => "no_capacity",
            Kind::NoGpus => "no_gpus",
            Kind::StaleReview => "stale_review",
            Kind::NoReview => "no_review",
        }
    }
}

/// Something that looks wrong in valid data; the exit status is unchanged
/// (unless `--deny-warnings`).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The deal's file, as given under `--data`.
    pub file: String,
    pub deal: String,
    /// The schedule month (YYYY-MM) the warning is about, if one.
    pub month: Option<String>,
    pub kind: Kind,
    /// The utilization of the month, for a utilization warning.
    pub value: Option<f64>,
    pub message: String,
}

/// The warnings of one deal and kind, as one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub deal: String,
    pub kind: Kind,
    pub count: usize,
    /// "utilization above 100% in 72 months, highest 351.7% in 2031-08".
    pub message: String,
    /// How the groups of a kind are ranked: the highest utilization.
    rank: f64,
}

impl Group {
    /// "deal-00999: utilization above 100% in 72 months, highest 351.7% in 2031-08".
    pub fn text(&self) -> String {
        format!("{}: {}", self.deal, self.message)
    }
}

/// Every warning about valid data, deals first, then months in schedule order.
pub fn warnings(model: &Model, schedule: &Table) -> Vec<Warning> {
    let files: BTreeMap<&str, &str> = model
        .deals
        .iter()
        .map(|d| (d.id.as_str(), d.file.as_str()))
        .collect();
    let warn = |deal: &str, month: Option<String>, kind: Kind, message: String| Warning {
        file: files.get(deal).map_or_else(String::new, |f| f.to_string()),
        deal: deal.to_string(),
        month,
        kind,
        value: None,
        message,
    };
    let mut warnings = Vec::new();
    for deal in &model.deals {
        if deal.capacity.gpus.is_empty() && deal.capacity.power_mw.is_none() {
            warnings.push(warn(
                &deal.id,
                None,
                Kind::NoCapacity,
                "no capacity (no GPUs and no power): unit costs are empty".into(),
            ));
        } else if deal.capacity.gpus.iter().all(|g| g.count.base == 0) {
            warnings.push(warn(
                &deal.id,
                None,
                Kind::NoGpus,
                "no GPUs: per-GPU-hour costs are empty".into(),
            ));
        }
    }
    // docs/figures.md, What binds: a record never reviewed, or reviewed more than 365 days
    // before as_of, may be stale.
    let as_of = model.site.as_of;
    for deal in &model.deals {
        match deal.reviewed {
            None => warnings.push(warn(
                &deal.id,
                None,
                Kind::NoReview,
                "no `reviewed` date (when was the record last checked against its sources?)".into(),
            )),
            Some(r) if (as_of - r).num_days() > 365 => warnings.push(warn(
                &deal.id,
                None,
                Kind::StaleReview,
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
                warnings.push(Warning {
                    value: Some(u),
                    ..warn(
                        &deal,
                        Some(m.month.clone()),
                        Kind::Utilization,
                        format!(
                            "utilization {} is above 100% (more GPU-hours used than contracted)",
                            super::format::percent(u)
                        ),
                    )
                })
            }
        }
    }
    warnings
}

/// The warnings grouped by deal and kind: kinds in order of importance, the
/// groups of a kind by their highest utilization, then in deal order.
pub fn groups(warnings: &[Warning]) -> Vec<Group> {
    let mut by: BTreeMap<(Kind, &str), Vec<&Warning>> = BTreeMap::new();
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, w) in warnings.iter().enumerate() {
        by.entry((w.kind, &w.deal)).or_default().push(w);
        first_seen.entry(&w.deal).or_insert(i);
    }
    let mut groups: Vec<(usize, Group)> = by
        .into_iter()
        .map(|((kind, deal), ws)| {
            let group = match kind {
                Kind::Utilization => {
                    let top = ws
                        .iter()
                        .max_by(|a, b| {
                            let (x, y) = (a.value.unwrap_or(0.0), b.value.unwrap_or(0.0));
                            // The earliest month of the highest value.
                            x.total_cmp(&y).then_with(|| b.month.cmp(&a.month))
                        })
                        .expect("a group has a warning");
                    let highest = top.value.unwrap_or(0.0);
                    let months = ws.len();
                    Group {
                        deal: deal.to_string(),
                        kind,
                        count: months,
                        message: format!(
                            "utilization above 100% in {}, highest {} in {}",
                            crate::count::count(months as u64, "month"),
                            super::format::percent(highest),
                            top.month.as_deref().unwrap_or("")
                        ),
                        rank: highest,
                    }
                }
                _ => Group {
                    deal: deal.to_string(),
                    kind,
                    count: ws.len(),
                    message: ws[0].message.clone(),
                    rank: 0.0,
                },
            };
            (first_seen[deal], group)
        })
        .collect();
    groups.sort_by(|(a_seen, a), (b_seen, b)| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.rank.total_cmp(&a.rank))
            .then_with(|| a_seen.cmp(b_seen))
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utilization(deal: &str, month: &str, u: f64) -> Warning {
        Warning {
            file: format!("data/deals/{deal}.yaml"),
            deal: deal.into(),
            month: Some(month.into()),
            kind: Kind::Utilization,
            value: Some(u),
            message: String::new(),
        }
    }

    #[test]
    fn groups_fold_a_deals_months_and_rank_the_worst_first() {
        let no_review = Warning {
            file: "data/deals/a.yaml".into(),
            deal: "a".into(),
            month: None,
            kind: Kind::NoReview,
            value: None,
            message: "no `reviewed` date".into(),
        };
        let warnings = [
            no_review,
            utilization("a", "2026-01", 1.2),
            utilization("a", "2026-02", 3.517),
            utilization("a", "2026-03", 3.517),
            utilization("b", "2026-05", 5.0),
        ];
        let lines: Vec<String> = groups(&warnings).iter().map(Group::text).collect();
        assert_eq!(
            lines,
            [
                "b: utilization above 100% in 1 month, highest 500% in 2026-05",
                "a: utilization above 100% in 3 months, highest 351.7% in 2026-02",
                "a: no `reviewed` date",
            ]
        );
    }
}
