//! The commitment structure of a deal (SPEC.md 10.1) and parties.yaml (10.3):
//! what binds, the right to end early, links between deals, one company under
//! several names. Each reader records every violation with its place.

use chrono::NaiveDate;

use super::value::{self as v, Ctx, Fields};
use super::{Commitment, Parties, Related, Relation, Termination, TerminationBy};
use crate::error::Diagnostic;
use crate::load::YamlFile;
use crate::load::yaml::Node;

/// `commitment: binding | letter_of_intent | option | backstop`.
pub fn commitment(cx: &mut Ctx, node: &Node, what: &str) -> Option<Commitment> {
    let s = v::string(cx, node, what)?;
    match Commitment::ALL.into_iter().find(|c| c.as_str() == s) {
        Some(c) => Some(c),
        None => {
            cx.error(
                node,
                format!(
                    "{what}: expected binding, letter_of_intent, option or backstop, found {s:?}"
                ),
            );
            None
        }
    }
}

/// `termination: {by, notice_days, from?}`; `from` defaults to `start`.
pub fn termination(
    cx: &mut Ctx,
    node: &Node,
    start: Option<NaiveDate>,
) -> Option<Option<Termination>> {
    let f = v::mapping(cx, node, "`termination`", &["by", "notice_days", "from"])?;
    let by = f.req(cx, "by", |cx, n, w| {
        let s = v::string(cx, n, w)?;
        let by = match s.as_str() {
            "either" => TerminationBy::Either,
            "buyer" => TerminationBy::Buyer,
            "provider" => TerminationBy::Provider,
            _ => {
                cx.error(
                    n,
                    format!("{w}: expected either, buyer or provider, found {s:?}"),
                );
                return None;
            }
        };
        Some(by)
    });
    let notice_days = f.req(cx, "notice_days", |cx, n, w| {
        v::range(cx, n, w, v::count_at_least_one)
    });
    let from = match f.get("from") {
        None => Some(None),
        Some(n) => v::date(cx, n, &f.name("from")).map(Some),
    };
    let (by, notice_days, from) = (by?, notice_days?, from?);
    // Without a valid start there is no deal to attach the right to; its error is reported.
    let start = start?;
    Some(Some(Termination {
        by,
        notice_days,
        from: from.unwrap_or(start),
        from_written: from.is_some(),
    }))
}

/// `related: [{deal, relation}]`: another deal's id, each (deal, relation) once.
pub fn related(
    cx: &mut Ctx,
    node: &Node,
    what: &str,
    own_id: &str,
    deal_ids: &[&str],
) -> Option<Vec<Related>> {
    let items = v::list(cx, node, what)?;
    let mut out: Vec<(usize, Related)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let what = format!("`related[{i}]`");
        let Some(e) = v::mapping(cx, item, &what, &["deal", "relation"]) else {
            ok = false;
            continue;
        };
        let deal = e.req(cx, "deal", v::id);
        let deal = deal.and_then(|d| {
            let node = e.get("deal").expect("read above");
            if d == own_id {
                cx.error(
                    node,
                    format!(
                        "{}: expected the id of another deal, found this deal's own id {d:?}",
                        e.name("deal")
                    ),
                );
                None
            } else if !deal_ids.contains(&d.as_str()) {
                cx.error(
                    node,
                    format!(
                        "{}: expected the id of a file in deals/, found {d:?}",
                        e.name("deal")
                    ),
                );
                None
            } else {
                Some(d)
            }
        });
        let relation = e.req(cx, "relation", |cx, n, w| {
            let s = v::string(cx, n, w)?;
            let r = match s.as_str() {
                "expands" => Relation::Expands,
                "replaces" => Relation::Replaces,
                "backstops" => Relation::Backstops,
                "funds" => Relation::Funds,
                _ => {
                    cx.error(
                        n,
                        format!("{w}: expected expands, replaces, backstops or funds, found {s:?}"),
                    );
                    return None;
                }
            };
            Some(r)
        });
        let (Some(deal), Some(relation)) = (deal, relation) else {
            ok = false;
            continue;
        };
        let link = Related { deal, relation };
        if let Some((first, _)) = out.iter().find(|(_, l)| *l == link) {
            cx.error(
                item,
                format!(
                    "{what}: expected each (deal, relation) once, found {} {} again (also `related[{first}]`)",
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

/// parties.yaml: `parties: [{name, aliases}]`, every string at most once in the file.
pub fn parties(file: &YamlFile, errors: &mut Vec<Diagnostic>) -> Option<Parties> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    let f = v::mapping(cx, &file.root, "parties.yaml", &["parties"])?;
    let node = f.require(cx, "parties")?;
    let items = v::list(cx, node, &f.name("parties"))?;
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    // Every string read so far, with where it was read, for "named twice".
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let what = format!("`parties[{i}]`");
        let Some(e) = v::mapping(cx, item, &what, &["name", "aliases"]) else {
            ok = false;
            continue;
        };
        let name = e.req(cx, "name", v::non_empty_string);
        let name = name.and_then(|n| once(cx, &mut seen, e.get("name")?, n, e.name("name")));
        let aliases = read_aliases(cx, &e, &mut seen);
        match (name, aliases) {
            (Some(name), Some(aliases)) => entries.push((name, aliases)),
            _ => ok = false,
        }
    }
    ok.then(|| Parties::new(&entries))
}

fn read_aliases(cx: &mut Ctx, e: &Fields, seen: &mut Vec<(String, String)>) -> Option<Vec<String>> {
    let Some(node) = e.get("aliases") else {
        return Some(Vec::new());
    };
    let list = e.name("aliases");
    let items = v::list(cx, node, &list)?;
    let inner = list.trim_matches('`');
    let mut out = Vec::new();
    let mut ok = true;
    for (j, a) in items.iter().enumerate() {
        let place = format!("`{inner}[{j}]`");
        match v::non_empty_string(cx, a, &place).and_then(|s| once(cx, seen, a, s, place)) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Records `s` as read at `place`, or reports it when it was read before.
fn once(
    cx: &mut Ctx,
    seen: &mut Vec<(String, String)>,
    node: &Node,
    s: String,
    place: String,
) -> Option<String> {
    if let Some((_, first)) = seen.iter().find(|(known, _)| *known == s) {
        cx.error(
            node,
            format!("{place}: expected a name written once in parties.yaml, found {s:?} again (also {first})"),
        );
        return None;
    }
    seen.push((s.clone(), place));
    Some(s)
}
