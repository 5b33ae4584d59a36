//! Usage, market and uncertainty-band figures (SPEC.md 7.3-7.5, 8), the usage
//! and market file rules, `dealbook check`'s summary, and invariants over
//! generated deals (issue #3).
//!
//! As in `schedule`, every expected number is a literal with its arithmetic in
//! a comment, worked out first with exact fractions.

mod bands;
mod binds;
mod commitment;
mod dimensions;
mod headline;
mod market;
mod parquet;
mod properties;
mod summary;
mod usage;

use serde_json::Value;

use crate::common::{DataDir, Dealbook, assert_num, num};

/// A deal record: the fixed fields, then `body` (its `price:` and optional
/// `capacity:`/`facility:`/`terminated:` keys, each line ending in `\n`).
pub fn deal_yaml(id: &str, start: &str, end: &str, body: &str) -> String {
    format!(
        "id: {id}\n\
         title: Deal {id}\n\
         buyer: Buyer Co\n\
         provider: Provider Co\n\
         announced: 2025-01-01\n\
         start: {start}\n\
         end: {end}\n\
         {body}\
         sources:\n\
         \x20 - title: Press release\n\
         \x20   url: https://example.com/{id}\n"
    )
}

/// `data` with `deals/<id>.yaml` holding [`deal_yaml`].
#[track_caller]
pub fn with_deal(data: DataDir, id: &str, start: &str, end: &str, body: &str) -> DataDir {
    data.file(
        &format!("deals/{id}.yaml"),
        &deal_yaml(id, start, end, body),
    )
}

/// `v[key]`, which must be null.
#[track_caller]
pub fn assert_null(v: &Value, key: &str) {
    assert_eq!(num(v, key), None, "{key} should be null in {v}");
}

/// `v[key]`, `v[key_low]` and `v[key_high]`: (base, low, high).
#[track_caller]
pub fn assert_band(v: &Value, key: &str, base: f64, low: f64, high: f64) {
    assert_num(v, key, base);
    assert_num(v, &format!("{key}_low"), low);
    assert_num(v, &format!("{key}_high"), high);
}

/// Runs `dealbook build` on `data` into a throwaway directory, asserts exit 1
/// and returns standard error with the data directory's path replaced by
/// `DATA`, so that expected messages can be literal.
#[track_caller]
pub fn build_fails(data: &DataDir) -> String {
    let out = tempfile::Builder::new()
        .prefix("dealbook-out-")
        .tempdir()
        .expect("create temp out dir");
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(out.path().join("site"))
        .run();
    assert_eq!(
        run.code, 1,
        "expected exit 1 (bad data)\n--- stderr ---\n{}\n--- stdout ---\n{}",
        run.stderr, run.stdout
    );
    assert!(
        !out.path().join("site").exists(),
        "a failed build must not create the output directory"
    );
    run.stderr
        .replace(&data.path().display().to_string(), "DATA")
}
