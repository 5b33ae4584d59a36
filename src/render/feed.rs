//! feed.xml: an Atom feed (RFC 4287) of the deals, newest announcement
//! first. Every date in it comes from the data (`updated` is the as-of date,
//! an entry's `published` its announcement and its `updated` the
//! deal's `reviewed` date), never from the clock, so the same
//! data gives the same feed.
//!
//! Atom ids must be absolute IRIs. When base_url is a full URL they are the
//! pages' URLs; when it is only a path there is no host to build one from,
//! so they are `urn:uuid:` names derived from base_url and the page's path:
//! stable across builds, and unique per site and page.

use askama::Template;

use crate::error::Result;
use crate::render::pages::{Ctx, deal, view};
use crate::write::SiteFiles;

pub struct Entry {
    pub title: String,
    pub id: String,
    pub href: String,
    /// RFC 3339, midnight UTC of the announcement date.
    pub date: String,
    /// RFC 3339: the later of the announcement and the `reviewed` date.
    pub updated: String,
    pub summary: String,
    pub buyer: String,
    pub provider: String,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    title: String,
    id: String,
    updated: String,
    self_href: String,
    home_href: String,
    entries: Vec<Entry>,
}

pub fn render(ctx: &Ctx, files: &mut SiteFiles) -> Result<()> {
    let mut deals: Vec<_> = ctx.model.deals.iter().collect();
    deals.sort_by(|a, b| b.announced.cmp(&a.announced).then_with(|| a.id.cmp(&b.id)));
    // Full URLs where base_url or site_url gives the site's address.
    let links = crate::render::meta::absolute_links(&ctx.model.site);
    let feed = Feed {
        title: ctx.model.site.title.clone(),
        id: atom_id(&links, "feed.xml"),
        updated: format!("{}T00:00:00Z", ctx.model.site.as_of),
        self_href: links.to("feed.xml"),
        home_href: links.to("index.html"),
        entries: deals
            .iter()
            .map(|d| {
                let rel = format!("deals/{}.html", d.id);
                Entry {
                    title: d.title.clone(),
                    id: atom_id(&links, &rel),
                    href: links.to(&rel),
                    date: format!("{}T00:00:00Z", d.announced),
                    // A revised record shows as an update: the day it was
                    // last checked against its sources, when later.
                    updated: format!(
                        "{}T00:00:00Z",
                        d.reviewed.map_or(d.announced, |r| r.max(d.announced))
                    ),
                    summary: format!(
                        "Announced {}. {}",
                        view::date(d.announced),
                        deal::lede(ctx, d)
                    ),
                    buyer: d.buyer.clone(),
                    provider: d.provider.clone(),
                }
            })
            .collect(),
    };
    files.insert("feed.xml".into(), feed.render()?.into_bytes());
    Ok(())
}

/// The Atom id of the page at `rel`: its URL when base_url is a full URL,
/// else a name-based `urn:uuid:`.
fn atom_id(links: &view::Links, rel: &str) -> String {
    if links.is_absolute() {
        links.to(rel)
    } else {
        uuid_urn(&format!("dealbook:{}{rel}", links.base()))
    }
}

/// A name-based UUID (version 5, RFC 9562) of `name` in the URL namespace:
/// the standard stable id for a name, not a secret.
fn uuid_urn(name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
        .urn()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_urls_when_base_url_is_a_url() {
        let links = view::Links::new("https://example.org/deals/");
        assert_eq!(
            atom_id(&links, "deals/x.html"),
            "https://example.org/deals/deals/x.html"
        );
    }

    #[test]
    fn ids_are_stable_uuids_when_base_url_is_a_path() {
        let links = view::Links::new("/");
        let a = atom_id(&links, "deals/x.html");
        assert_eq!(a, atom_id(&links, "deals/x.html"));
        assert_ne!(a, atom_id(&links, "deals/y.html"));
        assert_ne!(a, atom_id(&view::Links::new("/reports/"), "deals/x.html"));
        // The RFC 9562 version 5 UUID of that name in the URL namespace, as
        // Python's uuid.uuid5(uuid.NAMESPACE_URL, "dealbook:/deals/x.html") gives it.
        assert_eq!(a, "urn:uuid:1d14d137-7e20-5ce9-92db-325bf8714da7");
    }
}
