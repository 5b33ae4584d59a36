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
