//! The HTML pages: view structs filled from the figure tables and the model,
//! laid out by the askama templates in templates/. One file per page kind;
//! this one holds what they share (the site frame and the deals table) and
//! writes them all.
//!
//! Templates only lay out: every number reaches them already formatted
//! (`view::Fig`), every link already starts with base_url (`view::Links`).

pub mod cite;
mod compare;
mod data;
pub mod deal;
mod deals_table;
mod directory;
mod facility;
mod home;
mod party;
pub(crate) mod slug;
pub(crate) mod view;
mod years;

use std::collections::BTreeMap;

use askama::Template;

use super::export::Tables;
use super::markdown;
use super::typed::{
    self, CapacityMonth, DealFigures, GroupSums, MonthFigures, PartyNetYear, PortfolioYear,
    YearFigures, YearSplit,
};
use crate::error::Result;
use crate::model::{Deal, Model};
use crate::write::SiteFiles;
pub(super) use deals_table::withdrawal_reason;
pub use deals_table::{Badge, DealRow, WithdrawnRow};
use slug::Slugs;
use view::{Banded, Links};

/// File names the generated pages use; a markdown page with one of these
/// names goes to `pages/<name>.html` instead of replacing the generated one.
const RESERVED: [&str; 5] = ["index", "compare", "directory", "data", "404"];

/// Where a markdown page from data/pages/ is written.
pub fn markdown_page_path(slug: &str) -> String {
    if RESERVED.contains(&slug) {
        format!("pages/{slug}.html")
    } else {
        format!("{slug}.html")
    }
}

/// One entry of the site navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    /// Compared with [`Layout::current`] to mark the current page.
    pub key: String,
}

/// What the frame of every page needs (templates/base.html).
#[derive(Debug)]
pub struct Layout {
    pub site_title: String,
    /// The page's own title, before " · site title" in `<title>`.
    pub title: String,
    /// Plain text for `<meta name="description">`.
    pub description: String,
    pub links: Links,
    pub nav: Vec<NavItem>,
    /// The key of the nav item this page belongs to ("" for none).
    pub current: String,
    /// The as-of date, for people ("15 Nov 2026").
    pub as_of: String,
    /// The page's path in the site ("deals/x.html"; "" for none, as on
    /// the 404 page): its canonical link and Open Graph URL.
    pub page: String,
    /// Links that are full URLs where the site's address is known
    /// (render::meta), for the canonical link and the Open Graph tags.
    pub abs: Links,
    /// Open Graph type: "article" for a deal, else "website".
    pub og_type: &'static str,
}

impl Layout {
    /// This layout for the page at `path`.
    pub fn at(mut self, path: &str) -> Layout {
        self.page = path.to_string();
        self
    }

    /// This layout for a deal's page (an article).
    pub fn article(mut self) -> Layout {
        self.og_type = "article";
        self
    }

    /// The page's canonical URL.
    pub fn canonical(&self) -> String {
        crate::render::meta::page_url(&self.abs, &self.page)
    }
}

/// Everything the page builders read, with lookups they share.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub t: &'a Tables,
    pub links: Links,
    /// Parties that buy, and parties that sell (docs/data-format.md section 8: names joined by parties.yaml).
    pub buyers: Slugs,
    pub providers: Slugs,
    /// Every party, buying or selling: one page each.
    pub parties: Slugs,
    nav: Vec<NavItem>,
    /// Deal id -> its figures, decoded once.
    deals: BTreeMap<String, DealFigures>,
    /// Deal id -> its schedule months and its calendar years, decoded once.
    months: BTreeMap<String, Vec<MonthFigures>>,
    years: BTreeMap<String, Vec<YearFigures>>,
    /// capacity_by_month and portfolio_by_year, decoded once.
    pub capacity: Vec<CapacityMonth>,
    pub portfolio: Vec<PortfolioYear>,
    sums: BTreeMap<(String, String), GroupSums>,
    pub party_net: Vec<PartyNetYear>,
    year_splits: BTreeMap<(String, String), YearSplit>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, t: &'a Tables) -> Ctx<'a> {
        let links = Links::new(&model.site.base_url);
        let mut nav = vec![
            nav_item(&links, "index.html", "Overview", "home"),
            nav_item(&links, "compare.html", "Compare", "compare"),
            nav_item(&links, "directory.html", "Directory", "directory"),
        ];
        for p in &model.pages {
            let title = page_title(&p.markdown, &p.slug);
            let key = format!("page:{}", p.slug);
            nav.push(nav_item(&links, &markdown_page_path(&p.slug), &title, &key));
        }
        nav.push(nav_item(&links, "data.html", "Data", "data"));
        Ctx {
            model,
            t,
            buyers: Slugs::new(model.deals.iter().map(|d| model.parties.party(&d.buyer))),
            providers: Slugs::new(model.deals.iter().map(|d| model.parties.party(&d.provider))),
            parties: Slugs::new(model.deals.iter().flat_map(|d| {
                [
                    model.parties.party(&d.buyer),
                    model.parties.party(&d.provider),
                ]
            })),
            links,
            nav,
            deals: typed::deals(&t.deals, &t.rankings, &t.market_rates),
            months: typed::months(&t.schedule),
            years: typed::years(&t.by_year),
            capacity: typed::capacity(&t.capacity_by_month),
            portfolio: typed::portfolio(&t.portfolio_by_year),
            sums: typed::sums(&t.deal_sums),
            party_net: typed::party_net(&t.party_net),
            year_splits: typed::year_splits(&t.year_splits),
        }
    }

    /// The frame of a page titled `title` under the nav item `current`.
    pub fn layout(&self, current: &str, title: &str, description: &str) -> Layout {
        Layout {
            site_title: self.model.site.title.clone(),
            title: title.to_string(),
            description: description.to_string(),
            links: self.links.clone(),
            nav: self.nav.clone(),
            current: current.to_string(),
            as_of: view::date(self.model.site.as_of),
            page: String::new(),
            abs: crate::render::meta::absolute_links(&self.model.site),
            og_type: "website",
        }
    }

    /// The deal's figures.
    pub fn deal(&self, id: &str) -> &DealFigures {
        &self.deals[id]
    }

    /// The deal's schedule months, in order.
    pub fn months(&self, id: &str) -> &[MonthFigures] {
        self.months.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every deal's schedule months: by deal id, then month (schedule.csv's order).
    pub fn all_months(&self) -> impl Iterator<Item = (&str, &MonthFigures)> {
        self.months
            .iter()
            .flat_map(|(id, ms)| ms.iter().map(move |m| (id.as_str(), m)))
    }

    /// Every deal's calendar years: by deal id, then year (by_year.csv's order).
    pub fn all_years(&self) -> impl Iterator<Item = (&str, &YearFigures)> {
        self.years
            .iter()
            .flat_map(|(id, ys)| ys.iter().map(move |y| (id.as_str(), y)))
    }

    /// The deal's calendar years, in order.
    pub fn years(&self, id: &str) -> &[YearFigures] {
        self.years.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn deal_href(&self, id: &str) -> String {
        self.links.to(&format!("deals/{id}.html"))
    }

    /// The party a buyer or provider name belongs to (parties.yaml), or the name itself.
    pub fn party<'n>(&'n self, name: &'n str) -> &'n str {
        self.model.parties.party(name)
    }

    /// The page of a party, by any of its names: one page per party, its
    /// buying and its selling side by side.
    pub fn party_path(&self, name: &str) -> String {
        format!("parties/{}.html", self.parties.get(self.party(name)))
    }

    pub fn buyer_path(&self, name: &str) -> String {
        self.party_path(name)
    }

    pub fn provider_path(&self, name: &str) -> String {
        self.party_path(name)
    }

    pub fn facility_path(&self, id: &str) -> String {
        format!("facilities/{id}.html")
    }

    /// The horizon as "Dec 2029".
    pub fn horizon_label(&self) -> String {
        let (y, m) = self.model.site.horizon;
        super::format::month_label(y, m)
    }

    /// The horizon as "2029-12", comparable with schedule months.
    pub fn horizon_key(&self) -> String {
        let (y, m) = self.model.site.horizon;
        format!("{y:04}-{m:02}")
    }

    /// The deal figures summed over a group (compute::sums): `all`,
    /// `not_binding`, `intermediary` (name ""), or a party's `buyer`,
    /// `buyer_not_binding`, `provider`, `provider_not_binding`. A group
    /// without deals has no sums.
    pub fn sums(&self, dimension: &str, name: &str) -> &GroupSums {
        static NONE: std::sync::OnceLock<GroupSums> = std::sync::OnceLock::new();
        self.sums
            .get(&(dimension.to_string(), name.to_string()))
            .unwrap_or_else(|| NONE.get_or_init(GroupSums::default))
    }

    /// A chart of commitments by year split into series (compute::year_splits):
    /// `all` ("All deals"), a party's `buyer` or `provider` side, or a
    /// `facility` by id. A group without deals has none.
    pub fn year_split(&self, chart: &str, group: &str) -> Option<&YearSplit> {
        self.year_splits
            .get(&(chart.to_string(), group.to_string()))
    }

    /// The withdrawn deals among `deals` (docs/data-format.md section 10.6), listed apart.
    pub fn withdrawn_lines<'d>(
        &self,
        deals: impl IntoIterator<Item = &'d Deal>,
    ) -> Vec<WithdrawnRow> {
        let as_of = self.model.site.as_of;
        deals
            .into_iter()
            .filter(|d| d.is_withdrawn(as_of))
            .map(|d| {
                let withdrawn = d.withdrawn.expect("withdrawn deals have the date");
                // Deals that name this one as replaced, and those this one replaces.
                let mut successors: Vec<(String, String)> = self
                    .model
                    .deals
                    .iter()
                    .filter(|o| {
                        o.related.iter().any(|r| {
                            r.deal == d.id && r.relation == crate::model::Relation::Replaces
                        })
                    })
                    .map(|o| (o.title.clone(), self.deal_href(&o.id)))
                    .collect();
                successors.sort();
                WithdrawnRow {
                    line: self.deal_line(d),
                    kind: d.commitment.noun().to_string(),
                    announced: view::date(d.announced),
                    announced_sort: d.announced.to_string(),
                    withdrawn: view::date(withdrawn),
                    withdrawn_sort: withdrawn.to_string(),
                    reason: d
                        .notes
                        .as_deref()
                        .map(withdrawal_reason)
                        .unwrap_or_default(),
                    replaced_by: successors,
                }
            })
            .collect()
    }

    /// One row of a deals table.
    pub fn deal_line(&self, deal: &Deal) -> DealRow {
        let f = self.deal(&deal.id);
        DealRow {
            href: self.deal_href(&deal.id),
            title: deal.title.clone(),
            buyer: deal.buyer.clone(),
            buyer_href: self.links.to(&self.buyer_path(&deal.buyer)),
            provider: deal.provider.clone(),
            provider_href: self.links.to(&self.provider_path(&deal.provider)),
            status: Badge::status_of(deal, &f.status),
            confidence: Badge::confidence(deal.confidence.as_str()),
            flags: Badge::flags(deal, f),
            start: view::month_of(deal.start),
            start_sort: deal.start.to_string(),
            end: view::month_of(deal.effective_end()),
            end_sort: deal.effective_end().to_string(),
            total: Banded::figure(&f.total),
            power: Banded::figure(&f.power_mw),
            gpus: Banded::compact(&f.gpus),
            per_gpu_hour: Banded::figure_or(&f.per_gpu_hour, "no GPU count reported"),
        }
    }
}

fn nav_item(links: &Links, rel: &str, label: &str, key: &str) -> NavItem {
    NavItem {
        href: links.to(rel),
        label: label.to_string(),
        key: key.to_string(),
    }
}

/// A headline figure: label, value with band, and a line saying what it is.
#[derive(Debug)]
pub struct Tile {
    pub label: String,
    pub value: Banded,
    pub note: String,
}

#[derive(Template)]
#[template(path = "page.html")]
struct MarkdownPage {
    layout: Layout,
    body: String,
}

#[derive(Template)]
#[template(path = "404.html")]
struct NotFoundPage {
    layout: Layout,
}

/// The title of a markdown page: its first `# ` heading, else its slug.
fn page_title(markdown_text: &str, slug: &str) -> String {
    markdown_text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .unwrap_or_else(|| slug.replace('-', " "))
}

/// The settings a markdown page may quote, so that its text follows site.yaml
/// and `--as-of` instead of going stale: `{{as_of}}` 2026-11-15, `{{as_of_long}}`
/// 15 Nov 2026, `{{horizon}}` 2029-12, `{{horizon_long}}` Dec 2029,
/// `{{discount_rate}}` 8%. Other `{{...}}` text is left as written.
pub fn settings(ctx: &Ctx) -> [(&'static str, String); 5] {
    let site = &ctx.model.site;
    [
        ("{{as_of}}", site.as_of.format("%Y-%m-%d").to_string()),
        ("{{as_of_long}}", view::date(site.as_of)),
        ("{{horizon}}", ctx.horizon_key()),
        ("{{horizon_long}}", ctx.horizon_label()),
        (
            "{{discount_rate}}",
            super::format::percent(site.discount_rate),
        ),
    ]
}

fn fill_settings(ctx: &Ctx, text: &str) -> String {
    let mut out = text.to_string();
    for (key, value) in settings(ctx) {
        out = out.replace(key, &value);
    }
    out
}

/// Writes every page and the assets they load.
pub fn render(ctx: &Ctx, files: &mut SiteFiles, put: &super::sink::Put) -> Result<()> {
    let model = ctx.model;
    for (path, bytes) in [
        (
            "style.css",
            &include_bytes!("../../../templates/assets/style.css")[..],
        ),
        (
            "pages.css",
            &include_bytes!("../../../templates/assets/pages.css")[..],
        ),
        (
            "sort.js",
            &include_bytes!("../../../templates/assets/sort.js")[..],
        ),
        (
            "favicon.svg",
            &include_bytes!("../../../templates/assets/favicon.svg")[..],
        ),
    ] {
        files.insert(path.to_string(), bytes.to_vec());
    }

    let t = std::time::Instant::now();
    home::render(ctx, files)?;
    crate::timing::stage("    home", t);
    let t = std::time::Instant::now();
    deal::render(ctx, put)?;
    crate::timing::stage("    deal pages", t);
    let t = std::time::Instant::now();
    compare::render(ctx, files)?;
    party::render(ctx, files)?;
    facility::render(ctx, files)?;
    directory::render(ctx, files)?;
    data::render(ctx, files)?;
    crate::timing::stage("    other pages", t);

    for p in &model.pages {
        let text = fill_settings(ctx, &p.markdown);
        let title = page_title(&text, &p.slug);
        let page = MarkdownPage {
            layout: ctx
                .layout(
                    &format!("page:{}", p.slug),
                    &title,
                    &view::plain_text(&text, 160),
                )
                .at(&markdown_page_path(&p.slug)),
            body: markdown::to_html_in_site(&text, ctx.links.base()),
        };
        files.insert(markdown_page_path(&p.slug), page.render()?.into_bytes());
    }

    let not_found = NotFoundPage {
        layout: ctx.layout("", "Page not found", "This page does not exist."),
    };
    files.insert("404.html".into(), not_found.render()?.into_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_pages_never_replace_generated_ones() {
        assert_eq!(markdown_page_path("methodology"), "methodology.html");
        assert_eq!(markdown_page_path("index"), "pages/index.html");
        assert_eq!(markdown_page_path("data"), "pages/data.html");
    }

    #[test]
    fn page_title_is_the_first_heading() {
        assert_eq!(page_title("intro\n# Method\n## x", "m"), "Method");
        assert_eq!(page_title("no heading", "about-us"), "about us");
    }
}
