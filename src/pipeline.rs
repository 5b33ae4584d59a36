//! load -> model -> compute: the part of the pipeline every command, `serve`
//! and the benches share; `build` and `serve` then render what it returns.

use std::path::Path;

use crate::compute::{self, Figures};
use crate::error::Result;
use crate::load::RawData;
use crate::model::{Model, Overrides};
use crate::progress::Progress;
use crate::timing;

/// Reads, validates and computes a data directory.
pub fn analyse(data: &Path, overrides: &Overrides) -> Result<(Model, Figures)> {
    analyse_with(data, overrides, &Progress::none())
}

/// As [`analyse`], showing each stage on a progress bar.
pub fn analyse_with(
    data: &Path,
    overrides: &Overrides,
    progress: &Progress,
) -> Result<(Model, Figures)> {
    let ((), model, figures) = analyse_inspecting(data, overrides, progress, |_| ())?;
    Ok((model, figures))
}

/// As [`analyse_with`], first handing the records as read to `inspect`
/// (`diff` keeps them: the inputs a reviewer sees changed).
pub fn analyse_inspecting<T>(
    data: &Path,
    overrides: &Overrides,
    progress: &Progress,
    inspect: impl FnOnce(&RawData) -> T,
) -> Result<(T, Model, Figures)> {
    progress.stage("loading and validating");
    let t = std::time::Instant::now();
    let raw = crate::load::read(data)?;
    let inspected = inspect(&raw);
    let model = Model::from_raw(raw, overrides)?;
    timing::stage("load and validate", t);
    progress.stage("computing");
    let t = std::time::Instant::now();
    let figures = compute::compute(&model)?;
    timing::stage("compute", t);
    Ok((inspected, model, figures))
}

/// load -> model: the validated records, without figures (`usage-sql`).
pub fn validate(data: &Path, overrides: &Overrides) -> Result<Model> {
    Model::from_raw(crate::load::read(data)?, overrides)
}
