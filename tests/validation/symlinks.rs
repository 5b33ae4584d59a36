//! Symbolic links in the data directory (issue 11): a deal, facility, usage or
//! market file that is a link to a regular file is read like the file; a link
//! that cannot be followed (dangling, or a loop) is an error naming it.

use std::fs;
use std::os::unix::fs::symlink;

use super::Case;
use crate::common::{build, num};

/// Moves `rel` of the case out of the data directory (into `elsewhere`) and
/// puts a symbolic link to it in its place.
fn link_out(case: &Case, rel: &str, elsewhere: &tempfile::TempDir) {
    let inside = case.path().join(rel);
    let outside = elsewhere.path().join(rel.replace('/', "-"));
    fs::rename(&inside, &outside).unwrap();
    symlink(&outside, &inside).unwrap();
}

#[test]
fn a_symlinked_deal_facility_and_usage_file_are_read() {
    let elsewhere = tempfile::tempdir().unwrap();
    let case = Case::base().with_file(
        "usage/telemetry.csv",
        "deal,month,gpu_hours\nalpha,2026-01,2640\nbeta,2026-03,10\n",
    );
    for rel in [
        "deals/alpha.yaml",
        "facilities/cluster-a.yaml",
        "usage/telemetry.csv",
    ] {
        link_out(&case, rel, &elsewhere);
    }
    case.passes();
    let built = build(&case.data);
    assert_eq!(built.deal("alpha")["id"], "alpha");
    // alpha's January usage came through the linked usage file, and beta (whose
    // capacity comes from the linked facility) has its usage too.
    let jan = built.schedule("alpha")[0];
    assert_eq!(jan["month"], "2026-01");
    assert_eq!(num(jan, "used_gpu_hours"), Some(2640.0));
    assert!(built.page("deals/alpha.html").contains("Alpha leases GPUs"));
}

#[test]
fn a_dangling_deal_link_is_an_error_naming_it() {
    let case = Case::base();
    symlink(
        case.path().join("deals/missing-target.yaml"),
        case.path().join("deals/gamma.yaml"),
    )
    .unwrap();
    case.fails(&[
        "deals/gamma.yaml: expected a file, found a symbolic link to nothing (its target does not exist)",
    ]);
}

#[test]
fn a_dangling_usage_link_is_an_error_naming_it() {
    let case = Case::base();
    fs::create_dir(case.path().join("usage")).unwrap();
    symlink(
        "/nonexistent/telemetry.parquet",
        case.path().join("usage/telemetry.parquet"),
    )
    .unwrap();
    case.fails(&[
        "usage/telemetry.parquet: expected a file, found a symbolic link to nothing (its target does not exist)",
    ]);
}

#[test]
fn a_symlink_loop_is_an_error_naming_it() {
    let case = Case::base();
    symlink("loop.yaml", case.path().join("facilities/loop.yaml")).unwrap();
    case.fails(&[
        "facilities/loop.yaml: expected a file, found a symbolic link that cannot be followed: Too many levels of symbolic links (os error 40)",
    ]);
}
