//! What every record shares: an `id` that names its file, and `sources`.

use crate::error::KeyPath;
use crate::load::yaml::Node;
use crate::model::Source;
use crate::model::value::{self as v, Ctx, read_fields};

/// The record's `id`: the id rules, and the same as the file stem.
pub fn record_id(cx: &mut Ctx, node: &Node, at: &KeyPath, stem: &str) -> Option<String> {
    let id = v::id(cx, node, at)?;
    if !v::is_id(stem) {
        // No id can match this file name: say to rename the file, not to change the id.
        cx.fail(
            node,
            at,
            format!(
                "expected a file named after the id ({id}.yaml), found {stem}.yaml, whose name is not an id (rename the file)"
            ),
        );
        return None;
    }
    if id != stem {
        cx.fail(
            node,
            at,
            format!("expected {stem:?} (the file name without .yaml), found {id:?}"),
        );
        return None;
    }
    Some(id)
}

/// `sources: [{title, url, publisher?, date?}]`.
pub fn source_list(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Vec<Source>> {
    let items = v::list(cx, node, at)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match source(cx, item, &at.index(i)) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn source(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Source> {
    read_fields!(cx, s = v::mapping(node, at);
        title: req(v::non_empty_string),
        url: req(v::url),
        publisher: opt(v::string),
        date: may(v::date),
    );
    Some(Source {
        title: title?,
        url: url?,
        publisher,
        date: date?,
    })
}
