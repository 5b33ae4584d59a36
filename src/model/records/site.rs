//! site.yaml (docs/data-format.md section 6): the report's title, dates and discount rate.

use crate::error::Diagnostic;
use crate::load::YamlFile;
use crate::model::value::{self as v, Ctx, read_fields};
use crate::model::{Overrides, Site};

pub fn read(file: &YamlFile, overrides: &Overrides, errors: &mut Vec<Diagnostic>) -> Option<Site> {
    let cx = &mut Ctx {
        file: &file.display,
        errors,
    };
    read_fields!(cx, f = v::record(&file.root, "site.yaml");
        title: req(v::string),
        description: opt(v::string),
        base_url: opt(v::string),
        as_of: req(v::date),
        horizon: may(v::month),
        discount_rate: may(v::fraction),
        site_url: opt(v::string),
        license: opt(v::string),
    );
    Some(Site {
        title: title?,
        description,
        base_url: overrides
            .base_url
            .clone()
            .unwrap_or_else(|| base_url.unwrap_or_else(|| "/".to_string())),
        as_of: overrides.as_of.or(as_of)?,
        horizon: horizon?.unwrap_or((2029, 12)),
        discount_rate: discount_rate?.unwrap_or(0.08),
        site_url,
        license,
    })
}
