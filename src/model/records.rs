//! One conversion per record kind: a raw YAML tree in, a checked record out,
//! every rule of SPEC.md sections 3-6 applied and every violation recorded.

use std::collections::BTreeMap;

use super::commitment;
use super::value::{self as v, Ctx, Fields, Range};
use super::{
    Basis, Capacity, Catalogue, Commitment, Confidence, Deal, Facility, FleetEntry, Gpu, Model,
    Overrides, Page, Price, RampEntry, Site, Source,
};
use crate::error::Diagnostic;
use crate::load::yaml::Node;
use crate::load::{RawFiles, RawPage, Tables, YamlFile};

/// Most uncertain inputs one deal may have: the bands take 2^n + 1 scenarios.
pub const MAX_DIMENSIONS: usize = 10;

pub(super) fn build(
    files: RawFiles,
    tables: Tables,
    raw_pages: Vec<RawPage>,
    overrides: &Overrides,
    errors: &mut Vec<Diagnostic>,
) -> Option<Model> {
    let site = files.site.as_ref().and_then(|f| site(f, overrides, errors));
    let catalogue = files.gpus.as_ref().and_then(|f| catalogue(f, errors));
    let parties = match &files.parties {
        Some(f) => commitment::parties(f, errors),
        None => Some(super::Parties::default()),
    };

    let mut gpu_users: Vec<String> = Vec::new();
    let mut facilities = BTreeMap::new();
    for file in &files.facilities {
        if let Some(f) = facility(file, catalogue.as_ref(), &mut gpu_users, errors) {
            facilities.insert(f.id.clone(), f);
        }
    }
    // Facilities that failed their checks (or could not even be parsed) still exist
    // for the deals' cross-references: their own errors are reported once.
    let facility_ids: Vec<&str> = files.facility_stems.iter().map(String::as_str).collect();
    let deal_ids: Vec<&str> = files.deal_stems.iter().map(String::as_str).collect();

    let mut deals = Vec::new();
    for file in &files.deals {
        if let Some(d) = deal(
            file,
            catalogue.as_ref(),
            &facilities,
            &facility_ids,
            &deal_ids,
            &mut gpu_users,
            errors,
        ) {
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

    let mut pages = Vec::new();
    for p in raw_pages {
        // pages/index.md would render over the home page, index.html.
        if p.stem == "index" {
            errors.push(Diagnostic::new(
                p.display,
                "expected a page name other than index (the home page is index.html), found index.md",
            ));
        } else if v::is_id(&p.stem) {
            pages.push(Page {
                slug: p.stem,
                markdown: p.text,
            });
        } else {
            errors.push(Diagnostic::new(
                p.display,
                format!(
                    "expected a page file name of lower-case letters, digits and '-' (e.g. methodology.md), found {}.md",
                    p.stem
                ),
            ));
        }
    }

    deals.sort_by(|a, b| a.id.cmp(&b.id));
    Some(Model {
        site: site?,
        catalogue: catalogue.unwrap_or_default(),
        facilities,
        deals,
        parties: parties?,
        pages,
        tables,
    })
}

fn site(file: &YamlFile, overrides: &Overrides, errors: &mut Vec<Diagnostic>) -> Option<Site> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    let f = v::mapping(
        cx,
        &file.root,
        "site.yaml",
        &[
            "title",
            "description",
            "base_url",
            "as_of",
            "horizon",
            "discount_rate",
        ],
    )?;
    let title = f.req(cx, "title", v::string);
    let description = f.opt(cx, "description", v::string);
    let base_url = f
        .opt(cx, "base_url", v::string)
        .unwrap_or_else(|| "/".to_string());
    let as_of = f.req(cx, "as_of", v::date);
    let horizon = match f.get("horizon") {
        Some(n) => v::month(cx, n, "`horizon`"),
        None => Some((2029, 12)),
    };
    let discount_rate = match f.get("discount_rate") {
        Some(n) => v::fraction(cx, n, "`discount_rate`"),
        None => Some(0.08),
    };
    Some(Site {
        title: title?,
        description,
        base_url: overrides.base_url.clone().unwrap_or(base_url),
        as_of: overrides.as_of.or(as_of)?,
        horizon: horizon?,
        discount_rate: discount_rate?,
    })
}

fn catalogue(file: &YamlFile, errors: &mut Vec<Diagnostic>) -> Option<Catalogue> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    let f = v::mapping(cx, &file.root, "gpus.yaml", &["reference", "models"])?;
    let reference = f.opt(cx, "reference", v::non_empty_string);
    let reference_ok = f.get("reference").is_none() || reference.is_some();
    let listed = f
        .require(cx, "models")
        .and_then(|n| v::list(cx, n, "`models`"));
    let items = listed.unwrap_or_default();
    let mut models: Vec<Gpu> = Vec::new();
    // Every id that was read, also of models with other errors: the reference check
    // below must not report a model as missing when only its other fields are bad.
    let mut ids: Vec<(usize, String)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let what = format!("`models[{i}]`");
        let Some(m) = v::mapping(
            cx,
            item,
            &what,
            &[
                "id",
                "name",
                "vendor",
                "bf16_dense_tflops",
                "memory_gb",
                "power_kw",
            ],
        ) else {
            ok = false;
            continue;
        };
        // Every field is read, and every error recorded, before we decide.
        let id = m.req(cx, "id", v::non_empty_string);
        let name = m.req(cx, "name", v::non_empty_string);
        let vendor = m.req(cx, "vendor", v::non_empty_string);
        let bf16_dense_tflops = m.req(cx, "bf16_dense_tflops", v::positive);
        let memory_gb = m.req(cx, "memory_gb", v::non_negative);
        let power_kw = read_opt(cx, &m, "power_kw", v::non_negative);
        if let (Some(id), Some(node)) = (&id, m.get("id")) {
            if let Some((first, _)) = ids.iter().find(|(_, known)| known == id) {
                cx.error(
                    node,
                    format!(
                        "{}: expected a unique model id, found {id:?} again (also `models[{first}]`)",
                        m.name("id")
                    ),
                );
                ok = false;
            } else {
                ids.push((i, id.clone()));
            }
        }
        match (id, name, vendor, bf16_dense_tflops, memory_gb, power_kw) {
            (Some(id), Some(name), Some(vendor), Some(tflops), Some(memory_gb), Some(power_kw)) => {
                models.push(Gpu {
                    id,
                    name,
                    vendor,
                    bf16_dense_tflops: tflops,
                    memory_gb,
                    power_kw,
                })
            }
            _ => ok = false,
        }
    }
    let reference = reference.unwrap_or_else(|| "H100".to_string());
    // Without a list of models, the reference has nothing to be checked against.
    if reference_ok && listed.is_some() && !ids.iter().any(|(_, id)| *id == reference) {
        let node = f.get("reference").unwrap_or(f.node);
        let what = if f.get("reference").is_some() {
            "`reference`"
        } else {
            "`reference` (default H100)"
        };
        cx.error(
            node,
            format!(
                "{what}: expected one of the listed models ({}), found {reference:?}",
                if ids.is_empty() {
                    "there are none".to_string()
                } else {
                    ids.iter()
                        .map(|(_, id)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        );
        return None;
    }
    // A catalogue that is not whole would make every deal's models look unknown.
    (ok && reference_ok && listed.is_some()).then_some(Catalogue { reference, models })
}

/// Checks that the record's `id` matches the file stem and the id rules.
fn record_id(cx: &mut Ctx, f: &Fields, stem: &str) -> Option<String> {
    let id = f.req(cx, "id", v::id)?;
    if !v::is_id(stem) {
        // No id can match this file name: say to rename the file, not to change the id.
        let node = f.get("id").expect("read above");
        cx.error(
            node,
            format!(
                "`id`: expected a file named after the id ({id}.yaml), found {stem}.yaml, whose name is not an id (rename the file)"
            ),
        );
        return None;
    }
    if id != stem {
        let node = f.get("id").expect("read above");
        cx.error(
            node,
            format!("`id`: expected {stem:?} (the file name without .yaml), found {id:?}"),
        );
        return None;
    }
    Some(id)
}

fn sources(cx: &mut Ctx, node: &Node, what: &str) -> Option<Vec<Source>> {
    let items = v::list(cx, node, what)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let what = format!("`sources[{i}]`");
        let Some(s) = v::mapping(cx, item, &what, &["title", "url", "publisher", "date"]) else {
            ok = false;
            continue;
        };
        let title = s.req(cx, "title", v::non_empty_string);
        let url = s.req(cx, "url", v::url);
        let publisher = s.opt(cx, "publisher", v::string);
        let date = s.opt(cx, "date", v::date);
        match (title, url) {
            (Some(title), Some(url)) if s.get("date").is_none() || date.is_some() => {
                out.push(Source {
                    title,
                    url,
                    publisher,
                    date,
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// `gpus: [{model, count}]`, models checked against the catalogue.
fn fleet(
    cx: &mut Ctx,
    node: &Node,
    what: &str,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
) -> Option<Vec<FleetEntry>> {
    let items = v::list(cx, node, what)?;
    let mut out = Vec::new();
    let mut ok = true;
    let inner = what.trim_matches('`');
    for (i, item) in items.iter().enumerate() {
        let what = format!("`{inner}[{i}]`");
        let Some(e) = v::mapping(cx, item, &what, &["model", "count"]) else {
            ok = false;
            continue;
        };
        let model = e.req(cx, "model", v::non_empty_string);
        let count = e.req(cx, "count", |cx, n, w| v::range(cx, n, w, v::count));
        if let Some(model) = &model {
            gpu_users.push(cx.file.to_string());
            if let Some(catalogue) = catalogue
                && catalogue.get(model).is_none()
            {
                let known: Vec<&str> = catalogue.models.iter().map(|g| g.id.as_str()).collect();
                let node = e.get("model").expect("read above");
                cx.error(
                    node,
                    format!(
                        "{}: expected a model listed in gpus.yaml ({}), found {model:?}",
                        e.name("model"),
                        known.join(", ")
                    ),
                );
                ok = false;
            }
        }
        match (model, count) {
            (Some(model), Some(count)) => out.push(FleetEntry { model, count }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn facility(
    file: &YamlFile,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Facility> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    let f = v::mapping(
        cx,
        &file.root,
        "facility",
        &[
            "id", "name", "operator", "location", "power_mw", "gpus", "online", "sources", "notes",
        ],
    )?;
    let id = record_id(cx, &f, &file.stem);
    let name = f.req(cx, "name", v::non_empty_string);
    let operator = f.req(cx, "operator", v::non_empty_string);
    let location = f.opt(cx, "location", v::string);
    let power_mw = read_opt(cx, &f, "power_mw", |cx, n, w| {
        v::range(cx, n, w, v::positive)
    });
    let gpus = read_opt(cx, &f, "gpus", |cx, n, w| {
        fleet(cx, n, w, catalogue, gpu_users)
    });
    let online = read_opt(cx, &f, "online", v::date);
    let srcs = read_opt(cx, &f, "sources", sources);
    let notes = f.opt(cx, "notes", v::string);
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
        sources: srcs?.unwrap_or_default(),
        notes,
        file: file.display.clone(),
    })
}

/// An optional field: Some(None) when absent, Some(Some(v)) when valid, None when invalid.
fn read_opt<T>(
    cx: &mut Ctx,
    f: &Fields,
    key: &str,
    read: impl FnOnce(&mut Ctx, &Node, &str) -> Option<T>,
) -> Option<Option<T>> {
    match f.get(key) {
        None => Some(None),
        Some(node) => read(cx, node, &f.name(key)).map(Some),
    }
}

fn price(cx: &mut Ctx, node: &Node) -> Option<Price> {
    let f = v::mapping(
        cx,
        node,
        "`price`",
        &["monthly", "annual", "total", "escalation", "ramp"],
    )?;
    let bases = [
        ("monthly", Basis::Monthly),
        ("annual", Basis::Annual),
        ("total", Basis::Total),
    ];
    let present: Vec<_> = bases.iter().filter(|(k, _)| f.get(k).is_some()).collect();
    let (key, basis) = match present.as_slice() {
        [one] => **one,
        [] => {
            cx.error(
                f.node,
                "`price`: expected exactly one of `monthly`, `annual` or `total`, found none",
            );
            return None;
        }
        [_, second, ..] => {
            let k = f.key(second.0).expect("present");
            let names: Vec<String> = present.iter().map(|(k, _)| format!("`{k}`")).collect();
            cx.error_at_key(
                k,
                format!(
                    "`price`: expected exactly one of `monthly`, `annual` or `total`, found {}",
                    names.join(" and ")
                ),
            );
            return None;
        }
    };
    let amount = f.req(cx, key, |cx, n, w| v::range(cx, n, w, v::usd));
    let mut ok = true;
    if basis == Basis::Total {
        for extra in ["escalation", "ramp"] {
            // Even `0` or `[]` is refused; an explicit null is the key being absent.
            if let (Some(k), Some(_)) = (f.key(extra), f.get(extra)) {
                cx.error_at_key(
                    k,
                    format!(
                        "`price.{extra}`: expected no `{extra}` beside `total` (a total is spread evenly by day), found one"
                    ),
                );
                ok = false;
            }
        }
    }
    let escalation = read_opt(cx, &f, "escalation", |cx, n, w| {
        v::range(cx, n, w, v::fraction)
    });
    let ramp = read_opt(cx, &f, "ramp", |cx, n, w| {
        let items = v::list(cx, n, w)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let what = format!("`price.ramp[{i}]`");
            let Some(e) = v::mapping(cx, item, &what, &["months", "discount"]) else {
                ok = false;
                continue;
            };
            let months = e.req(cx, "months", v::count_at_least_one);
            let discount = e.req(cx, "discount", |cx, n, w| v::range(cx, n, w, v::fraction));
            match (months, discount) {
                (Some(m), Some(d)) => out.push(RampEntry {
                    months: u32::try_from(m).unwrap_or(u32::MAX),
                    discount: d,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
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

fn capacity(
    cx: &mut Ctx,
    node: &Node,
    catalogue: Option<&Catalogue>,
    gpu_users: &mut Vec<String>,
) -> Option<Capacity> {
    let f = v::mapping(cx, node, "`capacity`", &["power_mw", "gpus"])?;
    let power_mw = read_opt(cx, &f, "power_mw", |cx, n, w| {
        v::range(cx, n, w, v::positive)
    });
    let gpus = read_opt(cx, &f, "gpus", |cx, n, w| {
        fleet(cx, n, w, catalogue, gpu_users)
    });
    Some(Capacity {
        power_mw: power_mw?,
        gpus: gpus?.unwrap_or_default(),
    })
}

fn deal(
    file: &YamlFile,
    catalogue: Option<&Catalogue>,
    facilities: &BTreeMap<String, Facility>,
    facility_ids: &[&str],
    deal_ids: &[&str],
    gpu_users: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Deal> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    let f = v::mapping(
        cx,
        &file.root,
        "deal",
        &[
            "id",
            "title",
            "buyer",
            "provider",
            "announced",
            "start",
            "end",
            "terminated",
            "facility",
            "price",
            "capacity",
            "sources",
            "confidence",
            "tags",
            "notes",
            "signed",
            "commitment",
            "termination",
            "related",
            "reviewed",
        ],
    )?;
    let id = record_id(cx, &f, &file.stem);
    let title = f.req(cx, "title", v::non_empty_string);
    let buyer = f.req(cx, "buyer", v::non_empty_string);
    let provider = f.req(cx, "provider", v::non_empty_string);
    let announced = f.req(cx, "announced", v::date);
    let start = f.req(cx, "start", v::date);
    let end = f.req(cx, "end", v::date);
    let terminated = read_opt(cx, &f, "terminated", v::date);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        let node = f.get("end").expect("read above");
        cx.error(
            node,
            format!("`end`: expected a date on or after `start` ({s}), found {e}"),
        );
    }
    if let (Some(s), Some(Some(t))) = (start, terminated)
        && t < s
    {
        let node = f.get("terminated").expect("read above");
        cx.error(
            node,
            format!("`terminated`: expected a date on or after `start` ({s}), found {t}"),
        );
    }
    let facility_id = read_opt(cx, &f, "facility", v::id);
    if let Some(Some(fid)) = &facility_id
        && !facility_ids.contains(&fid.as_str())
    {
        let node = f.get("facility").expect("read above");
        let known = if facility_ids.is_empty() {
            "there are none".to_string()
        } else {
            facility_ids.join(", ")
        };
        cx.error(
            node,
            format!(
                "`facility`: expected the id of a file in facilities/ ({known}), found {fid:?}"
            ),
        );
    }
    let price = f.req(cx, "price", |cx, n, _| price(cx, n));
    let own_capacity = read_opt(cx, &f, "capacity", |cx, n, _| {
        capacity(cx, n, catalogue, gpu_users)
    });
    let srcs = f.req(cx, "sources", sources);
    if let (Some(list), Some(node)) = (&srcs, f.get("sources"))
        && list.is_empty()
    {
        cx.error(
            node,
            "`sources`: expected at least one source, found an empty list",
        );
    }
    let confidence = read_opt(cx, &f, "confidence", |cx, n, w| {
        let s = v::string(cx, n, w)?;
        let c = match s.as_str() {
            "confirmed" => Confidence::Confirmed,
            "reported" => Confidence::Reported,
            "estimated" => Confidence::Estimated,
            "rumored" => Confidence::Rumored,
            _ => {
                cx.error(
                    n,
                    format!("{w}: expected confirmed, reported, estimated or rumored, found {s:?}"),
                );
                return None;
            }
        };
        Some(c)
    });
    let tags = read_opt(cx, &f, "tags", |cx, n, w| {
        let items = v::list(cx, n, w)?;
        let tags: Vec<Option<String>> = items
            .iter()
            .enumerate()
            .map(|(i, t)| v::string(cx, t, &format!("`tags[{i}]`")))
            .collect();
        tags.into_iter().collect::<Option<Vec<_>>>()
    });
    let notes = f.opt(cx, "notes", v::string);
    let signed = read_opt(cx, &f, "signed", v::date);
    if let (Some(e), Some(Some(s))) = (end, signed)
        && s > e
    {
        let node = f.get("signed").expect("read above");
        cx.error(
            node,
            format!("`signed`: expected a date on or before `end` ({e}), found {s}"),
        );
    }
    let commitment = read_opt(cx, &f, "commitment", commitment::commitment);
    let termination = match f.get("termination") {
        None => Some(None),
        Some(n) => commitment::termination(cx, n, start),
    };
    // The file stem stands in for an invalid id, so that a link to itself is still named so.
    let own_id = id.clone().unwrap_or_else(|| file.stem.clone());
    let related = read_opt(cx, &f, "related", |cx, n, w| {
        commitment::related(cx, n, w, &own_id, deal_ids)
    });
    let reviewed = read_opt(cx, &f, "reviewed", v::date);

    let (capacity, from_facility) = match (&own_capacity, &facility_id) {
        (Some(Some(c)), _) => (c.clone(), false),
        (Some(None), Some(Some(fid))) => match facilities.get(fid) {
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
        let inherited = match (&facility_id, from_facility) {
            (Some(Some(fid)), true) => format!(", {of_capacity} of them from facility {fid:?}"),
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
    let sources = srcs?;
    if sources.is_empty() {
        return None;
    }
    let (start, end, terminated) = (start?, end?, terminated?);
    if end < start || terminated.is_some_and(|t| t < start) {
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
        announced: announced?,
        start,
        end,
        terminated,
        facility: facility_id?,
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
