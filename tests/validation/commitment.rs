//! SPEC.md section 10.1 and 10.3: the commitment keys of a deal and
//! parties.yaml, one case per rule, each with its exact error.

use super::Case;

#[test]
fn commitment_keys_accepted() {
    // Every v2 key at once, a notice range among them, and a parties.yaml.
    Case::accepted("commitment-keys").passes();
}

#[test]
fn unknown_key_in_termination() {
    Case::invalid("unknown-key-termination").fails(&[
        "deals/alpha.yaml:30:3: `termination.notice`: expected a key of `termination` (by, notice_days, from), found the unknown key `notice`",
    ]);
}

#[test]
fn unknown_key_in_a_related_entry() {
    Case::invalid("unknown-key-related-entry").fails(&[
        "deals/alpha.yaml:30:5: `related[0].note`: expected a key of `related[0]` (deal, relation), found the unknown key `note`",
    ]);
}

#[test]
fn commitment_not_in_enum() {
    Case::invalid("commitment-not-in-enum").fails(&[
        "deals/alpha.yaml:27:13: `commitment`: expected binding, letter_of_intent, option or backstop, found \"loi\"",
    ]);
}

#[test]
fn termination_by_not_in_enum() {
    Case::invalid("termination-by-not-in-enum").fails(&[
        "deals/alpha.yaml:28:7: `termination.by`: expected either, buyer or provider, found \"both\"",
    ]);
}

/// `by` and `notice_days` are required; the error points at the `termination` mapping.
#[test]
fn termination_missing_by_and_notice() {
    Case::invalid("termination-missing-required").fails(&[
        "deals/alpha.yaml:28:3: `termination.by`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:28:3: `termination.notice_days`: expected a value (the key is required), found no such key",
    ]);
}

/// notice_days < 1, here the low end of a range.
#[test]
fn notice_days_below_one() {
    Case::invalid("notice-days-zero").fails(&[
        "deals/alpha.yaml:29:22: `termination.notice_days.low`: expected a whole number >= 1, found `0`",
    ]);
}

#[test]
fn relation_not_in_enum() {
    Case::invalid("relation-not-in-enum").fails(&[
        "deals/alpha.yaml:29:15: `related[0].relation`: expected expands, replaces, backstops or funds, found \"amends\"",
    ]);
}

#[test]
fn related_to_an_unknown_deal() {
    Case::invalid("related-unknown-deal").fails(&[
        "deals/alpha.yaml:28:11: `related[0].deal`: expected the id of a file in deals/, found \"gamma\"",
    ]);
}

#[test]
fn related_to_itself() {
    Case::invalid("related-to-itself").fails(&[
        "deals/alpha.yaml:28:11: `related[0].deal`: expected the id of another deal, found this deal's own id \"alpha\"",
    ]);
}

/// The same deal under two relations is fine; the same (deal, relation) twice is not.
#[test]
fn related_twice() {
    Case::invalid("related-twice").fails(&[
        "deals/alpha.yaml:32:5: `related[2]`: expected each (deal, relation) once, found beta expands again (also `related[0]`)",
    ]);
}

#[test]
fn signed_after_end() {
    Case::invalid("signed-after-end").fails(&[
        "deals/alpha.yaml:27:9: `signed`: expected a date on or before `end` (2027-12-31), found 2028-01-05",
    ]);
}

/// A string twice in parties.yaml, as an alias of two entries and as a name after an alias.
#[test]
fn parties_string_named_twice() {
    Case::invalid("parties-named-twice").fails(&[
        "parties.yaml:5:22: `parties[1].aliases[1]`: expected a name written once in parties.yaml, found \"Provider Cloud\" again (also `parties[0].aliases[0]`)",
        "parties.yaml:6:11: `parties[2].name`: expected a name written once in parties.yaml, found \"Alpha\" again (also `parties[1].aliases[0]`)",
    ]);
}

#[test]
fn unknown_key_in_a_parties_entry() {
    Case::invalid("unknown-key-parties-entry").fails(&[
        "parties.yaml:3:5: `parties[0].alias`: expected a key of `parties[0]` (name, aliases), found the unknown key `alias`",
    ]);
}

#[test]
fn unknown_key_in_parties_yaml() {
    Case::invalid("unknown-key-parties-top-level").fails(&[
        "parties.yaml:4:1: `names`: expected a key of parties.yaml (parties), found the unknown key `names`",
    ]);
}

// ---- SPEC.md section 12: `withdrawn` and a list of facilities ----

/// tests/fixtures/valid/deals/alpha.yaml with `extra` lines appended (line 27 on).
fn alpha_with(extra: &str) -> Case {
    let alpha = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/deals/alpha.yaml"),
    )
    .expect("the valid alpha deal");
    Case::base().with_file("deals/alpha.yaml", &format!("{alpha}{extra}"))
}

#[test]
fn withdrawn_before_announced() {
    alpha_with("withdrawn: 2025-11-30\n").fails(&[
        "deals/alpha.yaml:27:12: `withdrawn`: expected a date on or after `announced` (2025-12-01), found 2025-11-30",
    ]);
}

#[test]
fn withdrawn_together_with_terminated() {
    alpha_with("terminated: 2026-06-30\nwithdrawn: 2026-02-01\n").fails(&[
        "deals/alpha.yaml:28:12: `withdrawn`: expected either `withdrawn` (a deal abandoned before it ran) or `terminated` (a contract that ran and ended early), found both",
    ]);
}

#[test]
fn withdrawn_is_a_date() {
    alpha_with("withdrawn: soon\n").fails(&[
        "deals/alpha.yaml:27:12: `withdrawn`: expected a date written YYYY-MM-DD, found \"soon\"",
    ]);
}

#[test]
fn facility_list_with_an_unknown_id_names_the_known_ones() {
    alpha_with("facility: [cluster-a, cluster-b]\n").fails(&[
        "deals/alpha.yaml:27:23: `facility[1]`: expected the id of a file in facilities/ (cluster-a), found \"cluster-b\"",
    ]);
}

#[test]
fn facility_list_names_an_id_twice() {
    alpha_with("facility:\n  - cluster-a\n  - cluster-a\n").fails(&[
        "deals/alpha.yaml:29:5: `facility[1]`: expected each facility once, found \"cluster-a\" again (also `facility[0]`)",
    ]);
}

#[test]
fn facility_list_empty() {
    alpha_with("facility: []\n").fails(&[
        "deals/alpha.yaml:27:11: `facility`: expected a facility id or a list of at least one, found an empty list",
    ]);
}

/// Capacity is never inherited from several facilities.
#[test]
fn two_facilities_without_own_capacity() {
    let beta = "id: beta\ntitle: Beta\nbuyer: B\nprovider: P\nannounced: 2026-01-01\n\
                start: 2026-01-01\nend: 2026-12-31\nfacility: [cluster-a, cluster-b]\n\
                price:\n  monthly: 1000\nsources:\n  - title: S\n    url: https://example.com/s\n";
    Case::base()
        .with_file(
            "facilities/cluster-b.yaml",
            "id: cluster-b\nname: Cluster B\noperator: P\n",
        )
        .with_file("deals/beta.yaml", beta)
        .fails(&[
            "deals/beta.yaml:8:11: `facility`: expected the deal's own `capacity` because it lists 2 facilities (capacity is inherited from a single facility only), found no `capacity`",
        ]);
}

#[test]
fn a_fleet_entry_without_a_model_is_accepted() {
    let body = "id: beta\ntitle: Beta\nbuyer: B\nprovider: P\nannounced: 2026-01-01\n\
                start: 2026-01-01\nend: 2026-12-31\nfacility: [cluster-a]\nwithdrawn: 2026-02-01\n\
                price:\n  monthly: 1000\ncapacity:\n  gpus:\n    - count: 325000\n\
                sources:\n  - title: S\n    url: https://example.com/s\n";
    Case::base().with_file("deals/beta.yaml", body).passes();
}
