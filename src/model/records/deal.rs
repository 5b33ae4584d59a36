//! deals/<id>.yaml (docs/data-format.md sections 10 and 10.6): the parties, dates, price,
//! capacity (its own or its facility's), sources and commitment of one deal.

use std::collections::BTreeMap;

use super::facility::read_capacity;
use super::price;
use super::sources::{record_id, source_list};
use crate::error::{Diagnostic, KeyPath};
use crate::load::YamlFile;
use crate::load::yaml::{Kind, Node};
use crate::model::commitment;
use crate::model::value::{self as v, Ctx, read_fields};
use crate::model::{Capacity, Catalogue, Commitment, Confidence, Deal, Facility};

/// Most uncertain inputs one deal may have: the bands take 2^n + 1 scenarios.
pub const MAX_DIMENSIONS: usize = 10;

/// What a deal is checked against besides itself.
pub struct Known<'a> {
    pub catalogue: Option<&'a Catalogue>,
    pub facilities: &'a BTreeMap<String, Facility>,
    pub facility_ids: &'a [&'a str],
    pub deal_ids: &'a [&'a str],
}

pub fn read(
    file: &YamlFile,
    known: &Known,
    gpu_users: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Deal> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    read_fields!(cx, f = v::record(&file.root, "deal");
        id: req(|cx, n, at| record_id(cx, n, at, &file.stem)),
        title: req(v::non_empty_string),
        buyer: req(v::non_empty_string),
        provider: req(v::non_empty_string),
        announced: req(v::date),
        start: req(v::date),
        end: req(v::date),
        terminated: may(v::date),
        withdrawn: may(v::date),
        facility: may(|cx, n, at| facility_ids(cx, n, at, known.facility_ids)),
        price: req(price::read),
        capacity: may(|cx, n, at| read_capacity(cx, n, at, known.catalogue, gpu_users)),
        sources: req(source_list),
        confidence: may(confidence),
        tags: may(tags),
        notes: opt(v::string),
        signed: may(v::date),
        commitment: may(commitment::commitment),
        termination: may(|cx, n, at| commitment::termination(cx, n, at, start)),
        // The file stem stands in for an invalid id, so that a link to itself is still named so.
        related: may(|cx, n, at| {
            let own_id = id.as_deref().unwrap_or(&file.stem);
            commitment::related(cx, n, at, own_id, known.deal_ids)
        }),
        reviewed: may(v::date),
    );
    // Rules between keys, each reported at the later key.
    let at = |key: &str| (f.get(key).expect("read above"), f.path(key));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        let (node, key) = at("end");
        cx.fail(
            node,
            &key,
            format!("expected a date on or after `start` ({s}), found {e}"),
        );
    }
    if let (Some(s), Some(Some(t))) = (start, terminated)
        && t < s
    {
        let (node, key) = at("terminated");
        cx.fail(
            node,
            &key,
            format!("expected a date on or after `start` ({s}), found {t}"),
        );
    }
    if let (Some(a), Some(Some(w))) = (announced, withdrawn)
        && w < a
    {
        let (node, key) = at("withdrawn");
        cx.fail(
            node,
            &key,
            format!("expected a date on or after `announced` ({a}), found {w}"),
        );
    }
    if let (Some(Some(_)), Some(Some(_))) = (terminated, withdrawn) {
        let (node, key) = at("withdrawn");
        cx.fail(
            node,
            &key,
            "expected either `withdrawn` (a deal abandoned before it ran) or `terminated` (a contract that ran and ended early), found both",
        );
    }
    if let (Some(Some(ids)), Some(None)) = (&facility, &capacity)
        && ids.len() > 1
    {
        let (node, key) = at("facility");
        cx.fail(
            node,
            &key,
            format!(
                "expected the deal's own `capacity` because it lists {} facilities (capacity is inherited from a single facility only), found no `capacity`",
                ids.len()
            ),
        );
    }
    if let Some(list) = &sources
        && list.is_empty()
    {
        let (node, key) = at("sources");
        cx.fail(
            node,
            &key,
            "expected at least one source, found an empty list",
        );
    }
    if let (Some(e), Some(Some(s))) = (end, signed)
        && s > e
    {
        let (node, key) = at("signed");
        cx.fail(
            node,
            &key,
            format!("expected a date on or before `end` ({e}), found {s}"),
        );
    }

    let capacity_given = capacity.clone().flatten();
    let (capacity, from_facility) = match (&capacity, &facility) {
        (Some(Some(c)), _) => (c.clone(), false),
        (Some(None), Some(Some(ids))) if ids.len() == 1 => match known.facilities.get(&ids[0]) {
            Some(fac) => (fac.capacity.clone(), true),
            None => (Capacity::default(), true),
        },
        _ => (Capacity::default(), false),
    };
    let price = price?;
    let own = usize::from(price.amount.uncertain)
        + usize::from(price.escalation.uncertain)
        + price.ramp.iter().filter(|r| r.discount.uncertain).count()
        + usize::from(
            termination
                .as_ref()
                .is_some_and(|t| t.as_ref().is_some_and(|t| t.notice_days.uncertain)),
        );
    let of_capacity = usize::from(capacity.power_mw.is_some_and(|p| p.uncertain))
        + capacity.gpus.iter().filter(|g| g.count.uncertain).count();
    let dimensions = own + of_capacity;
    if dimensions > MAX_DIMENSIONS {
        let inherited = match (&facility, from_facility) {
            (Some(Some(ids)), true) => {
                format!(", {of_capacity} of them from facility {:?}", ids[0])
            }
            _ => String::new(),
        };
        cx.error(
            f.node,
            format!(
                "deal: expected at most {MAX_DIMENSIONS} uncertain inputs ({{low, base, high}} ranges), found {dimensions}{inherited}"
            ),
        );
        return None;
    }
    let sources = sources?;
    if sources.is_empty() {
        return None;
    }
    let (start, end, terminated, withdrawn) = (start?, end?, terminated?, withdrawn?);
    if end < start || terminated.is_some_and(|t| t < start) {
        return None;
    }
    let announced = announced?;
    if withdrawn.is_some_and(|w| w < announced) || (withdrawn.is_some() && terminated.is_some()) {
        return None;
    }
    let facilities = facility?.unwrap_or_default();
    if facilities.len() > 1 && capacity_given.is_none() {
        return None;
    }
    let signed = signed?;
    if signed.is_some_and(|s| s > end) {
        return None;
    }
    Some(Deal {
        id: id?,
        title: title?,
        buyer: buyer?,
        provider: provider?,
        announced,
        start,
        end,
        terminated,
        withdrawn,
        facilities,
        price,
        capacity,
        capacity_from_facility: from_facility,
        sources,
        confidence: confidence?.unwrap_or(Confidence::Reported),
        tags: tags?.unwrap_or_default(),
        notes,
        signed,
        commitment: commitment?.unwrap_or(Commitment::Binding),
        termination: termination?,
        related: related?.unwrap_or_default(),
        reviewed: reviewed?,
        file: file.display.clone(),
    })
}

/// `facility: id | [id, ...]` (docs/data-format.md section 10.3): distinct ids of files in
/// facilities/, at least one; a one-element list is the same as the id.
fn facility_ids(cx: &mut Ctx, node: &Node, at: &KeyPath, known: &[&str]) -> Option<Vec<String>> {
    let one = |cx: &mut Ctx, n: &Node, at: &KeyPath| -> Option<String> {
        let id = v::id(cx, n, at)?;
        if known.contains(&id.as_str()) {
            return Some(id);
        }
        let ids = if known.is_empty() {
            "there are none".to_string()
        } else {
            known.join(", ")
        };
        cx.fail(
            n,
            at,
            format!("expected the id of a file in facilities/ ({ids}), found {id:?}"),
        );
        None
    };
    let Kind::Seq(items) = &node.kind else {
        return one(cx, node, at).map(|id| vec![id]);
    };
    if items.is_empty() {
        cx.fail(
            node,
            at,
            "expected a facility id or a list of at least one, found an empty list",
        );
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let item_at = at.index(i);
        match one(cx, item, &item_at) {
            Some(id) if out.contains(&id) => {
                let first = out.iter().position(|x| *x == id).expect("contained");
                cx.fail(
                    item,
                    &item_at,
                    format!(
                        "expected each facility once, found {id:?} again (also `{}`)",
                        at.index(first)
                    ),
                );
                ok = false;
            }
            Some(id) => out.push(id),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// `confidence: confirmed | reported | estimated | rumored`.
fn confidence(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Confidence> {
    let s = v::string(cx, node, at)?;
    let c = match s.as_str() {
        "confirmed" => Confidence::Confirmed,
        "reported" => Confidence::Reported,
        "estimated" => Confidence::Estimated,
        "rumored" => Confidence::Rumored,
        _ => {
            cx.fail(
                node,
                at,
                format!("expected confirmed, reported, estimated or rumored, found {s:?}"),
            );
            return None;
        }
    };
    Some(c)
}

/// `tags: [string]`.
fn tags(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Vec<String>> {
    let items = v::list(cx, node, at)?;
    let tags: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(i, t)| v::string(cx, t, &at.index(i)))
        .collect();
    tags.into_iter().collect()
}
