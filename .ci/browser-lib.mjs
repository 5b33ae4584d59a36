// What the browser check and the keyboard check share: the tools, the static
// server that serves a built site under its base path, the browser, and a
// tab whose requests may not leave the site.
//
// A site built with a full base_url (https://example.org/reports/deals/)
// links to that host. The server still runs on 127.0.0.1 under the path;
// the browser is pointed at the full URL and every request to that origin is
// answered by the local server, so the page, its links and its assets live
// at exactly the URLs the build wrote.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.resolve(process.env.SITE_TOOLS || path.join(repo, 'target', 'site-tools'));
export const requireTool = createRequire(path.join(tools, 'package.json'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The headline deal: checked with screenshots and by the keyboard test. */
export const HEADLINE = 'deals/anthropic-xai-colossus-1.html';

/**
 * Where the site lives: `{ origin, base }` with base "/" or "/x/y/", and
 * origin null when links are paths (the local server's origin is used).
 * From `arg` ("/x/", "https://host/x/") or else index.html's stylesheet link.
 */
export function siteBase(site, arg) {
  let base = arg;
  if (!base) {
    const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    const m = html.match(/<link rel="stylesheet" href="([^"]*)style\.css"/);
    if (!m) throw new Error('cannot find the stylesheet link in index.html');
    base = m[1];
  }
  let origin = null;
  if (/^https?:\/\//i.test(base)) {
    const url = new URL(base);
    origin = url.origin;
    base = url.pathname;
  }
  if (!base.startsWith('/')) base = '/' + base;
  if (!base.endsWith('/')) base += '/';
  return { origin, base };
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

/**
 * A static file server for `site` under `base` on 127.0.0.1, like a plain
 * static host: a path outside `base` or a missing file is a 404 (with the
 * site's 404 page). Resolves to `{ server, origin }`.
 */
export function serve(site, base) {
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
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  });
  // Idle connections stay open until the end (Node closes them after 5 s
  // by default, which raced with route.fetch reusing one: ECONNRESET).
  server.keepAliveTimeout = 0;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
  }));
}

/** `{ status, body }` of a GET of `url` from the local server. */
export function fetchLocal(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

export async function launch() {
  const { chromium } = requireTool('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A browser context at `width` px in colour `scheme` whose requests stay in
 * the site: requests to `siteOrigin` go to the local server at `local`
 * (when they differ), anything else is reported and aborted. `report(what)`
 * receives console errors, script errors, failed requests and HTTP errors.
 */
export async function openContext(browser, { width, scheme, siteOrigin, local, report }) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    serviceWorkers: 'block',
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:')) return route.continue();
    if (url.startsWith(siteOrigin + '/')) {
      if (siteOrigin === local) return route.continue();
      // One retry: a connection the server closed as the request went out
      // is a reset, not a missing file. A second failure is reported.
      const target = local + url.slice(siteOrigin.length);
      let response;
      try {
        response = await route.fetch({ url: target });
      } catch {
        try {
          response = await route.fetch({ url: target });
        } catch (err) {
          report(`request failed: ${url} via ${target} (${err.message.split('\n')[0]})`);
          return route.abort();
        }
      }
      return route.fulfill({ response });
    }
    report(`request outside the site: ${url}`);
    return route.abort();
  });
  const tab = await context.newPage();
  tab.on('console', (msg) => {
    if (msg.type() === 'error') report(`console error: ${msg.text()}`);
  });
  tab.on('pageerror', (err) => report(`script error: ${err.message}`));
  tab.on('requestfailed', (req) => {
    // An aborted outside request is already reported above.
    if (req.url().startsWith(siteOrigin + '/')) report(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  tab.on('response', (res) => {
    if (res.status() >= 400) report(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { context, tab };
}

// The rules of the issue: WCAG 2.0 and 2.1, levels A and AA, and axe's best
// practices.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const AXE_MAIN = requireTool.resolve('axe-core/axe.min.js');
const AXE_SOURCE = fs.readFileSync(AXE_MAIN, 'utf8');
export const AXE_VERSION = JSON.parse(
  fs.readFileSync(path.join(path.dirname(AXE_MAIN), 'package.json'), 'utf8'),
).version;

/**
 * axe-core's violations on the page open in `tab`, each as
 * `{ id, impact, help, nodes, targets }` (targets: the first three).
 */
export async function axeViolations(tab) {
  await tab.addScriptTag({ content: AXE_SOURCE });
  return tab.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
}

/** Every HTML page of the site (404.html too), relative to it, in a stable order. */
export function allPages(site, dir = site, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory()
      ? allPages(site, path.join(dir, e.name), `${prefix}${e.name}/`)
      : e.name.endsWith('.html') ? [`${prefix}${e.name}`] : []));
}
