/**
 * The contract every source plugin passes (see contract.test.ts, which applies it to each entry
 * of the registry). It checks what everything downstream relies on: stable, unique, scoped keys;
 * type tokens policies can match; plain JSON props with no secret left in them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PULUMI_SECRET_SIGNATURE, type Resource, type SourceDocument } from '../../src/sources/resource.ts';
import type { Source, SourceContext } from '../../src/sources/source.ts';

export interface ContractFixture {
  source: Source;
  target: string;
  context: SourceContext;
  /** Plaintext secrets the fixture holds; none may appear anywhere in the output. */
  secretValues: string[];
}

const TYPE_TOKEN = /^[A-Za-z0-9-]+:[A-Za-z0-9/._-]*:[A-Za-z0-9_]+$/;
const ROLES = ['custom', 'component', 'provider'];
const PROVIDERS = ['aws', 'gcp', 'azure', 'kubernetes', 'other'];
const IAC_KINDS = ['pulumi', 'terraform', 'none'];

async function readAll(fixture: ContractFixture): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of fixture.source.read(fixture.target, fixture.context)) documents.push(document);
  return documents;
}

function findSecretEnvelope(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && PULUMI_SECRET_SIGNATURE in value) return path;
  for (const [key, item] of Object.entries(value)) {
    const found = findSecretEnvelope(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

export function describeSourceContract(name: string, load: () => ContractFixture): void {
  describe(`source contract: ${name}`, () => {
    let fixture: ContractFixture;
    let documents: SourceDocument[];
    let resources: Resource[];

    beforeAll(async () => {
      fixture = load();
      documents = await readAll(fixture);
      resources = documents.flatMap((document) => document.resources);
    });

    it('yields documents with an origin, a scope and resources', () => {
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) {
        expect(document.origin).not.toBe('');
        expect(document.scope).toMatch(/^[a-z0-9-]+:.+/);
        expect(document.resources.length).toBeGreaterThan(0);
      }
    });

    it('gives every resource a unique key inside its document scope', () => {
      const keys = new Set<string>();
      for (const document of documents) {
        for (const resource of document.resources) {
          expect(resource.key.startsWith(`${document.scope}:`), resource.key).toBe(true);
          expect(keys.has(resource.key), `duplicate key ${resource.key}`).toBe(false);
          keys.add(resource.key);
        }
      }
    });

    it('links parents only to resources of the same document', () => {
      for (const document of documents) {
        const keys = new Set(document.resources.map((resource) => resource.key));
        for (const resource of document.resources) {
          if (resource.parentKey !== undefined) expect(keys.has(resource.parentKey), resource.parentKey).toBe(true);
        }
      }
    });

    it('describes each resource with a type token, role, provider, iac kind and its source kind', () => {
      for (const resource of resources) {
        // resource.ts: a type the mapper did not recognise keeps the source's raw type (`AWS::Lambda::Function`).
        if (resource.unknownType) expect(resource.type, resource.key).not.toBe('');
        else expect(resource.type, resource.key).toMatch(TYPE_TOKEN);
        expect(resource.nativeType).not.toBe('');
        expect(resource.name, resource.key).toBeTypeOf('string');
        expect(ROLES).toContain(resource.role);
        expect(PROVIDERS).toContain(resource.provider);
        expect(IAC_KINDS).toContain(resource.iac.kind);
        expect(resource.source).toBe(fixture.source.kind);
        for (const value of Object.values(resource.tags)) expect(value).toBeTypeOf('string');
      }
    });

    it('keeps props plain JSON with no secret left in them', () => {
      for (const resource of resources) {
        expect(JSON.parse(JSON.stringify(resource.props)), resource.key).toEqual(resource.props);
        expect(findSecretEnvelope(resource.props, resource.key)).toBeUndefined();
      }
      const everything = JSON.stringify(documents);
      for (const secret of fixture.secretValues) expect(everything).not.toContain(secret);
    });

    it('gives the same keys when read again', async () => {
      const again = await readAll(fixture);
      const keysOf = (docs: SourceDocument[]) => docs.flatMap((document) => document.resources.map((resource) => resource.key));
      expect(keysOf(again)).toEqual(keysOf(documents));
    });
  });
}
