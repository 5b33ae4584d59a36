//! The rows of a deals table (templates/deals_table.html and
//! withdrawn_table.html), which most pages show: a deal's badges and its
//! line, and what became of a withdrawn one.

use super::view::{self, Banded};
use crate::model::Deal;
use crate::render::typed::DealFigures;

/// A status or confidence badge: its word, CSS class and what it means.
#[derive(Debug, Clone)]
pub struct Badge {
    pub word: String,
    pub class: String,
    pub meaning: String,
}

impl Badge {
    /// docs/data-format.md section 10: status is derived from the dates and as_of.
    pub fn status(word: &str) -> Badge {
        let meaning = match word {
            "upcoming" => "service starts after the as-of date",
            "active" => "in service on the as-of date",
            "ended" => "service ended before the as-of date",
            "terminated" => "terminated on or before the as-of date",
            "withdrawn" => "abandoned on or before the as-of date: in no portfolio figure",
            _ => "",
        };
        Badge {
            word: word.to_string(),
            class: format!("status-{word}"),
            meaning: meaning.to_string(),
        }
    }

    /// [`Badge::status`] of a deal: one that does not bind is not "active"
    /// within its dates (a letter of intent runs nothing), it is "in term".
    pub fn status_of(deal: &Deal, word: &str) -> Badge {
        if word == "active" && !deal.commitment.is_binding() {
            return Badge {
                word: "in term".to_string(),
                class: "status-in-term".to_string(),
                meaning: format!(
                    "within its dates on the as-of date, but a {} binds nothing",
                    deal.commitment.as_str().replace('_', " ")
                ),
            };
        }
        Badge::status(word)
    }

    pub fn confidence(word: &str) -> Badge {
        let meaning = match word {
            "confirmed" => "disclosed by a party to the deal or in a filing",
            "reported" => "reported by the press, not confirmed by the parties",
            "estimated" => "estimated from partial reporting",
            "rumored" => "unconfirmed reports",
            _ => "",
        };
        Badge {
            word: word.to_string(),
            class: format!("badge-{word}"),
            meaning: format!("Confidence: {meaning}"),
        }
    }

    /// docs/figures.md, What binds: flags for a deal that portfolio sums leave out (not
    /// binding) or may count twice (intermediary).
    pub fn flags(deal: &Deal, figures: &DealFigures) -> Vec<Badge> {
        let mut out = Vec::new();
        if !deal.commitment.is_binding() {
            out.push(Badge {
                word: deal.commitment.as_str().replace('_', " "),
                class: "badge-not-binding".into(),
                meaning: "Not binding: shown beside the portfolio sums, never added in".into(),
            });
        }
        if figures.intermediary {
            out.push(Badge {
                word: "may count twice".into(),
                class: "badge-intermediary".into(),
                meaning: "Intermediary: the buyer also sells compute in another deal here, so sums may count the same capacity twice".into(),
            });
        }
        out
    }
}

/// One row of a deals table (templates/deals_table.html).
pub struct DealRow {
    pub href: String,
    pub title: String,
    pub buyer: String,
    pub buyer_href: String,
    pub provider: String,
    pub provider_href: String,
    pub status: Badge,
    pub confidence: Badge,
    /// Not binding, may count twice (docs/figures.md, What binds); usually none.
    pub flags: Vec<Badge>,
    /// The first and last month of service, "May 2026".
    pub start: String,
    /// The first and last day, YYYY-MM-DD, for sorting and hover.
    pub start_sort: String,
    pub end: String,
    pub end_sort: String,
    pub total: Banded,
    pub power: Banded,
    pub gpus: Banded,
    pub per_gpu_hour: Banded,
}

/// One row of a table of withdrawn deals (templates/withdrawn_table.html).
pub struct WithdrawnRow {
    pub line: DealRow,
    /// What kind of commitment was announced, in words.
    pub kind: String,
    pub announced: String,
    pub announced_sort: String,
    pub withdrawn: String,
    pub withdrawn_sort: String,
    /// What became of it, from the notes.
    pub reason: String,
    /// (title, href) of the deals recorded as replacing it.
    pub replaced_by: Vec<(String, String)>,
}

/// What became of a withdrawn deal, in a sentence or two from its notes: the
/// first paragraph that speaks of the withdrawal, else the first one.
pub(crate) fn withdrawal_reason(notes: &str) -> String {
    let paragraphs: Vec<&str> = notes
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let speaks = |p: &&&str| {
        let p = p.to_lowercase();
        ["withdrawn", "abandoned", "replaced", "collapsed"]
            .iter()
            .any(|w| p.contains(w))
    };
    let pick = paragraphs
        .iter()
        .find(speaks)
        .or(paragraphs.first())
        .copied()
        .unwrap_or("");
    view::plain_text(pick, 280)
}
