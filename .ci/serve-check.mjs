// The live-reload check of `dealbook serve` in headless Chromium, as an
// author editing the data would see it. On a copy of data/ in a temporary
// directory it starts `dealbook serve --data COPY --port 0` (the system
// picks a free port; the address is read from serve's stderr), opens the
// headline deal page, and fails (exit 1) unless
//   1. after the deal's monthly price is changed on disk, the page reloads
//      by itself (nothing here reloads or navigates it) and shows the new
//      price;
//   2. after the file is broken, the page, without reloading, shows the
//      error overlay naming the file with line:col of the bad value, over
//      the last good site (still the new price); axe-core finds no
//      violation with the overlay drawn by the live script (1280 px, light)
//      nor with the overlay the server puts in a freshly opened page
//      (375 px, dark);
//   3. after the file is fixed, the page reloads by itself, the overlay is
//      gone and the original price is back;
//   4. the server exits 0 on Ctrl-C (SIGINT); it is killed in any case, and
//      the temporary directory removed, so no process is left behind.
// Console errors, script errors and failed requests fail the check as in
// the browser check. Each wait is a bound against a hang (60 s, for a
// debug build on a busy machine), not a measurement.
//
// usage: node .ci/serve-check.mjs DEALBOOK_BINARY [DATA_DIR]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AXE_VERSION, HEADLINE, axeViolations, launch, openContext, repo,
} from './browser-lib.mjs';

const bin = path.resolve(process.argv[2] || path.join(repo, 'target', 'debug', 'dealbook'));
const data = path.resolve(process.argv[3] || path.join(repo, 'data'));
const BOUND_MS = 60_000;
const DEAL = HEADLINE.replace(/\.html$/, '.yaml');

/** Starts serve; resolves to `{ child, origin, log }` once it printed its address. */
function startServe(copy) {
  const child = spawn(bin, ['serve', '--data', copy, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // However this process ends (an error, a signal), serve ends with it.
  process.once('exit', () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const log = [];
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const origin = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address in ${BOUND_MS / 1000} s`)), BOUND_MS);
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        log.push(line);
        const m = line.match(/^serving .* at (http:\/\/127\.0\.0\.1:\d+)\/ \(Ctrl-C to stop\)$/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${signal || code}) before it served:\n${log.join('\n')}`));
    });
  });
  return { child, exited, origin, log };
}

/** Polls `probe` in the tab until `done(value)`; navigations in between are expected. */
async function until(tab, what, probe, done) {
  const deadline = Date.now() + BOUND_MS;
  let last;
  for (;;) {
    try {
      last = await tab.evaluate(probe);
      if (done(last)) return last;
    } catch (err) {
      // The page was navigating (a reload destroys the context): try again.
      last = `(${err.message.split('\n')[0]})`;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${BOUND_MS / 1000} s; last seen ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs in the page: its marker (set by `mark`, gone after a reload), the
 * "Monthly price" figure, and the error overlay's text (null without one).
 */
function look() {
  const dt = [...document.querySelectorAll('dt')].find((el) => el.textContent.trim() === 'Monthly price');
  const box = document.getElementById('dealbook-errors');
  return {
    marker: window.serveCheckMarker ?? null,
    price: dt?.nextElementSibling?.textContent.trim() ?? null,
    overlay: box ? box.textContent : null,
    ready: document.readyState === 'complete',
  };
}

async function mark(tab, name) {
  await tab.evaluate((n) => { window.serveCheckMarker = n; }, name);
}

/** "line:col" of the value of `key:` in the YAML text, 1-based. */
function position(text, key) {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  if (at < 0) throw new Error(`${DEAL} has no "${key}:" line`);
  return `${at + 1}:${lines[at].match(/^\s*[\w-]+:\s*/)[0].length + 1}`;
}

async function main() {
  if (!fs.existsSync(bin)) throw new Error(`no dealbook binary at ${bin}`);
  const original = fs.readFileSync(path.join(data, DEAL), 'utf8');
  const m = original.match(/^( *monthly: *)"([^"]+)"$/m);
  if (!m) throw new Error(`${DEAL}: no quoted "monthly:" price to edit`);
  const [, , before] = m;
  const after = before === '1.5B' ? '1.75B' : '1.5B';
  const edited = original.replace(m[0], `${m[1]}"${after}"`);
  const broken = original.replace(m[0], `${m[1]}"lots"`);
  const where = `${DEAL}:${position(broken, 'monthly')}`;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-check-'));
  const copy = path.join(tmp, 'data');
  fs.cpSync(data, copy, { recursive: true });
  const file = path.join(copy, DEAL);
  process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  for (const signal of ['SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(1));
  const serve = startServe(copy);
  const problems = [];
  let browser;
  const started = Date.now();
  try {
    const origin = await serve.origin;
    const url = `${origin}/${HEADLINE}`;
    console.log(`dealbook serve (${path.relative(repo, bin)}) on a copy of ${path.relative(repo, data) || data} at ${origin}/`);
    browser = await launch();
    let step = 'open';
    const report = (what) => problems.push(`${step}: ${what}`);
    const { context, tab } = await openContext(browser, {
      width: 1280, scheme: 'light', siteOrigin: origin, local: origin, report,
    });
    let loads = 0;
    let sockets = 0;
    tab.on('load', () => { loads += 1; });
    tab.on('websocket', (ws) => { if (ws.url().endsWith('/__dealbook/livereload')) sockets += 1; });
    await tab.goto(url, { waitUntil: 'load' });
    const first = await tab.evaluate(look);
    const price = (usd) => `$${usd} a month`;
    if (first.price !== price(before) || first.overlay !== null) {
      throw new Error(`${HEADLINE} as first served: price ${first.price}, overlay ${first.overlay}; expected ${price(before)} and no overlay`);
    }
    // The live script must have connected before the edit, or the reload
    // could not come from it.
    await until(tab, 'the live-reload websocket', () => null, () => sockets > 0);

    // 1. An edit: the page reloads by itself and shows the new figure.
    step = 'edit';
    await mark(tab, 'before the edit');
    let loadsBefore = loads;
    fs.writeFileSync(file, edited);
    let seen = await until(tab, `the page reloading with ${price(after)} after the edit`, look,
      (s) => s.ready && s.marker === null && s.price === price(after));
    if (seen.overlay !== null) report(`overlay after a good edit: ${seen.overlay}`);
    if (loads <= loadsBefore) report('the page showed the new figure without a new load');
    console.log(`edit: ${price(before)} -> ${price(after)}; the page reloaded by itself and shows it`);

    // 2. A broken file: the overlay over the last good page, no reload.
    step = 'break';
    await mark(tab, 'before the break');
    loadsBefore = loads;
    fs.writeFileSync(file, broken);
    seen = await until(tab, `the error overlay naming ${where}`, look,
      (s) => s.overlay !== null && s.overlay.includes(where));
    if (seen.marker !== 'before the break' || loads !== loadsBefore) {
      report('the page reloaded for a failed rebuild; it should keep the last good page');
    }
    if (seen.price !== price(after)) report(`under the overlay: ${seen.price}, not the last good ${price(after)}`);
    console.log(`break: overlay shows ${seen.overlay.split('\n').find((l) => l.includes(where)).trim()}`);
    console.log(`axe-core ${AXE_VERSION} on the overlay`);
    for (const v of await axeViolations(tab)) {
      report(`axe ${v.id} (${v.impact}) with the overlay drawn by the live script: ${v.help}; ${v.targets.join(' | ')}`);
    }
    // The overlay as the server puts it into a page opened meanwhile.
    {
      const fresh = await openContext(browser, {
        width: 375, scheme: 'dark', siteOrigin: origin, local: origin, report,
      });
      await fresh.tab.goto(url, { waitUntil: 'load' });
      const served = await fresh.tab.evaluate(look);
      if (!served.overlay?.includes(where)) report(`a page opened meanwhile has no overlay naming ${where}: ${served.overlay}`);
      const overflow = await fresh.tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) report(`the served overlay page is ${overflow} px wider than the 375 px window`);
      for (const v of await axeViolations(fresh.tab)) {
        report(`axe ${v.id} (${v.impact}) with the overlay served in the page (375 px, dark): ${v.help}; ${v.targets.join(' | ')}`);
      }
      await fresh.context.close();
    }

    // 3. Fixed: the page reloads by itself, the overlay is gone.
    step = 'fix';
    await mark(tab, 'before the fix');
    loadsBefore = loads;
    fs.writeFileSync(file, original);
    seen = await until(tab, `the page reloading without the overlay, with ${price(before)}`, look,
      (s) => s.ready && s.marker === null && s.overlay === null && s.price === price(before));
    if (loads <= loadsBefore) report('the overlay went without a new load');
    console.log(`fix: the page reloaded by itself, no overlay, ${price(before)} again`);
    await context.close();
  } catch (err) {
    problems.push(err.message);
  } finally {
    if (browser) await browser.close();
    // 4. Ctrl-C stops serve with exit code 0; a kill in any case.
    if (serve.child.exitCode === null && serve.child.signalCode === null) {
      serve.child.kill('SIGINT');
      const stopped = await Promise.race([
        serve.exited,
        new Promise((r) => setTimeout(() => r(null), BOUND_MS).unref()),
      ]);
      if (!stopped) {
        serve.child.kill('SIGKILL');
        problems.push(`serve did not stop on Ctrl-C within ${BOUND_MS / 1000} s (killed)`);
      } else if (stopped.code !== 0) {
        problems.push(`serve exited with ${stopped.signal || stopped.code} on Ctrl-C, not 0`);
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length) {
    console.error(`serve check: ${problems.length} problem(s) in ${seconds} s`);
    for (const p of problems) console.error(`  ${p}`);
    console.error(`serve's stderr:\n${serve.log.map((l) => `  ${l}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`serve check: reload on edit, overlay with ${where} (no axe violation), reload on fix, Ctrl-C exit 0, in ${seconds} s`);
}

main().catch((err) => {
  console.error(`serve check: ${err.stack || err}`);
  process.exit(1);
});
