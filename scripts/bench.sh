#!/usr/bin/env bash
# Benchmark: dealbook against its peers (/work/shared/peers, or $PEERS) on one
# generated data directory, side by side in one run: N deals, M daily usage
# rows in Parquet. Three runs of each, best of three; prints each time, the
# ratios and dealbook's stage times (DEALBOOK_TIMINGS=1). Usage:
#   scripts/bench.sh [deals=1000] [rows=10000000]
# Needs: a release build (built here), python3 with pandas, pyarrow, jinja2,
# pyyaml and polars, and Debian's hugo.
set -euo pipefail
cd "$(dirname "$0")/.."
deals=${1:-1000}
rows=${2:-10000000}
peers=${PEERS:-/work/shared/peers}
dir=$PWD/target/bench/$deals-$rows
bin=target/release/dealbook
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example serve_loop
if [ ! -f "$dir/data/usage/telemetry.parquet" ]; then
  rm -rf "$dir/data"
  python3 "$peers/gen-scale.py" --deals "$deals" --rows "$rows" --format parquet --out "$dir/data"
fi

# best LABEL CMD...: runs CMD three times, prints each wall time and sets $best.
best() {
  local label=$1; shift
  local times=() t0 t1
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>"$dir/stderr.txt"
    t1=$(date +%s.%N)
    times+=("$(printf '%.2f' "$(echo "$t1 - $t0" | bc)")")
  done
  best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  printf '%-34s %s s (runs: %s)\n' "$label" "$best" "${times[*]}"
}

echo "== $deals deals, $rows usage rows (Parquet), best of three"
# The usage cache of a build into $dir/site is $dir/.site.cache (README).
rm -rf "$dir/site" "$dir/.site.cache"
"$bin" build --quiet --data "$dir/data" --out "$dir/site" # the first build: every file new
best "dealbook build (incremental)" "$bin" build --quiet --data "$dir/data" --out "$dir/site"
build_incremental=$best
best "dealbook build (fresh output)" bash -c "rm -rf '$dir/site' && '$bin' build --quiet --data '$dir/data' --out '$dir/site'"
build=$best
best "dealbook build (fresh, no cache)" bash -c "rm -rf '$dir/site' '$dir/.site.cache' && '$bin' build --quiet --data '$dir/data' --out '$dir/site'"
build_cold=$best
best "pandas peer" python3 "$peers/pandas_peer.py" --data "$dir/data" --out "$dir/pandas-site"
pandas=$best
best "bare polars usage reduction" python3 scripts/bare_polars_usage.py "$dir/data/usage/telemetry.parquet"
polars=$best
rm -rf "$dir/hugo"
python3 "$peers/hugo_peer.py" --exports "$dir/site/data" --site "$dir/hugo"
best "hugo (the same pages)" bash -c "rm -rf '$dir/hugo/public' && hugo --quiet --source '$dir/hugo' --destination '$dir/hugo/public'"
hugo=$best
hugo_pages=$(find "$dir/hugo/public" -name '*.html' | wc -l)

# Stage times of the best of three fresh builds.
stages=""
for _ in 1 2 3; do
  rm -rf "$dir/site" "$dir/.site.cache"
  out=$(DEALBOOK_TIMINGS=1 "$bin" build --quiet --data "$dir/data" --out "$dir/site" 2>&1)
  total=$(echo "$out" | awk -F': ' '/^timing: [a-z]/{gsub(/ s$/,"",$3); t+=$3} END{print t}')
  if [ -z "$stages" ] || [ "$(echo "$total < $stages_total" | bc)" = 1 ]; then
    stages=$out; stages_total=$total
  fi
done
echo "== dealbook stage times (the fastest of three fresh builds, no cache)"
echo "$stages" | sed 's/^timing: /  /'
stage() { echo "$stages" | awk -F': ' -v s="$1" '$2==s{gsub(/ s$/,"",$3); print $3}'; }
usage=$(stage "  usage tables")
render_write=$(printf '%.2f' "$(echo "$(stage render) + $(stage write)" | bc)")
pages=$(find "$dir/site" -name '*.html' | wc -l)
files=$(find "$dir/site" -type f | wc -l)

echo "== ratios"
printf 'full build vs pandas peer:         %s s vs %s s = %.2fx the time (%.1fx the speed)\n' "$build" "$pandas" "$(echo "$build / $pandas" | bc -l)" "$(echo "$pandas / $build" | bc -l)"
printf 'the same, no usage cache:          %s s vs %s s = %.1fx the speed\n' "$build_cold" "$pandas" "$(echo "$pandas / $build_cold" | bc -l)"
printf 'usage stage vs bare polars:        %s s vs %s s = %.2fx the time\n' "$usage" "$polars" "$(echo "$usage / $polars" | bc -l)"
printf 'render+write vs hugo, pages/s:     %.0f (%s pages, %s files in %s s) vs %.0f (%s pages in %s s)\n' \
  "$(echo "$pages / $render_write" | bc -l)" "$pages" "$files" "$render_write" \
  "$(echo "$hugo_pages / $hugo" | bc -l)" "$hugo_pages" "$hugo"
best "dealbook build, the shipped data (warm)" bash -c "'$bin' build --quiet --data data --out '$dir/shipped-site'"

# The analyst's loop, on a copy of the data (hard links; edits are saved as
# editors save, a new file renamed over the old, so the original stays).
rm -rf "$dir/loop-data" "$dir/loop-site" "$dir/.loop-site.cache"
cp -al "$dir/data" "$dir/loop-data"
deal=deals/$(ls "$dir/loop-data/deals" | head -1)
echo "== the loop: save $deal, wait for the reload message, GET the page"
target/release/examples/serve_loop "$bin" "$dir/loop-data" "$deal" 3 | sed 's/^/  /'
"$bin" build --quiet --data "$dir/loop-data" --out "$dir/loop-site"
best "build into the earlier site after an edit" bash -c "sed -i 's/^  monthly: \\([0-9]*\\)/  monthly: \\11/' '$dir/loop-data/$deal' && '$bin' build --quiet --data '$dir/loop-data' --out '$dir/loop-site'"
