import { describe, expect, it } from 'vitest';
import { createValidator, loadSchema } from './support/json-schema.ts';

// The schema checks elsewhere are only worth something if the validator rejects what it should.
describe('the test JSON-schema validator', () => {
  const sarif = createValidator(loadSchema('test/fixtures/reports/sarif-2.1.0.subset.schema.json'));
  const oscal = createValidator(loadSchema('test/fixtures/reports/oscal-1.1.2-assessment-results.subset.schema.json'));
  const run = (result: unknown) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] });

  it('accepts a minimal valid SARIF log', () => {
    expect(sarif(run({ message: { text: 'm' }, ruleId: 'r', level: 'error' }))).toEqual([]);
  });

  it('rejects bad enums, missing required properties, unknown properties, bad regions and suppressions', () => {
    expect(sarif(run({ message: { text: 'm' }, level: 'fatal' }))).toEqual([expect.objectContaining({ path: '/runs/0/results/0/level' })]);
    expect(sarif(run({ ruleId: 'r' }))[0].message).toMatch(/missing required property "message"/);
    expect(sarif(run({ message: { text: 'm' }, severity: 'high' }))[0].message).toMatch(/"severity" is not allowed/);
    expect(sarif(run({ message: {} }))[0].message).toMatch(/anyOf/);
    expect(sarif(run({ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] })).length).toBeGreaterThan(0);
    expect(sarif(run({ message: { text: 'm' }, suppressions: [{ status: 'accepted' }] }))[0].message).toMatch(/"kind"/);
    expect(sarif({ version: '2.0.0', runs: [] })[0].path).toBe('/version');
  });

  it('enforces OSCAL datatypes: v4/v5 UUIDs, tokens, date-times with a zone, non-empty arrays', () => {
    const doc = (observations: unknown[]) => ({
      'assessment-results': {
        uuid: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
        metadata: { title: 't', 'last-modified': '2026-01-05T09:00:00Z', version: '1', 'oscal-version': '1.1.2' },
        'import-ap': { href: './ap.json' },
        results: [
          {
            uuid: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
            title: 't',
            description: 'd',
            start: '2026-01-05T09:00:00Z',
            'reviewed-controls': { 'control-selections': [{ 'include-controls': [{ 'control-id': 'sc-28' }] }] },
            observations,
          },
        ],
      },
    });
    const observation = { uuid: '2ed6657d-e927-568b-95e1-2665a8aea6a2', description: 'd', methods: ['TEST'], collected: '2026-01-05T09:00:00.000Z' };
    expect(oscal(doc([observation]))).toEqual([]);
    expect(oscal(doc([]))[0].message).toMatch(/fewer than 1/);
    expect(oscal(doc([{ ...observation, uuid: '2ed6657d-e927-168b-95e1-2665a8aea6a2' }])).length).toBeGreaterThan(0);
    expect(oscal(doc([{ ...observation, collected: '2026-01-05T09:00:00' }])).length).toBeGreaterThan(0);
    const badControl = doc([observation]);
    badControl['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'] = [{ 'control-id': '2.1.1' }];
    expect(oscal(badControl)[0].path).toContain('control-id');
  });
});
