import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleById } from '../../policies/index.ts';
import { isDecline } from '../../src/fixers/props/decline.ts';
import { diffProps } from '../../src/fixers/props/diff.ts';
import { findDeclaration } from '../../src/fixers/props/find-declaration.ts';
import { hclLiteral, parseHcl, type HclAttribute, type HclBlock } from '../../src/fixers/props/hcl.ts';
import { createRemediatePropsFixer } from '../../src/fixers/props/index.ts';
import { render } from '../../src/fixers/props/literal.ts';
import { createParser } from '../../src/fixers/props/source-files.ts';

describe('diffProps', () => {
  it('goes as deep as both sides allow', () => {
    expect(diffProps({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { b: 1, c: 3 }, d: [1, 5], e: true })).toEqual([
      { kind: 'set', path: ['a', 'c'], before: 2, after: 3 },
      { kind: 'set', path: ['d', 1], before: 2, after: 5 },
      { kind: 'set', path: ['e'], before: undefined, after: true },
    ]);
  });

  it('names dropped and added array elements so indices stay right when applied in order', () => {
    expect(diffProps({ l: ['a', 'b', 'c', 'd'] }, { l: ['a', 'c'] })).toEqual([
      { kind: 'remove', path: ['l', 3], before: 'd' },
      { kind: 'remove', path: ['l', 1], before: 'b' },
    ]);
    expect(diffProps({ l: ['b'] }, { l: ['a', 'b', 'c'] })).toEqual([
      { kind: 'insert', path: ['l', 0], after: 'a' },
      { kind: 'insert', path: ['l', 2], after: 'c' },
    ]);
    expect(diffProps({ l: ['a', 'b'] }, { l: ['c'] })).toEqual([{ kind: 'set', path: ['l'], before: ['a', 'b'], after: ['c'] }]);
  });

  it('treats an undefined property as absent', () => {
    expect(diffProps({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
    expect(diffProps({ a: 1, b: 2 }, { a: 1, b: undefined })).toEqual([{ kind: 'remove', path: ['b'], before: 2 }]);
  });
});

describe('findDeclaration', () => {
  const text = [
    'import * as aws from "@pulumi/aws";', // 1
    '', // 2
    'export const data =', // 3
    '    new aws.s3.Bucket("data", {});', // 4
    'new aws.s3.BucketVersioning("data", { bucket: data.id });', // 5
    'const names = ["a", "b"];', // 6
    'for (const name of names) new aws.s3.Bucket(name, {});', // 7
    '', // 8
    '', // 9
    '', // 10
    'new aws.kms.Key("k1", {});', // 11
    'new aws.kms.Key("k1", {});', // 12
  ].join('\n');
  const sourceFile = createParser()(text);
  const bucket = { type: 'aws:s3/bucket:Bucket', name: 'data', path: 'index.ts' };
  const line = (query: Parameters<typeof findDeclaration>[1]) => {
    const found = findDeclaration(sourceFile, query);
    return isDecline(found) ? found.code : found.getStartLineNumber();
  };

  it('accepts the line of `new` or of the statement, and tells classes apart by the type', () => {
    expect(line({ ...bucket, line: 4 })).toBe(4);
    expect(line({ ...bucket, line: 3 })).toBe(4);
    expect(line({ ...bucket, type: 'aws:s3/bucketVersioning:BucketVersioning', line: 5 })).toBe(5);
  });

  it('trusts the name over a stale line, but only when the name is unambiguous', () => {
    expect(line({ ...bucket, line: 40 })).toBe(4);
    expect(line({ type: 'aws:kms/key:Key', name: 'k1', path: 'index.ts', line: 12 })).toBe(12);
    expect(line({ type: 'aws:kms/key:Key', name: 'k1', path: 'index.ts', line: 30 })).toBe('no-declaration');
  });

  it('refuses a declaration whose name is computed (one line, many resources)', () => {
    const found = findDeclaration(sourceFile, { ...bucket, name: 'a', line: 7 });
    expect(found).toMatchObject({ ok: false, code: 'no-declaration' });
    expect(isDecline(found) && found.reason).toContain('computed name (name)');
  });
});

describe('literals and HCL', () => {
  it('writes strings in either quote style', () => {
    expect(render({ a: "it's", 'b-c': ['"x"'] }, { quote: "'", unit: '  ' })).toBe(`{ a: 'it\\'s', 'b-c': ['"x"'] }`);
    expect(render({ a: "it's" }, { quote: '"', unit: '  ' })).toBe(`{ a: "it's" }`);
  });

  it('parses blocks around heredocs, interpolation and comments, and reads literals only', () => {
    const text = [
      'resource "aws_iam_policy" "p" {',
      '  name   = "p-${var.env}" # interpolated',
      '  policy = <<-EOT',
      '    { "Version": "2012-10-17", "x": "}" }',
      '  EOT',
      '  tags   = { team = "a", "cost-center" = "1" }',
      '  /* block comment { */',
      '  dynamic "x" { for_each = [] }',
      '}',
    ].join('\n');
    const [resource] = parseHcl(text) as HclBlock[];
    expect(resource.labels).toEqual(['aws_iam_policy', 'p']);
    const items = resource.items.map((item) => (item.kind === 'attribute' ? item.name : `${item.type}:${item.labels.join('.')}`));
    expect(items).toEqual(['name', 'policy', 'tags', 'dynamic:x']);
    const literal = (name: string) => {
      const attribute = resource.items.find((item): item is HclAttribute => item.kind === 'attribute' && item.name === name)!;
      return hclLiteral(text, attribute.valueStart, attribute.valueEnd);
    };
    expect(literal('name')).toEqual({ literal: false });
    expect(literal('policy')).toEqual({ literal: false });
    expect(literal('tags')).toEqual({ literal: true, value: { team: 'a', 'cost-center': '1' } });
  });
});

describe('remediate-props on a CRLF file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweep-crlf-'));
    await writeFile(join(dir, 'index.ts'), ['import * as aws from "@pulumi/aws";', '', 'new aws.kms.Key("k", {', '    description: "k",', '});', ''].join('\r\n'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps CRLF line endings on every line, new ones included', async () => {
    const rule = ruleById('aws-kms-key-rotation')!;
    const outcome = await createRemediatePropsFixer().fix({
      groupKey: 'crlf',
      rule,
      checkoutDir: dir,
      programDir: dir,
      targets: [
        {
          violationId: 1,
          policyId: rule.id,
          message: 'no rotation',
          resource: { key: 'k', type: 'aws:kms/key:Key', name: 'k', urn: 'urn:pulumi:dev::p::aws:kms/key:Key::k', props: { description: 'k' }, iac: { kind: 'pulumi', path: 'index.ts', line: 3 } },
        },
      ],
    });
    expect(outcome.ok).toBe(true);
    const text = await readFile(join(dir, 'index.ts'), 'utf8');
    expect(text).toBe(['import * as aws from "@pulumi/aws";', '', 'new aws.kms.Key("k", {', '    description: "k",', '    enableKeyRotation: true,', '});', ''].join('\r\n'));
  });
});
