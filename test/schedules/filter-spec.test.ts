import { describe, expect, it } from 'vitest';
import { validateCron } from '../../src/schedules/cron.ts';
import { formatFilterSpec, parseFilterSpec } from '../../src/schedules/filter-spec.ts';

describe('--then-remediate filter specs', () => {
  it('parses key=value[,value] pairs into the violation filter, owner meaning assignee', () => {
    const filter = parseFilterSpec('severity=critical,high  framework=cis-aws control=2.1.1 owner=team-a,ai status=open account=1,2 type=aws:s3/bucket:Bucket');
    expect(filter).toEqual({
      severity: ['critical', 'high'],
      framework: 'cis-aws',
      control: '2.1.1',
      assignee: ['team-a', 'ai'],
      status: ['open'],
      account: ['1', '2'],
      type: ['aws:s3/bucket:Bucket'],
    });
    expect(formatFilterSpec(filter)).toBe('severity=critical,high framework=cis-aws control=2.1.1 type=aws:s3/bucket:Bucket account=1,2 owner=team-a,ai status=open');
  });

  it('names the bad key in a usage error', () => {
    const cases: [string, RegExp][] = [
      ['', /needs at least one key=value/],
      ['severity', /"severity" needs a value/],
      ['scope=x', /unknown filter key "scope"/],
      ['framework=cis-aws,soc2', /"framework" takes one value/],
      ['policy=a policy=b', /"policy" is given twice/],
      ['status=gone', /bad value for "status"/],
      ['framework=iso', /bad value for "framework"/],
    ];
    for (const [spec, message] of cases) {
      expect(() => parseFilterSpec(spec), spec).toThrow(message);
      try {
        parseFilterSpec(spec);
      } catch (error) {
        expect((error as { exitCode: number }).exitCode).toBe(2);
      }
    }
  });
});

describe('cron validation', () => {
  it('returns the next run in the zone, and rejects bad patterns and zones', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    expect(validateCron('0 2 * * *', 'Europe/Paris', now).toISOString()).toBe('2026-07-02T00:00:00.000Z');
    expect(validateCron('0 2 * * *', undefined, now).toISOString()).toBe('2026-07-02T02:00:00.000Z');
    expect(() => validateCron('', undefined, now)).toThrow(/needs 5 fields/);
    expect(() => validateCron('0 25 * * *', undefined, now)).toThrow(/not a valid cron pattern/);
    expect(() => validateCron('0 2 * * *', 'Europe/Nowhere', now)).toThrow(/not a known time zone/);
  });
});
