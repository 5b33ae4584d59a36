//! The HTML pages: view structs filled from the figure tables, rendered by
//! askama templates in templates/.

use askama::Template;

use super::export::Tables;
use super::format as fmt;
use super::markdown;
use super::table::{Cell, Table};
use crate::error::Result;
use crate::model::{Deal, Model};
use crate::write::SiteFiles;

/// A figure ready for the page: the text people read and the exact value on hover.
#[derive(Debug, Clone, Default)]
pub struct Fig {
    pub text: String,
    pub exact: String,
    /// For sorting: the raw number, empty when null.
    pub sort: String,
}

impl Fig {
    fn new(value: Option<f64>, f: impl Fn(f64) -> String) -> Fig {
        match value {
            Some(x) => Fig {
                text: f(x),
                exact: fmt::exact(x),
                sort: format!("{x}"),
            },
            None => Fig {
                text: "–".to_string(),
                exact: "not available".to_string(),
                sort: String::new(),
            },
        }
    }
}

/// A banded figure: base, and the low..high range when it differs.
#[derive(Debug, Clone, Default)]
pub struct Banded {
    pub base: Fig,
    pub band: Option<String>,
}

impl Banded {
    fn new(row: &Row, name: &str, f: impl Fn(f64) -> String + Copy) -> Banded {
        let base = Fig::new(row.num(name), f);
        let (low, high) = (
            row.num(&format!("{name}_low")),
            row.num(&format!("{name}_high")),
        );
        let band = match (low, high) {
            (Some(l), Some(h)) if f(l) != f(h) => Some(format!("{} – {}", f(l), f(h))),
            _ => None,
        };
        Banded { base, band }
    }
}

/// One row of a figure table, read by column name.
pub struct Row<'a> {
    table: &'a Table,
    cells: &'a [Cell],
}

impl<'a> Row<'a> {
    fn cell(&self, name: &str) -> &'a Cell {
        let i = self
            .table
            .index(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        &self.cells[i]
    }
    fn num(&self, name: &str) -> Option<f64> {
        self.table.index(name).and_then(|i| self.cells[i].num())
    }
    fn text(&self, name: &str) -> String {
        self.cell(name).text()
    }
}

fn rows(table: &Table) -> impl Iterator<Item = Row<'_>> {
    table.rows.iter().map(move |cells| Row { table, cells })
}

/// Links: every link starts with base_url.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    fn new(base_url: &str) -> Links {
        let base = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        Links { base }
    }
    pub fn to(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }
}

/// What every page shares: site title, navigation.
pub struct Layout {
    pub site_title: String,
    pub links: Links,
    pub pages: Vec<(String, String)>,
    pub as_of: String,
}

pub struct DealRow {
    pub id: String,
    pub href: String,
    pub title: String,
    pub buyer: String,
    pub provider: String,
    pub status: String,
    pub confidence: String,
    pub start: String,
    pub end: String,
    pub total: Banded,
    pub monthly: Fig,
    pub power: Fig,
    pub gpus: Fig,
    pub per_gpu_hour: Banded,
    pub per_mw_month: Fig,
}

pub struct Tile {
    pub label: String,
    pub value: Fig,
    pub band: Option<String>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage<'a> {
    pub layout: &'a Layout,
    pub title: String,
    pub description: String,
    pub tiles: Vec<Tile>,
    pub deals: Vec<DealRow>,
}

pub struct MonthRow {
    pub month: String,
    pub label: String,
    pub active_days: String,
    pub payment: Banded,
    pub cumulative: Fig,
    pub gpu_hours: Fig,
    pub per_gpu_hour: Fig,
    pub used: Fig,
    pub utilization: Fig,
    pub per_used_hour: Fig,
    pub market: Fig,
}

pub struct YearRow {
    pub year: String,
    pub payment: Banded,
}

pub struct FleetRow {
    pub model: String,
    pub name: String,
    pub count: String,
}

pub struct SourceRow {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub date: String,
}

pub struct Term {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "deal.html")]
pub struct DealPage<'a> {
    pub layout: &'a Layout,
    pub row: DealRow,
    pub terms: Vec<Term>,
    pub unit_costs: Vec<Tile>,
    pub years: Vec<YearRow>,
    pub months: Vec<MonthRow>,
    pub fleet: Vec<FleetRow>,
    pub capacity_note: String,
    pub notes: String,
    pub sources: Vec<SourceRow>,
    pub csv_href: String,
}

#[derive(Template)]
#[template(path = "page.html")]
pub struct MarkdownPage<'a> {
    pub layout: &'a Layout,
    pub title: String,
    pub body: String,
}

fn deal_row(row: &Row, deal: &Deal, links: &Links) -> DealRow {
    DealRow {
        id: deal.id.clone(),
        href: links.to(&format!("deals/{}.html", deal.id)),
        title: deal.title.clone(),
        buyer: deal.buyer.clone(),
        provider: deal.provider.clone(),
        status: row.text("status"),
        confidence: deal.confidence.as_str().to_string(),
        start: row.text("start"),
        end: row.text("effective_end"),
        total: Banded::new(row, "total_usd", fmt::usd),
        monthly: Fig::new(row.num("monthly_equiv_usd"), fmt::usd),
        power: Fig::new(row.num("power_mw"), fmt::mw),
        gpus: Fig::new(row.num("gpus"), fmt::count),
        per_gpu_hour: Banded::new(row, "usd_per_gpu_hour", |x| fmt::usd_rate(x, "GPU-hr")),
        per_mw_month: Fig::new(row.num("usd_per_mw_month"), |x| {
            fmt::usd_rate(x, "MW-month")
        }),
    }
}

fn page_title(markdown_text: &str, slug: &str) -> String {
    markdown_text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .unwrap_or_else(|| slug.replace('-', " "))
}

fn month_label(month: &str) -> String {
    let (y, m) = crate::model::value::parse_month(month).unwrap_or((0, 1));
    fmt::month_label(y, m)
}

pub fn render(model: &Model, t: &Tables, files: &mut SiteFiles) -> Result<()> {
    let site = &model.site;
    let links = Links::new(&site.base_url);
    let layout = Layout {
        site_title: site.title.clone(),
        links: links.clone(),
        pages: model
            .pages
            .iter()
            .map(|p| {
                (
                    links.to(&format!("{}.html", p.slug)),
                    page_title(&p.markdown, &p.slug),
                )
            })
            .collect(),
        as_of: site.as_of.format("%Y-%m-%d").to_string(),
    };
    files.insert(
        "style.css".into(),
        include_bytes!("../../templates/assets/style.css").to_vec(),
    );
    files.insert(
        "sort.js".into(),
        include_bytes!("../../templates/assets/sort.js").to_vec(),
    );

    let deal_rows: Vec<DealRow> = rows(&t.deals)
        .zip(&model.deals)
        .map(|(row, deal)| deal_row(&row, deal, &links))
        .collect();
    let total = |c: &str| rows(&t.deals).filter_map(|r| r.num(c)).sum::<f64>();
    let tiles = vec![
        Tile {
            label: "Tracked commitments".into(),
            value: Fig::new(Some(total("total_usd")), fmt::usd),
            band: Some(format!(
                "{} – {}",
                fmt::usd(total("total_usd_low")),
                fmt::usd(total("total_usd_high"))
            )),
            note: format!("{} deals", model.deals.len()),
        },
        Tile {
            label: "Committed through the horizon".into(),
            value: Fig::new(Some(total("within_horizon_usd")), fmt::usd),
            band: None,
            note: format!(
                "through {}",
                fmt::month_label(site.horizon.0, site.horizon.1)
            ),
        },
        Tile {
            label: "Remaining".into(),
            value: Fig::new(Some(total("remaining_usd")), fmt::usd),
            band: None,
            note: format!("as of {}", layout.as_of),
        },
        Tile {
            label: "Contracted power".into(),
            value: Fig::new(Some(total("power_mw")), fmt::mw),
            band: None,
            note: "deals with a reported power figure".into(),
        },
        Tile {
            label: "H100-equivalents".into(),
            value: Fig::new(Some(total("h100e")), fmt::compact_count),
            band: None,
            note: "deals with a reported fleet".into(),
        },
    ];
    let index = IndexPage {
        layout: &layout,
        title: site.title.clone(),
        description: site
            .description
            .as_deref()
            .map(markdown::to_html)
            .unwrap_or_default(),
        tiles,
        deals: deal_rows,
    };
    files.insert("index.html".into(), index.render()?.into_bytes());

    for (row, deal) in rows(&t.deals).zip(&model.deals) {
        let page = deal_page(&layout, &row, deal, model, t)?;
        files.insert(
            format!("deals/{}.html", deal.id),
            page.render()?.into_bytes(),
        );
        // The deal's own schedule as a CSV download.
        let mut own = Table {
            columns: t.schedule.columns.clone(),
            rows: Vec::new(),
        };
        let di = t.schedule.index("deal").expect("deal column");
        own.rows = t
            .schedule
            .rows
            .iter()
            .filter(|r| r[di].text() == deal.id)
            .cloned()
            .collect();
        files.insert(format!("data/schedule/{}.csv", deal.id), own.to_csv());
    }

    for p in &model.pages {
        let page = MarkdownPage {
            layout: &layout,
            title: page_title(&p.markdown, &p.slug),
            body: markdown::to_html(&p.markdown),
        };
        files.insert(format!("{}.html", p.slug), page.render()?.into_bytes());
    }
    Ok(())
}

fn deal_page<'a>(
    layout: &'a Layout,
    row: &Row,
    deal: &Deal,
    model: &Model,
    t: &Tables,
) -> Result<DealPage<'a>> {
    let links = &layout.links;
    let p = &deal.price;
    let amount = |x: f64| fmt::usd(x);
    let range_text = |r: &crate::model::Range<f64>, f: &dyn Fn(f64) -> String| {
        if r.uncertain {
            format!("{} (range {} – {})", f(r.base), f(r.low), f(r.high))
        } else {
            f(r.base)
        }
    };
    let mut terms = vec![
        Term {
            label: "Buyer".into(),
            value: deal.buyer.clone(),
        },
        Term {
            label: "Provider".into(),
            value: deal.provider.clone(),
        },
        Term {
            label: "Announced".into(),
            value: deal.announced.format("%Y-%m-%d").to_string(),
        },
        Term {
            label: "Start".into(),
            value: deal.start.format("%Y-%m-%d").to_string(),
        },
        Term {
            label: "End".into(),
            value: deal.end.format("%Y-%m-%d").to_string(),
        },
    ];
    if let Some(term) = deal.terminated {
        terms.push(Term {
            label: "Terminated".into(),
            value: term.format("%Y-%m-%d").to_string(),
        });
    }
    let (basis, per) = match p.basis {
        crate::model::Basis::Monthly => ("Monthly price", ""),
        crate::model::Basis::Annual => ("Annual price", ""),
        crate::model::Basis::Total => ("Total price", " spread evenly by day"),
    };
    terms.push(Term {
        label: basis.into(),
        value: format!("{}{per}", range_text(&p.amount, &amount)),
    });
    if p.escalation.base > 0.0 || p.escalation.uncertain {
        terms.push(Term {
            label: "Escalation".into(),
            value: range_text(&p.escalation, &|x| fmt::percent(x)) + " a year",
        });
    }
    for (j, r) in p.ramp.iter().enumerate() {
        terms.push(Term {
            label: format!("Ramp {}", j + 1),
            value: format!(
                "{} month{} at a discount of {}",
                r.months,
                if r.months == 1 { "" } else { "s" },
                range_text(&r.discount, &|x| fmt::percent(x))
            ),
        });
    }
    terms.push(Term {
        label: "Term".into(),
        value: format!(
            "{} months ({} days)",
            row.text("term_months"),
            row.text("term_days")
        ),
    });
    if let Some(f) = &deal.facility {
        let name = model
            .facilities
            .get(f)
            .map_or(f.clone(), |x| x.name.clone());
        terms.push(Term {
            label: "Facility".into(),
            value: name,
        });
    }

    let unit_costs = vec![
        Tile {
            label: "Contracted $/GPU-hour".into(),
            value: Fig::new(row.num("usd_per_gpu_hour"), |x| fmt::usd_rate(x, "GPU-hr")),
            band: Banded::new(row, "usd_per_gpu_hour", |x| fmt::usd_rate(x, "GPU-hr")).band,
            note: "total / (GPUs × 24 × days)".into(),
        },
        Tile {
            label: "Realized $/used GPU-hour".into(),
            value: Fig::new(row.num("usd_per_used_gpu_hour"), |x| {
                fmt::usd_rate(x, "GPU-hr")
            }),
            band: Banded::new(row, "usd_per_used_gpu_hour", |x| fmt::usd_rate(x, "GPU-hr")).band,
            note: "months with usage data".into(),
        },
        Tile {
            label: "Market value of the fleet".into(),
            value: Fig::new(row.num("market_usd"), fmt::usd),
            band: Banded::new(row, "market_usd", fmt::usd).band,
            note: "premium over market: ".to_string()
                + &Fig::new(row.num("market_premium"), fmt::percent).text,
        },
        Tile {
            label: "$/H100e-hour".into(),
            value: Fig::new(row.num("usd_per_h100e_hour"), |x| {
                fmt::usd_rate(x, "H100e-hr")
            }),
            band: Banded::new(row, "usd_per_h100e_hour", |x| fmt::usd_rate(x, "H100e-hr")).band,
            note: "H100-equivalents by BF16 dense TFLOPS".into(),
        },
        Tile {
            label: "$/MW-month".into(),
            value: Fig::new(row.num("usd_per_mw_month"), |x| {
                fmt::usd_rate(x, "MW-month")
            }),
            band: Banded::new(row, "usd_per_mw_month", |x| fmt::usd_rate(x, "MW-month")).band,
            note: "monthly equivalent / MW".into(),
        },
    ];

    let years = rows(&t.by_year)
        .filter(|r| r.text("deal") == deal.id)
        .map(|r| YearRow {
            year: r.text("year"),
            payment: Banded::new(&r, "payment_usd", fmt::usd),
        })
        .collect();
    let months = rows(&t.schedule)
        .filter(|r| r.text("deal") == deal.id)
        .map(|r| MonthRow {
            label: month_label(&r.text("month")),
            month: r.text("month"),
            active_days: r.text("active_days"),
            payment: Banded::new(&r, "payment_usd", fmt::usd),
            cumulative: Fig::new(r.num("cumulative_usd"), fmt::usd),
            gpu_hours: Fig::new(r.num("contracted_gpu_hours"), fmt::compact_count),
            per_gpu_hour: Fig::new(r.num("usd_per_gpu_hour"), |x| fmt::usd_rate(x, "GPU-hr")),
            used: Fig::new(r.num("used_gpu_hours"), fmt::compact_count),
            utilization: Fig::new(r.num("utilization"), fmt::percent),
            per_used_hour: Fig::new(r.num("usd_per_used_gpu_hour"), |x| {
                fmt::usd_rate(x, "GPU-hr")
            }),
            market: Fig::new(r.num("market_usd"), fmt::usd),
        })
        .collect();
    let fleet = deal
        .capacity
        .gpus
        .iter()
        .map(|g| FleetRow {
            model: g.model.clone(),
            name: model
                .catalogue
                .get(&g.model)
                .map_or(String::new(), |m| m.name.clone()),
            count: if g.count.uncertain {
                format!(
                    "{} ({} – {})",
                    fmt::count(g.count.base as f64),
                    fmt::count(g.count.low as f64),
                    fmt::count(g.count.high as f64)
                )
            } else {
                fmt::count(g.count.base as f64)
            },
        })
        .collect();
    let capacity_note = match (&deal.facility, deal.capacity_from_facility) {
        (Some(f), true) => format!("Capacity as reported for the facility {f}."),
        _ => String::new(),
    };
    Ok(DealPage {
        layout,
        row: deal_row(row, deal, links),
        terms,
        unit_costs,
        years,
        months,
        fleet,
        capacity_note,
        notes: deal
            .notes
            .as_deref()
            .map(markdown::to_html)
            .unwrap_or_default(),
        sources: deal
            .sources
            .iter()
            .map(|s| SourceRow {
                title: s.title.clone(),
                url: s.url.clone(),
                publisher: s.publisher.clone().unwrap_or_default(),
                date: s
                    .date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        csv_href: links.to(&format!("data/schedule/{}.csv", deal.id)),
    })
}
