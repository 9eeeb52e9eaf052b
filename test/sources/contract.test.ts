import { fileURLToPath } from 'node:url';
import { sourceRegistry, type SourceKind } from '../../src/sources/index.ts';
import { describeSourceContract, type ContractFixture } from './contract.ts';
import { connectionContractFixture } from '../connections/fixture.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One fixture per registered kind: a new source without one fails to type-check here. */
const fixtures: Record<SourceKind, Omit<ContractFixture, 'source'>> = {
  connection: connectionContractFixture().fixture,
  'pulumi-state': {
    target: 'test/fixtures/sources/pulumi-state/exports',
    context: { cwd: root },
    secretValues: ['sk_live_51Hx8fixture', 'v1:qQ9wZ2m0Uk3rM1Fx', 'v1:9kQm2Lw8Zr1Tx0Ab', 'v1:b1Xc3Vn5Mq7Wr9Ty'],
  },
  'pulumi-program': {
    target: 'test/fixtures/sources/program',
    context: { cwd: root },
    secretValues: ['sk_live_fixture_4f9a', 'v1:Nhz0zD7pIvb4RLBw'],
  },
  'aws-config': {
    target: 'test/fixtures/sources/aws-config/exports',
    context: { cwd: root },
    // A Lambda function's environment, which Config records in plain text.
    secretValues: ['sk_live_51Mz0fixtureLambdaKey'],
  },
  kubernetes: {
    target: 'test/fixtures/sources/kubernetes',
    context: { cwd: root },
    secretValues: ['aHVudGVyMi1wcm9kLWZpeHR1cmU=', 'c2hvcA==', 'correct-horse-battery-staple-fixture'],
  },
  'terraform-state': {
    target: 'test/fixtures/sources/terraform-state/contract',
    context: { cwd: root },
    secretValues: ['hunter2-fixture-db', 'tok_live_fixture_91c2', 'lambda-db-fixture-pw', 'prod-output-secret-fixture'],
  },
};

for (const [kind, source] of sourceRegistry) {
  describeSourceContract(kind, () => ({ source, ...fixtures[kind as SourceKind] }));
}
