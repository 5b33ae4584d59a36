//! One file per subcommand, each taking its typed arguments.

pub mod build;
pub mod check;
pub mod diff;
pub mod new;
pub mod progress;
pub mod serve;
pub mod usage_sql;

use std::path::Path;

use crate::compute::{self, Figures};
use crate::error::Result;
use crate::model::{Model, Overrides};
use crate::timing;

/// load -> model -> compute: the part of the pipeline `build` and `check` share.
pub fn analyse(data: &Path, overrides: &Overrides) -> Result<(Model, Figures)> {
    analyse_with(data, overrides, &progress::Progress::none())
}

/// As [`analyse`], showing each stage on a progress bar.
pub fn analyse_with(
    data: &Path,
    overrides: &Overrides,
    progress: &progress::Progress,
) -> Result<(Model, Figures)> {
    progress.stage("loading and validating");
    let t = std::time::Instant::now();
    let raw = crate::load::read(data)?;
    let model = Model::from_raw(raw, overrides)?;
    timing::stage("load and validate", t);
    progress.stage("computing");
    let t = std::time::Instant::now();
    let figures = compute::compute(&model)?;
    timing::stage("compute", t);
    Ok((model, figures))
}
