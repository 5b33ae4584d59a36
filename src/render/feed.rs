//! feed.xml: an Atom feed (RFC 4287) of the deals, newest announcement
//! first. Every date in it comes from the data (`updated` is the as-of date,
//! an entry's dates its announcement), never from the clock, so the same
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
    let feed = Feed {
        title: ctx.model.site.title.clone(),
        id: atom_id(&ctx.links, "feed.xml"),
        updated: format!("{}T00:00:00Z", ctx.model.site.as_of),
        self_href: ctx.links.to("feed.xml"),
        home_href: ctx.links.to("index.html"),
        entries: deals
            .iter()
            .map(|d| {
                let rel = format!("deals/{}.html", d.id);
                Entry {
                    title: d.title.clone(),
                    id: atom_id(&ctx.links, &rel),
                    href: ctx.links.to(&rel),
                    date: format!("{}T00:00:00Z", d.announced),
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

/// A name-based UUID (version 8, RFC 9562) from a 128-bit FNV-1a hash of
/// `name`. Not a secret and not for security: just a stable, well-formed id.
fn uuid_urn(name: &str) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    let mut bytes = h.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
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
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"));
    }
}
