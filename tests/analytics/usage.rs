//! SPEC.md 7.3: usage by date or month, summed per deal and month across
//! files; realized cost and utilization; the file rules and the positions
//! of row errors.

use super::{assert_null, build_fails, with_deal};
use crate::common::{DataDir, assert_num, build, num, text};

/// acme: 2026-01-10 .. 2026-04-20 at 310,000 a month, 10 H100.
///   Jan: d = 22 of 31 -> 310000 * 22/31 = 220000;     contracted 10*24*22 = 5280
///   Feb: 28 of 28     -> 310000;                      contracted 10*24*28 = 6720
///   Mar: 31 of 31     -> 310000;                      contracted 10*24*31 = 7440
///   Apr: d = 20 of 30 -> 310000 * 20/30 = 206666.67;  contracted 10*24*20 = 4800
/// idle: 2026-01-01 .. 2026-02-28, 1 H100, no usage rows.
pub(super) fn acme() -> DataDir {
    let data = DataDir::new().site("2026-03-01").gpus_h100();
    let data = with_deal(
        data,
        "acme",
        "2026-01-10",
        "2026-04-20",
        "price:\n  monthly: 310000\ncapacity:\n  gpus:\n    - model: H100\n      count: 10\n",
    );
    with_deal(
        data,
        "idle",
        "2026-01-01",
        "2026-02-28",
        "price:\n  monthly: 1000\ncapacity:\n  gpus:\n    - model: H100\n      count: 1\n",
    )
}

#[test]
fn usage_by_date_is_summed_per_month_across_files_and_messy_csv() {
    // a-messy.csv: a UTF-8 BOM, quoted fields (one holding a comma, one spanning
    // two lines), spaces around cells, a blank line, an extra column.
    let messy = "\u{feff}deal,date,gpu_hours,site_note\n\
                 \"acme\",2026-01-02, 1000 ,\"before the start day, in the start month\"\n\
                 \n\
                 \x20 acme  ,\"2026-01-31\",\" 640 \",\"spans\ntwo lines\"\n\
                 acme, 2026-03-05 ,0,\n";
    let plain = "deal,date,gpu_hours\n\
                 acme,2026-01-15,1000\n\
                 acme,2026-03-31,0.0\n\
                 acme,2026-04-02,1200\n\
                 acme,2026-04-20,1200\n";
    let data = acme()
        .file("usage/a-messy.csv", messy)
        .file("usage/b-plain.csv", plain);
    let built = build(&data);
    let rows = built.schedule("acme");
    let months: Vec<&str> = rows.iter().map(|r| text(r, "month")).collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03", "2026-04"]);
    let (jan, feb, mar, apr) = (rows[0], rows[1], rows[2], rows[3]);

    // Jan: 1000 (a, dated before the start day but in month(S)) + 640 (a) + 1000 (b) = 2640
    assert_num(jan, "used_gpu_hours", 2640.0);
    assert_num(jan, "contracted_gpu_hours", 5280.0);
    // 2640 / 5280
    assert_num(jan, "utilization", 0.5);
    // 220000 / 2640 = 83.333...
    assert_num(jan, "usd_per_used_gpu_hour", 83.33333333333333);

    // Feb: no rows -> every usage figure null
    assert_null(feb, "used_gpu_hours");
    assert_null(feb, "utilization");
    assert_null(feb, "usd_per_used_gpu_hour");

    // Mar: 0 (a) + 0.0 (b) = 0: a month with usage; 0 / 7440 = 0; 310000 / 0 -> null
    assert_eq!(num(mar, "used_gpu_hours"), Some(0.0));
    assert_eq!(num(mar, "utilization"), Some(0.0));
    assert_null(mar, "usd_per_used_gpu_hour");

    // Apr: 1200 + 1200 = 2400; 2400 / 4800 = 0.5; 206666.67 / 2400 = 86.111...
    assert_num(apr, "used_gpu_hours", 2400.0);
    assert_num(apr, "utilization", 0.5);
    assert_num(apr, "usd_per_used_gpu_hour", 86.11111111111111);

    // Per deal, over the months with usage (Jan, Mar, Apr; not Feb):
    //   usd_per_used_gpu_hour = (220000 + 310000 + 206666.67) / (2640 + 0 + 2400)
    //                         = 736666.67 / 5040 = 146.16402116402116
    //   utilization = 5040 / (5280 + 7440 + 4800) = 5040 / 17520 = 0.2876712328767123
    let deal = built.deal("acme");
    assert_num(deal, "usd_per_used_gpu_hour", 146.16402116402116);
    assert_num(deal, "utilization", 0.2876712328767123);
    // usage changes no payment: 220000 + 310000 + 310000 + 206666.67
    assert_num(deal, "total_usd", 1046666.6666666666);

    // A deal without usage rows: null, never 0.
    let idle = built.deal("idle");
    assert_null(idle, "usd_per_used_gpu_hour");
    assert_null(idle, "utilization");
    for row in built.schedule("idle") {
        assert_null(row, "used_gpu_hours");
        assert_null(row, "utilization");
    }
}

#[test]
fn usage_by_month_sums_rows_of_the_same_month() {
    // bymonth: 2026-02-01 .. 2026-03-31, annual 1,200,000 -> P = 100000; 5 H100.
    //   Feb: contracted 5*24*28 = 3360; Mar: 5*24*31 = 3720.
    let data = with_deal(
        DataDir::new().site("2026-01-01").gpus_h100(),
        "bymonth",
        "2026-02-01",
        "2026-03-31",
        "price:\n  annual: 1200000\ncapacity:\n  gpus:\n    - model: H100\n      count: 5\n",
    )
    .file(
        "usage/months.csv",
        "deal,month,gpu_hours\r\n\
         bymonth,2026-02,1000\r\n\
         bymonth,\"2026-02\",680\r\n\
         bymonth,2026-03,3720\r\n",
    );
    let built = build(&data);
    let rows = built.schedule("bymonth");
    assert_eq!(rows.len(), 2);
    // Feb: 1000 + 680 = 1680; 1680 / 3360 = 0.5; 100000 / 1680 = 59.523809523809526
    assert_num(rows[0], "used_gpu_hours", 1680.0);
    assert_num(rows[0], "utilization", 0.5);
    assert_num(rows[0], "usd_per_used_gpu_hour", 59.523809523809526);
    // Mar: 3720 / 3720 = 1; 100000 / 3720 = 26.881720430107528
    assert_num(rows[1], "used_gpu_hours", 3720.0);
    assert_num(rows[1], "utilization", 1.0);
    assert_num(rows[1], "usd_per_used_gpu_hour", 26.881720430107528);
    // deal: 200000 / 5400 = 37.03703703703704; 5400 / (3360 + 3720) = 0.7627118644067796
    let deal = built.deal("bymonth");
    assert_num(deal, "usd_per_used_gpu_hour", 37.03703703703704);
    assert_num(deal, "utilization", 0.7627118644067796);
}

// ------------------------------------------------------------------ errors
//
// Physical lines: the header is line 1, a blank line counts, and a quoted cell
// that spans two lines pushes every later row down by one.

#[test]
fn usage_row_naming_an_unknown_deal_is_reported_at_its_physical_line() {
    let data = acme().file(
        "usage/bad.csv",
        "deal,date,gpu_hours,comment\n\
         acme,2026-01-12,10,\"first\n\
         second\"\n\
         \n\
         nope,2026-01-12,10,\n",
    );
    // line 1 header; 2-3 the quoted cell; 4 blank; 5 the row
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:5: `deal`: expected the id of a deal in deals/, found \"nope\"\n\
         1 error in the data\n"
    );
}

#[test]
fn usage_bad_gpu_hours_are_reported_at_their_physical_lines() {
    let data = acme().file(
        "usage/bad.csv",
        "deal,date,gpu_hours\n\
         acme,2026-01-12,10\n\
         acme,2026-01-13,abc\n\
         \n\
         acme,2026-01-14,\"-1\"\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:3: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found \"abc\"\n\
         error: DATA/usage/bad.csv:5: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found \"-1\"\n\
         2 errors in the data\n"
    );
}

#[test]
fn usage_date_outside_the_schedule_months_is_an_error() {
    // acme runs 2026-01-10 .. 2026-04-20: 2026-01-01 is before the start day but
    // in month(S), so it is accepted; 2026-05-01 and 2025-12-31 are not.
    let data = acme().file(
        "usage/bad.csv",
        "deal,date,gpu_hours\n\
         acme,2026-01-01,10\n\
         \"acme\",\"2026-05-01\",\"10\"\n\
         acme,2025-12-31,10\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:3: `date`: 2026-05-01 is outside the schedule of acme (2026-01 to 2026-04), found month 2026-05\n\
         error: DATA/usage/bad.csv:4: `date`: 2025-12-31 is outside the schedule of acme (2026-01 to 2026-04), found month 2025-12\n\
         2 errors in the data\n"
    );
}

#[test]
fn usage_malformed_dates_are_errors() {
    let data = acme().file(
        "usage/bad.csv",
        "deal,date,gpu_hours\n\
         acme,2026-1-12,10\n\
         \n\
         \n\
         acme,2026-02-30,10\n\
         acme,2026-03,10\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:2: `date`: expected a date written YYYY-MM-DD, found \"2026-1-12\"\n\
         error: DATA/usage/bad.csv:5: `date`: expected a date written YYYY-MM-DD, found \"2026-02-30\"\n\
         error: DATA/usage/bad.csv:6: `date`: expected a date written YYYY-MM-DD, found \"2026-03\"\n\
         3 errors in the data\n"
    );
}

#[test]
fn usage_malformed_month_is_an_error() {
    let data = acme().file(
        "usage/bad.csv",
        "deal,month,gpu_hours\nacme,2026-02,10\nacme,2026-2,10\nacme,2026-02-01,10\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:3: `month`: expected a month written YYYY-MM, found \"2026-2\"\n\
         error: DATA/usage/bad.csv:4: `month`: expected a month written YYYY-MM, found \"2026-02-01\"\n\
         2 errors in the data\n"
    );
}

#[test]
fn usage_file_needs_exactly_one_of_month_and_date() {
    // Both files are reported in one run, in path order.
    let data = acme()
        .file(
            "usage/both.csv",
            "deal,month,date,gpu_hours\nacme,2026-01,2026-01-12,10\n",
        )
        .file(
            "usage/neither.csv",
            "deal,day,gpu_hours\nacme,2026-01-12,10\n",
        );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/both.csv:1: expected a `month` or a `date` column, found both\n\
         error: DATA/usage/neither.csv:1: expected a `month` or a `date` column, found neither\n\
         2 errors in the data\n"
    );
}

/// Regression (src/load/table.rs, `physical_lines`): polars skips a BOM and any
/// empty lines before the header, and each skipped line used to shift every
/// reported line number one too low (here line 3 instead of 5).
#[test]
fn usage_line_numbers_count_empty_lines_before_the_header() {
    let data = acme().file(
        "usage/bad.csv",
        "\u{feff}\n\
         \r\n\
         deal,date,gpu_hours\n\
         acme,2026-01-12,10\n\
         acme,2026-01-13,abc\n",
    );
    // lines 1 (BOM, empty) and 2 (empty, CRLF); header on line 3
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:5: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found \"abc\"\n\
         1 error in the data\n"
    );
}

/// Regression (src/load/table.rs `without_blank_lines`, used by usage.rs): a line
/// of spaces or tabs is a blank line and is skipped; it used to be read as a row
/// with an empty deal and an empty `gpu_hours` (two errors). A line whose only
/// value is in an ignored column is not blank: it used to be skipped silently.
#[test]
fn usage_whitespace_lines_are_blank_but_a_stray_value_is_a_row() {
    let data = acme().file(
        "usage/bad.csv",
        "deal,date,gpu_hours,note\n\
         acme,2026-01-12,10,\n\
         \x20  \n\
         \t\n\
         \x20,  ,,\n\
         acme,2026-01-13,abc,\n\
         ,,,stray note\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:6: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found \"abc\"\n\
         error: DATA/usage/bad.csv:7: `deal`: expected the id of a deal in deals/, found \"\"\n\
         error: DATA/usage/bad.csv:7: `gpu_hours`: expected a number of GPU-hours from 0 to 1e20, found an empty cell\n\
         3 errors in the data\n"
    );
}

/// Regression (src/load/table.rs, `TableFile::error`): a CSV file that polars
/// cannot read at all was reported without a line (SPEC.md 9 asks for one).
#[test]
fn usage_malformed_csv_structure_is_reported_at_its_line() {
    let data = acme()
        // a record with more cells than the header: line 6, since the blank
        // line 3 and the quoted cell on lines 4-5 count
        .file(
            "usage/a-ragged.csv",
            "deal,date,gpu_hours,note\n\
             acme,2026-01-12,10,\n\
             \n\
             acme,2026-01-13,10,\"two\nlines\"\n\
             acme,2026-01-14,10,,extra\n",
        )
        // text after a closing quote
        .file(
            "usage/b-quote.csv",
            "deal,date,gpu_hours\nacme,2026-01-12,10\nacme,\"2026-01-13\" ,10\n",
        )
        // a quoted cell that never closes: the line where it opens
        .file(
            "usage/c-open.csv",
            "deal,date,gpu_hours\nacme,2026-01-12,10\nacme,\"2026-01-13,10\nacme,2026-01-14,10\n",
        );
    let stderr = build_fails(&data);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    // The rest of each message is polars' own wording.
    assert!(
        lines[0].starts_with("error: DATA/usage/a-ragged.csv:6: cannot read as CSV: "),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("error: DATA/usage/b-quote.csv:3: cannot read as CSV: "),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("error: DATA/usage/c-open.csv:3: cannot read as CSV: "),
        "{stderr}"
    );
    assert_eq!(lines[3], "3 errors in the data");
}

// Regression: GPU-hours used to be summed in whole millionths, so telemetry by
// the second (3,600 rows of 1/3600 GPU-hour) summed to 1.0008 GPU-hours and a
// row of 0.0000004 GPU-hours vanished.
#[test]
fn usage_by_the_second_sums_to_the_hour() {
    let mut csv = String::from("deal,date,gpu_hours\n");
    for _ in 0..3600 {
        csv.push_str("acme,2026-02-01,0.000277777777777778\n");
    }
    csv.push_str("acme,2026-03-01,0.0000004\n");
    let built = build(&acme().file("usage/seconds.csv", &csv));
    let months = built.schedule("acme");
    let feb = months
        .iter()
        .find(|r| text(r, "month") == "2026-02")
        .unwrap();
    let mar = months
        .iter()
        .find(|r| text(r, "month") == "2026-03")
        .unwrap();
    // 3600 * 0.000277777777777778 = 1.0000000000000008
    let used = num(feb, "used_gpu_hours").unwrap();
    assert!((used - 1.0).abs() < 1e-12, "February used {used}");
    // 310000 / 0.0000004 = 775000000000
    assert_num(mar, "used_gpu_hours", 0.0000004);
    assert_num(mar, "usd_per_used_gpu_hour", 310000.0 / 0.0000004);
}

#[test]
fn usage_after_the_termination_month_is_an_error_at_its_line() {
    // gone: 2026-01-01 .. 2026-06-30, terminated 2026-03-10: the schedule runs
    // 2026-01 .. 2026-03. A row dated after the termination day but in its
    // month is usage of a schedule month; a row in April, before `end` but
    // after the effective end's month, is an error.
    let data = with_deal(
        acme(),
        "gone",
        "2026-01-01",
        "2026-06-30",
        "terminated: 2026-03-10\nprice:\n  monthly: 1000\n",
    )
    .file(
        "usage/bad.csv",
        "deal,date,gpu_hours\n\
         gone,2026-03-20,10\n\
         gone,2026-04-01,10\n\
         gone,2026-06-30,10\n",
    );
    assert_eq!(
        build_fails(&data),
        "error: DATA/usage/bad.csv:3: `date`: 2026-04-01 is outside the schedule of gone (2026-01 to 2026-03), found month 2026-04\n\
         error: DATA/usage/bad.csv:4: `date`: 2026-06-30 is outside the schedule of gone (2026-01 to 2026-03), found month 2026-06\n\
         2 errors in the data\n"
    );
}

#[test]
fn usage_of_a_deal_without_gpus_has_a_realized_cost_but_no_utilization() {
    // bare: January 2026 at 310000, no capacity; 1000 GPU-hours used.
    let data = with_deal(
        DataDir::new().site("2026-03-01"),
        "bare",
        "2026-01-01",
        "2026-01-31",
        "price:\n  monthly: 310000\n",
    )
    .file("usage/u.csv", "deal,month,gpu_hours\nbare,2026-01,1000\n");
    let built = build(&data);
    let deal = built.deal("bare");
    // 310000 / 1000 = 310
    assert_num(deal, "usd_per_used_gpu_hour", 310.0);
    // no GPUs: no contracted hours, so no utilization
    assert_null(deal, "utilization");
    assert_null(deal, "usd_per_gpu_hour");
    let month = built.schedule("bare")[0];
    assert_num(month, "used_gpu_hours", 1000.0);
    assert_num(month, "usd_per_used_gpu_hour", 310.0);
    assert_null(month, "contracted_gpu_hours");
    assert_null(month, "utilization");
}
