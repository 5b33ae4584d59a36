// Opens every page of a built site in headless Chromium, as a reader would,
// at 1280 and 375 px in the light and the dark colour scheme, and fails
// (exit 1) on what a reader would hit:
//   - a page wider than the window;
//   - an error in the console or a script error;
//   - a request that fails, returns an HTTP error or leaves the site;
//   - a link or #fragment of the site that does not resolve, or that does
//     not start with the base path the site was built for;
//   - a sortable table that sort.js did not enhance;
//   - a chart that does not fit its figure: the figure scrolls sideways, or
//     a drawn element (bar, line, label) lies outside the visible <svg>, or
//     a text of an SVG renders under 11 px (charts.mjs);
//   - any axe-core violation (WCAG 2.0/2.1 A and AA rules and best
//     practices), printed with its rule, impact, page and first selectors.
//
// usage: node .ci/browser-check.mjs SITE_DIR [BASE]
//
// The site is served from 127.0.0.1 under the base path it was built with
// (read from index.html's stylesheet link unless BASE is given; a full URL
// such as https://example.org/reports/deals/ is opened at that URL and
// answered by the local server), so links that forget base_url fail here as
// they would on the real host.
//
// Environment: BROWSER_CHECK_PAGES=key checks only the home page and the
// headline deal; BROWSER_CHECK_COMBOS=1280-light,375-dark picks the
// combinations (default: all four), BROWSER_CHECK_JOBS how many tabs run at
// once (default: the number of CPUs, at least 2; when there are fewer
// combinations than tabs, each combination's pages are split between tabs).
// Screenshots of the home page and the
// headline deal go to target/screenshots/ (or $SCREENSHOTS).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chartProblems } from './charts.mjs';
import {
  AXE_TAGS, AXE_VERSION, HEADLINE, allPages, axeViolations, launch, openContext, repo, serve, siteBase,
  fetchLocal,
} from './browser-lib.mjs';

const site = path.resolve(process.argv[2] || 'site');
const shots = path.resolve(process.env.SCREENSHOTS || path.join(repo, 'target', 'screenshots'));
const KEY_PAGES = ['index.html', HEADLINE];
const COMBOS = (process.env.BROWSER_CHECK_COMBOS || '1280-light,375-light,1280-dark,375-dark')
  .split(',')
  .map((c) => {
    const [width, scheme] = c.trim().split('-');
    if (!/^\d+$/.test(width) || !['light', 'dark'].includes(scheme)) {
      throw new Error(`BROWSER_CHECK_COMBOS: "${c}" is not WIDTH-light or WIDTH-dark`);
    }
    return { width: Number(width), scheme };
  });
const JOBS = Math.max(1, Number(process.env.BROWSER_CHECK_JOBS || Math.max(2, os.availableParallelism())));

/** Overflow, sort.js and axe on the page open in `tab`; problems via `report`. */
async function checkPage(tab, report) {
  const overflow = await tab.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= window.innerWidth) return null;
    // Name the widest offenders to make the failure actionable.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest('.table-wrap, figure.chart, pre'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, wide };
  });
  if (overflow) {
    report(`horizontal overflow: scrollWidth ${overflow.scrollWidth} > innerWidth ${overflow.innerWidth}; ${overflow.wide.join(', ')}`);
  }
  // The sortable tables get their buttons from sort.js; check it ran.
  const sortable = await tab.evaluate(() => ({
    tables: document.querySelectorAll('table.sortable').length,
    ready: document.querySelectorAll('table.sortable[data-sortable-ready="true"]').length,
  }));
  if (sortable.tables !== sortable.ready) {
    report(`sort.js enhanced ${sortable.ready} of ${sortable.tables} sortable tables`);
  }

  for (const p of await chartProblems(tab)) report(p);

  const violations = await axeViolations(tab);
  for (const v of violations) {
    report(`axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes} element(s): ${v.targets.join(' | ')}`, v);
  }
}

/** Links, scripts, styles and images of the open page, and its ids. */
function collectLinks(tab) {
  return tab.evaluate(() => {
    const urls = [];
    for (const el of document.querySelectorAll('[href], [src]')) {
      const raw = el.getAttribute('href') ?? el.getAttribute('src');
      // SVG <a> and <use> have animated href values; resolve by hand.
      urls.push({ tag: el.tagName.toLowerCase(), raw, url: new URL(raw, document.baseURI).href });
    }
    return { ids: [...document.querySelectorAll('[id]')].map((el) => el.id), urls };
  });
}

/**
 * Every link of the site must start with the base path, reach a file of the
 * site and, for a #fragment, an id of the page it names. Links to other
 * hosts (the sources) are left alone: the browser never requests them.
 */
async function checkLinks(found, siteOrigin, base, local, problems) {
  const fetched = new Map();
  let checked = 0;
  for (const [page, { urls }] of found) {
    for (const { tag, raw, url } of urls) {
      const u = new URL(url);
      if (u.origin !== siteOrigin) continue;
      checked += 1;
      const where = `${page}: <${tag}> ${raw}`;
      if (!u.pathname.startsWith(base)) {
        problems.push(`${where}: outside the base path ${base}`);
        continue;
      }
      let rel = decodeURIComponent(u.pathname.slice(base.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      let ids = found.get(rel)?.ids;
      if (!ids) {
        // A file the browser did not open: fetch it (ids of HTML by pattern).
        const file = local + u.pathname;
        if (!fetched.has(file)) fetched.set(file, await fetchLocal(file));
        const { status, body } = fetched.get(file);
        if (status !== 200) {
          problems.push(`${where}: HTTP ${status}`);
          continue;
        }
        ids = [...body.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
      }
      const id = decodeURIComponent(u.hash.slice(1));
      if (id && !ids.includes(id)) problems.push(`${where}: no element with id "${id}" on ${rel}`);
    }
  }
  return checked;
}

async function main() {
  const { origin: builtOrigin, base } = siteBase(site, process.argv[3]);
  fs.mkdirSync(shots, { recursive: true });
  const { server, origin: local } = await serve(site, base);
  const siteOrigin = builtOrigin || local;
  const pages = process.env.BROWSER_CHECK_PAGES === 'key' ? KEY_PAGES : allPages(site);
  console.log(`serving ${site} at ${local}${base}${builtOrigin ? ` as ${siteOrigin}${base}` : ''}`);
  console.log(`axe-core ${AXE_VERSION}, rules tagged ${AXE_TAGS.join(', ')}`);
  const browser = await launch();
  const problems = [];
  const violations = new Map();
  const found = new Map();
  const done = new Map();
  const started = Date.now();
  try {
    // One context per combination and share of its pages, JOBS at a time:
    // a combination's pages are split in as many shares as keep JOBS tabs
    // busy (one share when there are at least JOBS combinations).
    const shares = Math.max(1, Math.ceil(JOBS / COMBOS.length));
    const size = Math.ceil(pages.length / shares);
    const queue = COMBOS.flatMap((combo) => Array.from({ length: shares }, (_, i) => ({
      ...combo, share: pages.slice(i * size, (i + 1) * size),
    }))).filter((unit) => unit.share.length);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { width, scheme, share } = next;
        const combo = `${width}-${scheme}`;
        let current = '';
        const report = (what, v) => {
          problems.push(`${current} @ ${combo}: ${what}`);
          if (v) {
            const seen = violations.get(v.id) || { runs: 0, nodes: 0 };
            violations.set(v.id, { runs: seen.runs + 1, nodes: seen.nodes + v.nodes });
          }
        };
        const { context, tab } = await openContext(browser, {
          width, scheme, siteOrigin, local, report: (what) => report(what),
        });
        for (const page of share) {
          current = page;
          await tab.goto(`${siteOrigin}${base}${page}`, { waitUntil: 'load' });
          if (!found.has(page)) found.set(page, await collectLinks(tab));
          await checkPage(tab, report);
          if (KEY_PAGES.includes(page)) {
            const name = `${page.replace(/\.html$/, '').replace(/[^a-z0-9]+/gi, '-')}-${width}${scheme === 'dark' ? '-dark' : ''}`;
            await tab.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
          }
        }
        await context.close();
        done.set(combo, (done.get(combo) || 0) + share.length);
        if (done.get(combo) === pages.length) console.log(`${combo}: ${pages.length} pages`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(JOBS, queue.length) }, worker));
    const links = await checkLinks(found, siteOrigin, base, local, problems);
    console.log(`links: ${links} links and assets of the site resolved`);
  } finally {
    await browser.close();
    server.close();
  }
  // Every page in every combination, or the check failed to cover some.
  const runs = [...done.values()].reduce((sum, n) => sum + n, 0);
  if (runs !== pages.length * COMBOS.length) {
    problems.push(`checked ${runs} runs, not ${pages.length} pages x ${COMBOS.length} combinations`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  problems.sort();
  console.log(`${pages.length} pages x ${COMBOS.length} combinations = ${runs} runs in ${seconds} s; screenshots in ${path.relative(process.cwd(), shots) || '.'}`);
  if (problems.length) {
    const byRule = [...violations].map(([id, n]) => `${id} in ${n.runs} runs (${n.nodes} elements)`).join(', ');
    const axeRuns = [...violations.values()].reduce((sum, n) => sum + n.runs, 0);
    console.error(`browser check: ${problems.length} problem(s)${byRule ? `; ${axeRuns} axe violations: ${byRule}` : ''}`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log('browser check: no axe violation, overflow, console error, failed request or broken link');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
