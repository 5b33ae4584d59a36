#!/usr/bin/env bash
# Runs a command and reports its wall time and peak memory, split into
# anonymous memory (what the process allocates) and file-backed memory (pages
# of memory-mapped input files, which the kernel can drop at any time):
# polars maps Parquet files, so peak RSS alone grows with the file's size.
#   scripts/peak_memory.sh CMD [ARGS...]
set -euo pipefail
start=$(date +%s.%N)
"$@" >/dev/null 2>&1 &
pid=$!
anon=0; file=0
while kill -0 "$pid" 2>/dev/null; do
  if read -r a f < <(awk '/RssAnon/{a=$2} /RssFile/{f=$2} END{print a+0, f+0}' "/proc/$pid/status" 2>/dev/null); then
    [ "$a" -gt "$anon" ] && anon=$a
    [ "$f" -gt "$file" ] && file=$f
  fi
  sleep 0.02
done
wait "$pid"; status=$?
end=$(date +%s.%N)
printf 'wall %.2f s, peak anonymous memory %d MB, peak file-backed %d MB (exit %d)\n' \
  "$(echo "$end - $start" | bc)" $((anon / 1024)) $((file / 1024)) "$status"
