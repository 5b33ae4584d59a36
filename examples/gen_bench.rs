//! Generates the benchmark data directory: N deals and M daily usage rows in
//! Parquet (columns deal, date as text, gpu_hours), deterministic for a given
//! N and M. Run through scripts/bench.sh.
//!
//! cargo run --release --example gen_bench -- <out-dir> <deals> <rows>

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use polars::prelude::*;

/// A small deterministic generator (SplitMix64), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map_or("target/bench/data", String::as_str));
    let deals: usize = args.get(2).map_or(Ok(1000), |s| s.parse())?;
    let rows: usize = args.get(3).map_or(Ok(10_000_000), |s| s.parse())?;
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out.join("deals"))?;
    fs::create_dir_all(out.join("usage"))?;
    fs::write(
        out.join("site.yaml"),
        "title: Benchmark\nas_of: 2026-11-15\n",
    )?;
    fs::write(
        out.join("gpus.yaml"),
        "models:\n  - {id: H100, name: NVIDIA H100, vendor: NVIDIA, bf16_dense_tflops: 989, memory_gb: 80}\n  - {id: GB200, name: NVIDIA GB200, vendor: NVIDIA, bf16_dense_tflops: 2500, memory_gb: 192}\n",
    )?;
    let mut rng = Rng(42);
    let epoch = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    let mut spans = Vec::new();
    for i in 0..deals {
        let id = format!("deal-{i:05}");
        let start = epoch + Duration::days(rng.below(900) as i64);
        let end = start + Duration::days(365 + rng.below(1500) as i64);
        let gpus = 1000 + rng.below(100_000);
        let mut y = String::new();
        writeln!(
            y,
            "id: {id}\ntitle: Benchmark deal {i}\nbuyer: Buyer {}\nprovider: Provider {}",
            i % 17,
            i % 11
        )?;
        writeln!(y, "announced: {start}\nstart: {start}\nend: {end}")?;
        writeln!(
            y,
            "price:\n  monthly: {{low: {}, base: {}, high: {}}}",
            gpus * 1500,
            gpus * 1700,
            gpus * 2000
        )?;
        writeln!(
            y,
            "  escalation: 0.03\n  ramp:\n    - {{months: 2, discount: {{low: 0, base: 0.25, high: 0.5}}}}"
        )?;
        writeln!(y, "capacity:\n  power_mw: {}\n  gpus:", 10 + rng.below(300))?;
        writeln!(
            y,
            "    - {{model: H100, count: {{low: {}, base: {gpus}, high: {}}}}}",
            gpus * 9 / 10,
            gpus * 11 / 10
        )?;
        writeln!(y, "    - {{model: GB200, count: {}}}", rng.below(5000))?;
        writeln!(
            y,
            "sources:\n  - {{title: Generated, url: \"https://example.com/{id}\"}}"
        )?;
        fs::write(out.join("deals").join(format!("{id}.yaml")), y)?;
        spans.push((id, start, (end - start).num_days()));
    }
    // Usage rows: each row names a deal and a day inside its schedule.
    let mut deal_col = Vec::with_capacity(rows);
    let mut date_col = Vec::with_capacity(rows);
    let mut hours_col = Vec::with_capacity(rows);
    for _ in 0..rows {
        let (id, start, days) = &spans[rng.below(deals as u64) as usize];
        let day = *start + Duration::days(rng.below(*days as u64 + 1) as i64);
        deal_col.push(id.as_str());
        date_col.push(day.format("%Y-%m-%d").to_string());
        hours_col.push((rng.below(100_000) as f64) / 10.0);
    }
    let mut df = df!("deal" => deal_col, "date" => date_col, "gpu_hours" => hours_col)?;
    let file = fs::File::create(out.join("usage").join("telemetry.parquet"))?;
    ParquetWriter::new(file).finish(&mut df)?;
    eprintln!(
        "wrote {deals} deals and {rows} usage rows to {}",
        out.display()
    );
    Ok(())
}
