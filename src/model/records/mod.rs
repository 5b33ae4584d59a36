//! One conversion per record kind: a raw YAML tree in, a checked record out,
//! every rule of docs/data-format.md sections 6-10 applied and every violation recorded.
//! Each record declares its keys once, with their readers (`read_fields!`).

mod catalogue;
mod deal;
mod facility;
mod pages;
mod price;
mod site;
mod sources;

use std::collections::BTreeMap;

use super::commitment;
use super::{Model, Overrides};
use crate::error::Diagnostic;
use crate::load::{RawFiles, RawPage, Tables};

pub(super) fn build(
    files: RawFiles,
    tables: Tables,
    raw_pages: Vec<RawPage>,
    overrides: &Overrides,
    errors: &mut Vec<Diagnostic>,
) -> Option<Model> {
    let site = files
        .site
        .as_ref()
        .and_then(|f| site::read(f, overrides, errors));
    let catalogue = files.gpus.as_ref().and_then(|f| catalogue::read(f, errors));
    let parties = match &files.parties {
        Some(f) => commitment::parties(f, errors),
        None => Some(super::Parties::default()),
    };

    let mut gpu_users: Vec<String> = Vec::new();
    let mut facilities = BTreeMap::new();
    for file in &files.facilities {
        if let Some(f) = facility::read(file, catalogue.as_ref(), &mut gpu_users, errors) {
            facilities.insert(f.id.clone(), f);
        }
    }
    // Facilities that failed their checks (or could not even be parsed) still exist
    // for the deals' cross-references: their own errors are reported once.
    let facility_ids: Vec<&str> = files.facility_stems.iter().map(String::as_str).collect();
    let deal_ids: Vec<&str> = files.deal_stems.iter().map(String::as_str).collect();

    let known = deal::Known {
        catalogue: catalogue.as_ref(),
        facilities: &facilities,
        facility_ids: &facility_ids,
        deal_ids: &deal_ids,
    };
    let mut deals = Vec::new();
    for file in &files.deals {
        if let Some(d) = deal::read(file, &known, &mut gpu_users, errors) {
            deals.push(d);
        }
    }
    if files.deals.is_empty() {
        errors.push(Diagnostic::new(
            &files.deals_dir,
            "expected at least one deal file (deals/<id>.yaml), found none",
        ));
    }
    if !files.gpus_exists
        && let Some(first) = gpu_users.first()
    {
        errors.push(Diagnostic::new(
            &files.gpus_file,
            format!(
                "expected the accelerator catalogue gpus.yaml because {first} lists GPUs, found no such file"
            ),
        ));
    }

    let pages = pages::read(raw_pages, errors);

    deals.sort_by(|a, b| a.id.cmp(&b.id));
    let site = site?;
    let catalogue = catalogue.unwrap_or_default();
    // The tables are checked against valid records only: a usage row names a
    // deal and a month of its schedule, a price a model of the catalogue.
    if !errors.is_empty() {
        return None;
    }
    let tables = super::tables::check(tables, &deals, &catalogue, errors)?;
    Some(Model {
        site,
        catalogue,
        facilities,
        deals,
        parties: parties?,
        pages,
        tables,
    })
}
