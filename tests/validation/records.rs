//! SPEC.md sections 3-6: the rules of site.yaml, gpus.yaml, facilities and
//! deals, and a run with errors in several files reporting all of them.

use super::{Case, assert_output};
use crate::common::Dealbook;

// ------------------------------------------------------------ site.yaml

// Guards the wording of every missing key: it used to be "site.yaml: missing
// required key `title`", which says neither what was expected nor found.
#[test]
fn site_missing_title_and_as_of() {
    Case::invalid("site-missing-required").fails(&[
        "site.yaml:1:1: `as_of`: expected a value (the key is required), found no such key",
        "site.yaml:1:1: `title`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn site_title_null_is_missing() {
    Case::invalid("site-null-title").fails(&[
        "site.yaml:1:1: `title`: expected a value (the key is required), found nothing (null)",
    ]);
}

#[test]
fn site_as_of_not_a_date() {
    Case::invalid("site-as-of-bad").fails(&[
        "site.yaml:3:8: `as_of`: expected a date written YYYY-MM-DD, found \"March 2026\"",
    ]);
}

/// `--as-of` overrides `as_of`, which is still required.
#[test]
fn site_as_of_required_even_with_the_flag() {
    let case = Case::invalid("site-as-of-missing");
    let run = Dealbook::new()
        .args(["check", "--as-of", "2026-03-10", "--data"])
        .arg(case.path())
        .run();
    let expected = case.stderr(&[
        "site.yaml:1:1: `as_of`: expected a value (the key is required), found no such key",
    ]);
    assert_output(&run, 1, &expected, "check --as-of");
}

#[test]
fn site_yaml_missing() {
    Case::base()
        .without("site.yaml")
        .fails(&["site.yaml: expected the report settings file site.yaml, found no such file"]);
}

// ------------------------------------------------------------ gpus.yaml

// Guards that every error of a model is reported: the model's fields were
// read in a chain that stopped at the first bad one.
#[test]
fn gpus_model_missing_fields() {
    Case::invalid("gpus-model-missing-fields").fails(&[
        "gpus.yaml:9:5: `models[1].bf16_dense_tflops`: expected a value (the key is required), found no such key",
        "gpus.yaml:9:5: `models[1].name`: expected a value (the key is required), found no such key",
        "gpus.yaml:9:5: `models[1].vendor`: expected a value (the key is required), found no such key",
    ]);
}

// Guards the same bug: after `bf16_dense_tflops: 0`, the bad `memory_gb` and
// `power_kw` of that model went unreported.
#[test]
fn gpus_model_bad_values() {
    Case::invalid("gpus-model-bad-values").fails(&[
        "gpus.yaml:6:24: `models[0].bf16_dense_tflops`: expected a number > 0, found `0`",
        "gpus.yaml:7:16: `models[0].memory_gb`: expected a number >= 0, found `-80`",
        "gpus.yaml:8:15: `models[0].power_kw`: expected a number (numbers must not be quoted), found the quoted string \"0.7\"",
    ]);
}

// Guards two cascades: a missing `models` also reported the reference as
// unlisted, and an empty catalogue made every deal's model unknown.
#[test]
fn gpus_models_missing() {
    Case::invalid("gpus-models-missing").fails(&[
        "gpus.yaml:1:1: `models`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn gpus_duplicate_model_id() {
    Case::invalid("gpus-duplicate-id").fails(&[
        "gpus.yaml:9:9: `models[1].id`: expected a unique model id, found \"H100\" again (also `models[0]`)",
    ]);
}

#[test]
fn gpus_reference_not_listed() {
    Case::invalid("gpus-reference-not-listed").fails(&[
        "gpus.yaml:1:12: `reference`: expected one of the listed models (H100, GB200), found \"A100\"",
    ]);
}

#[test]
fn gpus_default_reference_not_listed() {
    Case::invalid("gpus-default-reference-not-listed").fails(&[
        "gpus.yaml:1:1: `reference` (default H100): expected one of the listed models (H100-SXM, GB200), found \"H100\"",
    ]);
}

// Guards the path: it was made by replacing "deals" in the deals folder's
// path, which also rewrote a data directory named e.g. `old-deals`.
#[test]
fn gpus_yaml_missing_while_gpus_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("old-deals");
    let base = Case::base();
    super::copy_tree(base.path(), &data);
    std::fs::remove_file(data.join("gpus.yaml")).unwrap();
    let run = Dealbook::new().arg("check").arg("--data").arg(&data).run();
    let shown = |rel: &str| data.join(rel).display().to_string();
    let expected = format!(
        "error: {}: expected the accelerator catalogue gpus.yaml because {} lists GPUs, found no such file\n1 error in the data\n",
        shown("gpus.yaml"),
        shown("facilities/cluster-a.yaml")
    );
    assert_output(&run, 1, &expected, "check");
}

#[test]
fn gpus_yaml_not_needed_without_gpus() {
    Case::accepted("no-gpus-no-catalogue")
        .without("gpus.yaml")
        .without("facilities/cluster-a.yaml")
        .without("deals/beta.yaml")
        .passes();
}

// ------------------------------------------------------------ facilities

#[test]
fn facility_missing_name_and_operator() {
    Case::invalid("facility-missing-required").fails(&[
        "facilities/cluster-a.yaml:1:1: `name`: expected a value (the key is required), found no such key",
        "facilities/cluster-a.yaml:1:1: `operator`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn facility_unknown_gpu_model() {
    Case::invalid("facility-unknown-gpu-model").fails(&[
        "facilities/cluster-a.yaml:10:12: `gpus[0].model`: expected a model listed in gpus.yaml (H100, GB200), found \"A100\"",
    ]);
}

#[test]
fn facility_sources_may_be_empty() {
    Case::accepted("facility-sources-may-be-empty").passes();
}

// ------------------------------------------------------------ deals

#[test]
fn deal_missing_every_required_key() {
    Case::invalid("deal-missing-required").fails(&[
        "deals/alpha.yaml:1:1: `announced`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `buyer`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `end`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `id`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `price`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `provider`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `sources`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `start`: expected a value (the key is required), found no such key",
        "deals/alpha.yaml:1:1: `title`: expected a value (the key is required), found no such key",
    ]);
}

// Guards the place: an explicit null is reported at its key (line 2), not at
// the top of the file as if the key were not written.
#[test]
fn deal_title_null_is_missing() {
    Case::invalid("deal-null-title").fails(&[
        "deals/alpha.yaml:2:1: `title`: expected a value (the key is required), found nothing (null)",
    ]);
}

#[test]
fn end_before_start_is_reported_at_end() {
    Case::invalid("end-before-start").fails(&[
        "deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31",
    ]);
}

#[test]
fn terminated_before_start() {
    Case::invalid("terminated-before-start").fails(&[
        "deals/alpha.yaml:8:13: `terminated`: expected a date on or after `start` (2026-01-01), found 2025-12-31",
    ]);
}

#[test]
fn unknown_facility() {
    Case::invalid("unknown-facility").fails(&[
        "deals/alpha.yaml:8:11: `facility`: expected the id of a file in facilities/ (cluster-a), found \"cluster-z\"",
    ]);
}

#[test]
fn unknown_gpu_model_lists_the_known_ids() {
    Case::invalid("unknown-gpu-model").fails(&[
        "deals/alpha.yaml:17:14: `capacity.gpus[0].model`: expected a model listed in gpus.yaml (H100, GB200), found \"A100\"",
    ]);
}

#[test]
fn fleet_entry_without_a_count() {
    Case::invalid("fleet-entry-missing-count").fails(&[
        "deals/alpha.yaml:17:7: `capacity.gpus[0].count`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn tags_not_a_list() {
    Case::invalid("tags-not-a-list")
        .fails(&["deals/alpha.yaml:25:7: `tags`: expected a list, found \"lease\""]);
}

#[test]
fn price_with_monthly_and_annual() {
    Case::invalid("price-two-bases").fails(&[
        "deals/alpha.yaml:10:3: `price`: expected exactly one of `monthly`, `annual` or `total`, found `monthly` and `annual`",
    ]);
}

#[test]
fn price_with_monthly_annual_and_total() {
    Case::invalid("price-three-bases").fails(&[
        "deals/alpha.yaml:10:3: `price`: expected exactly one of `monthly`, `annual` or `total`, found `monthly` and `annual` and `total`",
    ]);
}

#[test]
fn price_without_an_amount() {
    Case::invalid("price-no-basis").fails(&[
        "deals/alpha.yaml:9:3: `price`: expected exactly one of `monthly`, `annual` or `total`, found none",
    ]);
}

#[test]
fn total_with_escalation_zero() {
    Case::invalid("total-with-escalation-zero").fails(&[
        "deals/beta.yaml:11:3: `price.escalation`: expected no `escalation` beside `total` (a total is spread evenly by day), found one",
    ]);
}

#[test]
fn total_with_an_empty_ramp() {
    Case::invalid("total-with-empty-ramp").fails(&[
        "deals/beta.yaml:11:3: `price.ramp`: expected no `ramp` beside `total` (a total is spread evenly by day), found one",
    ]);
}

// Guards the reading of SPEC.md: `escalation: ~` is the key being absent
// (section 1), so `total` accepts it; it used to be refused like `0`.
#[test]
fn total_with_null_escalation_and_ramp_is_accepted() {
    Case::accepted("total-with-null-escalation").passes();
}

#[test]
fn ramp_of_zero_months() {
    Case::invalid("ramp-months-zero").fails(&[
        "deals/alpha.yaml:12:15: `price.ramp[0].months`: expected a whole number >= 1, found `0`",
    ]);
}

#[test]
fn empty_sources() {
    Case::invalid("sources-empty").fails(&[
        "deals/alpha.yaml:19:10: `sources`: expected at least one source, found an empty list",
    ]);
}

#[test]
fn source_without_a_url() {
    Case::invalid("source-missing-url").fails(&[
        "deals/alpha.yaml:20:5: `sources[0].url`: expected a value (the key is required), found no such key",
    ]);
}

#[test]
fn source_url_without_a_host() {
    Case::invalid("source-url-without-host").fails(&[
        "deals/alpha.yaml:21:10: `sources[0].url`: expected an http:// or https:// URL with a host, found \"https://\"",
    ]);
}

#[test]
fn source_url_ftp() {
    Case::invalid("source-url-ftp").fails(&[
        "deals/alpha.yaml:21:10: `sources[0].url`: expected an http:// or https:// URL with a host, found \"ftp://x\"",
    ]);
}

#[test]
fn source_url_javascript() {
    Case::invalid("source-url-javascript").fails(&[
        "deals/alpha.yaml:21:10: `sources[0].url`: expected an http:// or https:// URL with a host, found \"javascript:alert(1)\"",
    ]);
}

#[test]
fn source_url_scheme_in_upper_case_is_accepted() {
    Case::accepted("source-url-upper-case").passes();
}

#[test]
fn confidence_not_in_the_enum() {
    Case::invalid("confidence-not-in-enum").fails(&[
        "deals/alpha.yaml:24:13: `confidence`: expected confirmed, reported, estimated or rumored, found \"likely\"",
    ]);
}

#[test]
fn more_than_ten_uncertain_dimensions() {
    // monthly, escalation, 8 ramp discounts and power_mw: 11 ranges. power_mw is
    // {low: 10, base: 10, high: 10}: a range that does not vary still counts.
    Case::invalid("too-many-dimensions").fails(&[
        "deals/alpha.yaml:1:1: deal: expected at most 10 uncertain inputs ({low, base, high} ranges), found 11",
    ]);
}

#[test]
fn ten_uncertain_dimensions_are_allowed() {
    Case::accepted("ten-dimensions-allowed").passes();
}

#[test]
fn more_than_ten_dimensions_counting_the_facility() {
    // 9 ramp discounts of its own, plus the facility's power_mw and GB200 count.
    Case::invalid("too-many-dimensions-inherited").fails(&[
        "deals/beta.yaml:1:1: deal: expected at most 10 uncertain inputs ({low, base, high} ranges), found 11, 2 of them from facility \"cluster-a\"",
    ]);
}

#[test]
fn no_deals() {
    Case::base()
        .without("deals/alpha.yaml")
        .without("deals/beta.yaml")
        .fails(&["deals: expected at least one deal file (deals/<id>.yaml), found none"]);
}

// Guards a collision: pages/index.md rendered over the home page.
#[test]
fn page_named_index() {
    Case::invalid("page-named-index").fails(&[
        "pages/index.md: expected a page name other than index (the home page is index.html), found index.md",
    ]);
}

// ------------------------------------------------------------ several errors

// Guards two false reports: gpus.yaml with a YAML error was also reported as
// missing, and facilities/cluster-a.yaml with a bad count made beta's
// `facility: cluster-a` an unknown facility (here beta names cluster-b, which
// really is unknown).
#[test]
fn every_error_of_every_file_is_reported() {
    Case::invalid("several-files").fails(&[
        "deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31",
        "deals/alpha.yaml:9:12: `price.monthly`: expected an amount in USD >= 0 (a number, or a string such as \"1.25B\", \"$40B\", \"750M\", \"12.5K\"), found the quoted string \"1,000,000\"",
        "deals/alpha.yaml:21:10: `sources[0].url`: expected an http:// or https:// URL with a host, found \"example.com/alpha\"",
        "deals/beta.yaml:8:11: `facility`: expected the id of a file in facilities/ (cluster-a), found \"cluster-b\"",
        "deals/gamma.yml: expected the extension .yaml, found .yml (rename the file)",
        "facilities/cluster-a.yaml:15:13: `gpus[1].count.base`: expected a whole number >= 0 written as digits (e.g. 150000), found the quoted string \"12000\"",
        "gpus.yaml:14:5: `memory_gb`: expected each key at most once in a mapping, found `memory_gb` again",
        "site.yaml:3:8: `as_of`: expected a date written YYYY-MM-DD, found \"2026-3-10\"",
    ]);
}

// Guards the same cross-file bug for a facility file that does not parse.
#[test]
fn a_facility_that_does_not_parse_is_still_known() {
    let facility = std::fs::read_to_string(Case::base().path().join("facilities/cluster-a.yaml"))
        .unwrap()
        .replace(
            "name: Cluster A\n",
            "name: Cluster A\nname: Cluster A again\n",
        );
    Case::base()
        .with_file("facilities/cluster-a.yaml", &facility)
        .fails(&[
            "facilities/cluster-a.yaml:3:1: `name`: expected each key at most once in a mapping, found `name` again",
        ]);
}
