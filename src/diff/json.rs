//! The diff for machines: the JSON shape of docs/cli.md, diff, keys in its
//! order, values typed as in metrics.json; each changed deal then adds the
//! keys of its record that changed (`inputs`: `path`, `old`, `new`, values
//! as written, null where a side lacks the key) and its payments by year
//! where they differ (`years`).

use serde_json::{Value, json};

use super::Diff;

pub fn text(diff: &Diff) -> String {
    let ids = |entries: &[super::Entry]| -> Vec<Value> {
        entries.iter().map(|e| Value::from(e.id.clone())).collect()
    };
    let value = json!({
        "as_of": diff.as_of.format("%Y-%m-%d").to_string(),
        "added": ids(&diff.added),
        "removed": ids(&diff.removed),
        "changed": diff.changed.iter().map(|d| json!({
            "deal": d.deal,
            "changes": d.changes.iter().map(|c| json!({
                "column": c.column,
                "old": &c.old,
                "new": &c.new,
            })).collect::<Vec<_>>(),
            "inputs": d.inputs.iter().map(|i| json!({
                "path": i.path,
                "old": i.old,
                "new": i.new,
            })).collect::<Vec<_>>(),
            "years": d.years.iter().map(|y| json!({
                "year": y.year,
                "old": crate::render::format::unsigned_zero(y.old),
                "new": crate::render::format::unsigned_zero(y.new),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "by_year": diff.by_year.iter().map(|y| json!({
            "year": y.year,
            "old": crate::render::format::unsigned_zero(y.old),
            "new": crate::render::format::unsigned_zero(y.new),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&value).expect("JSON of plain values");
    out.push('\n');
    out
}
