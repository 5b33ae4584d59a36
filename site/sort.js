/* dealbook: sortable tables, as progressive enhancement.
 *
 * Every `table.sortable` gets a <button class="sort"> in each header cell of
 * its last <thead> row. Clicking sorts each <tbody> by that column:
 * by a cell's `data-sort` attribute when present (numerically when it parses
 * as a number), otherwise by its text (numeric-aware, locale collation).
 * Empty cells always go last. Ties keep the original order. The sorted
 * header gets aria-sort="ascending" or "descending"; a second click on the
 * same header reverses the order. A header with `data-nosort` is left alone.
 *
 * A header's text moves into its button. A header that holds a link (or any
 * other control) keeps it, and gets a separate button with only the sort
 * arrow beside it: a control inside a control hides one of them from
 * assistive technology. Each button is named for what it does, "Sort by
 * Total, ascending" (then "..., descending" once sorted ascending); the
 * current order is the header's aria-sort.
 * No dependencies, no network requests, nothing happens without tables.
 */
(function () {
  'use strict';

  var collator = (typeof Intl !== 'undefined' && Intl.Collator)
    ? new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
    : null;

  function compareText(a, b) {
    if (collator) {
      return collator.compare(a, b);
    }
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  /* The cell of `row` covering column `col`, honouring colspan. */
  function cellAt(row, col) {
    var pos = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      var span = cell.colSpan > 0 ? cell.colSpan : 1;
      if (col < pos + span) {
        return cell;
      }
      pos += span;
    }
    return null;
  }

  /* Sort key of a cell: {empty, num, text}. */
  function keyOf(cell) {
    if (!cell) {
      return { empty: true, num: NaN, text: '' };
    }
    var attr = cell.getAttribute('data-sort');
    var raw = attr !== null ? attr : (cell.textContent || '');
    var text = raw.replace(/\s+/g, ' ').trim();
    if (text === '' || text === '\u2013' || text === '\u2014' || text === '-') {
      return { empty: true, num: NaN, text: '' };
    }
    var num = attr !== null ? Number(text) : NaN;
    return { empty: false, num: isFinite(num) ? num : NaN, text: text };
  }

  function compareKeys(a, b, dir) {
    if (a.empty || b.empty) {
      /* Empty last in both directions. */
      return (a.empty ? 1 : 0) - (b.empty ? 1 : 0);
    }
    var aNum = !isNaN(a.num);
    var bNum = !isNaN(b.num);
    var c;
    if (aNum && bNum) {
      c = a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
    } else if (aNum !== bNum) {
      c = aNum ? -1 : 1;
    } else {
      c = compareText(a.text, b.text);
    }
    return c * dir;
  }

  function sortBody(tbody, col, dir) {
    var rows = Array.prototype.slice.call(tbody.rows);
    var items = rows.map(function (row, i) {
      if (!row.hasAttribute('data-sort-index')) {
        row.setAttribute('data-sort-index', String(i));
      }
      return {
        row: row,
        key: keyOf(cellAt(row, col)),
        index: Number(row.getAttribute('data-sort-index'))
      };
    });
    items.sort(function (a, b) {
      return compareKeys(a.key, b.key, dir) || (a.index - b.index);
    });
    var frag = document.createDocumentFragment();
    items.forEach(function (item) {
      frag.appendChild(item.row);
    });
    tbody.appendChild(frag);
  }

  /* The name of a header's button: the order a click gives. */
  function label(th) {
    var next = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    return 'Sort by ' + th.getAttribute('data-sort-label') + ', ' + next;
  }

  function sortTable(table, headers, th, col) {
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    headers.forEach(function (other) {
      if (other !== th) {
        other.removeAttribute('aria-sort');
      }
    });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    headers.forEach(function (other) {
      other.sortButton.setAttribute('aria-label', label(other));
    });
    for (var i = 0; i < table.tBodies.length; i++) {
      sortBody(table.tBodies[i], col, dir);
    }
  }

  function enhance(table) {
    var thead = table.tHead;
    if (!thead || !thead.rows.length || !table.tBodies.length) {
      return;
    }
    if (table.getAttribute('data-sortable-ready') === 'true') {
      return;
    }
    table.setAttribute('data-sortable-ready', 'true');
    var headerRow = thead.rows[thead.rows.length - 1];
    var headers = [];
    var col = 0;
    Array.prototype.forEach.call(headerRow.cells, function (th) {
      var span = th.colSpan > 0 ? th.colSpan : 1;
      var index = col;
      col += span;
      if (th.tagName !== 'TH' || th.hasAttribute('data-nosort')) {
        return;
      }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      th.setAttribute('data-sort-label', (th.textContent || '').replace(/\s+/g, ' ').trim());
      if (th.querySelector('a[href], button, input, select, textarea, [tabindex]')) {
        /* Beside the link, not around it. */
        button.className = 'sort sort-only';
      } else {
        while (th.firstChild) {
          button.appendChild(th.firstChild);
        }
      }
      th.appendChild(button);
      th.sortButton = button;
      button.setAttribute('aria-label', label(th));
      headers.push(th);
      button.addEventListener('click', function () {
        sortTable(table, headers, th, index);
      });
    });
  }

  function init() {
    var tables = document.querySelectorAll('table.sortable');
    Array.prototype.forEach.call(tables, enhance);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
