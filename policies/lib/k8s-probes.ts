/**
 * Health probes on long-running containers. Jobs and CronJobs run to completion and are left
 * alone, as are init and ephemeral containers. No property fix: a probe needs the endpoint or
 * command that tells healthy from unhealthy for this application.
 */
import type { ResourceRule, RuleDeclaration } from '../rule.ts';
import { containersOf, LONG_RUNNING_TYPES, MAIN_CONTAINERS, reportContainers, workloadRule } from './k8s-workload.ts';
import { present } from './values.ts';

export type Probe = 'livenessProbe' | 'readinessProbe';

/** A rule that every main container of a long-running workload declares `probe`. */
export function containerProbeRule(probe: Probe, declaration: RuleDeclaration): ResourceRule {
  return workloadRule({
    ...declaration,
    resourceTypes: LONG_RUNNING_TYPES,
    validate(workload, _args, report) {
      const offenders = containersOf(workload.pod, MAIN_CONTAINERS)
        .filter((ref) => !present(ref.container[probe]))
        .map((ref) => ref.label);
      reportContainers(workload, `runs containers without a ${probe}`, offenders, report);
    },
  });
}
