import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/reports/html-template.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { buildBacklog, exportText, EXCEPTION_REASON, SCRIPT_NAME } from './support/backlog.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('html template', () => {
  it('escapes every interpolation unless it is already markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<x>', 1]}${null}</p>`.text).toBe('<p><b>&lt;i&gt;</b>&lt;x&gt;1</p>');
  });
});

describe('html report against Postgres', () => {
  let db: TestStore;
  let page: string;
  beforeAll(async () => {
    db = await openTestStore('postgres');
    await buildBacklog(db.store);
    page = (await exportText(db.store, { format: 'html', filter: { framework: 'nist-800-53' }, now: new Date('2027-02-20T00:00:00Z') })).text;
  });
  afterAll(async () => {
    await db.close();
  });

  it('is self-contained and printable: inline CSS, no scripts, no external assets', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link|<img|<iframe|@import|url\(|src=/i);
    expect(page).not.toMatch(/href="(https?:)?\/\//i);
  });

  it('never prints estate or user text unescaped', () => {
    expect(page).not.toContain(SCRIPT_NAME);
    expect(page).not.toContain('<script>');
    expect(page).toContain(escapeHtml(SCRIPT_NAME));
    expect(page).not.toContain(EXCEPTION_REASON);
    expect(page).toContain('Vendor-managed bucket; contract ends &lt;2027&gt; &amp; data moves');
  });

  it('shows the score, the controls with their status, open violations by severity and the exceptions', () => {
    // Both covered NIST controls (SC-28, SC-28(1)) have open violations.
    expect(page).toMatch(/<div class="big">0%<\/div><div>0 of 2 covered controls have no open violation/);
    expect(page).toMatch(/<strong>SC-28<\/strong><\/td><td>Protection of Information at Rest<\/td>/);
    expect(page).toMatch(/<strong>SC-28\(1\)<\/strong>/);
    expect(page.match(/badge not-satisfied/g)).toHaveLength(2);
    expect(page).toMatch(/<div class="muted">Open violations<\/div><div class="big">9<\/div>/);
    expect(page).toMatch(/badge critical">critical<\/span><\/td><td class="num">3</);
    expect(page).toMatch(/badge high">high<\/span><\/td><td class="num">3</);
    expect(page).toMatch(/badge medium">medium<\/span><\/td><td class="num">3</);
    expect(page).toContain('ciso@acme.example');
    // Expiry 2027-03-01 is 9 days after the report's clock: flagged as soon.
    expect(page).toMatch(/<span class="soon">2027-03-01 \(in 9 days\)<\/span>/);
  });

  it('replays the trend over the scans from the violation events, as an inline SVG and a table', () => {
    expect(page).toContain('<svg class="trend"');
    const rows = [...page.matchAll(/<tr><td>#(\d+)<\/td><td>[^<]+<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => m.slice(1).map(Number));
    // Scan 1: 10 open; scan 2: tmp deleted (-2), flip fixed (-1), fresh (+1); scan 3: flip reopened, newest new.
    expect(rows.map(([, open, failing]) => [open, failing])).toEqual([
      [10, 2],
      [8, 2],
      [10, 2],
    ]);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in a browser without running anything or fetching anything', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const tab = await browser.newPage();
      const requests: string[] = [];
      tab.on('request', (request) => requests.push(request.url()));
      let dialogs = 0;
      tab.on('dialog', async (dialog) => {
        dialogs++;
        await dialog.dismiss();
      });
      await tab.setContent(page, { waitUntil: 'load' });
      expect(await tab.evaluate('document.scripts.length')).toBe(0);
      expect(dialogs).toBe(0);
      expect(requests).toEqual([]);
      expect(await tab.textContent('body')).toContain(SCRIPT_NAME);
      expect(await tab.locator('svg.trend circle.open').count()).toBe(3);
      const pdf = await tab.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await browser.close();
    }
  });
});
