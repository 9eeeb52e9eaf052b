/**
 * The source contract (test/sources/contract.ts) on the `connection` source, once per CLI, with
 * the fake CLIs. `connectionContractFixture` is also what test/sources/contract.test.ts needs for
 * its `connection` registry entry.
 */
import { afterAll } from 'vitest';
import { connectionSource } from '../../src/sources/cli/index.ts';
import type { ConnectionRecord } from '../../src/sources/source.ts';
import { describeSourceContract } from '../sources/contract.ts';
import { connectionContractFixture } from './fixture.ts';

const records: ConnectionRecord[] = [
  { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1', 'eu-west-1'] } },
  { name: 'prod-cluster', kind: 'kubectl', config: { context: 'prod-eks' } },
  { name: 'prod-gcp', kind: 'gcloud', config: {} },
  { name: 'prod-azure', kind: 'az', config: {} },
];

const fixtures = records.map((record) => connectionContractFixture(record));
afterAll(async () => {
  for (const fixture of fixtures) await fixture.cleanup();
});

for (const [index, record] of records.entries()) {
  describeSourceContract(`connection (${record.kind})`, () => ({ source: connectionSource, ...fixtures[index].fixture }));
}
