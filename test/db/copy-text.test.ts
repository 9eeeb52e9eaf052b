import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLine } from '../../src/db/copy-text.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';

// Values that COPY's text format and jsonb treat specially, round-tripped through a real server.
const texts = ['plain', 'tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', 'nul\u0000byte', 'ünïcødé ✓', '\\N', ''];
const documents: unknown[] = [
  { a: 1, nested: { list: [1, 'two', null, true] } },
  { quote: 'say "hi"', tab: 'a\tb', newline: 'a\nb', backslash: 'C:\\path\\to' },
  { literal: 'a\\u0000b', nul: 'x\u0000y' },
  ['\\', '\\\\', '"\\"'],
];

describe.each(BACKENDS)('COPY text encoding (%s)', (backend) => {
  let test: TestStore;
  beforeAll(async () => {
    test = await openTestStore(backend);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('round-trips text and jsonb values exactly (NUL removed, since neither type can hold it)', async () => {
    const rows = await test.store.transaction(async (tx) => {
      await tx.query('create temp table copied (n integer, t text, j jsonb) on commit drop');
      const count = Math.max(texts.length, documents.length);
      const lines = Array.from({ length: count }, (_, n) => copyLine([n, texts[n] ?? null, (documents[n] as object) ?? null]));
      await tx.copyFrom('COPY copied (n, t, j) FROM STDIN', lines);
      return tx.query<{ n: number; t: string | null; j: unknown }>('select n, t, j from copied order by n');
    });
    // Real NUL characters are dropped; the six characters `\u0000` in a string are text and stay.
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value), (_, v) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));
    for (const row of rows) {
      expect(row.t).toBe(texts[row.n] === undefined ? null : texts[row.n].replaceAll('\u0000', ''));
      expect(row.j).toEqual(documents[row.n] === undefined ? null : strip(documents[row.n]));
    }
    expect(rows).toHaveLength(Math.max(texts.length, documents.length));
  });
});
