//! One file per subcommand, each taking its typed arguments.

pub mod build;
pub mod check;

use std::path::Path;

use crate::compute::{self, Figures};
use crate::error::Result;
use crate::model::{Model, Overrides};
use crate::timing;

/// load -> model -> compute: the part of the pipeline `build` and `check` share.
pub fn analyse(data: &Path, overrides: &Overrides) -> Result<(Model, Figures)> {
    let t = std::time::Instant::now();
    let raw = crate::load::read(data)?;
    let model = Model::from_raw(raw, overrides)?;
    timing::stage("load and validate", t);
    let t = std::time::Instant::now();
    let figures = compute::compute(&model)?;
    timing::stage("compute", t);
    Ok((model, figures))
}
