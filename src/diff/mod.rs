//! `dealbook diff`: the figures of two data directories compared at one as_of
//! (docs/cli.md, diff): deals added, removed and changed column by column,
//! and the binding portfolio's commitments by year.

pub mod inputs;
pub mod json;
pub mod markdown;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::render::table::{Cell, Table};

/// Two numbers differ when their relative difference is above this (docs/cli.md, diff).
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// One side's figures, as its exports would carry them.
#[derive(Debug, Clone)]
pub struct Side {
    /// deals.csv: every column, in export order.
    pub deals: Table,
    /// by_year.csv.
    pub by_year: Table,
    /// The year of the side's horizon month.
    pub horizon_year: i32,
    /// Each deal's record, by key path (the inputs of its figures).
    pub records: inputs::Records,
}

/// A deal in one side only.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub total_usd: Option<f64>,
}

/// One deals.csv column whose value differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub column: String,
    pub old: Cell,
    pub new: Cell,
}

impl Change {
    /// new - old, when both are numbers.
    pub fn delta(&self) -> Option<f64> {
        Some(self.new.num()? - self.old.num()?)
    }
}

/// A figure that moved, for people: its base value on each side and, for a
/// banded figure, its band (`_low`, `_high`) on each side.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub column: String,
    pub old: Cell,
    pub new: Cell,
    pub old_band: Option<(f64, f64)>,
    pub new_band: Option<(f64, f64)>,
}

/// A deal in both sides, with the columns that differ, in deals.csv order.
#[derive(Debug, Clone, PartialEq)]
pub struct DealChanges {
    pub deal: String,
    pub title: String,
    pub changes: Vec<Change>,
    /// The same changes as figures: each band folded into its figure.
    pub figures: Vec<Figure>,
    /// The keys of its record whose values differ.
    pub inputs: Vec<inputs::InputChange>,
    /// Its payments in the calendar years where they differ.
    pub years: Vec<YearTotal>,
}

impl DealChanges {
    /// The change of the deal's total value, 0 when it did not change: how
    /// the markdown report ranks the deals (largest moves first).
    pub fn total_move(&self) -> f64 {
        self.changes
            .iter()
            .find(|c| c.column == "total_usd")
            .and_then(Change::delta)
            .map_or(0.0, f64::abs)
    }
}

/// The binding portfolio's payments in one calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTotal {
    pub year: i32,
    pub old: f64,
    pub new: f64,
}

impl YearTotal {
    pub fn differs(&self) -> bool {
        numbers_differ(self.old, self.new)
    }
}

/// Everything `dealbook diff` reports; lists sorted by id, column and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub as_of: NaiveDate,
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub changed: Vec<DealChanges>,
    pub by_year: Vec<YearTotal>,
}

impl Diff {
    /// Whether anything differs (what `--exit-code` reports).
    pub fn differs(&self) -> bool {
        !self.added.is_empty()
            || !self.removed.is_empty()
            || !self.changed.is_empty()
            || self.by_year.iter().any(YearTotal::differs)
    }
}

/// Compares OLD with NEW, both computed at `as_of`.
pub fn compare(as_of: NaiveDate, old: &Side, new: &Side) -> Diff {
    let old_rows = rows_by_id(&old.deals);
    let new_rows = rows_by_id(&new.deals);
    let entry = |table: &Table, id: &str, row: &[Cell]| Entry {
        id: id.to_string(),
        title: value(table, row, "title").text(),
        total_usd: value(table, row, "total_usd").num(),
    };
    let added = new_rows
        .iter()
        .filter(|(id, _)| !old_rows.contains_key(*id))
        .map(|(id, row)| entry(&new.deals, id, row))
        .collect();
    let removed = old_rows
        .iter()
        .filter(|(id, _)| !new_rows.contains_key(*id))
        .map(|(id, row)| entry(&old.deals, id, row))
        .collect();
    let mut changed = Vec::new();
    for (id, new_row) in &new_rows {
        let Some(old_row) = old_rows.get(id) else {
            continue;
        };
        let changes = changed_columns(&old.deals, old_row, &new.deals, new_row);
        if !changes.is_empty() {
            changed.push(DealChanges {
                deal: id.to_string(),
                title: value(&new.deals, new_row, "title").text(),
                figures: figures(&changes, (&old.deals, old_row), (&new.deals, new_row)),
                changes,
                inputs: inputs::changes(&old.records, &new.records, id),
                years: deal_years(old, new, id),
            });
        }
    }
    Diff {
        as_of,
        added,
        removed,
        changed,
        by_year: by_year(old, new),
    }
}

/// Every column of either side's deals.csv (NEW's order, then columns only
/// OLD has), so that columns added to the exports are compared without a list
/// here; a column one side lacks reads as null there.
fn changed_columns(old: &Table, old_row: &[Cell], new: &Table, new_row: &[Cell]) -> Vec<Change> {
    let mut columns: Vec<&String> = new.columns.iter().collect();
    columns.extend(old.columns.iter().filter(|c| new.index(c).is_none()));
    columns
        .into_iter()
        .filter_map(|column| {
            let (o, n) = (value(old, old_row, column), value(new, new_row, column));
            cells_differ(&o, &n).then(|| Change {
                column: column.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// The figures of `changes`: a `_low` or `_high` column whose figure is
/// exported too is folded into it, in the order the changes come.
fn figures(changes: &[Change], old: (&Table, &[Cell]), new: (&Table, &[Cell])) -> Vec<Figure> {
    let base_of = |column: &str| -> String {
        for suffix in ["_low", "_high"] {
            if let Some(base) = column.strip_suffix(suffix)
                && (new.0.index(base).is_some() || old.0.index(base).is_some())
            {
                return base.to_string();
            }
        }
        column.to_string()
    };
    let mut names: Vec<String> = Vec::new();
    for c in changes {
        let name = base_of(&c.column);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let band = |(table, row): (&Table, &[Cell]), name: &str| -> Option<(f64, f64)> {
        let low = value(table, row, &format!("{name}_low")).num()?;
        let high = value(table, row, &format!("{name}_high")).num()?;
        Some((low, high))
    };
    names
        .into_iter()
        .map(|name| Figure {
            old: value(old.0, old.1, &name),
            new: value(new.0, new.1, &name),
            old_band: band(old, &name),
            new_band: band(new, &name),
            column: name,
        })
        .collect()
}

/// Numbers differ by relative difference (an integer and a float compare as
/// numbers); anything else by equality, null included.
pub fn cells_differ(old: &Cell, new: &Cell) -> bool {
    match (old.num(), new.num()) {
        (Some(a), Some(b)) => numbers_differ(a, b),
        _ => old != new,
    }
}

fn numbers_differ(a: f64, b: f64) -> bool {
    if a == b {
        return false;
    }
    (a - b).abs() / a.abs().max(b.abs()) > RELATIVE_TOLERANCE
}

fn value(table: &Table, row: &[Cell], column: &str) -> Cell {
    table
        .index(column)
        .and_then(|i| row.get(i).cloned())
        .unwrap_or(Cell::Null)
}

fn rows_by_id(deals: &Table) -> BTreeMap<String, &[Cell]> {
    let i = deals.index("id").expect("deals.csv has an id column");
    deals
        .rows
        .iter()
        .map(|r| (r[i].text(), r.as_slice()))
        .collect()
}

/// The deals that portfolio sums count (docs/figures.md, What binds, 12.4): those whose
/// `commitment` is `binding`, the default, and whose status is not
/// `withdrawn`. Before the data carries a `commitment` column every deal is
/// binding. This is the one place the diff decides what is binding.
pub fn binding_deals(deals: &Table) -> BTreeSet<String> {
    let id = deals.index("id").expect("deals.csv has an id column");
    let commitment = deals.index("commitment");
    let status = deals.index("status");
    deals
        .rows
        .iter()
        .filter(|r| match commitment.map(|c| &r[c]) {
            None | Some(Cell::Null) => true,
            Some(cell) => cell.text() == "binding",
        })
        .filter(|r| status.is_none_or(|s| r[s].text() != "withdrawn"))
        .map(|r| r[id].text())
        .collect()
}

/// Payments of the binding deals per calendar year, summed in row order.
fn binding_payments(side: &Side) -> BTreeMap<i32, f64> {
    let binding = binding_deals(&side.deals);
    let t = &side.by_year;
    let (d, y, p) = (
        t.index("deal").expect("by_year.csv has deal"),
        t.index("year").expect("by_year.csv has year"),
        t.index("payment_usd").expect("by_year.csv has payment_usd"),
    );
    let mut sums = BTreeMap::new();
    for row in &t.rows {
        let Some(year) = row[y].num() else { continue };
        // Every deal's years count for the range of years; only binding deals add money.
        let sum = sums.entry(year as i32).or_insert(0.0);
        if binding.contains(&row[d].text()) {
            *sum += row[p].num().unwrap_or(0.0);
        }
    }
    sums
}

/// A deal's payments by calendar year (by_year.csv), where they differ.
fn deal_years(old: &Side, new: &Side, deal: &str) -> Vec<YearTotal> {
    let payments = |side: &Side| -> BTreeMap<i32, f64> {
        let t = &side.by_year;
        let (Some(y), Some(p)) = (t.index("year"), t.index("payment_usd")) else {
            return BTreeMap::new();
        };
        t.sorted_rows("deal", deal)
            .iter()
            .filter_map(|r| Some((r[y].num()? as i32, r[p].num().unwrap_or(0.0))))
            .collect()
    };
    let (o, n) = (payments(old), payments(new));
    let mut years: Vec<i32> = o.keys().chain(n.keys()).copied().collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| YearTotal {
            year,
            old: o.get(&year).copied().unwrap_or(0.0),
            new: n.get(&year).copied().unwrap_or(0.0),
        })
        .filter(YearTotal::differs)
        .collect()
}

/// One entry per year from the earliest schedule year of either side through
/// the year of NEW's horizon; 0 where a side has no payment.
fn by_year(old: &Side, new: &Side) -> Vec<YearTotal> {
    let (o, n) = (binding_payments(old), binding_payments(new));
    let first = o.keys().chain(n.keys()).min().copied();
    let Some(first) = first else {
        return Vec::new();
    };
    (first..=new.horizon_year)
        .map(|year| YearTotal {
            year,
            old: o.get(&year).copied().unwrap_or(0.0),
            new: n.get(&year).copied().unwrap_or(0.0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_difference_above_one_in_a_billion() {
        assert!(!numbers_differ(1e9, 1e9 + 0.5));
        assert!(numbers_differ(1e9, 1e9 + 2.0));
        assert!(!numbers_differ(0.0, 0.0));
        assert!(numbers_differ(0.0, 1e-12));
        assert!(cells_differ(&Cell::Null, &Cell::Num(0.0)));
        assert!(!cells_differ(&Cell::Int(3), &Cell::Num(3.0)));
        assert!(cells_differ(&Cell::Str("a".into()), &Cell::Str("b".into())));
    }

    #[test]
    fn binding_reads_the_commitment_column_when_there_is_one() {
        let mut t = Table {
            columns: vec!["id".into()],
            rows: vec![vec![Cell::Str("a".into())], vec![Cell::Str("b".into())]],
        };
        assert_eq!(binding_deals(&t).len(), 2);
        t.columns.push("commitment".into());
        t.rows[0].push(Cell::Str("binding".into()));
        t.rows[1].push(Cell::Str("letter_of_intent".into()));
        assert_eq!(binding_deals(&t), BTreeSet::from(["a".to_string()]));
        // docs/figures.md, What binds: a withdrawn binding deal is in no sum.
        t.columns.push("status".into());
        t.rows[0].push(Cell::Str("withdrawn".into()));
        t.rows[1].push(Cell::Str("active".into()));
        assert!(binding_deals(&t).is_empty());
    }
}
