#!/usr/bin/env bash
# Benchmark: a release `dealbook build` of N deals with M daily usage rows in
# Parquet. Prints wall time and peak memory (GNU time). Usage:
#   scripts/bench.sh [deals=1000] [rows=10000000]
set -euo pipefail
cd "$(dirname "$0")/.."
deals=${1:-1000}
rows=${2:-10000000}
dir=target/bench/$deals-$rows
cargo build --release --quiet
cargo build --release --quiet --example gen_bench
if [ ! -f "$dir/data/usage/telemetry.parquet" ]; then
  target/release/examples/gen_bench "$dir/data" "$deals" "$rows"
fi
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
rm -rf "$dir/site"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, peak RSS %M KB" target/release/dealbook build --data "$dir/data" --out "$dir/site" 2>&1 | grep -v '^built'
done
