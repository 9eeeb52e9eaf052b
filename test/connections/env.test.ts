/** The env-file parser, the scrubber and the backoff, which the collectors rely on for safety. */
import { describe, expect, it } from 'vitest';
import { isSweepError } from '../../src/errors.ts';
import { createScrubber, parseEnvFile } from '../../src/sources/cli/env.ts';
import { backoffDelay } from '../../src/sources/cli/exec.ts';

describe('parseEnvFile', () => {
  it('reads the dotenv forms people write', () => {
    const text = [
      '# credentials for the scanner',
      'AWS_ACCESS_KEY_ID=AKIAQFAKEKEY7EXAMPLE',
      'export AWS_SECRET_ACCESS_KEY = "wJalr/K7MDENG+with space"',
      "SINGLE='literal $HOME \\n'",
      'UNQUOTED=value # trailing comment',
      'HASH_INSIDE=abc#def',
      'MULTI="line one',
      'line two"',
      'ESCAPED="a\\nb\\"c"',
      'EMPTY=',
      '',
    ].join('\n');
    expect(parseEnvFile(text, '/tmp/x.env')).toEqual({
      AWS_ACCESS_KEY_ID: 'AKIAQFAKEKEY7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalr/K7MDENG+with space',
      SINGLE: 'literal $HOME \\n',
      UNQUOTED: 'value',
      HASH_INSIDE: 'abc#def',
      MULTI: 'line one\nline two',
      ESCAPED: 'a\nb"c',
      EMPTY: '',
    });
  });

  it('reports a bad line by file and number, never by its text', () => {
    const secret = 'sk_live_this_is_the_secret_value';
    let caught: unknown;
    try {
      parseEnvFile(`OK=1\n${secret}\n`, '/etc/sweep/prod.env');
    } catch (error) {
      caught = error;
    }
    expect(isSweepError(caught)).toBe(true);
    expect((caught as Error).message).toBe('/etc/sweep/prod.env:2: expected KEY=value');
    expect(JSON.stringify(caught)).not.toContain(secret);
  });

  it('reports an unterminated quote', () => {
    expect(() => parseEnvFile('TOKEN="abc\n', 'f.env')).toThrow(/f.env:1: unterminated " quote for TOKEN/);
  });
});

describe('createScrubber', () => {
  it('removes every environment value longer than four characters, credential pairs and access key ids', () => {
    const scrub = createScrubber(['wJalrXUtnFEMI/K7MDENG', 'wJalrX', 'prod', undefined]);
    expect(scrub('signature for wJalrXUtnFEMI/K7MDENG and wJalrX; region prod')).toBe('signature for [redacted] and [redacted]; region prod');
    expect(scrub('key AKIAIOSFODNN7EXAMPLE used')).toBe('key [redacted] used');
    expect(scrub('env: AWS_SESSION_TOKEN=FwoGZXIvYXdzEXAMPLE GITHUB_TOKEN="ghp abc" REGION=us-east-1')).toBe(
      'env: AWS_SESSION_TOKEN=[redacted] GITHUB_TOKEN=[redacted] REGION=us-east-1',
    );
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, stays within the cap, and jitters within each step', () => {
    const retry = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 20_000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, retry, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, retry, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(10, retry, () => 1)).toBe(20_000);
  });
});
