//! One file per subcommand, each taking its typed arguments.

pub mod build;
pub mod check;

use std::path::Path;

use crate::compute::{self, Figures};
use crate::error::Result;
use crate::model::{Model, Overrides};

/// load -> model -> compute: the part of the pipeline `build` and `check` share.
pub fn analyse(data: &Path, overrides: &Overrides) -> Result<(Model, Figures)> {
    let raw = crate::load::read(data)?;
    let model = Model::from_raw(raw, overrides)?;
    let figures = compute::compute(&model)?;
    Ok((model, figures))
}
