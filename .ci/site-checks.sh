#!/usr/bin/env bash
# Checks a built site with real clients:
#   1. the Nu HTML Checker (vnu) on every HTML page: zero errors;
#   2. sitemap.xml and feed.xml are well-formed XML of the right kind;
#   3. headless Chromium (.ci/browser-check.mjs) on every page at 1280 and
#      375 px, light and dark: axe-core finds no violation (WCAG 2.0/2.1 A
#      and AA, best practices); no horizontal overflow, console error, failed
#      or outside request, or broken link; screenshots in target/screenshots/;
#   4. the keyboard test (.ci/keyboard-check.mjs) on the home page and the
#      headline deal;
#   5. the same site built from data/ with base_url
#      https://example.org/reports/deals/ (a full URL) into a temporary
#      directory: vnu, the XML checks, and the browser check on every page
#      served under /reports/deals/ (data/ and site/ are not touched);
#   6. the live-reload check (.ci/serve-check.mjs): `dealbook serve` on a
#      copy of data/, the headline deal open in Chromium reloads by itself
#      with the new figure after an edit, shows the error overlay (file:line:
#      col, no axe violation) after a broken edit, and drops it after the fix.
#
# usage: .ci/site-checks.sh SITE_DIR
#
# Tools are installed into target/site-tools (npm) and, if missing, Chromium
# with apt-get (CI runs as root). Java 17 must be on the PATH. The sub-path
# build and the serve check use $DEALBOOK, else the newer of
# target/release/dealbook and target/debug/dealbook.
set -euo pipefail

site="${1:?usage: .ci/site-checks.sh SITE_DIR}"
site="$(cd "$site" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo/target/site-tools"
vnu="$tools/node_modules/vnu-jar/build/dist/vnu.jar"

# Pinned so that a new checker release cannot fail a build that passed.
packages=(vnu-jar@26.9.27 playwright-core@1.65.1 axe-core@4.14.1)
installed=true
for p in "${packages[@]}"; do
  name="${p%@*}" version="${p##*@}"
  have="$(node -p "require('$tools/node_modules/$name/package.json').version" 2>/dev/null || true)"
  [[ "$have" == "$version" ]] || installed=false
done
if [[ "$installed" != true ]]; then
  echo "== installing ${packages[*]} into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts --save-exact "${packages[@]}"
fi
# The binary for the sub-path build and the serve check (found first, so that
# a missing one fails before the long checks).
bin="${DEALBOOK:-}"
if [[ -z "$bin" ]]; then
  for candidate in "$repo/target/release/dealbook" "$repo/target/debug/dealbook"; do
    if [[ -x "$candidate" && ( -z "$bin" || "$candidate" -nt "$bin" ) ]]; then bin="$candidate"; fi
  done
fi
if [[ -z "$bin" ]]; then
  echo "no dealbook binary: run cargo build, or set DEALBOOK" >&2
  exit 1
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium"
  apt-get update
  apt-get install -y chromium
fi

# vnu and the XML checks on the site in $1; $2, when given, is the URL each
# sitemap <loc> and each feed link must start with.
check_files() {
echo "== vnu: validating the HTML pages of $1"
local pages
pages="$(find "$1" -name '*.html' | wc -l)"
java -jar "$vnu" --errors-only --skip-non-html "$1/"
echo "vnu: $pages pages, no errors"

echo "== sitemap.xml and feed.xml"
python3 - "$1" "${2:-}" <<'PY'
import sys
import xml.dom.minidom

site, prefix = sys.argv[1], sys.argv[2]
expect = {
    "sitemap.xml": ("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9", "url"),
    "feed.xml": ("feed", "http://www.w3.org/2005/Atom", "entry"),
}
for name, (root, ns, item) in expect.items():
    doc = xml.dom.minidom.parse(f"{site}/{name}")
    top = doc.documentElement
    if top.tagName != root or top.getAttribute("xmlns") != ns:
        sys.exit(f"{name}: expected a <{root} xmlns=\"{ns}\"> root, found <{top.tagName}>")
    items = top.getElementsByTagName(item)
    if not items:
        sys.exit(f"{name}: no <{item}> elements")
    if name == "feed.xml":
        # RFC 4287: a feed and each entry need id, title and updated.
        for el in [top, *items]:
            for child in ("id", "title", "updated"):
                if not el.getElementsByTagName(child):
                    sys.exit(f"{name}: <{el.tagName}> without <{child}>")
    if prefix:
        urls = [n.firstChild.data.strip() for n in top.getElementsByTagName("loc")]
        urls += [n.getAttribute("href") for n in top.getElementsByTagName("link")]
        wrong = [u for u in urls if not u.startswith(prefix)]
        if wrong:
            sys.exit(f"{name}: {len(wrong)} URLs do not start with {prefix}, e.g. {wrong[0]}")
        print(f"{name}: {len(urls)} URLs start with {prefix}")
    print(f"{name}: well-formed, {len(items)} <{item}> elements")
PY
}

check_files "$site"

echo "== browser check"
SITE_TOOLS="$tools" node "$repo/.ci/browser-check.mjs" "$site"

echo "== keyboard check"
SITE_TOOLS="$tools" node "$repo/.ci/keyboard-check.mjs" "$site"

# The same data under a sub-path given as a full URL, as a site published at
# https://example.org/reports/deals/ would be built.
subpath_url="https://example.org/reports/deals/"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$repo/data" "$tmp/data"
python3 - "$tmp/data/site.yaml" "$subpath_url" <<'PY'
import re
import sys

path, url = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
# Replace a top-level base_url if data/ has one, else add it.
text = re.sub(r"(?m)^base_url:.*\n", "", text)
open(path, "w", encoding="utf-8").write(text.rstrip("\n") + f"\nbase_url: {url}\n")
PY
echo "== sub-path build: base_url $subpath_url ($bin)"
"$bin" build --data "$tmp/data" --out "$tmp/site"
check_files "$tmp/site" "$subpath_url"
echo "== browser check of the sub-path build (every page, 1280 px, light)"
SITE_TOOLS="$tools" BROWSER_CHECK_COMBOS=1280-light SCREENSHOTS="$repo/target/screenshots/subpath" \
  node "$repo/.ci/browser-check.mjs" "$tmp/site"

echo "== serve check: live reload and the error overlay ($bin)"
SITE_TOOLS="$tools" node "$repo/.ci/serve-check.mjs" "$bin" "$repo/data"
