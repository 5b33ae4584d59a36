//! gpus.yaml (docs/data-format.md section 7): the accelerator models and the reference
//! that H100-equivalents are counted in.

use crate::error::{Diagnostic, KeyPath};
use crate::load::YamlFile;
use crate::load::yaml::Node;
use crate::model::value::{self as v, Ctx, read_fields};
use crate::model::{Catalogue, Gpu};

pub fn read(file: &YamlFile, errors: &mut Vec<Diagnostic>) -> Option<Catalogue> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    read_fields!(cx, f = v::record(&file.root, "gpus.yaml");
        reference: opt(v::non_empty_string),
        models: req(v::list),
    );
    let reference_ok = f.get("reference").is_none() || reference.is_some();
    let mut gpus: Vec<Gpu> = Vec::new();
    // Every id that was read, also of models with other errors: the reference check
    // below must not report a model as missing when only its other fields are bad.
    let mut ids: Vec<(usize, String)> = Vec::new();
    let mut ok = true;
    for (i, item) in models.unwrap_or_default().iter().enumerate() {
        match gpu(cx, item, (i, &f.path("models").index(i)), &mut ids) {
            Some(g) => gpus.push(g),
            None => ok = false,
        }
    }
    let reference = reference.unwrap_or_else(|| "H100".to_string());
    // Without a list of models, the reference has nothing to be checked against.
    if reference_ok && models.is_some() && !ids.iter().any(|(_, id)| *id == reference) {
        let node = f.get("reference").unwrap_or(f.node);
        let what = if f.get("reference").is_some() {
            "`reference`"
        } else {
            "`reference` (default H100)"
        };
        let listed = if ids.is_empty() {
            "there are none".to_string()
        } else {
            ids.iter()
                .map(|(_, id)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        cx.labelled(
            node,
            what.to_string(),
            &f.path("reference"),
            format!("expected one of the listed models ({listed}), found {reference:?}"),
        );
        return None;
    }
    // A catalogue that is not whole would make every deal's models look unknown.
    (ok && reference_ok && models.is_some()).then_some(Catalogue {
        reference,
        models: gpus,
    })
}

/// One model; its id is recorded in `ids` (with its index) even when other fields are bad.
fn gpu(
    cx: &mut Ctx,
    node: &Node,
    (i, at): (usize, &KeyPath),
    ids: &mut Vec<(usize, String)>,
) -> Option<Gpu> {
    // Every field is read, and every error recorded, before we decide.
    read_fields!(cx, m = v::mapping(node, at);
        id: req(v::non_empty_string),
        name: req(v::non_empty_string),
        vendor: req(v::non_empty_string),
        bf16_dense_tflops: req(v::positive),
        memory_gb: req(v::non_negative),
        power_kw: may(v::non_negative),
    );
    let mut unique = true;
    if let (Some(id), Some(node)) = (&id, m.get("id")) {
        if let Some((first, _)) = ids.iter().find(|(_, known)| known == id) {
            cx.fail(
                node,
                &m.path("id"),
                format!("expected a unique model id, found {id:?} again (also `models[{first}]`)"),
            );
            unique = false;
        } else {
            ids.push((i, id.clone()));
        }
    }
    if !unique {
        return None;
    }
    Some(Gpu {
        id: id?,
        name: name?,
        vendor: vendor?,
        bf16_dense_tflops: bf16_dense_tflops?,
        memory_gb: memory_gb?,
        power_kw: power_kw?,
    })
}
