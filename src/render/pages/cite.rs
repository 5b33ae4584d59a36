//! "How to cite" on the data page: a sentence and a BibTeX entry for the
//! report as a dataset, from site.yaml (title, as_of, license) and the
//! site's address. Dates come from the data, never the clock.

use chrono::Datelike;

use super::Ctx;
use crate::render::meta;

/// The citation of the report, as text and as BibTeX.
pub struct Cite {
    pub text: String,
    pub bibtex: String,
}

impl Cite {
    pub fn new(ctx: &Ctx) -> Cite {
        let site = &ctx.model.site;
        let url = meta::page_url(&meta::absolute_links(site), "index.html");
        let as_of = site.as_of;
        let licence = site
            .license
            .as_deref()
            .map(|l| format!(" Licence: {l}."))
            .unwrap_or_default();
        let text = format!(
            "{}. Dataset and report, figures as of {}. {url}.{licence}",
            site.title,
            super::view::date(as_of),
        );
        let key: String = site
            .title
            .chars()
            .filter_map(|c| match c {
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                ' ' | '-' | '_' => Some('-'),
                _ => None,
            })
            .collect();
        let key = format!("{}-{}", key.trim_matches('-'), as_of.format("%Y-%m-%d"));
        let month = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ][as_of.month0() as usize];
        let mut bib = format!(
            "@misc{{{key},\n  title        = {{{{{}}}}},\n  year         = {{{}}},\n  month        = {month},\n  howpublished = {{\\url{{{}}}}},\n  note         = {{Figures as of {}",
            bib_escape(&site.title),
            as_of.year(),
            bib_escape(&url),
            as_of.format("%Y-%m-%d"),
        );
        if let Some(l) = &site.license {
            bib.push_str(&format!("; licence {}", bib_escape(l)));
        }
        bib.push_str("}\n}");
        Cite { text, bibtex: bib }
    }
}

/// Text safe inside a BibTeX braced value: braces and backslashes, which
/// would unbalance or escape it, are dropped.
fn bib_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\'))
        .collect()
}
