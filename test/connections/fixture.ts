/**
 * A ready-made contract fixture for the `connection` source: the fake CLIs on PATH, credentials
 * in the environment and an env file (all listed as secret values the output must not contain),
 * and an in-memory connection lookup. Synchronous, because the contract's `load` is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionRecord } from '../../src/sources/source.ts';
import type { ContractFixture } from '../sources/contract.ts';
import { FAKE_BIN, ROOT, SECRETS } from './support.ts';

const DEFAULT_RECORD: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1', 'eu-west-1'] } };

export function connectionContractFixture(record: ConnectionRecord = DEFAULT_RECORD): {
  fixture: Omit<ContractFixture, 'source'>;
  cleanup(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-connection-contract-'));
  const envFile = join(dir, 'scanner.env');
  writeFileSync(envFile, `AWS_SESSION_TOKEN=${SECRETS.envFileToken}\n`);
  const withFile: ConnectionRecord = { ...record, config: { ...record.config, envFile } };
  return {
    fixture: {
      target: record.name,
      context: {
        cwd: ROOT,
        env: {
          PATH: `${FAKE_BIN}:${process.env.PATH}`,
          HOME: dir,
          AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
        },
        connection: async (name) => (name === withFile.name ? withFile : undefined),
      },
      secretValues: [SECRETS.accessKeyId, SECRETS.secretAccessKey, SECRETS.envFileToken],
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
