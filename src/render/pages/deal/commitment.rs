//! The deal page's commitment section (docs/figures.md, What binds): what binds, when it was
//! signed, the right to end it early in words, the earliest exit, what of the
//! remaining value is firm and what is cancellable, related deals both ways,
//! and when the record was last reviewed.

use super::Term;
use crate::model::{Deal, Relation, TerminationBy};
use crate::render::pages::Ctx;
use crate::render::pages::view::{self, Banded};

/// A link between this deal and another, read from either side.
#[derive(Debug)]
pub struct RelatedRow {
    pub text: String,
    pub title: String,
    pub href: String,
}

/// The section's term list and its related deals.
#[derive(Debug)]
pub struct CommitmentView {
    pub terms: Vec<Term>,
    pub related: Vec<RelatedRow>,
    /// Set when the deal may count capacity twice in portfolio sums.
    pub intermediary: Option<String>,
}

/// "either party, 90 days' notice, any time from 1 May 2026".
pub fn termination_words(deal: &Deal) -> Option<String> {
    let t = deal.termination.as_ref()?;
    let who = match t.by {
        TerminationBy::Either => "either party",
        TerminationBy::Buyer => "the buyer",
        TerminationBy::Provider => "the provider",
    };
    let days = |n: u64| crate::count::count(n, "day");
    let notice = if t.notice_days.uncertain {
        format!(
            "{}' notice (range {} to {})",
            days(t.notice_days.base),
            days(t.notice_days.low),
            days(t.notice_days.high)
        )
    } else {
        format!("{}' notice", days(t.notice_days.base))
    };
    let notice = notice.replace("1 day'", "1 day's");
    // A `from` after the start is a lock-in: no notice can be given before it.
    let from = if t.from > deal.start {
        format!(
            "any time from {} (locked in until then)",
            view::date(t.from)
        )
    } else {
        format!("any time from {}", view::date(t.from))
    };
    Some(format!("{who}, {notice}, {from}"))
}

fn relation_words(r: Relation, outgoing: bool) -> &'static str {
    match (r, outgoing) {
        (Relation::Expands, true) => "This deal expands",
        (Relation::Expands, false) => "Expanded by",
        (Relation::Replaces, true) => "This deal replaces",
        (Relation::Replaces, false) => "Replaced by",
        (Relation::Backstops, true) => "This deal backstops",
        (Relation::Backstops, false) => "Backstopped by",
        (Relation::Funds, true) => "This deal funds",
        (Relation::Funds, false) => "Funded by",
    }
}

pub fn view(ctx: &Ctx, deal: &Deal) -> CommitmentView {
    let figures = ctx.deal(&deal.id);
    let as_of = view::date(ctx.model.site.as_of);
    let mut terms = vec![
        Term::new("Commitment", deal.commitment.label()),
        Term::new(
            "Signed",
            deal.signed.map_or("not recorded".to_string(), view::date),
        ),
        Term::new("Announced", view::date(deal.announced)),
    ];
    if let Some(w) = deal.withdrawn {
        let when = if deal.is_withdrawn(ctx.model.site.as_of) {
            format!("{}: counted in no portfolio figure", view::date(w))
        } else {
            format!(
                "{} (after {as_of}, so counted as it stood then)",
                view::date(w)
            )
        };
        terms.push(Term::new("Withdrawn", when));
    }
    terms.extend([Term::new(
        "Termination right",
        termination_words(deal)
            .unwrap_or_else(|| "none recorded: the contract runs to its end".into()),
    )]);
    let exit = &figures.earliest_exit;
    if let Some(exit_day) = exit.base.map(view::date) {
        let (low, high) = (
            exit.low.map(view::date).unwrap_or_default(),
            exit.high.map(view::date).unwrap_or_default(),
        );
        let value = if low != high {
            format!(
                "{exit_day} (range {low} to {high}), if notice were given on {as_of} or as soon after as allowed"
            )
        } else {
            format!("{exit_day}, if notice were given on {as_of} or as soon after as allowed")
        };
        terms.push(Term::new("Earliest exit", value));
    }
    let remaining = Banded::figure(&figures.remaining);
    let firm = Banded::figure(&figures.firm_remaining);
    let cancellable = Banded::figure(&figures.cancellable);
    let mut firm_term = Term::banded("Firm remaining", &firm);
    firm_term.value = format!(
        "{} of {} remaining as of {as_of}",
        firm_term.value, remaining.base.text
    );
    if !deal.binds(ctx.model.site.as_of) {
        // docs/figures.md, What binds: nothing is firm where nothing binds.
        firm_term.value.push_str(": nothing of it binds");
    }
    terms.push(firm_term);
    terms.push(Term::banded("Cancellable on notice", &cancellable));
    terms.push(Term::new(
        "Reviewed",
        deal.reviewed.map_or(
            "never: not yet checked against its sources".to_string(),
            view::date,
        ),
    ));

    let title = |id: &str| {
        ctx.model
            .deals
            .iter()
            .find(|d| d.id == id)
            .map_or(id.to_string(), |d| d.title.clone())
    };
    let mut related: Vec<RelatedRow> = deal
        .related
        .iter()
        .map(|r| RelatedRow {
            text: relation_words(r.relation, true).to_string(),
            title: title(&r.deal),
            href: ctx.deal_href(&r.deal),
        })
        .collect();
    for other in &ctx.model.deals {
        for r in other.related.iter().filter(|r| r.deal == deal.id) {
            related.push(RelatedRow {
                text: relation_words(r.relation, false).to_string(),
                title: other.title.clone(),
                href: ctx.deal_href(&other.id),
            });
        }
    }
    let intermediary = figures.intermediary.then(|| {
        format!(
            "{} also sells compute in another deal tracked here: capacity bought here may be resold there, so sums that add both deals may count the same compute twice.",
            deal.buyer
        )
    });
    CommitmentView {
        terms,
        related,
        intermediary,
    }
}
