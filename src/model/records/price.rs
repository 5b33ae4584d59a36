//! A deal's `price` (docs/data-format.md section 10.2): one basis with its amount, an
//! escalation and a ramp of discounts.

use crate::error::KeyPath;
use crate::load::yaml::Node;
use crate::model::value::{self as v, Ctx, Range, read_fields};
use crate::model::{Basis, Price, RampEntry};

/// `price: {monthly | annual | total, escalation?, ramp?}`.
pub fn read(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Price> {
    read_fields!(cx, f = v::mapping(node, at);
        monthly: opt(usd_range),
        annual: opt(usd_range),
        total: opt(usd_range),
        escalation: may(fraction_range),
        ramp: may(ramp),
    );
    let written: Vec<(&str, Basis, Option<Range<f64>>)> = [
        ("monthly", Basis::Monthly, monthly),
        ("annual", Basis::Annual, annual),
        ("total", Basis::Total, total),
    ]
    .into_iter()
    .filter(|(k, _, _)| f.get(k).is_some())
    .collect();
    let (basis, amount) = match written.as_slice() {
        [(_, basis, amount)] => (*basis, *amount),
        [] => {
            cx.fail(
                f.node,
                at,
                "expected exactly one of `monthly`, `annual` or `total`, found none",
            );
            return None;
        }
        [_, (second, ..), ..] => {
            let k = f.key(second).expect("written");
            let names: Vec<String> = written.iter().map(|(k, ..)| format!("`{k}`")).collect();
            cx.fail_at_key(
                k,
                at,
                format!(
                    "expected exactly one of `monthly`, `annual` or `total`, found {}",
                    names.join(" and ")
                ),
            );
            return None;
        }
    };
    let mut ok = true;
    if basis == Basis::Total {
        for extra in ["escalation", "ramp"] {
            // Even `0` or `[]` is refused; an explicit null is the key being absent.
            if let (Some(k), Some(_)) = (f.key(extra), f.get(extra)) {
                cx.fail_at_key(
                    k,
                    &f.path(extra),
                    format!(
                        "expected no `{extra}` beside `total` (a total is spread evenly by day), found one"
                    ),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(Price {
        basis,
        amount: amount?,
        escalation: escalation?.unwrap_or(Range::exact(0.0)),
        ramp: ramp?.unwrap_or_default(),
    })
}

fn usd_range(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Range<f64>> {
    v::range(cx, node, at, v::usd)
}

fn fraction_range(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Range<f64>> {
    v::range(cx, node, at, v::fraction)
}

/// `ramp: [{months, discount}]`.
fn ramp(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Vec<RampEntry>> {
    let items = v::list(cx, node, at)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match ramp_entry(cx, item, &at.index(i)) {
            Some(e) => out.push(e),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn ramp_entry(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<RampEntry> {
    read_fields!(cx, e = v::mapping(node, at);
        months: req(v::count_at_least_one),
        discount: req(fraction_range),
    );
    Some(RampEntry {
        months: u32::try_from(months?).unwrap_or(u32::MAX),
        discount: discount?,
    })
}
