//! facilities/<id>.yaml (docs/data-format.md section 9) and what a deal shares with it:
//! capacity as power and a fleet of GPUs, models checked against the catalogue.

use crate::error::{Diagnostic, KeyPath};
use crate::load::YamlFile;
use crate::load::yaml::Node;
use crate::model::value::{self as v, Ctx, Range, read_fields};
use crate::model::{Capacity, Catalogue, Facility, FleetEntry};

use super::sources::{record_id, source_list};

pub fn read(
    file: &YamlFile,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Facility> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    read_fields!(cx, f = v::record(&file.root, "facility");
        id: req(|cx, n, at| record_id(cx, n, at, &file.stem)),
        name: req(v::non_empty_string),
        operator: req(v::non_empty_string),
        location: opt(v::string),
        power_mw: may(positive_range),
        gpus: may(|cx, n, at| fleet(cx, n, at, catalogue, gpu_users)),
        online: may(v::date),
        sources: may(source_list),
        notes: opt(v::string),
    );
    Some(Facility {
        id: id?,
        name: name?,
        operator: operator?,
        location,
        online: online?,
        capacity: Capacity {
            power_mw: power_mw?,
            gpus: gpus?.unwrap_or_default(),
        },
        sources: sources?.unwrap_or_default(),
        notes,
        file: file.display.clone(),
    })
}

/// A deal's own `capacity: {power_mw?, gpus?}`.
pub fn read_capacity(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
) -> Option<Capacity> {
    read_fields!(cx, f = v::mapping(node, at);
        power_mw: may(positive_range),
        gpus: may(|cx, n, at| fleet(cx, n, at, catalogue, gpu_users)),
    );
    Some(Capacity {
        power_mw: power_mw?,
        gpus: gpus?.unwrap_or_default(),
    })
}

fn positive_range(cx: &mut Ctx, node: &Node, at: &KeyPath) -> Option<Range<f64>> {
    v::range(cx, node, at, v::positive)
}

/// `gpus: [{model?, count}]`, models checked against the catalogue; an entry
/// without a model counts its GPUs and has no H100-equivalents.
fn fleet(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
) -> Option<Vec<FleetEntry>> {
    let items = v::list(cx, node, at)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match fleet_entry(cx, item, &at.index(i), catalogue, gpu_users) {
            Some(e) => out.push(e),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn fleet_entry(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
) -> Option<FleetEntry> {
    read_fields!(cx, e = v::mapping(node, at);
        // Absent when the source gives a count but not the models.
        model: may(v::non_empty_string),
        count: req(|cx, n, at| v::range(cx, n, at, v::count)),
    );
    let mut known = true;
    if let Some(Some(model)) = &model {
        gpu_users.push(cx.file.to_string());
        if let Some(catalogue) = catalogue
            && catalogue.get(model).is_none()
        {
            let listed: Vec<&str> = catalogue.models.iter().map(|g| g.id.as_str()).collect();
            let node = e.get("model").expect("read above");
            cx.fail(
                node,
                &e.path("model"),
                format!(
                    "expected a model listed in gpus.yaml ({}), found {model:?}",
                    listed.join(", ")
                ),
            );
            known = false;
        }
    }
    if !known {
        return None;
    }
    Some(FleetEntry {
        model: model?,
        count: count?,
    })
}
