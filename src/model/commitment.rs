//! The commitment structure of a deal (docs/data-format.md section 10.6) and parties.yaml (10.3):
//! what binds, the right to end early, links between deals, one company under
//! several names. Each reader records every violation with its place.

use chrono::NaiveDate;

use super::value::{self as v, Ctx, read_fields};
use super::{Commitment, Parties, Related, Relation, Termination, TerminationBy};
use crate::error::{Diagnostic, KeyPath};
use crate::load::YamlFile;
use crate::load::yaml::Node;

/// `commitment: binding | letter_of_intent | option | backstop`.
pub fn commitment(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Commitment> {
    let s = v::string(cx, node, at)?;
    match Commitment::ALL.into_iter().find(|c| c.as_str() == s) {
        Some(c) => Some(c),
        None => {
            cx.fail(
                node,
                at,
                format!("expected binding, letter_of_intent, option or backstop, found {s:?}"),
            );
            None
        }
    }
}

/// `termination: {by, notice_days, from?}`; `from` defaults to `start`.
pub fn termination(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    start: Option<NaiveDate>,
) -> Option<Termination> {
    read_fields!(cx, f = v::mapping(node, at);
        by: req(termination_by),
        notice_days: req(|cx, n, at| v::range(cx, n, at, v::count_at_least_one)),
        from: may(v::date),
    );
    let (by, notice_days, from) = (by?, notice_days?, from?);
    // Without a valid start there is no deal to attach the right to; its error is reported.
    let start = start?;
    Some(Termination {
        by,
        notice_days,
        from: from.unwrap_or(start),
    })
}

fn termination_by(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<TerminationBy> {
    let s = v::string(cx, node, at)?;
    let by = match s.as_str() {
        "either" => TerminationBy::Either,
        "buyer" => TerminationBy::Buyer,
        "provider" => TerminationBy::Provider,
        _ => {
            cx.fail(
                node,
                at,
                format!("expected either, buyer or provider, found {s:?}"),
            );
            return None;
        }
    };
    Some(by)
}

/// `related: [{deal, relation}]`: another deal's id, each (deal, relation) once.
pub fn related(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    own_id: &str,
    deal_ids: &[&str],
) -> Option<Vec<Related>> {
    let items = v::list(cx, node, at)?;
    let mut out: Vec<(usize, Related)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let item_at = at.index(i);
        let Some(link) = link(cx, item, &item_at, own_id, deal_ids) else {
            ok = false;
            continue;
        };
        if let Some((first, _)) = out.iter().find(|(_, l)| *l == link) {
            cx.fail(
                item,
                &item_at,
                format!(
                    "expected each (deal, relation) once, found {} {} again (also `related[{first}]`)",
                    link.deal,
                    link.relation.as_str()
                ),
            );
            ok = false;
            continue;
        }
        out.push((i, link));
    }
    ok.then(|| out.into_iter().map(|(_, l)| l).collect())
}

/// One item of `related`.
fn link(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    own_id: &str,
    deal_ids: &[&str],
) -> Option<Related> {
    read_fields!(cx, e = v::mapping(node, at);
        deal: req(|cx, n, at| {
            let d = v::id(cx, n, at)?;
            if d == own_id {
                cx.fail(
                    n,
                    at,
                    format!("expected the id of another deal, found this deal's own id {d:?}"),
                );
                None
            } else if !deal_ids.contains(&d.as_str()) {
                cx.fail(n, at, format!("expected the id of a file in deals/, found {d:?}"));
                None
            } else {
                Some(d)
            }
        }),
        relation: req(relation),
    );
    Some(Related {
        deal: deal?,
        relation: relation?,
    })
}

fn relation(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Relation> {
    let s = v::string(cx, node, at)?;
    let r = match s.as_str() {
        "expands" => Relation::Expands,
        "replaces" => Relation::Replaces,
        "backstops" => Relation::Backstops,
        "funds" => Relation::Funds,
        _ => {
            cx.fail(
                node,
                at,
                format!("expected expands, replaces, backstops or funds, found {s:?}"),
            );
            return None;
        }
    };
    Some(r)
}

/// parties.yaml: `parties: [{name, aliases}]`, every string at most once in the file.
pub fn parties(file: &YamlFile, errors: &mut Vec<Diagnostic>) -> Option<Parties> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    read_fields!(cx, f = v::record(&file.root, "parties.yaml");
        parties: req(v::list),
    );
    let items = parties?;
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    // Every string read so far, with where it was read, for "named twice".
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match party(cx, item, &f.path("parties").index(i), &mut seen) {
            Some(entry) => entries.push(entry),
            None => ok = false,
        }
    }
    ok.then(|| Parties::new(&entries))
}

/// One entry of parties.yaml: `{name, aliases?}`.
fn party(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    seen: &mut Vec<(String, String)>,
) -> Option<(String, Vec<String>)> {
    read_fields!(cx, e = v::mapping(node, at);
        name: req(|cx, n, at| {
            let s = v::non_empty_string(cx, n, at)?;
            once(cx, seen, n, s, at)
        }),
        aliases: may(|cx, n, at| aliases(cx, n, at, seen)),
    );
    Some((name?, aliases?.unwrap_or_default()))
}

fn aliases(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    seen: &mut Vec<(String, String)>,
) -> Option<Vec<String>> {
    let items = v::list(cx, node, at)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (j, a) in items.iter().enumerate() {
        let place = at.index(j);
        match v::non_empty_string(cx, a, &place).and_then(|s| once(cx, seen, a, s, &place)) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Records `s` as read at `at`, or reports it when it was read before.
fn once(
    cx: &mut Ctx,
    seen: &mut Vec<(String, String)>,
    node: &Node,
    s: String,
    at: &KeyPath,
) -> Option<String> {
    if let Some((_, first)) = seen.iter().find(|(known, _)| *known == s) {
        cx.fail(
            node,
            at,
            format!(
                "expected a name written once in parties.yaml, found {s:?} again (also {first})"
            ),
        );
        return None;
    }
    seen.push((s.clone(), at.quoted()));
    Some(s)
}
