#!/usr/bin/env python3
"""The yardstick of dealbook's usage stage: bare polars (Python, the same
engine) summing a usage Parquet file per deal and month, with no checks.
Usage: bare_polars_usage.py FILE.parquet"""
import sys

import polars as pl

out = (
    pl.scan_parquet(sys.argv[1])
    .group_by(pl.col("deal"), pl.col("date").cast(pl.String).str.slice(0, 7).alias("month"))
    .agg(pl.col("gpu_hours").sum())
    .collect(engine="streaming")
)
print(f"{out.height} (deal, month) rows")
