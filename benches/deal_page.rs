//! Criterion benchmark of rendering one deal page (its askama template and the
//! views it is built from) for each deal of the shipped data, as the build
//! does. `cargo bench --bench deal_page`.

use std::path::Path;

use askama::Template;
use criterion::{Criterion, criterion_group, criterion_main};
use dealbook::model::Overrides;
use dealbook::render::{export, pages};

fn deal_page(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (model, figures) = dealbook::pipeline::analyse(&data, &Overrides::default()).unwrap();
    let tables = export::Tables::from_figures(&figures).unwrap();
    let ctx = pages::Ctx::new(&model, &tables);
    let n = model.deals.len();
    c.bench_function(
        &format!("render the {n} deal pages of data/, one by one"),
        |b| {
            b.iter(|| {
                model
                    .deals
                    .iter()
                    .map(|deal| pages::deal::page(&ctx, deal).render().unwrap().len())
                    .sum::<usize>()
            })
        },
    );
}

criterion_group!(benches, deal_page);
criterion_main!(benches);
