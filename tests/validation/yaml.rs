//! SPEC.md section 1: the data directory and the YAML rules every file follows
//! (unknown and duplicate keys, merge keys, one document, no empty files,
//! bounded aliases, ids and file names, the size limit).

use super::Case;

// ------------------------------------------------------------ unknown keys

#[test]
fn unknown_key_at_the_top_level_of_a_deal() {
    Case::invalid("unknown-key-top-level").fails(&[
        "deals/alpha.yaml:25:1: `currency`: expected a key of a deal (id, title, buyer, provider, announced, start, end, terminated, withdrawn, facility, price, capacity, sources, confidence, tags, notes, signed, commitment, termination, related, reviewed), found the unknown key `currency`",
    ]);
}

/// A key one or two letters off a known one is a typo: the error names the
/// key that was meant, as cargo and clap do.
#[test]
fn unknown_key_near_a_known_one_suggests_it() {
    let alpha = std::fs::read_to_string("tests/fixtures/valid/deals/alpha.yaml").unwrap();
    let text = alpha.replacen("buyer: Alpha Labs", "buyr: Alpha Labs", 1);
    Case::base().with_file("deals/alpha.yaml", &text).fails(&[
        "deals/alpha.yaml:1:1: `buyer`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:3:1: `buyr`: expected a key of a deal (id, title, buyer, provider, announced, start, end, terminated, withdrawn, facility, price, capacity, sources, confidence, tags, notes, signed, commitment, termination, related, reviewed), found the unknown key `buyr`; did you mean `buyer`?",
    ]);
}

#[test]
fn unknown_key_in_price() {
    Case::invalid("unknown-key-price").fails(&[
        "deals/alpha.yaml:11:3: `price.currency`: expected a key of `price` (monthly, annual, total, escalation, ramp), found the unknown key `currency`",
    ]);
}

#[test]
fn unknown_key_in_capacity() {
    Case::invalid("unknown-key-capacity").fails(&[
        "deals/alpha.yaml:16:3: `capacity.racks`: expected a key of `capacity` (power_mw, gpus), found the unknown key `racks`",
    ]);
}

#[test]
fn unknown_key_in_a_ramp_entry() {
    Case::invalid("unknown-key-ramp-entry").fails(&[
        "deals/alpha.yaml:14:7: `price.ramp[0].reason`: expected a key of `price.ramp[0]` (months, discount), found the unknown key `reason`",
    ]);
}

#[test]
fn unknown_key_in_a_source() {
    Case::invalid("unknown-key-source").fails(&[
        "deals/alpha.yaml:23:5: `sources[0].author`: expected a key of `sources[0]` (title, url, publisher, date), found the unknown key `author`",
    ]);
}

#[test]
fn unknown_key_in_a_fleet_entry() {
    Case::invalid("unknown-key-fleet-entry").fails(&[
        "deals/alpha.yaml:19:7: `capacity.gpus[0].generation`: expected a key of `capacity.gpus[0]` (model, count), found the unknown key `generation`",
    ]);
}

#[test]
fn unknown_key_in_a_range_mapping() {
    Case::invalid("unknown-key-range").fails(&[
        "deals/alpha.yaml:13:5: `price.monthly.mid`: expected a key of `price.monthly` (low, base, high), found the unknown key `mid`",
    ]);
}

#[test]
fn unknown_key_in_a_facility_range() {
    Case::invalid("unknown-key-facility-range").fails(&[
        "facilities/cluster-a.yaml:9:3: `power_mw.likely`: expected a key of `power_mw` (low, base, high), found the unknown key `likely`",
    ]);
}

#[test]
fn unknown_key_in_a_gpus_yaml_model() {
    Case::invalid("unknown-key-gpus-model").fails(&[
        "gpus.yaml:9:5: `models[0].tdp_watts`: expected a key of `models[0]` (id, name, vendor, bf16_dense_tflops, memory_gb, power_kw), found the unknown key `tdp_watts`",
    ]);
}

#[test]
fn unknown_key_at_the_top_level_of_gpus_yaml() {
    Case::invalid("unknown-key-gpus-top-level").fails(&[
        "gpus.yaml:2:1: `precision`: expected a key of gpus.yaml (reference, models), found the unknown key `precision`",
    ]);
}

#[test]
fn unknown_key_in_site_yaml() {
    Case::invalid("unknown-key-site").fails(&[
        "site.yaml:6:1: `theme`: expected a key of site.yaml (title, description, base_url, as_of, horizon, discount_rate, site_url, license), found the unknown key `theme`",
    ]);
}

#[test]
fn unknown_key_in_a_facility() {
    Case::invalid("unknown-key-facility").fails(&[
        "facilities/cluster-a.yaml:4:1: `owner`: expected a key of a facility (id, name, operator, location, power_mw, gpus, online, sources, notes), found the unknown key `owner`",
    ]);
}

// ------------------------------------------------------------ YAML structure

// Guards the wording: serde-saphyr's own message advised "set
// DuplicateKeyPolicy in Options", an API hint meant for programmers.
#[test]
fn duplicate_key() {
    Case::invalid("duplicate-key").fails(&[
        "deals/alpha.yaml:25:1: `title`: expected each key at most once in a mapping, found `title` again",
    ]);
}

#[test]
fn duplicate_key_in_a_nested_mapping() {
    Case::invalid("duplicate-key-nested").fails(&[
        "deals/alpha.yaml:11:3: `monthly`: expected each key at most once in a mapping, found `monthly` again",
    ]);
}

#[test]
fn merge_key() {
    Case::invalid("merge-key").fails(&[
        "deals/alpha.yaml:28:3: `<<`: expected no merge keys (write the keys out in full), found a merge key",
    ]);
}

// Guards the wording and the place: the parser's message named its
// `from_str_multiple` API, and pointed below the `---` line.
#[test]
fn second_yaml_document() {
    Case::invalid("second-document").fails(&[
        "deals/alpha.yaml:27:1: expected one YAML document per file, found a second document",
    ]);
}

// Guards the column: an empty file was reported as `alpha.yaml:1:` without one.
#[test]
fn empty_file() {
    Case::invalid("empty-file").fails(&[
        "deals/alpha.yaml:1:1: expected a mapping, found an empty document (the file is empty, null or holds only comments)",
    ]);
}

#[test]
fn comment_only_file() {
    Case::invalid("comment-only-file").fails(&[
        "deals/alpha.yaml:1:1: expected a mapping, found an empty document (the file is empty, null or holds only comments)",
    ]);
}

#[test]
fn a_list_instead_of_a_mapping() {
    Case::invalid("not-a-mapping")
        .fails(&["deals/alpha.yaml:1:1: deal: expected a mapping, found a list"]);
}

#[test]
fn yaml_syntax_error() {
    // `tags: [lease` is never closed; the parser notices at the next `key:`.
    Case::invalid("yaml-syntax-error")
        .fails(&["deals/alpha.yaml:26:6: invalid YAML: illegal placement of ':' indicator"]);
}

/// A hostile file nests mappings 100 deep: refused with a message (the tree is
/// built recursively, so this must not reach a stack overflow).
#[test]
fn nesting_deeper_than_64() {
    let mut text = String::from("id: alpha\nnotes:\n");
    for depth in 1..=100 {
        text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    Case::base().with_file("deals/alpha.yaml", &text).fails(&[
        "deals/alpha.yaml:66:129: expected lists and mappings nested at most 64 deep, found 65 levels",
    ]);
}

// ------------------------------------------------------------ aliases

/// Ten levels of ten aliases each would expand to 10^10 nodes. Expanding them
/// would not finish: the harness kills a child after its time limit
/// (`common::CHILD_TIME_LIMIT`), so a missing budget fails this test rather
/// than stalling the suite. No wall-time assertion: a loaded machine is slow.
#[test]
fn alias_bomb_fails_fast() {
    let case = Case::invalid("alias-bomb");
    let run = case.check();
    assert_eq!(run.code, 1);
    case.fails(&[
        "deals/alpha.yaml:7:14: expected aliases to expand to at most 100000 nodes, found more (nested aliases multiply: a \"billion laughs\")",
    ]);
}

#[test]
fn aliases_within_the_budget_are_allowed() {
    Case::accepted("aliases-allowed").passes();
}

// ------------------------------------------------------------ files and ids

#[test]
fn yml_extension_in_deals() {
    Case::invalid("yml-extension")
        .fails(&["deals/gamma.yml: expected the extension .yaml, found .yml (rename the file)"]);
}

#[test]
fn yml_extension_in_facilities() {
    Case::invalid("yml-extension-facility").fails(&[
        "facilities/cluster-b.yml: expected the extension .yaml, found .yml (rename the file)",
    ]);
}

#[test]
fn other_files_in_deals_are_ignored() {
    Case::accepted("other-files-ignored").passes();
}

#[test]
fn id_not_matching_the_file_stem() {
    Case::invalid("id-not-file-stem").fails(&[
        "deals/alpha.yaml:1:5: `id`: expected \"alpha\" (the file name without .yaml), found \"alpha-labs\"",
    ]);
}

#[test]
fn id_with_a_path() {
    Case::invalid("id-path-traversal").fails(&[
        "deals/alpha.yaml:1:5: `id`: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"../../evil\"",
    ]);
}

#[test]
fn id_in_upper_case() {
    Case::invalid("id-upper-case").fails(&[
        "deals/alpha.yaml:1:5: `id`: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"Alpha\"",
    ]);
}

#[test]
fn id_longer_than_64() {
    Case::invalid("id-too-long").fails(&[
        "deals/alpha.yaml:1:5: `id`: expected an id of lower-case letters, digits and '-' (at most 64, starting with a letter or digit), found \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
    ]);
}

// Guards the advice: with `id: gamma` in Gamma.yaml the error used to ask
// for `id: Gamma`, which the id rule then refuses; the file must be renamed.
#[test]
fn file_name_that_is_not_an_id() {
    Case::invalid("file-name-not-an-id").fails(&[
        "deals/Gamma.yaml:1:5: `id`: expected a file named after the id (gamma.yaml), found Gamma.yaml, whose name is not an id (rename the file)",
    ]);
}

/// A file of 8 MiB is read; one byte more is refused before it is parsed.
#[test]
fn file_over_8_mib() {
    let limit = 8 * 1024 * 1024;
    let alpha = std::fs::read_to_string(Case::base().path().join("deals/alpha.yaml")).unwrap();
    let head = alpha.replace("notes: A plain monthly deal.\n", "notes: ");
    let padded = |len: usize| format!("{head}{}\n", "x".repeat(len - head.len() - 1));

    Case::base()
        .with_file("deals/alpha.yaml", &padded(limit))
        .passes();
    Case::base()
        .with_file("deals/alpha.yaml", &padded(limit + 1))
        .fails(&[
            "deals/alpha.yaml: expected a file of at most 8388608 bytes (8 MiB), found 8388609 bytes",
        ]);
}
