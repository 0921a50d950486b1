'use strict';
// The chart: throughput against producer threads, one line per peer, one
// panel per queue kind, whiskers from min to max, the ceiling dashed.
const { find } = require('./targets');
const { LABELS, THREADS, QUEUES } = require('./plan');

const PEERS = [
  { peer: 'napi_tsfn', color: '#d1495b' },
  { peer: 'napi_tsfn_cpp', color: '#edae49' },
  { peer: 'napi_typed_tsfn', color: '#8d6a9f' },
  { peer: 'tscb', color: '#00798c' },
  { peer: 'tscb_invoke', color: '#30a14e' },
];

const W = 960;
const H = 470;
const PANEL = { top: 60, height: 280, width: 390, lefts: [70, 540] };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const r1 = (v) => Math.round(v * 10) / 10;

function niceMax(v) {
  const step = 10 ** Math.floor(Math.log10(v));
  for (const k of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * step >= v) return k * step;
  return 10 * step;
}

function svg(results) {
  const { cases, machine } = results;
  const stat = (c) => c && !c.stalled && c.summary && c.summary.callsPerSecond;
  const ceiling = stat(find(cases, 'throughput', 'ceiling'));
  let top = ceiling ? ceiling.max : 0;
  for (const c of cases) if (c.scenario === 'throughput' && stat(c)) top = Math.max(top, stat(c).max);
  const yMax = niceMax((top || 1) / 1e6);
  const y = (v) => PANEL.top + PANEL.height * (1 - v / 1e6 / yMax);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">Throughput against producer threads</text>`);
  out.push(`<text x="${W / 2}" y="42" text-anchor="middle" fill="#444">million calls/s, median of ${results.reps}; whiskers: min–max</text>`);

  QUEUES.forEach((q, panel) => {
    const left = PANEL.lefts[panel];
    const x = (i) => left + (PANEL.width * (i + 0.5)) / THREADS.length;
    // axes and grid
    for (let k = 0; k <= 5; k++) {
      const v = (yMax * k) / 5;
      const gy = r1(PANEL.top + PANEL.height * (1 - k / 5));
      out.push(`<line x1="${left}" x2="${left + PANEL.width}" y1="${gy}" y2="${gy}" stroke="#e3e3e3"/>`);
      out.push(`<text x="${left - 6}" y="${gy + 4}" text-anchor="end" fill="#444">${+v.toFixed(2)}</text>`);
    }
    out.push(`<rect x="${left}" y="${PANEL.top}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#999"/>`);
    THREADS.forEach((t, i) => {
      out.push(`<text x="${r1(x(i))}" y="${PANEL.top + PANEL.height + 18}" text-anchor="middle">${t}</text>`);
    });
    out.push(`<text x="${left + PANEL.width / 2}" y="${PANEL.top + PANEL.height + 36}" text-anchor="middle" fill="#444">producer threads — ${q ? 'queue of 1024, blocking calls' : 'unbounded queue'}</text>`);
    if (ceiling) {
      const cy = r1(y(ceiling.median));
      out.push(`<line x1="${left}" x2="${left + PANEL.width}" y1="${cy}" y2="${cy}" stroke="#333" stroke-dasharray="6 4"/>`);
      out.push(`<text x="${left + PANEL.width - 4}" y="${cy - 5}" text-anchor="end" fill="#333">ceiling ${(ceiling.median / 1e6).toFixed(2)}</text>`);
    }
    PEERS.forEach(({ peer, color }, index) => {
      const points = [];
      THREADS.forEach((t, i) => {
        const c = find(cases, 'throughput', peer, { threads: t, maxQueueSize: q });
        if (!c) return;
        const s = stat(c);
        if (s) {
          points.push(`${r1(x(i))},${r1(y(s.median))}`);
          out.push(`<line x1="${r1(x(i))}" x2="${r1(x(i))}" y1="${r1(y(s.min))}" y2="${r1(y(s.max))}" stroke="${color}" stroke-width="2"/>`);
          out.push(`<circle cx="${r1(x(i))}" cy="${r1(y(s.median))}" r="4" fill="${color}"/>`);
        } else if (c.stalled) {
          const sx = r1(x(i) + (index - (PEERS.length - 1) / 2) * 12);
          const sy = PANEL.top + PANEL.height - 10;
          out.push(`<path d="M${sx - 5},${sy - 5}L${sx + 5},${sy + 5}M${sx - 5},${sy + 5}L${sx + 5},${sy - 5}" stroke="${color}" stroke-width="2"/>`);
        }
      });
      if (points.length > 1) {
        out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
      }
    });
  });

  // legend
  const legendY = H - 62;
  const items = [...PEERS.map(({ peer, color }) => ({ label: LABELS[peer], color })),
    { label: LABELS.ceiling, color: '#333', dashed: true }];
  items.forEach((item, i) => {
    const lx = 70 + (i % 3) * 300;
    const ly = legendY + Math.floor(i / 3) * 18;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(item.label)}</text>`);
  });
  out.push(`<text x="70" y="${H - 12}" fill="#666">× at the bottom: the peer stalls (producers never woken). ${esc(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${results.date}`)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

module.exports = { svg };
