//! What changed in the records themselves: each deal's YAML flattened to
//! key paths (`price.monthly`, `capacity.gpus[0].count`) and their values as
//! written, compared between the two sides, so that a reviewer sees the
//! input that moved before the figures that followed it.

use std::collections::BTreeMap;

use crate::error::{KeyPath, MAX_EXCERPT_CHARS, excerpt};
use crate::load::yaml::{Kind, Node};

/// Each deal's values by key path, as written (quotes included).
pub type Records = BTreeMap<String, BTreeMap<String, String>>;

/// One key whose value differs; None where a side has no such key.
#[derive(Debug, Clone, PartialEq)]
pub struct InputChange {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The deals of `files` by their `id` (the file stem when the record has
/// none), each flattened to its scalar values by key path.
pub fn records(files: &[crate::load::YamlFile]) -> Records {
    files
        .iter()
        .map(|f| {
            let mut values = BTreeMap::new();
            flatten(&f.root, &KeyPath::root(), &mut values);
            let id = values.get("id").map_or_else(
                || f.stem.clone(),
                |v| v.trim_matches(['"', '\'']).to_string(),
            );
            (id, values)
        })
        .collect()
}

fn flatten(node: &Node, path: &KeyPath, out: &mut BTreeMap<String, String>) {
    match &node.kind {
        Kind::Map(entries) => {
            for (key, value) in entries {
                flatten(value, &path.key(&key.name), out);
            }
        }
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, &path.index(i), out);
            }
        }
        _ => {
            // A value as written, on one line and bounded (notes can be long).
            let text = match &node.kind {
                Kind::Null => "null".to_string(),
                _ if node.raw.trim().is_empty() => format!("{:?}", node.describe()),
                _ => node.raw.trim().to_string(),
            };
            out.insert(path.to_string(), excerpt(&text, MAX_EXCERPT_CHARS));
        }
    }
}

/// The keys of `deal` whose values differ between the sides, in key order.
pub fn changes(old: &Records, new: &Records, deal: &str) -> Vec<InputChange> {
    let none = BTreeMap::new();
    let (o, n) = (
        old.get(deal).unwrap_or(&none),
        new.get(deal).unwrap_or(&none),
    );
    let mut paths: Vec<&String> = o.keys().chain(n.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| o.get(*p) != n.get(*p))
        .map(|p| InputChange {
            path: p.clone(),
            old: o.get(p).cloned(),
            new: n.get(p).cloned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(text: &str) -> Records {
        let root = crate::load::yaml::parse("d.yaml", text).unwrap();
        let file = crate::load::YamlFile {
            display: "d.yaml".into(),
            stem: "d".into(),
            root,
        };
        records(std::slice::from_ref(&file))
    }

    #[test]
    fn key_paths_and_values_as_written_that_differ() {
        let old =
            deal("id: a\nprice:\n  monthly: \"1.25B\"\ngpus:\n  - {model: H100, count: 10}\n");
        let new = deal(
            "id: a\nprice:\n  monthly: 1.3B\n  escalation: 0.03\ngpus:\n  - {model: H100, count: 12}\n",
        );
        let change = |path: &str, old: Option<&str>, new: Option<&str>| InputChange {
            path: path.into(),
            old: old.map(String::from),
            new: new.map(String::from),
        };
        assert_eq!(
            changes(&old, &new, "a"),
            [
                change("gpus[0].count", Some("10"), Some("12")),
                change("price.escalation", None, Some("0.03")),
                change("price.monthly", Some("\"1.25B\""), Some("1.3B")),
            ]
        );
    }
}
