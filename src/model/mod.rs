//! The validated model: raw YAML trees checked against every rule of docs/data-format.md
//! sections 1-6 and 10, and the usage and market tables checked against
//! them (7.3, 7.4). Compute code takes these types only, so it never sees
//! an unchecked value.

mod commitment;
mod records;
pub mod tables;
pub(crate) mod value;

use chrono::NaiveDate;
use std::collections::BTreeMap;

use crate::error::{Diagnostic, Error, Result};
use crate::load::RawData;
pub use value::Range;

/// Report settings (site.yaml).
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub as_of: NaiveDate,
    /// Projections run through the end of this (year, month).
    pub horizon: (i32, u32),
    pub discount_rate: f64,
    /// Where the site is published (`https://host/path/`), for the absolute
    /// URLs of the sitemap, the feed and canonical links when base_url is a
    /// path.
    pub site_url: Option<String>,
    /// The licence of the data and the report (`CC-BY-4.0`), shown on the
    /// data page and in metrics.json.
    pub license: Option<String>,
}

/// One accelerator of gpus.yaml.
#[derive(Debug, Clone)]
pub struct Gpu {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub bf16_dense_tflops: f64,
    pub memory_gb: f64,
    pub power_kw: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub reference: String,
    pub models: Vec<Gpu>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Gpu> {
        self.models.iter().find(|m| m.id == id)
    }

    /// H100-equivalents of one unit of `id` (docs/data-format.md section 7).
    pub fn h100e(&self, id: &str) -> f64 {
        let reference = self
            .get(&self.reference)
            .map_or(f64::NAN, |g| g.bf16_dense_tflops);
        self.get(id)
            .map_or(f64::NAN, |g| g.bf16_dense_tflops / reference)
    }
}

#[derive(Debug, Clone)]
pub struct FleetEntry {
    /// The catalogue id; None when the source gives a count but not the mix
    /// of models (the entry's GPUs count, its H100-equivalents are unknown).
    pub model: Option<String>,
    pub count: Range<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Capacity {
    pub power_mw: Option<Range<f64>>,
    pub gpus: Vec<FleetEntry>,
}

impl Capacity {
    /// The fleet's GPUs at one end of their ranges (`|r| r.base`, `.low`,
    /// `.high`); None when the record lists no GPUs.
    pub fn gpu_count(&self, end: fn(&Range<u64>) -> u64) -> Option<f64> {
        (!self.gpus.is_empty()).then(|| self.gpus.iter().map(|g| end(&g.count) as f64).sum())
    }
}

impl FleetEntry {
    /// The base count in H100-equivalents, `per` being the model's (docs/figures.md, Usage).
    pub fn h100e(&self, per: f64) -> f64 {
        per * self.count.base as f64
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Facility {
    pub id: String,
    pub name: String,
    pub operator: String,
    pub location: Option<String>,
    pub online: Option<NaiveDate>,
    pub capacity: Capacity,
    pub sources: Vec<Source>,
    pub notes: Option<String>,
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    Monthly,
    Annual,
    Total,
}

#[derive(Debug, Clone)]
pub struct RampEntry {
    pub months: u32,
    pub discount: Range<f64>,
}

#[derive(Debug, Clone)]
pub struct Price {
    pub basis: Basis,
    pub amount: Range<f64>,
    pub escalation: Range<f64>,
    pub ramp: Vec<RampEntry>,
}

impl Price {
    /// How many months the ramp's steps last together.
    pub fn ramp_months(&self) -> u32 {
        self.ramp.iter().map(|r| r.months).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Confirmed,
    Reported,
    Estimated,
    Rumored,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Reported => "reported",
            Confidence::Estimated => "estimated",
            Confidence::Rumored => "rumored",
        }
    }
}

/// How far a deal binds its parties (docs/data-format.md section 10.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Commitment {
    #[default]
    Binding,
    LetterOfIntent,
    Option,
    Backstop,
}

impl Commitment {
    pub const ALL: [Commitment; 4] = [
        Commitment::Binding,
        Commitment::LetterOfIntent,
        Commitment::Option,
        Commitment::Backstop,
    ];

    /// The keyword as written in a deal file and exported.
    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Binding => "binding",
            Commitment::LetterOfIntent => "letter_of_intent",
            Commitment::Option => "option",
            Commitment::Backstop => "backstop",
        }
    }

    /// In words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Commitment::Binding => "binding contract",
            Commitment::LetterOfIntent => "letter of intent (not binding)",
            Commitment::Option => "option, not exercised (not binding)",
            Commitment::Backstop => "backstop, contingent (not binding)",
        }
    }

    /// The kind alone, for a sentence: "letter of intent".
    pub fn noun(self) -> &'static str {
        match self {
            Commitment::Binding => "binding contract",
            Commitment::LetterOfIntent => "letter of intent",
            Commitment::Option => "option",
            Commitment::Backstop => "backstop",
        }
    }

    pub fn is_binding(self) -> bool {
        self == Commitment::Binding
    }
}

/// Who may give notice to end a contract early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminationBy {
    Either,
    Buyer,
    Provider,
}

impl TerminationBy {
    pub fn as_str(self) -> &'static str {
        match self {
            TerminationBy::Either => "either",
            TerminationBy::Buyer => "buyer",
            TerminationBy::Provider => "provider",
        }
    }
}

/// A right to end the contract early on notice (docs/data-format.md section 10.6).
#[derive(Debug, Clone)]
pub struct Termination {
    pub by: TerminationBy,
    /// N: days of notice; a range is a band dimension.
    pub notice_days: Range<u64>,
    /// F: the first day notice may be given (the deal's start when not written).
    pub from: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    Expands,
    Replaces,
    Backstops,
    Funds,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Expands => "expands",
            Relation::Replaces => "replaces",
            Relation::Backstops => "backstops",
            Relation::Funds => "funds",
        }
    }
}

/// A link from one deal to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub deal: String,
    pub relation: Relation,
}

/// One company under several names (parties.yaml, docs/data-format.md section 8).
#[derive(Debug, Clone, Default)]
pub struct Parties {
    /// Every name and alias -> the entry's name.
    names: BTreeMap<String, String>,
}

impl Parties {
    pub fn new(entries: &[(String, Vec<String>)]) -> Parties {
        let mut names = BTreeMap::new();
        for (name, aliases) in entries {
            names.insert(name.clone(), name.clone());
            for a in aliases {
                names.insert(a.clone(), name.clone());
            }
        }
        Parties { names }
    }

    /// The party a buyer or provider string belongs to: its entry's name, or itself.
    pub fn party<'a>(&'a self, name: &'a str) -> &'a str {
        self.names.get(name).map_or(name, String::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct Deal {
    pub id: String,
    pub title: String,
    pub buyer: String,
    pub provider: String,
    pub announced: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub terminated: Option<NaiveDate>,
    /// docs/data-format.md section 10.6: the day the parties abandoned the deal.
    pub withdrawn: Option<NaiveDate>,
    /// docs/data-format.md section 10.3: the facilities the deal draws on (distinct, in the
    /// order written); capacity is inherited only from a single one.
    pub facilities: Vec<String>,
    pub price: Price,
    /// The deal's own capacity, or its facility's when the deal has no `capacity` key.
    pub capacity: Capacity,
    pub capacity_from_facility: bool,
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// docs/data-format.md section 10.6: when the contract was signed.
    pub signed: Option<NaiveDate>,
    pub commitment: Commitment,
    pub termination: Option<Termination>,
    pub related: Vec<Related>,
    /// When the record was last checked against its sources.
    pub reviewed: Option<NaiveDate>,
    pub file: String,
}

impl Deal {
    /// min(end, terminated).
    pub fn effective_end(&self) -> NaiveDate {
        self.terminated.map_or(self.end, |t| t.min(self.end))
    }

    /// Whether the deal was withdrawn on or before `as_of` (docs/data-format.md section 10.6).
    pub fn is_withdrawn(&self, as_of: NaiveDate) -> bool {
        self.withdrawn.is_some_and(|w| w <= as_of)
    }

    /// Where the deal counts at `as_of` (docs/figures.md, What binds, 12.2, 12.4).
    pub fn standing(&self, as_of: NaiveDate) -> Standing {
        if self.is_withdrawn(as_of) {
            Standing::Withdrawn
        } else if self.commitment.is_binding() {
            Standing::Binding
        } else {
            Standing::NotBinding
        }
    }

    /// Whether anything of the deal binds at `as_of` (docs/figures.md, What binds): a
    /// binding contract that was not withdrawn. Only such a deal has a
    /// firm value.
    pub fn binds(&self, as_of: NaiveDate) -> bool {
        self.standing(as_of) == Standing::Binding
    }
}

/// How a deal counts in the portfolio at as_of: every sum of deals counts
/// the binding ones; the not binding are shown beside them; a withdrawn deal
/// is in no sum (docs/figures.md, What binds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Binding,
    NotBinding,
    Withdrawn,
}

impl Standing {
    /// The keyword used in the computed frames.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Binding => "binding",
            Standing::NotBinding => "not_binding",
            Standing::Withdrawn => "withdrawn",
        }
    }
}

/// An extra page from pages/*.md.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub markdown: String,
}

/// Everything a run computes from, checked.
#[derive(Debug)]
pub struct Model {
    pub site: Site,
    pub catalogue: Catalogue,
    pub facilities: BTreeMap<String, Facility>,
    /// Sorted by id.
    pub deals: Vec<Deal>,
    pub parties: Parties,
    pub pages: Vec<Page>,
    pub tables: tables::Tables,
}

/// Settings from the command line that override the data.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub as_of: Option<NaiveDate>,
    pub base_url: Option<String>,
}

impl Model {
    /// Checks every rule of docs/data-format.md; returns every error found.
    pub fn from_raw(raw: RawData, overrides: &Overrides) -> Result<Model> {
        let mut errors: Vec<Diagnostic> = raw.errors;
        let model = records::build(raw.files, raw.tables, raw.pages, overrides, &mut errors);
        if !errors.is_empty() {
            errors.sort();
            errors.dedup();
            return Err(Error::Data(errors));
        }
        Ok(model.expect("a model exists whenever no error was recorded"))
    }
}
