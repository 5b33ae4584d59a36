#!/usr/bin/env bash
# Checks a built site with real clients:
#   1. the Nu HTML Checker (vnu) on every HTML page: zero errors;
#   2. sitemap.xml and feed.xml are well-formed XML of the right kind;
#   3. headless Chromium (.ci/browser-check.mjs) on the home page and the
#      headline deal at 1280 and 375 px: no horizontal overflow, no console
#      error, no failed or outside request; screenshots in target/screenshots/.
#
# usage: .ci/site-checks.sh SITE_DIR
#
# Tools are installed into target/site-tools (npm) and, if missing, Chromium
# with apt-get (CI runs as root). Java 17 must be on the PATH.
set -euo pipefail

site="${1:?usage: .ci/site-checks.sh SITE_DIR}"
site="$(cd "$site" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo/target/site-tools"
vnu="$tools/node_modules/vnu-jar/build/dist/vnu.jar"

# Pinned so that a new checker release cannot fail a build that passed.
if [[ ! -f "$vnu" || ! -d "$tools/node_modules/playwright-core" ]]; then
  echo "== installing vnu-jar and playwright-core into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts \
    vnu-jar@26.9.27 playwright-core@1.65.1
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium"
  apt-get update
  apt-get install -y chromium
fi

echo "== vnu: validating the HTML pages of $site"
pages="$(find "$site" -name '*.html' | wc -l)"
java -jar "$vnu" --errors-only --skip-non-html "$site/"
echo "vnu: $pages pages, no errors"

echo "== sitemap.xml and feed.xml"
python3 - "$site" <<'PY'
import sys
import xml.dom.minidom

site = sys.argv[1]
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
    print(f"{name}: well-formed, {len(items)} <{item}> elements")
PY

echo "== browser check"
SITE_TOOLS="$tools" node "$repo/.ci/browser-check.mjs" "$site"
