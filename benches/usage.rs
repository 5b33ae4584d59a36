//! Criterion benchmark of the usage reducer (SPEC.md 7.3): the shipped data's
//! deals with a generated Parquet usage file of 1M daily rows (`deal`, `date`
//! as text, `gpu_hours`), checked and summed per deal and month
//! (`model::tables::check`). `cargo bench --bench usage`.

use std::path::Path;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use dealbook::model::{Model, Overrides};
use polars::prelude::*;

const ROWS: usize = 1_000_000;

fn usage_reducer(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data").as_path(),
        &data,
    );
    let model =
        Model::from_raw(dealbook::load::read(&data).unwrap(), &Overrides::default()).unwrap();
    // Rows spread over the deals, each on a day of its schedule.
    let (mut deal, mut date, mut hours) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..ROWS {
        let d = &model.deals[i % model.deals.len()];
        let days = (d.effective_end() - d.start).num_days().max(1);
        let day = d.start + Duration::days((i / model.deals.len()) as i64 % days);
        deal.push(d.id.clone());
        date.push(day.format("%Y-%m-%d").to_string());
        hours.push((i % 1000) as f64 / 8.0);
    }
    let mut frame = df!("deal" => deal, "date" => date, "gpu_hours" => hours).unwrap();
    let file = std::fs::File::create(data.join("usage/telemetry.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
    let raw = dealbook::load::read(&data).unwrap();
    let model = Model::from_raw(raw, &Overrides::default()).unwrap();
    let files = model.tables.files.clone();

    let mut group = c.benchmark_group("usage");
    group.sample_size(10);
    group.bench_function("check and sum 1M Parquet rows", |b| {
        b.iter(|| {
            let mut errors = Vec::new();
            let tables = dealbook::model::tables::check(
                files.clone(),
                &model.deals,
                &model.catalogue,
                &mut errors,
            );
            assert!(errors.is_empty(), "{errors:?}");
            tables.unwrap().usage.rows
        })
    });
    group.finish();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

criterion_group!(benches, usage_reducer);
criterion_main!(benches);
