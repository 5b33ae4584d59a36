// Opens the built site in headless Chromium, as a reader would, and fails
// (exit 1) on what a reader would hit: a page wider than the window, an
// error in the console, or a request that fails or leaves the site.
//
// usage: node .ci/browser-check.mjs SITE_DIR [BASE_PATH]
//
// The site is served from 127.0.0.1 under the base path it was built with
// (read from index.html's stylesheet link unless BASE_PATH is given), so
// links that forget base_url fail here as they would on the real host.
// Screenshots go to target/screenshots/ (or $SCREENSHOTS). With
// BROWSER_CHECK_ALL=1 every page of the site is also checked at both
// widths (slower; screenshots only of the two pages above).

import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = process.env.SITE_TOOLS || path.join(repo, 'target', 'site-tools');
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2] || 'site');
const shots = path.resolve(process.env.SCREENSHOTS || path.join(repo, 'target', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PAGES = ['index.html', 'deals/anthropic-xai-colossus-1.html'];
const WIDTHS = [1280, 375];

/** The base path the site was built with: "/" or "/reports/deals/". */
function basePath() {
  let base = process.argv[3];
  if (!base) {
    const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    const m = html.match(/<link rel="stylesheet" href="([^"]*)style\.css"/);
    if (!m) throw new Error('cannot find the stylesheet link in index.html');
    base = m[1];
  }
  // A full base_url (https://host/path/) is served here by its path.
  if (/^https?:\/\//i.test(base)) base = new URL(base).pathname;
  if (!base.startsWith('/')) base = '/' + base;
  return base.endsWith('/') ? base : base + '/';
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
};

/** A static file server for `site` under `base`, like a plain static host. */
function serve(base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    let file = null;
    if (rel.startsWith(base)) {
      rel = rel.slice(base.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const candidate = path.resolve(site, rel);
      if (candidate.startsWith(site + path.sep) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        file = candidate;
      }
    }
    if (!file) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      const notFound = path.join(site, '404.html');
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Every HTML page of the site, relative to it, in a stable order. */
function allPages(dir = site, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory()
      ? allPages(path.join(dir, e.name), `${prefix}${e.name}/`)
      : e.name.endsWith('.html') && e.name !== '404.html' ? [`${prefix}${e.name}`] : []));
}

async function check(browser, origin, base, page, width, scheme, problems, shoot = true) {
  const name = `${page.replace(/\.html$/, '').replace(/[^a-z0-9]+/gi, '-')}-${width}${scheme === 'dark' ? '-dark' : ''}`;
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    serviceWorkers: 'block',
  });
  const tab = await context.newPage();
  const report = (what) => problems.push(`${name}: ${what}`);
  tab.on('console', (msg) => {
    if (msg.type() === 'error') report(`console error: ${msg.text()}`);
  });
  tab.on('pageerror', (err) => report(`script error: ${err.message}`));
  tab.on('requestfailed', (req) => report(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  tab.on('response', (res) => {
    if (res.status() >= 400) report(`HTTP ${res.status()}: ${res.url()}`);
  });
  // The site must make no request outside itself (no CDN fonts or scripts).
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
    report(`request outside the site: ${url}`);
    return route.abort();
  });

  await tab.goto(`${origin}${base}${page}`, { waitUntil: 'networkidle' });
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
  if (shoot) {
    const file = path.join(shots, `${name}.png`);
    await tab.screenshot({ path: file, fullPage: true });
    console.log(`ok ${name}: ${width} px${scheme === 'dark' ? ', dark' : ''} -> ${path.relative(process.cwd(), file)}`);
  }
  await context.close();
}

async function main() {
  const base = basePath();
  fs.mkdirSync(shots, { recursive: true });
  const server = await serve(base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving ${site} at ${origin}${base}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const problems = [];
  try {
    for (const page of PAGES) {
      for (const width of WIDTHS) {
        await check(browser, origin, base, page, width, 'light', problems);
      }
      await check(browser, origin, base, page, 375, 'dark', problems);
    }
    if (process.env.BROWSER_CHECK_ALL === '1') {
      const rest = allPages().filter((p) => !PAGES.includes(p));
      for (const page of rest) {
        for (const width of WIDTHS) {
          await check(browser, origin, base, page, width, 'light', problems, false);
        }
      }
      console.log(`checked ${rest.length} more pages at ${WIDTHS.join(' and ')} px`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    console.error(`browser check: ${problems.length} problem(s)`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log('browser check: no overflow, console errors or failed requests');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
