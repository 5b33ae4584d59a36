//! SPEC.md 8: the exports carry every figure unrounded, and free text survives
//! CSV quoting. The deal here is chosen so that every figure is an exact
//! binary fraction: whatever order the code multiplies and divides in, the
//! f64 is the literal below, so the cells are compared bit for bit (a
//! tolerance would let a rounded export through). Columns are selected by
//! name, since more may follow the ones SPEC.md lists.

use std::collections::BTreeMap;

use crate::common::{Built, DataDir, build, exact_num, num, parse_csv};

/// A title with a comma, a double quote and a line break.
const AWKWARD_TITLE: &str = "Exact, \"quoted\"\nand on a second line";

/// `exact`: January 2026 (d = D = N = 31), monthly 93, 131072 (2^17) H100,
/// 0.75 MW; as_of 2026-01-15; 95232 = 93 * 1024 used GPU-hours in January;
/// H100 at 0.5 $/GPU-hour from 2025-12-01. `zz-after`: a plain deal that
/// sorts after it, so the row after the multi-line title must parse too.
fn exact() -> DataDir {
    let deal = |id: &str, title: &str, body: &str| {
        format!(
            "id: {id}\n\
             title: {title}\n\
             buyer: Buyer Co\n\
             provider: Provider Co\n\
             announced: 2025-12-01\n\
             start: 2026-01-01\n\
             end: 2026-01-31\n\
             {body}\
             sources:\n\
             \x20 - title: Press release\n\
             \x20   url: https://example.com/{id}\n"
        )
    };
    DataDir::new()
        .site("2026-01-15")
        .gpus_h100()
        .file(
            "deals/exact.yaml",
            &deal(
                "exact",
                // YAML double-quoted: \" is a quote, \n a line break
                "\"Exact, \\\"quoted\\\"\\nand on a second line\"",
                "price:\n  monthly: 93\ncapacity:\n  power_mw: 0.75\n  gpus:\n    - model: H100\n      count: 131072\n",
            ),
        )
        .file(
            "deals/zz-after.yaml",
            &deal("zz-after", "Plain", "price:\n  monthly: 1\n"),
        )
        .file("usage/u.csv", "deal,month,gpu_hours\nexact,2026-01,95232\n")
        .file(
            "market/m.csv",
            "date,gpu_model,usd_per_gpu_hour\n2025-12-01,H100,0.5\n",
        )
}

/// Asserts that `row[name]` is exactly `want` (an empty cell for `None`).
#[track_caller]
fn assert_cell(what: &str, row: &BTreeMap<String, String>, name: &str, want: Option<f64>) {
    let cell = row
        .get(name)
        .unwrap_or_else(|| panic!("{what} has no column {name}"));
    match want {
        None => assert_eq!(cell, "", "{what} {name} should be empty"),
        Some(want) => {
            let got: f64 = cell
                .parse()
                .unwrap_or_else(|e| panic!("{what} {name} = {cell:?}: {e}"));
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{what} {name}: {cell:?} is not exactly {want:?}"
            );
        }
    }
}

/// Asserts `cells` in the CSV row and in the matching metrics.json object.
#[track_caller]
fn assert_exact(
    built: &Built,
    export: &str,
    key: &str,
    index: usize,
    cells: &[(&str, Option<f64>)],
) {
    let rows = built.export_rows(export);
    let json = built.metrics_exact();
    let object = &json[key][index];
    for &(name, want) in cells {
        assert_cell(export, &rows[index], name, want);
        for suffix in ["", "_low", "_high"] {
            let column = format!("{name}{suffix}");
            // no range reaches the deal: a band, where exported, is the base
            if suffix.is_empty() || rows[index].contains_key(&column) {
                assert_cell(export, &rows[index], &column, want);
                let got = exact_num(&object[column.as_str()]);
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "metrics.json {key}[{index}].{column}: {got:?}, want {want:?}"
                );
            }
        }
    }
}

#[test]
fn exports_carry_each_figure_exactly() {
    let built = build(&exact());
    // G * 24 * N = 131072 * 24 * 31 = 97517568 = 93 * 2^20
    assert_exact(
        &built,
        "deals.csv",
        "deals",
        0,
        &[
            ("term_months", Some(1.0)),
            ("term_days", Some(31.0)),
            ("total_usd", Some(93.0)),
            // 93 * 365.25 / 12 / 31 = 91.3125
            ("monthly_equiv_usd", Some(91.3125)),
            // 93 * 15 / 31 = 45 (1..15 January, as_of counted), 93 - 45 = 48
            ("paid_to_date_usd", Some(45.0)),
            ("remaining_usd", Some(48.0)),
            ("within_horizon_usd", Some(93.0)),
            ("power_mw", Some(0.75)),
            ("gpus", Some(131072.0)),
            ("h100e", Some(131072.0)),
            // 93 / 97517568 = 2^-20 = 9.5367431640625e-7: a tiny value that
            // the old absolute tolerance (1e-6) would have accepted as 0
            ("usd_per_gpu_hour", Some(9.5367431640625e-7)),
            ("usd_per_h100e_hour", Some(9.5367431640625e-7)),
            // 91.3125 / 0.75 = 121.75
            ("usd_per_mw_month", Some(121.75)),
            // 93 / 95232 = 2^-10; 95232 / 97517568 = 2^-10
            ("usd_per_used_gpu_hour", Some(0.0009765625)),
            ("utilization", Some(0.0009765625)),
            // 131072 * 0.5 * 24 * 31 = 48758784; 93 / 48758784 - 1 = 2^-19 - 1
            ("market_usd", Some(48758784.0)),
            ("market_premium", Some(-0.9999980926513672)),
        ],
    );
    assert_exact(
        &built,
        "schedule.csv",
        "schedule",
        0,
        &[
            ("active_days", Some(31.0)),
            ("payment_usd", Some(93.0)),
            ("cumulative_usd", Some(93.0)),
            ("contracted_gpu_hours", Some(97517568.0)),
            ("usd_per_gpu_hour", Some(9.5367431640625e-7)),
            ("used_gpu_hours", Some(95232.0)),
            ("utilization", Some(0.0009765625)),
            ("usd_per_used_gpu_hour", Some(0.0009765625)),
            ("market_usd", Some(48758784.0)),
        ],
    );
    assert_exact(
        &built,
        "by_year.csv",
        "by_year",
        0,
        &[("year", Some(2026.0)), ("payment_usd", Some(93.0))],
    );
    // zz-after has no capacity, usage or market: those cells are empty.
    assert_exact(
        &built,
        "deals.csv",
        "deals",
        1,
        &[
            ("total_usd", Some(1.0)),
            ("gpus", None),
            ("usd_per_gpu_hour", None),
            ("utilization", None),
            ("market_premium", None),
        ],
    );
}

#[test]
fn a_title_with_a_comma_a_quote_and_a_line_break_reads_back_from_deals_csv() {
    let built = build(&exact());
    let text = built.export("deals.csv");
    // RFC 4180: the field is quoted and its quote doubled
    assert!(
        text.contains("\"Exact, \"\"quoted\"\"\nand on a second line\""),
        "{text}"
    );
    let rows = built.export_rows("deals.csv");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["exact", "zz-after"]);
    assert_eq!(rows[0]["title"], AWKWARD_TITLE);
    assert_eq!(rows[0]["buyer"], "Buyer Co");
    assert_eq!(rows[1]["title"], "Plain");
    assert_eq!(built.deal("exact")["title"], AWKWARD_TITLE);
}

/// The figure registry (`dealbook::registry`) and the exports agree: every
/// CSV written under data/ is a registry export, with exactly the registry's
/// columns in its order and a meaning for each; every registry export is
/// written; the per-deal schedules have schedule.csv's columns.
#[test]
fn every_exported_column_has_a_registry_entry_and_every_entry_is_exported() {
    use dealbook::registry::{EXPORTS, SCHEDULE};

    let built = build(&exact());
    let data = built.out.join("data");
    let mut written: Vec<String> = std::fs::read_dir(&data)
        .expect("read data/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv"))
        .collect();
    written.sort();
    let mut registered: Vec<String> = EXPORTS.iter().map(|e| e.file.to_string()).collect();
    registered.sort();
    assert_eq!(written, registered, "CSV exports written vs registered");
    let header = |rel: &str| parse_csv(&built.export(rel)).remove(0);
    for export in EXPORTS {
        let columns = header(export.file);
        for column in &columns {
            assert!(
                export.meaning(column).is_some(),
                "{}: column {column} has no registry entry",
                export.file
            );
        }
        assert_eq!(
            columns,
            export.columns(),
            "{}: columns vs registry",
            export.file
        );
    }
    for id in ["exact", "zz-after"] {
        assert_eq!(
            header(&format!("schedule/{id}.csv")),
            SCHEDULE.columns(),
            "{id}"
        );
    }
}

/// Issue 22: text cells that a spreadsheet would run as a formula (`=`, `+`,
/// `-`, `@`, tab, carriage return first) get a leading apostrophe in every
/// CSV export; metrics.json keeps the text as written, and numbers (the
/// negative market premium) stay numbers.
#[test]
fn csv_cells_that_start_like_a_formula_get_an_apostrophe_and_json_keeps_them() {
    let hostile = r#"=HYPERLINK("http://x","y")"#;
    let data = exact().file(
        "deals/exact.yaml",
        &std::fs::read_to_string(exact().path().join("deals/exact.yaml"))
            .unwrap()
            .replace(
                "title: \"Exact, \\\"quoted\\\"\\nand on a second line\"",
                "title: '=HYPERLINK(\"http://x\",\"y\")'",
            )
            .replace("buyer: Buyer Co", "buyer: \"@SUM(1+1)\"")
            .replace("provider: Provider Co", "provider: \"-Provider\""),
    );
    let built = build(&data);
    let text = built.export("deals.csv");
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.starts_with(r#"exact,"'=HYPERLINK(""http://x"",""y"")",'@SUM(1+1),'-Provider,"#),
        "{row}"
    );
    let rows = built.export_rows("deals.csv");
    assert_eq!(rows[0]["title"], format!("'{hostile}"));
    assert_eq!(rows[0]["buyer"], "'@SUM(1+1)");
    assert_eq!(rows[0]["provider"], "'-Provider");
    // A negative number is a number, not text.
    assert_eq!(rows[0]["market_premium"], "-0.9999980926513672");
    let rankings = built.export_rows("rankings.csv");
    assert_eq!(rankings[0]["title"], format!("'{hostile}"));
    assert_eq!(built.deal("exact")["title"], hostile);
    assert_eq!(built.deal("exact")["buyer"], "@SUM(1+1)");
    assert_eq!(built.deal("exact")["provider"], "-Provider");
    assert_eq!(
        num(built.deal("exact"), "market_premium"),
        Some(-0.9999980926513672)
    );
    // The data dictionary says so.
    let page = built.page("data.html");
    assert!(
        page.contains("<p id=\"csv-text\">A text cell (a title, a party, a status) that begins with =, +, -, @, a tab or a carriage return is written with a leading apostrophe (&#39;) so that a spreadsheet opens it as text, not as a formula"),
        "{page}"
    );
}

/// Issue 22: "-0" is printed nowhere. A deal priced at zero makes zeros of
/// every money figure (and sums over nothing are -0.0 in Rust): no export
/// cell, page, `check` summary or `diff` report may show a signed zero.
#[test]
fn a_negative_zero_is_printed_nowhere() {
    let free = |data: DataDir| {
        let deal = std::fs::read_to_string(data.path().join("deals/exact.yaml")).unwrap();
        data.file(
            "deals/exact.yaml",
            &deal.replace("monthly: 93", "monthly: 0"),
        )
    };
    let data = free(exact());
    let built = build(&data);
    let signed_zero = regex_lite(r"(^|[^0-9.eE$A-Za-z_-])-(\$)?0(\.0+)?([^0-9.eE]|$)");
    let mut files = vec![built.out.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            assert!(!signed_zero(&text), "a signed zero in {}", path.display());
        }
    }
    let row = &built.export_rows("deals.csv")[0];
    assert_eq!(row["total_usd"], "0");
    assert_eq!(row["usd_per_gpu_hour"], "0");
    let check = crate::common::Dealbook::new()
        .args(["check", "--data"])
        .arg(data.path())
        .run();
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!signed_zero(&check.stdout), "{}", check.stdout);
    let json = crate::common::Dealbook::new()
        .args(["check", "--format", "json", "--data"])
        .arg(data.path())
        .run();
    assert!(!signed_zero(&json.stdout), "{}", json.stdout);
    let old = exact();
    for format in ["md", "json"] {
        let diff = crate::common::Dealbook::new()
            .args(["diff", "--format", format])
            .arg(old.path())
            .arg(data.path())
            .run();
        assert_eq!(diff.code, 0, "{}", diff.stderr);
        assert!(diff.stdout.contains("exact"), "{}", diff.stdout);
        assert!(!signed_zero(&diff.stdout), "{}", diff.stdout);
    }
}

/// Whether `pattern` matches somewhere in a text (regex is a dependency of
/// the crate, so the test binary has it too).
fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
    let re = regex::Regex::new(pattern).expect("a valid pattern");
    move |text| re.is_match(text)
}
