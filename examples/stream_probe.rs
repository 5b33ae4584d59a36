use polars::prelude::*;
fn main() -> PolarsResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = PlRefPath::new(&args[1]);
    let lf = LazyFrame::scan_parquet(path, ScanArgsParquet::default())?;
    let q = match args[2].as_str() {
        "len" => lf.select([len()]),
        "sum" => lf.select([col("gpu_hours").sum()]),
        "gb_deal" => lf.group_by([col("deal")]).agg([col("gpu_hours").sum()]),
        "gb_both" => lf
            .group_by([col("deal"), col("date")])
            .agg([col("gpu_hours").sum()]),

        "gb_date" => lf.group_by([col("date")]).agg([len()]),
        "gb_dm" => lf
            .select([
                col("deal"),
                col("date").str().slice(lit(0), lit(7)).alias("m"),
                col("gpu_hours"),
            ])
            .group_by([col("deal"), col("m")])
            .agg([col("gpu_hours").sum()]),
        "gb_dm_micro" => lf
            .select([
                col("deal"),
                col("date").str().slice(lit(0), lit(7)).alias("m"),
                (col("gpu_hours") * lit(1e6) + lit(0.5))
                    .cast(DataType::Int64)
                    .alias("micro"),
            ])
            .group_by([col("deal"), col("m")])
            .agg([col("micro").sum()]),
        "gb_dd" => lf
            .group_by([col("deal"), col("date")])
            .agg([col("gpu_hours").sum()]),
        "sel_slice" => lf
            .select([col("date").str().slice(lit(0), lit(7)).alias("m")])
            .select([col("m").n_unique()]),
        "gb_d_slice" => lf
            .select([
                col("date").str().slice(lit(0), lit(7)).alias("m"),
                col("gpu_hours"),
            ])
            .group_by([col("m")])
            .agg([col("gpu_hours").sum()]),
        "gb_concat" => lf
            .select([
                (col("deal") + lit("\u{1f}") + col("date").str().slice(lit(0), lit(7))).alias("k"),
                col("gpu_hours"),
            ])
            .group_by([col("k")])
            .agg([col("gpu_hours").sum()]),
        "gb_num" => lf
            .select([
                col("deal")
                    .str()
                    .slice(lit(5), lit(5))
                    .cast(DataType::Int32)
                    .alias("d"),
                col("date")
                    .str()
                    .slice(lit(0), lit(4))
                    .cast(DataType::Int32)
                    .alias("m"),
                col("gpu_hours"),
            ])
            .group_by([col("d"), col("m")])
            .agg([col("gpu_hours").sum()]),
        "join_num" => {
            let ids: Vec<String> = (0..1000).map(|i| format!("deal-{i:05}")).collect();
            let idx: Vec<u32> = (0..1000).collect();
            let map = df!("deal" => ids, "idx" => idx)?.lazy();
            lf.join(
                map,
                [col("deal")],
                [col("deal")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                col("idx"),
                col("date")
                    .str()
                    .slice(lit(0), lit(4))
                    .cast(DataType::Int32)
                    .alias("m"),
                col("gpu_hours"),
            ])
            .group_by([col("idx"), col("m")])
            .agg([col("gpu_hours").sum()])
        }
        "join_one" => {
            let ids: Vec<String> = (0..1000).map(|i| format!("deal-{i:05}")).collect();
            let idx: Vec<i64> = (0..1000).collect();
            let map = df!("deal" => ids, "idx" => idx)?.lazy();
            lf.join(
                map,
                [col("deal")],
                [col("deal")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                (col("idx") * lit(1_000_000i64)
                    + col("date")
                        .str()
                        .slice(lit(0), lit(4))
                        .cast(DataType::Int64))
                .alias("k"),
                col("gpu_hours"),
            ])
            .group_by([col("k")])
            .agg([col("gpu_hours").sum()])
        }
        "join_two" => {
            let ids: Vec<String> = (0..1000).map(|i| format!("deal-{i:05}")).collect();
            let idx: Vec<i64> = (0..1000).collect();
            let map = df!("deal" => ids, "idx" => idx)?.lazy();
            let dates =
                LazyFrame::scan_parquet(PlRefPath::new(&args[1]), ScanArgsParquet::default())?
                    .group_by([col("date")])
                    .agg([len()])
                    .collect()?;
            let dates = dates
                .lazy()
                .with_column(
                    (col("date")
                        .str()
                        .slice(lit(0), lit(4))
                        .cast(DataType::Int64)
                        * lit(100i64)
                        + col("date")
                            .str()
                            .slice(lit(5), lit(2))
                            .cast(DataType::Int64))
                    .alias("m"),
                )
                .select([col("date"), col("m")])
                .collect()?;
            lf.join(
                map,
                [col("deal")],
                [col("deal")],
                JoinArgs::new(JoinType::Left),
            )
            .join(
                dates.lazy(),
                [col("date")],
                [col("date")],
                JoinArgs::new(JoinType::Left),
            )
            .select([
                (col("idx") * lit(1_000_000i64) + col("m")).alias("k"),
                col("gpu_hours"),
            ])
            .group_by([col("k")])
            .agg([col("gpu_hours").sum()])
        }
        "p3a" | "p3b" | "p3c" => {
            let ids: Vec<String> = (0..1000).map(|i| format!("deal-{i:05}")).collect();
            let idx: Vec<i64> = (0..1000).collect();
            let map = df!("raw" => ids, "idx" => idx)?.lazy();
            let hours = col("gpu_hours").cast(DataType::Float64);
            let bad = hours
                .clone()
                .gt_eq(lit(0.0))
                .and(hours.clone().lt_eq(lit(1e12)))
                .fill_null(lit(false))
                .not();
            let micro = (hours.clone() * lit(1e6) + lit(0.5)).cast(DataType::Int64);
            let m = col("key_raw")
                .str()
                .slice(lit(0), lit(4))
                .cast(DataType::Int64)
                * lit(100i64)
                + col("key_raw")
                    .str()
                    .slice(lit(5), lit(2))
                    .cast(DataType::Int64);
            let sel = match args[2].as_str() {
                "p3a" => vec![
                    col("deal").alias("deal_raw"),
                    col("date").alias("key_raw"),
                    micro.alias("micro"),
                ],
                "p3b" => vec![
                    col("deal").alias("deal_raw"),
                    col("date").alias("key_raw"),
                    when(bad.clone())
                        .then(lit(NULL).cast(DataType::Int64))
                        .otherwise(micro)
                        .alias("micro"),
                ],
                _ => vec![
                    col("deal").alias("deal_raw"),
                    col("date").alias("key_raw"),
                    when(bad.clone())
                        .then(lit(NULL).cast(DataType::Int64))
                        .otherwise(micro)
                        .alias("micro"),
                    bad.alias("bad"),
                ],
            };
            let mut aggs = vec![col("micro").sum()];
            if args[2] == "p3c" {
                aggs.push(col("bad").sum());
                aggs.push(len());
            }
            lf.select(sel)
                .join(
                    map,
                    [col("deal_raw")],
                    [col("raw")],
                    JoinArgs::new(JoinType::Left),
                )
                .select(
                    [
                        (col("idx") * lit(1_000_000i64) + m).alias("group"),
                        col("micro"),
                    ]
                    .into_iter()
                    .chain((args[2] == "p3c").then(|| col("bad")))
                    .collect::<Vec<_>>(),
                )
                .group_by([col("group")])
                .agg(aggs)
        }
        _ => panic!(),
    };
    let df = if std::env::var("CHUNK").is_ok() {
        let chunk: i64 = std::env::var("CHUNK").unwrap().parse().unwrap();
        let n = LazyFrame::scan_parquet(PlRefPath::new(&args[1]), ScanArgsParquet::default())?
            .select([len()])
            .collect()?
            .column("len")?
            .get(0)?
            .extract::<u64>()
            .unwrap() as i64;
        let mut parts = Vec::new();
        let mut off = 0;
        while off < n {
            let lf = LazyFrame::scan_parquet(PlRefPath::new(&args[1]), ScanArgsParquet::default())?
                .slice(off, chunk as IdxSize);
            let ids: Vec<String> = (0..1000).map(|i| format!("deal-{i:05}")).collect();
            let idx: Vec<i64> = (0..1000).collect();
            let map = df!("raw" => ids, "idx" => idx)?.lazy();
            let m = col("date")
                .str()
                .slice(lit(0), lit(4))
                .cast(DataType::Int64)
                * lit(100i64)
                + col("date")
                    .str()
                    .slice(lit(5), lit(2))
                    .cast(DataType::Int64);
            parts.push(
                lf.join(
                    map,
                    [col("deal")],
                    [col("raw")],
                    JoinArgs::new(JoinType::Left),
                )
                .select([
                    (col("idx") * lit(1_000_000i64) + m).alias("group"),
                    col("gpu_hours"),
                ])
                .group_by([col("group")])
                .agg([col("gpu_hours").sum()])
                .collect_with_engine(Engine::Streaming)?
                .unwrap_single()
                .lazy(),
            );
            off += chunk;
        }
        concat(parts, UnionArgs::default())?
            .group_by([col("group")])
            .agg([col("gpu_hours").sum()])
            .collect()?
    } else {
        q.collect_with_engine(Engine::Streaming)?.unwrap_single()
    };
    println!("{}", df.height());
    Ok(())
}
