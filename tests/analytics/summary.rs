//! `dealbook check`: validates and computes, writes nothing, and prints a
//! summary of what was read, what is committed, and what looks wrong.

use super::with_deal;
use crate::common::{DataDir, Dealbook};

/// alpha: 2026-01 .. 2026-03 at {90000, 100000, 120000} a month, inheriting
/// the facility's 100 H100; bare: 2029-12-01 .. 2030-01-31 at 50000 a month,
/// no capacity at all. as_of 2026-03-01, horizon 2029-12 (the default).
fn fixture() -> DataDir {
    let data = DataDir::new()
        .site("2026-03-01")
        .gpus_h100()
        .file(
            "facilities/hall.yaml",
            "id: hall\n\
             name: Hall\n\
             operator: Provider Co\n\
             gpus:\n\
             \x20 - model: H100\n\
             \x20   count: 100\n",
        )
        // 3 rows (the blank line is not one): Jan 40000 + 40000 = 80000, Feb 1000
        .file(
            "usage/alpha.csv",
            "deal,date,gpu_hours\n\
             alpha,2026-01-05,40000\n\
             \n\
             alpha,2026-01-20,40000\n\
             alpha,2026-02-01,1000\n",
        );
    let data = with_deal(
        data,
        "alpha",
        "2026-01-01",
        "2026-03-31",
        "facility: hall\nprice:\n  monthly: {low: 90000, base: 100000, high: 120000}\nreviewed: 2025-03-01\n",
    );
    with_deal(
        data,
        "bare",
        "2029-12-01",
        "2030-01-31",
        "price:\n  monthly: 50000\n",
    )
}

#[test]
fn check_prints_what_was_read_committed_and_looks_wrong() {
    let data = fixture();
    let run = Dealbook::new()
        .arg("check")
        .arg("--data")
        .arg(data.path())
        .run();
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    // total: alpha 3 * 100000 = 300000 (band 270000 .. 360000) + bare 2 * 50000 = 100000
    //   -> 400000 (band 370000 .. 460000)
    // within the horizon: alpha 300000 + bare's Dec 2029 50000 = 350000
    // remaining: alpha pays 30 of March's 31 days after as_of: 100000 * 30/31 = 96774.19
    //   + bare 100000 = 196774.19 -> $197K
    // alpha Jan: 80000 used / (100 * 24 * 31 = 74400) contracted = 107.526...% -> 107.5%
    // alpha Feb: 1000 / 67200 = 1.5%: no warning
    // firm: neither deal has a termination right, so all of the $197K is firm.
    // alpha was reviewed 2025-03-01, 365 days before as_of: no warning; bare never.
    assert_eq!(
        run.stdout,
        "2 deals, 1 facility, 3 usage rows read (as of 2026-03-01)\n\
         total commitments: $400K (band $370K to $460K, the sum of each deal's low and high)\n\
         within the horizon (through 2029-12): $350K\n\
         remaining as of 2026-03-01: $197K\n\
         firm: $197K of the remaining cannot be cancelled, $0 can be on notice (full term $400K)\n\
         3 warnings about 2 deals, most important first:\n\
         \x20 warning: alpha: utilization above 100% in 1 month, highest 107.5% in 2026-01\n\
         \x20 warning: bare: no capacity (no GPUs and no power): unit costs are empty\n\
         \x20 warning: bare: no `reviewed` date (when was the record last checked against its sources?)\n"
    );
}

/// SPEC.md 10.5: a review more than 365 days before as_of is stale; a letter
/// of intent is left out of the totals and shown beside them.
#[test]
fn check_warns_about_stale_reviews_and_counts_binding_deals() {
    let data = with_deal(
        DataDir::new().site("2026-03-01"),
        "old",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: 1000\nreviewed: 2025-02-28\ntermination:\n  by: buyer\n  notice_days: 30\n",
    );
    let data = with_deal(
        data,
        "loi",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: 5000000\ncommitment: letter_of_intent\nreviewed: 2026-02-01\n",
    );
    let run = Dealbook::new()
        .arg("check")
        .arg("--data")
        .arg(data.path())
        .run();
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    // old: 12 x 1000 = 12000 in all; remaining: 30/31 of March + 9 months = 967.74 + 9000
    // firm: 2 Mar .. 31 Mar (30 days, notice from as_of 1 Mar + 30 = 31 Mar) = 967.74
    // loi: 12 x 5M = 60M, not binding.
    assert_eq!(
        run.stdout,
        "2 deals, 0 facilities, 0 usage rows read (as of 2026-03-01)\n\
         total commitments: $12K (band $12K to $12K, the sum of each deal's low and high)\n\
         within the horizon (through 2029-12): $12K\n\
         remaining as of 2026-03-01: $9.97K\n\
         firm: $968 of the remaining cannot be cancelled, $9K can be on notice (full term $12K)\n\
         not binding (letters of intent, options, backstops), not counted above: 1 deal, $60M full term\n\
         3 warnings about 2 deals, most important first:\n\
         \x20 warning: loi: no capacity (no GPUs and no power): unit costs are empty\n\
         \x20 warning: old: no capacity (no GPUs and no power): unit costs are empty\n\
         \x20 warning: old: reviewed 2025-02-28, 366 days before as_of (2026-03-01): more than 365\n"
    );
}

#[test]
fn check_format_json_lists_the_warnings() {
    let data = fixture();
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    let deals = data.path().join("deals");
    let file = |id: &str| serde_json::to_string(&deals.join(format!("{id}.yaml"))).unwrap();
    assert_eq!(
        run.stdout,
        format!(
            "{{\n  \"valid\": true,\n  \"errors\": [],\n  \"warnings\": [\n    {{\n      \"file\": {},\n      \"deal\": \"bare\",\n      \"month\": null,\n      \"message\": \"no capacity (no GPUs and no power): unit costs are empty\",\n      \"kind\": \"no_capacity\"\n    }},\n    {{\n      \"file\": {},\n      \"deal\": \"bare\",\n      \"month\": null,\n      \"message\": \"no `reviewed` date (when was the record last checked against its sources?)\",\n      \"kind\": \"no_review\"\n    }},\n    {{\n      \"file\": {},\n      \"deal\": \"alpha\",\n      \"month\": \"2026-01\",\n      \"message\": \"utilization 107.5% is above 100% (more GPU-hours used than contracted)\",\n      \"kind\": \"utilization_above_100\"\n    }}\n  ],\n  \"summary\": {{\n    \"errors\": 0,\n    \"warnings\": 3,\n    \"deals_with_warnings\": 2,\n    \"by_kind\": {{\n      \"utilization_above_100\": 1,\n      \"no_capacity\": 1,\n      \"no_review\": 1\n    }},\n    \"groups\": [\n      {{\n        \"deal\": \"alpha\",\n        \"kind\": \"utilization_above_100\",\n        \"count\": 1,\n        \"message\": \"utilization above 100% in 1 month, highest 107.5% in 2026-01\"\n      }},\n      {{\n        \"deal\": \"bare\",\n        \"kind\": \"no_capacity\",\n        \"count\": 1,\n        \"message\": \"no capacity (no GPUs and no power): unit costs are empty\"\n      }},\n      {{\n        \"deal\": \"bare\",\n        \"kind\": \"no_review\",\n        \"count\": 1,\n        \"message\": \"no `reviewed` date (when was the record last checked against its sources?)\"\n      }}\n    ]\n  }}\n}}\n",
            file("bare"),
            file("bare"),
            file("alpha")
        )
    );
}

#[test]
fn check_format_json_lists_every_error_with_its_place_and_key() {
    let data = with_deal(
        fixture(),
        "bare",
        "2029-12-01",
        "2029-11-30",
        "price:\n  monthly: 50000\n  escalation: 1.5\n",
    );
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(data.path())
        .run();
    // Bad data: the JSON on stdout is the report; nothing on stderr; exit 1.
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = data.path().join("deals/bare.yaml").display().to_string();
    assert_eq!(
        v,
        serde_json::json!({
            "valid": false,
            "errors": [
                {"file": file, "line": 7, "column": 6, "key": "end",
                 "message": "expected a date on or after `start` (2029-12-01), found 2029-11-30"},
                {"file": file, "line": 10, "column": 15, "key": "price.escalation",
                 "message": "expected a fraction from 0 up to (not including) 1, found `1.5`"},
            ],
            "warnings": [],
            "summary": {"errors": 2, "warnings": 0, "deals_with_warnings": 0, "by_kind": {}, "groups": []},
        })
    );
}

#[test]
fn check_format_json_keys_are_typed_paths_into_lists_and_ranges() {
    let data = with_deal(
        fixture(),
        "bare",
        "2029-12-01",
        "2030-01-31",
        "price:\n  monthly: 50000\n  curency: USD\n  ramp:\n    - months: 0\n      discount: {low: 0.2, base: 0.1, high: 0.3}\ntags: [a, [b]]\n",
    );
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = data.path().join("deals/bare.yaml").display().to_string();
    let error = |line: u64, column: u64, key: &str, message: &str| serde_json::json!({"file": file, "line": line, "column": column, "key": key, "message": message});
    assert_eq!(
        v["errors"],
        serde_json::json!([
            error(
                10,
                3,
                "price.curency",
                "expected a key of `price` (monthly, annual, total, escalation, ramp), found the unknown key `curency`"
            ),
            error(
                12,
                15,
                "price.ramp[0].months",
                "expected a whole number >= 1, found `0`"
            ),
            error(
                13,
                17,
                "price.ramp[0].discount",
                "expected low <= base <= high, found low 0.2, base 0.1, high 0.3"
            ),
            error(14, 11, "tags[1]", "expected a string, found a list"),
        ])
    );
}

/// The `key` and `message` of each error `check --format json` prints for `data`.
fn json_keys(data: &DataDir) -> Vec<(String, String)> {
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let key = e["key"].as_str().unwrap_or("(none)").to_string();
            (key, e["message"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn check_format_json_keys_of_yaml_and_table_errors() {
    // serde-saphyr names the repeated key only: the key is the key alone.
    let yaml = fixture().file("deals/bare.yaml", "id: bare\ntitle: A\ntitle: B\n");
    assert_eq!(
        json_keys(&yaml),
        [(
            "title".to_string(),
            "expected each key at most once in a mapping, found `title` again".to_string()
        )]
    );
    // A table's key is the column of the bad cell.
    let csv = fixture().file(
        "usage/u.csv",
        "deal,month,gpu_hours\nalpha,2026-13,5\nnobody,2026-02,-1\n",
    );
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, m)| (k.to_string(), m.to_string()))
            .collect()
    };
    assert_eq!(
        json_keys(&csv),
        pairs(&[
            (
                "month",
                "expected a month written YYYY-MM, found \"2026-13\""
            ),
            (
                "deal",
                "expected the id of a deal in deals/, found \"nobody\""
            ),
            (
                "gpu_hours",
                "expected a number of GPU-hours from 0 to 1e20, found \"-1\""
            ),
        ])
    );
    // Rules of the whole record name no key.
    let root = fixture().file("deals/bare.yaml", "- a list\n");
    assert_eq!(
        json_keys(&root),
        pairs(&[("(none)", "deal: expected a mapping, found a list")])
    );
}

/// 25 deals without capacity or review date (two warnings each) and one
/// with usage above its capacity in three months.
fn many_warnings() -> DataDir {
    let mut data = fixture().file(
        "usage/alpha.csv",
        "deal,month,gpu_hours\nalpha,2026-01,80000\nalpha,2026-02,201600\nalpha,2026-03,74400\n",
    );
    for i in 0..25 {
        data = with_deal(
            data,
            &format!("d{i:02}"),
            "2026-01-01",
            "2026-12-31",
            "price:\n  monthly: 1000\n",
        );
    }
    data
}

/// Issue 22: warnings are grouped by deal and kind, the most important
/// first (a deal's months above 100% utilization are one line, worst
/// deals first), at most 20 lines of them, then how many more.
#[test]
fn check_groups_warnings_by_deal_and_kind_and_shows_a_screenful() {
    let data = many_warnings();
    let run = Dealbook::new()
        .args(["check", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // alpha: 80000 / 74400 = 107.5% in Jan, 201600 / 67200 = 300% in Feb,
    // 74400 / 74400 = 100% in Mar (not above).
    let warnings: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.contains("warnings about"))
        .copied()
        .collect();
    assert_eq!(
        warnings[..4],
        [
            "54 warnings about 27 deals, most important first:",
            "  warning: alpha: utilization above 100% in 2 months, highest 300% in 2026-02",
            "  warning: bare: no capacity (no GPUs and no power): unit costs are empty",
            "  warning: d00: no capacity (no GPUs and no power): unit costs are empty",
        ]
    );
    assert_eq!(warnings.len(), 1 + 20 + 1);
    assert_eq!(warnings[21], "  and 33 more (--verbose lists every one)");
    assert!(lines.len() <= 40, "{}", run.stdout);

    let verbose = Dealbook::new()
        .args(["check", "--verbose", "--data"])
        .arg(data.path())
        .run();
    let listed: Vec<&str> = verbose
        .stdout
        .lines()
        .filter(|l| l.starts_with("  warning: "))
        .collect();
    assert_eq!(listed.len(), 53);
    assert_eq!(
        listed[52],
        "  warning: d24: no `reviewed` date (when was the record last checked against its sources?)"
    );
    assert!(!verbose.stdout.contains("more (--verbose"));
}

/// `--format json` keeps every warning (each month) and adds the summary;
/// `--deny-warnings` exits 1 when there are warnings, 0 when there are none.
#[test]
fn check_json_keeps_every_warning_and_deny_warnings_fails_the_check() {
    let data = many_warnings();
    let run = Dealbook::new()
        .args(["check", "--format", "json", "--deny-warnings", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 54);
    assert_eq!(v["summary"]["warnings"], 54);
    assert_eq!(v["summary"]["deals_with_warnings"], 27);
    assert_eq!(
        v["summary"]["by_kind"],
        serde_json::json!({"utilization_above_100": 2, "no_capacity": 26, "no_review": 26})
    );
    assert_eq!(v["summary"]["groups"].as_array().unwrap().len(), 53);
    assert_eq!(v["summary"]["groups"][0]["count"], 2);

    let text = Dealbook::new()
        .args(["check", "--deny-warnings", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(text.code, 1);
    assert_eq!(
        text.stderr,
        "error: 54 warnings, and --deny-warnings makes them fail the check\n"
    );
    assert!(text.stdout.contains("54 warnings about 27 deals"));

    let quiet = with_deal(
        DataDir::new().site("2026-03-01").gpus_h100(),
        "ok",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: 1000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\nreviewed: 2026-02-01\n",
    );
    let run = Dealbook::new()
        .args(["check", "--deny-warnings", "--data"])
        .arg(quiet.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.ends_with("no warnings\n"), "{}", run.stdout);
}
