import { describe, expect, it } from 'vitest';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import { getSource, parseSourceSpec, sourceRegistry } from '../../src/sources/index.ts';

function errorOf(spec: string): SweepError {
  try {
    parseSourceSpec(spec);
  } catch (error) {
    if (isSweepError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${spec} to be rejected`);
}

describe('source registry', () => {
  it('lists every source under its own kind', () => {
    expect([...sourceRegistry.keys()].sort()).toEqual(['aws-config', 'connection', 'kubernetes', 'pulumi-program', 'pulumi-state', 'terraform-state']);
    for (const [kind, source] of sourceRegistry) expect(source.kind).toBe(kind);
  });

  it('splits a spec at the first colon, keeping the target intact', () => {
    expect(parseSourceSpec('pulumi-state:./exports/prod.json')).toEqual({ kind: 'pulumi-state', target: './exports/prod.json' });
    expect(parseSourceSpec('pulumi-state:-')).toEqual({ kind: 'pulumi-state', target: '-' });
    expect(parseSourceSpec('pulumi-program:C:/infra')).toEqual({ kind: 'pulumi-program', target: 'C:/infra' });
    expect(getSource(parseSourceSpec('pulumi-program:./infra').kind).kind).toBe('pulumi-program');
  });

  it('rejects an unknown kind with exit code 2, listing the known kinds', () => {
    const error = errorOf('terraform-stat:./tf.json');
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('unknown-source-kind');
    expect(error.message).toContain('terraform-stat');
    expect(error.message).toContain('pulumi-state, pulumi-program');
  });

  it('rejects a spec without kind or target as a usage error', () => {
    for (const spec of ['./stack.json', ':./stack.json', 'pulumi-state:']) {
      const error = errorOf(spec);
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(spec);
    }
  });
});
