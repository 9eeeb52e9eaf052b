/**
 * The streaming JSON scanner against JSON.parse of the whole document: the same plan calls and
 * elements however the text is cut into chunks, an error exactly where JSON.parse has one, and
 * truncated input rejected at the end.
 */
import { describe, expect, it } from 'vitest';
import { SweepError } from '../../src/errors.ts';
import { createJsonScanner, type ContainerAction, type JsonPath, type ScanPlan, type StreamedElement } from '../../src/sources/stream/json-scanner.ts';

type Event = ['open', JsonPath, string] | ['value', JsonPath, unknown];

interface Outcome {
  events: Event[];
  elements: StreamedElement[];
  count: number;
}

/** Streams `items`, assembles `keep`, skips `skip` and `meta`, walks the rest. */
function actionFor(path: JsonPath, kind: 'object' | 'array'): ContainerAction {
  const last = path.at(-1);
  if (last === 'items') return 'stream';
  if (last === 'keep') return 'assemble';
  if (last === 'skip' || last === 'meta') return 'skip';
  if (last === 'odd' && kind === 'object') return 'stream';
  return 'walk';
}

function recordingPlan(events: Event[], decide = actionFor): ScanPlan {
  return {
    open(path, kind) {
      events.push(['open', [...path], kind]);
      return decide(path, kind);
    },
    value(path, value) {
      events.push(['value', [...path], value]);
    },
  };
}

/** What the scanner should report, from the parsed document. */
function expected(document: string): Outcome {
  const events: Event[] = [];
  const elements: StreamedElement[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value !== 'object' || value === null) {
      events.push(['value', path, value]);
      return;
    }
    const kind = Array.isArray(value) ? 'array' : 'object';
    events.push(['open', path, kind]);
    const action = actionFor(path, kind);
    if (action === 'assemble') events.push(['value', path, value]);
    else if (action === 'stream' && Array.isArray(value)) value.forEach((item, index) => elements.push({ array: path, index, value: item }));
    else if (action === 'walk') {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]));
      else for (const [key, member] of Object.entries(value)) walk(member, [...path, key]);
    }
  };
  walk(JSON.parse(document), []);
  return { events, elements, count: elements.length };
}

/** Feeds `document` cut at `cuts` (sorted offsets) and ends it. */
function scan(document: string, cuts: number[]): Outcome {
  const events: Event[] = [];
  const scanner = createJsonScanner(recordingPlan(events));
  const elements: StreamedElement[] = [];
  let from = 0;
  for (const cut of [...cuts, document.length]) {
    elements.push(...scanner.feed(document.slice(from, cut)));
    from = cut;
  }
  elements.push(...scanner.end());
  return { events, elements: elements.map((e) => ({ ...e, array: [...e.array] })), count: scanner.elements };
}

function everyCharacter(document: string): number[] {
  return Array.from({ length: document.length }, (_, i) => i);
}

/** A small seeded generator, so a failing split can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCuts(length: number, next: () => number): number[] {
  const cuts = new Set<number>();
  const count = Math.floor(next() * 8);
  for (let i = 0; i < count; i++) cuts.add(Math.floor(next() * (length + 1)));
  return [...cuts].sort((a, b) => a - b);
}

function outcomeOrError(run: () => Outcome): Outcome | Error {
  try {
    return run();
  } catch (error) {
    return error as Error;
  }
}

const tricky = JSON.stringify({
  version: 3,
  'ke"y\\': 'va\\"l}',
  meta: { nested: [[{ a: '{[' }]], text: 'say "hi" \\ ]' },
  deployment: {
    keep: { braces: '}}}]]]', list: [1, [2, [3]]], slash: '\\\\', quote: '\\"' },
    items: [
      { urn: 'a', inputs: { tags: { '}': ']' }, list: [[], {}, [[]]] }, n: -1.5e10 },
      'plain "string" \\',
      42,
      null,
      true,
      [false, { deep: ['\\', '"', '\u00e9\u{1f600}'] }],
      { escapes: '\n\t\r\b\f/\u0001\u2028', unicode: '\u00e9\u{1f600}' },
      {},
      [],
    ],
    skip: [{ '[': '{' }, '\\\\"', 0],
    odd: { streamed: 'no' },
    tail: [0.5, 'x', { y: null }],
  },
  empty: { items: [] },
});

const pretty = JSON.stringify(JSON.parse(tricky), null, '\t').replace(/\n/g, '\r\n') + '\n  \n';

describe('json scanner: chunk boundaries', () => {
  for (const [name, document] of [
    ['compact', tricky],
    ['indented, CRLF, trailing whitespace', pretty],
  ] as const) {
    it(`gives what JSON.parse gives, one character at a time (${name})`, () => {
      expect(scan(document, everyCharacter(document))).toEqual(expected(document));
    });

    it(`gives what JSON.parse gives, cut in two at every offset (${name})`, () => {
      const want = expected(document);
      for (let cut = 0; cut <= document.length; cut++) expect(scan(document, [cut]), `cut at ${cut}`).toEqual(want);
    });

    it(`gives what JSON.parse gives, cut at random (${name})`, () => {
      const want = expected(document);
      const next = random(7);
      for (let run = 0; run < 300; run++) {
        const cuts = randomCuts(document.length, next);
        expect(scan(document, cuts), `cuts ${cuts.join(',')}`).toEqual(want);
      }
    });
  }

  it('reads backslash runs cut anywhere inside a string', () => {
    for (let run = 1; run <= 6; run++) {
      const value = '\\'.repeat(run) + '"' + '\\'.repeat(run) + '}]';
      const document = JSON.stringify({ items: [{ value }, value] });
      expect(scan(document, everyCharacter(document)).elements.map((e) => e.value)).toEqual([{ value }, value]);
    }
  });

  it('reads a scalar document and numbers ended by the end of the input', () => {
    for (const document of ['123', '-0.5e+3', ' "a\\"b" ', 'true', 'null', '[1,2.5,-3]']) {
      expect(scan(document, everyCharacter(document))).toEqual(expected(document));
    }
  });

  it('reads an element far larger than a chunk, fed in small pieces, once', () => {
    const big = { items: [{ list: Array.from({ length: 20_000 }, (_, i) => ({ i, s: `"${i}"\\` })) }, 1] };
    const document = JSON.stringify(big);
    const cuts = Array.from({ length: Math.floor(document.length / 1000) }, (_, i) => (i + 1) * 1000);
    const started = performance.now();
    expect(scan(document, cuts)).toEqual(expected(document));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('json scanner: line layouts', () => {
  const items = JSON.parse(tricky).deployment.items as unknown[];
  const wrap = (body: string) => `{"version":3,"deployment":{"items":[\n${body}\n]},"after":[1]}`;
  const layouts: [string, string][] = [
    ['one element a line', wrap(items.map((item) => JSON.stringify(item)).join(',\n'))],
    ['one element a line, commas leading', wrap(items.map((item) => JSON.stringify(item)).join('\n,'))],
    ['one element a line, CRLF and blanks', wrap(items.map((item) => `  ${JSON.stringify(item)} \t`).join(',\r\n'))],
    ['indented by four', JSON.stringify({ version: 3, deployment: { items }, after: [1] }, null, 4)],
    ['indented by tabs, CRLF', JSON.stringify({ version: 3, deployment: { items } }, null, '\t').replace(/\n/g, '\r\n')],
    // Lines that end in a closing bracket inside an element: a guess that JSON.parse must refuse.
    ['lines ending in brackets mid-element', wrap('{"a":[1,\n2],"b":{}\n},\n[[1],\n[2]\n],\n{"c":{"d":[]}}')],
    ['indentation that lies', wrap('    {\n    "a": 1,\n    "b": {\n    }\n    },\n    {\n"c": [\n    ]\n    }')],
  ];

  for (const [name, document] of layouts) {
    it(`gives what JSON.parse gives: ${name}`, () => {
      const want = expected(document);
      expect(scan(document, [])).toEqual(want);
      expect(scan(document, everyCharacter(document))).toEqual(want);
      for (let cut = 0; cut <= document.length; cut++) expect(scan(document, [cut]), `cut at ${cut}`).toEqual(want);
      const next = random(3);
      for (let run = 0; run < 100; run++) expect(scan(document, randomCuts(document.length, next))).toEqual(want);
    });
  }

  it('reports a syntax error inside an element laid out one a line', () => {
    const document = wrap('{"a":1},\n{"b":tru},\n{"c":3}');
    expect(() => scan(document, [])).toThrow(SyntaxError);
  });
});

describe('json scanner: plans', () => {
  it('streams elements with their array path and index, and counts them', () => {
    const { elements, count } = scan('{"a":{"items":[{"x":1},[2],"3"]}}', []);
    expect(elements).toEqual([
      { array: ['a', 'items'], index: 0, value: { x: 1 } },
      { array: ['a', 'items'], index: 1, value: [2] },
      { array: ['a', 'items'], index: 2, value: '3' },
    ]);
    expect(count).toBe(3);
  });

  it('assembles a container in one value call, skips one without plan calls, and skips an object asked to stream', () => {
    const { events, elements } = scan('{"keep":{"a":[1,{"b":2}]},"skip":{"c":{"d":3}},"odd":{"e":4},"f":5}', []);
    expect(events).toEqual([
      ['open', [], 'object'],
      ['open', ['keep'], 'object'],
      ['value', ['keep'], { a: [1, { b: 2 }] }],
      ['open', ['skip'], 'object'],
      ['open', ['odd'], 'object'],
      ['value', ['f'], 5],
    ]);
    expect(elements).toEqual([]);
  });

  it('passes what a plan throws through unchanged, from open and from value', () => {
    const rejected = new SweepError('source-invalid-export', 'no');
    const throwing = (where: 'open' | 'value'): ScanPlan => ({
      open: () => {
        if (where === 'open') throw rejected;
        return 'walk';
      },
      value: () => {
        throw rejected;
      },
    });
    expect(() => createJsonScanner(throwing('open')).feed('{')).toThrow(rejected);
    const scanner = createJsonScanner(throwing('value'));
    scanner.feed('{"version":');
    expect(() => scanner.feed('5}')).toThrow(rejected);
  });
});

describe('json scanner: errors', () => {
  const invalid = [
    '',
    '   ',
    '{',
    '}',
    '{"a":1}}',
    '{"a":1} {}',
    '{"a":1,}',
    '{"a" 1}',
    '{"a":}',
    '{a:1}',
    "{'a':1}",
    '{"a":[1,]}',
    '{"a":[1 2]}',
    '{"a":[}',
    '{"items":[{"x":[1}]}',
    '{"items":[1,]}',
    '{"items":[,1]}',
    '{"items":[{"x":tru}]}',
    '{"items":[{"x":01}]}',
    '{"items":[{"x":"\\x"}]}',
    '{"items":[{"x":"a\nb"}]}',
    '{"skip":{"x":"\\u12"}}',
    '{"skip":[1,,2]}',
    '{"meta":{"a":NaN}}',
    '{"keep":[1,}',
    '{"a":-}',
    '{"a":1.}',
    '{"a":Infinity}',
    '\uFEFF{}',
    '{"a":1}\u00a0',
  ];

  it('throws a plain Error wherever JSON.parse does, however the text is cut', () => {
    for (const document of invalid) {
      expect(() => JSON.parse(document), document).toThrow();
      for (const cuts of [[], everyCharacter(document)]) {
        const result = outcomeOrError(() => scan(document, cuts));
        expect(result, JSON.stringify(document)).toBeInstanceOf(Error);
        expect(result).not.toBeInstanceOf(SweepError);
      }
    }
  });

  it('throws from end() on every prefix of a document that is not itself complete', () => {
    const document = pretty;
    for (let length = 0; length < document.length; length++) {
      const prefix = document.slice(0, length);
      const scanner = createJsonScanner(recordingPlan([]));
      scanner.feed(prefix);
      if (outcomeOrError(() => expected(prefix)) instanceof Error) expect(() => scanner.end(), `prefix ${length}`).toThrow();
      else expect(() => scanner.end()).not.toThrow();
    }
  });

  it('agrees with JSON.parse on random corruptions of a document', () => {
    const next = random(11);
    const noise = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', '1', 'e', '-', '.', 'n', '\n', 'x'];
    for (let run = 0; run < 3_000; run++) {
      const at = Math.floor(next() * tricky.length);
      const edit = Math.floor(next() * 3);
      const char = noise[Math.floor(next() * noise.length)];
      const document = tricky.slice(0, at) + (edit === 0 ? '' : char) + tricky.slice(edit === 1 ? at : at + 1);
      const want = outcomeOrError(() => expected(document));
      const got = outcomeOrError(() => scan(document, randomCuts(document.length, next)));
      if (want instanceof Error) expect(got, document).toBeInstanceOf(Error);
      else expect(got, document).toEqual(want);
    }
  });
});
