// The burndown chart as inline SVG: open violations after each scan (and now), total plus one
// line per severity. Plain SVG elements, no library.
import { h, svg, fmt, day } from './dom.js';

const W = 800;
const H = 260;
const PAD = { left: 56, right: 16, top: 14, bottom: 30 };
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function burndownChart(points) {
  const wrap = h('div', { class: 'chart', 'data-testid': 'burndown' });
  if (points.length === 0) return h('p', { class: 'muted' }, 'No scans yet.');
  const max = niceMax(Math.max(...points.map((p) => p.open)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (points.length === 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v) => PAD.top + innerH - (v / max) * innerH;
  const path = (values) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');

  const children = [];
  for (let t = 0; t <= 5; t++) {
    const v = (max / 5) * t;
    children.push(svg('line', { class: 'gridline', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    children.push(svg('text', { x: PAD.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, fmt(Math.round(v))));
  }
  children.push(svg('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
  const totals = points.map((p) => p.open);
  children.push(svg('path', { class: 'area', d: `${path(totals)} L${x(points.length - 1)},${y(0)} L${x(0)},${y(0)} Z` }));
  for (const severity of SEVERITIES) children.push(svg('path', { class: `s-${severity}`, d: path(points.map((p) => p.bySeverity?.[severity] ?? 0)) }));
  children.push(svg('path', { class: 'total', d: path(totals), 'data-testid': 'burndown-line' }));
  points.forEach((p, i) => {
    const label = p.scanId === null ? `now: ${fmt(p.open)} open` : `scan ${p.scanId} (${day(p.at)}): ${fmt(p.open)} open`;
    children.push(svg('circle', { class: 'dot', cx: x(i), cy: y(p.open), r: 3.5, 'data-open': p.open }, svg('title', {}, label)));
  });
  // Up to 6 date labels along the x axis.
  const every = Math.max(1, Math.ceil(points.length / 6));
  points.forEach((p, i) => {
    if (i % every !== 0 && i !== points.length - 1) return;
    children.push(svg('text', { x: x(i), y: H - 10, 'text-anchor': 'middle' }, p.scanId === null ? 'now' : day(p.at).slice(5)));
  });
  wrap.append(svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'open violations per scan' }, children));
  wrap.append(
    h('div', { class: 'legend' }, h('span', {}, h('i', { class: 'l-total' }), 'open'), SEVERITIES.map((s) => h('span', {}, h('i', { class: `l-${s}` }), s))),
  );
  return wrap;
}
