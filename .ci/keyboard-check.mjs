// The keyboard test: tabs through the home page and the headline deal page,
// as a reader without a mouse would, at 1280 and 375 px in the light and the
// dark colour scheme, and fails (exit 1) unless
//   - every element that takes focus shows it: its outline while focused
//     differs from its outline unfocused, is at least 1 px wide and has a
//     contrast of at least 3:1 with the page background (WCAG 1.4.11);
//   - focus reaches, in document order, the skip link, every link of the
//     site and in-page navigation, every collapsible section's summary
//     (Enter opens it), every link in a table header, every sort button
//     and every scroll container (table wraps and charts);
//   - no focused link or button holds, or sits in, another control;
//   - Enter on a sort button sorts (aria-sort "ascending", then
//     "descending"), and its name says what the next press does;
//   - the arrow keys scroll a focused container that is wider than the
//     window;
//   - axe-core finds no violation on the page as the walk leaves it
//     (a table sorted, every collapsible section open).
//
// usage: node .ci/keyboard-check.mjs SITE_DIR [BASE]

import path from 'node:path';
import {
  HEADLINE, axeViolations, launch, openContext, serve, siteBase,
} from './browser-lib.mjs';

const site = path.resolve(process.argv[2] || 'site');
const PAGES = ['index.html', HEADLINE];
const COMBOS = [
  { width: 1280, scheme: 'light' },
  { width: 1280, scheme: 'dark' },
  { width: 375, scheme: 'light' },
  { width: 375, scheme: 'dark' },
];
const MAX_TABS = 2000;

/** The elements focus must reach, in document order, as descriptions. */
const EXPECTED = `[...document.querySelectorAll(
  'a.skip-link, nav a[href], summary, thead a[href], button.sort, .table-wrap, figure.chart'
)]`;

/**
 * Runs in the page: a description of an element and its outline, and (once,
 * before any focus) the outline of every element while unfocused.
 */
function pageHelpers() {
  window.kbDescribe = (el) => {
    if (!el || el === document.body) return null;
    const name = el.getAttribute('aria-label') || (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id}${cls} "${name}"`;
  };
  const outline = (el) => {
    const cs = getComputedStyle(el);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0, color: cs.outlineColor, shadow: cs.boxShadow };
  };
  const luminance = (color) => {
    const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/);
    if (!m) return null;
    const [r, g, b] = m.slice(1, 4).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  window.kbUnfocused = new Map();
  for (const el of document.querySelectorAll('*')) window.kbUnfocused.set(el, outline(el));
  window.kbFocusProblem = (el) => {
    const now = outline(el);
    const before = window.kbUnfocused.get(el);
    if (!before) return 'no unfocused style recorded';
    if (now.style === 'none' || now.width < 1) return `no outline when focused (outline ${now.style} ${now.width}px)`;
    if (now.style === before.style && now.width === before.width && now.color === before.color) {
      return `focused outline ${now.style} ${now.width}px ${now.color} is the unfocused one`;
    }
    const bg = luminance(getComputedStyle(document.body).backgroundColor);
    const fg = luminance(now.color);
    if (bg !== null && fg !== null) {
      const ratio = (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05);
      if (ratio < 3) return `outline ${now.color} has contrast ${ratio.toFixed(2)}:1 with the background`;
    }
    return null;
  };
}

async function walk(tab, page, combo, report) {
  await tab.evaluate(pageHelpers);
  const order = [];
  const seen = new Set();
  let sorted = false;
  let scrolled = 0;
  for (let i = 0; i < MAX_TABS; i += 1) {
    await tab.keyboard.press('Tab');
    const el = await tab.evaluateHandle(() => document.activeElement);
    const info = await el.evaluate((node) => ({
      desc: window.kbDescribe(node),
      problem: node === document.body ? null : window.kbFocusProblem(node),
      tag: node.tagName.toLowerCase(),
      sort: node.matches('button.sort'),
      nested: node.matches('button, a[href]') && (node.querySelector('a[href], button, input, select, textarea, [tabindex]')
        || node.parentElement.closest('a[href], button')) ? true : false,
      details: node.matches('summary') ? node.parentElement.open : null,
      overflows: node.matches('[tabindex]') && node.scrollWidth > node.clientWidth + 1,
    }));
    if (!info.desc) {
      await el.dispose();
      break; // past the last element of the page
    }
    const key = await el.evaluate((node) => {
      if (!node.dataset.kbKey) node.dataset.kbKey = String(document.querySelectorAll('[data-kb-key]').length + 1);
      return node.dataset.kbKey;
    });
    if (seen.has(key)) {
      await el.dispose();
      break; // wrapped around to the start
    }
    seen.add(key);
    order.push(key);
    if (info.nested) report(`${page} @ ${combo}: ${info.desc} is a control inside or around another control`);
    if (info.problem) report(`${page} @ ${combo}: focus not visible on ${info.desc}: ${info.problem}`);

    if (info.details === false) {
      await tab.keyboard.press('Enter');
      const open = await el.evaluate((node) => node.parentElement.open);
      if (!open) report(`${page} @ ${combo}: Enter on ${info.desc} did not open it`);
    }
    if (info.sort && !sorted) {
      sorted = true;
      const states = [];
      for (let n = 0; n < 2; n += 1) {
        await tab.keyboard.press('Enter');
        states.push(await el.evaluate((node) => ({
          sort: node.closest('th').getAttribute('aria-sort'),
          name: node.getAttribute('aria-label'),
          header: node.closest('th').getAttribute('data-sort-label'),
        })));
      }
      const [first, second] = states;
      if (first.sort !== 'ascending' || first.name !== `Sort by ${first.header}, descending`
        || second.sort !== 'descending' || second.name !== `Sort by ${second.header}, ascending`) {
        report(`${page} @ ${combo}: Enter on ${info.desc} gave ${JSON.stringify(states)}`);
      }
    }
    if (info.overflows) {
      // Arrow-key scrolling is animated: wait (up to 2 s) for it to move.
      const left = await el.evaluate((node) => node.scrollLeft);
      await tab.keyboard.press('ArrowRight');
      const moved = await tab.waitForFunction(([node, from]) => node.scrollLeft > from, [el, left], { timeout: 2000 })
        .then(() => true, () => false);
      if (!moved) report(`${page} @ ${combo}: ArrowRight did not scroll ${info.desc} (scrollLeft stayed ${left})`);
      else scrolled += 1;
      await tab.keyboard.press('ArrowLeft');
      await tab.waitForFunction(([node, from]) => node.scrollLeft <= from, [el, left], { timeout: 2000 }).catch(() => {});
    }
    await el.dispose();
  }

  // Every expected element was reached, and in document order.
  const expected = await tab.evaluate(`${EXPECTED}.map((el) => ({ key: el.dataset.kbKey || null, desc: window.kbDescribe(el) }))`);
  const position = new Map(order.map((k, i) => [k, i]));
  let last = -1;
  for (const { key, desc } of expected) {
    if (!key || !position.has(key)) {
      report(`${page} @ ${combo}: focus never reached ${desc}`);
      continue;
    }
    if (position.get(key) < last) report(`${page} @ ${combo}: ${desc} reached out of document order`);
    last = Math.max(last, position.get(key));
  }
  const kinds = await tab.evaluate(() => ({
    sort: document.querySelectorAll('button.sort').length,
    summary: document.querySelectorAll('summary').length,
    nav: document.querySelectorAll('nav a[href]').length,
    regions: document.querySelectorAll('.table-wrap, figure.chart').length,
  }));
  console.log(`${page} @ ${combo}: ${order.length} tab stops; reached ${expected.length} expected (${kinds.nav} nav links, ${kinds.summary} summaries, ${kinds.sort} sort buttons, ${kinds.regions} scroll containers); arrows scrolled ${scrolled}`);
  return { expected: expected.length, sortChecked: sorted, sortButtons: kinds.sort };
}

async function main() {
  const { origin: builtOrigin, base } = siteBase(site, process.argv[3]);
  const { server, origin: local } = await serve(site, base);
  const siteOrigin = builtOrigin || local;
  const browser = await launch();
  const problems = [];
  try {
    for (const { width, scheme } of COMBOS) {
      const combo = `${width}-${scheme}`;
      const report = (what) => problems.push(what);
      const { context, tab } = await openContext(browser, {
        width, scheme, siteOrigin, local, report: (what) => report(`${combo}: ${what}`),
      });
      for (const page of PAGES) {
        await tab.goto(`${siteOrigin}${base}${page}`, { waitUntil: 'load' });
        const { expected, sortChecked, sortButtons } = await walk(tab, page, combo, report);
        // axe again, on the page as the walk left it: sorted, with every
        // collapsible section open.
        for (const v of await axeViolations(tab)) {
          report(`${page} @ ${combo}: after the walk, axe ${v.id} (${v.impact}): ${v.help}; ${v.targets.join(' | ')}`);
        }
        if (expected === 0) report(`${page} @ ${combo}: nothing to reach`);
        // A page with sortable tables must have one reached and sorted.
        if (sortButtons > 0 && !sortChecked) report(`${page} @ ${combo}: no sort button reached`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    console.error(`keyboard check: ${problems.length} problem(s)`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log('keyboard check: focus visible everywhere; sort buttons, summaries, navigation links and scroll containers reached in order');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
