/**
 * The trend chart: an inline SVG (no scripts, no external assets, prints as vectors) with the
 * compliance score (% of covered controls without an open violation, right axis) and the open
 * violations (left axis) after each of the last scans.
 */
import { html, type SafeHtml } from './html-template.ts';
import type { TrendPoint } from './html-data.ts';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 56, right: 56, top: 16, bottom: 36 };

export function scoreOf(covered: number, failing: number): number | null {
  return covered === 0 ? null : Math.round(((covered - failing) / covered) * 1000) / 10;
}

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

export function trendChart(points: TrendPoint[], covered: number): SafeHtml {
  if (points.length === 0) return html`<p class="muted">No completed scan yet: no trend to show.</p>`;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const maxOpen = niceMax(Math.max(...points.map((p) => p.open)));
  const x = (i: number) => PAD.left + (points.length === 1 ? plotW / 2 : (plotW * i) / (points.length - 1));
  const yOpen = (v: number) => PAD.top + plotH - (plotH * v) / maxOpen;
  const yScore = (v: number) => PAD.top + plotH - (plotH * v) / 100;
  const fixed = (v: number) => v.toFixed(1);
  const openLine = points.map((p, i) => `${fixed(x(i))},${fixed(yOpen(p.open))}`).join(' ');
  const scores = points.map((p) => scoreOf(covered, p.failingControls));
  const scoreLine = scores.map((s, i) => (s === null ? '' : `${fixed(x(i))},${fixed(yScore(s))}`)).filter(Boolean).join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = fixed(PAD.top + plotH - plotH * f);
    return html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}"/>
      <text class="axis" x="${PAD.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${Math.round(maxOpen * f)}</text>
      <text class="axis" x="${WIDTH - PAD.right + 6}" y="${y}" dominant-baseline="middle">${Math.round(100 * f)}%</text>`;
  });
  const labels = points.map(
    (p, i) => html`<text class="axis" x="${fixed(x(i))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">#${p.scan}</text>`,
  );
  const dots = points.map((p, i) => {
    const score = scores[i];
    return html`<circle class="open" cx="${fixed(x(i))}" cy="${fixed(yOpen(p.open))}" r="3"><title>scan ${p.scan} (${p.at}): ${p.open} open violations</title></circle>
      ${score === null ? '' : html`<circle class="score" cx="${fixed(x(i))}" cy="${fixed(yScore(score))}" r="3"><title>scan ${p.scan}: score ${score}%</title></circle>`}`;
  });
  return html`<svg class="trend" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Open violations and compliance score over the last ${points.length} scans" xmlns="http://www.w3.org/2000/svg">
    ${grid}
    <polyline class="open" points="${openLine}"/>
    ${scoreLine ? html`<polyline class="score" points="${scoreLine}"/>` : ''}
    ${dots}${labels}
    <text class="axis" x="${PAD.left}" y="${HEIGHT - 4}">open violations (left) · score (right) · by scan</text>
  </svg>`;
}
