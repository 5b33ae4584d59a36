// The chart check of the browser check: every chart on the open page shows
// all of what it draws at the window's width. A chart fails when
//   - its figure scrolls sideways (the chart is wider than its container);
//   - a drawn element (bar, line, point, label) lies outside the <svg> that
//     is shown, so the viewBox cuts it off;
//   - a <text> renders under 11 px (its font size times the SVG's scale).
// Hidden layouts (the wide chart on a phone, the narrow one on a desktop)
// are skipped.

/** Problems of the charts of the page open in `tab`, as strings. */
export async function chartProblems(tab) {
  return tab.evaluate(() => {
    const MIN_PX = 11;
    const out = [];
    const name = (fig) => fig.id || 'figure.chart';
    for (const fig of document.querySelectorAll('figure.chart')) {
      if (fig.scrollWidth > fig.clientWidth + 1) {
        out.push(`chart ${name(fig)}: scrolls sideways (${fig.scrollWidth} > ${fig.clientWidth} px)`);
      }
      const box = fig.getBoundingClientRect();
      for (const svg of fig.querySelectorAll('svg')) {
        if (getComputedStyle(svg).display === 'none') continue;
        const s = svg.getBoundingClientRect();
        if (s.left < box.left - 1 || s.right > box.right + 1) {
          out.push(`chart ${name(fig)}: the <svg> (${Math.round(s.left)}..${Math.round(s.right)}) is wider than its figure (${Math.round(box.left)}..${Math.round(box.right)})`);
        }
        let outside = null;
        let outsideN = 0;
        let smallest = Infinity;
        let smallText = '';
        let smallN = 0;
        const scale = svg.getScreenCTM()?.a ?? 1;
        for (const el of svg.querySelectorAll('text, rect, path, line, circle')) {
          if (el.closest('title, desc')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1) {
            outsideN += 1;
            outside ??= `${el.tagName} "${(el.textContent || '').trim().slice(0, 30)}"`;
          }
          if (el.tagName === 'text') {
            const px = parseFloat(getComputedStyle(el).fontSize) * scale;
            if (px < MIN_PX - 0.01) {
              smallN += 1;
              if (px < smallest) {
                smallest = px;
                smallText = (el.textContent || '').trim().slice(0, 30);
              }
            }
          }
        }
        if (outsideN) out.push(`chart ${name(fig)}: ${outsideN} drawn element(s) outside the chart, e.g. ${outside}`);
        if (smallN) out.push(`chart ${name(fig)}: ${smallN} text(s) under ${MIN_PX} px, smallest ${smallest.toFixed(1)} px ("${smallText}")`);
      }
    }
    return out;
  });
}
