#!/usr/bin/env bash
# `dist plan` for a `v<version>` tag: it fails on a bad dist config and when
# .github/workflows/release.yml is not what `dist generate` writes. Then the
# plan's manifest must list every archive, checksum and installer that the
# README's Install section and the CI recipes download.
#
# usage: .ci/dist-plan.sh DIST_BINARY
set -euo pipefail
dist="${1:?usage: .ci/dist-plan.sh DIST_BINARY}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
manifest="$(mktemp)"
trap 'rm -f "$manifest"' EXIT
"$dist" plan --tag="v$version"
"$dist" plan --tag="v$version" --output-format=json --no-local-paths > "$manifest"
python3 - "$manifest" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
artifacts = set(plan["artifacts"])
expected = {"dealbook-installer.sh", "dealbook-installer.ps1", "sha256.sum"}
for target in ["aarch64-apple-darwin", "aarch64-unknown-linux-gnu",
               "x86_64-apple-darwin", "x86_64-unknown-linux-gnu"]:
    expected |= {f"dealbook-{target}.tar.xz", f"dealbook-{target}.tar.xz.sha256"}
expected |= {"dealbook-x86_64-pc-windows-msvc.zip", "dealbook-x86_64-pc-windows-msvc.zip.sha256"}
missing = sorted(expected - artifacts)
if missing:
    sys.exit(f"dist plan: missing {missing}; it lists {sorted(artifacts)}")
print(f"dist plan: {len(expected)} expected artifacts listed")

# cargo binstall finds each target's archive by Cargo.toml's pkg-url: it
# must name an archive that the plan lists.
import tomllib
meta = tomllib.load(open("Cargo.toml", "rb"))["package"]["metadata"]["binstall"]
suffix = {"txz": ".tar.xz", "zip": ".zip"}
for target in ["aarch64-apple-darwin", "aarch64-unknown-linux-gnu", "x86_64-apple-darwin",
               "x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"]:
    fmt = meta.get("overrides", {}).get(target, {}).get("pkg-fmt", meta["pkg-fmt"])
    url = meta["pkg-url"]
    for key, value in {"name": "dealbook", "target": target, "archive-suffix": suffix[fmt]}.items():
        url = url.replace("{ %s }" % key, value)
    name = url.rsplit("/", 1)[1]
    if name not in artifacts:
        sys.exit(f"binstall pkg-url for {target} names {name}, which the plan does not list")
print("binstall pkg-url: every target's archive is in the plan")
PY
