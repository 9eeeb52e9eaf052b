import { describe, expect, it } from 'vitest';
import { branchFor, planBatches, type PlanCandidate } from '../../src/remediation/plan.ts';

const candidate = (id: number, policyId: string, severity: string, repo = 'acme/infra', stack = 'prod'): PlanCandidate => ({ id, policyId, severity, repo, stack });

describe('planning a remediation run', () => {
  it('batches by repo × stack × policy and splits batches into groups of at most groupSize', () => {
    const candidates = [
      ...Array.from({ length: 5 }, (_, i) => candidate(i + 1, 'aws-ebs-volume-encrypted', 'medium')),
      candidate(10, 'aws-ebs-volume-encrypted', 'medium', 'acme/infra', 'dev'),
      candidate(11, 'aws-rds-instance-not-public', 'critical'),
    ];
    const batches = planBatches(candidates, { groupSize: 2 });
    expect(batches.map((b) => [b.batchKey, b.groups.map((g) => [g.groupKey, g.violationIds])])).toEqual([
      ['acme/infra|prod|aws-rds-instance-not-public', [['acme/infra|prod|aws-rds-instance-not-public', [11]]]],
      [
        'acme/infra|prod|aws-ebs-volume-encrypted',
        [
          ['acme/infra|prod|aws-ebs-volume-encrypted|part1', [1, 2]],
          ['acme/infra|prod|aws-ebs-volume-encrypted|part2', [3, 4]],
          ['acme/infra|prod|aws-ebs-volume-encrypted|part3', [5]],
        ],
      ],
      ['acme/infra|dev|aws-ebs-volume-encrypted', [['acme/infra|dev|aws-ebs-volume-encrypted', [10]]]],
    ]);
    expect(planBatches([...candidates].reverse(), { groupSize: 2 })).toEqual(batches);
  });

  it('caps the blast radius: most severe violations and batches first', () => {
    const candidates = [candidate(1, 'a', 'low'), candidate(2, 'b', 'high'), candidate(3, 'c', 'critical'), candidate(4, 'b', 'high')];
    expect(planBatches(candidates, { maxViolations: 2 }).flatMap((b) => b.groups.flatMap((g) => g.violationIds))).toEqual([3, 2]);
    expect(planBatches(candidates, { maxPrs: 2 }).map((b) => b.policyId)).toEqual(['c', 'b']);
  });

  it('names one branch per batch: sweep/<policy>/<stack>', () => {
    expect(branchFor({ policyId: 'aws-rds-instance-not-public', stack: 'prod' })).toBe('sweep/aws-rds-instance-not-public/prod');
    expect(branchFor({ policyId: 'k8s-privileged', stack: 'kubernetes:prod cluster' })).toBe('sweep/k8s-privileged/kubernetes-prod-cluster');
  });
});
