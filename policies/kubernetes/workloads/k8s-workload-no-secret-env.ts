/**
 * Containers read Secrets from mounted files, not environment variables. No property fix: the
 * application has to read a file instead, which is a code change.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob } from '../../lib/k8s-examples.ts';
import { containersOf, dig, reportContainers, workloadRule } from '../../lib/k8s-workload.ts';
import { items, present, record, text } from '../../lib/values.ts';

function secretEnv(container: Record<string, unknown>): string[] {
  const vars = items(container.env).flatMap((entry) => {
    const variable = record(entry);
    return variable && present(dig(variable, 'valueFrom', 'secretKeyRef')) ? [text(variable.name) ?? '?'] : [];
  });
  const sources = items(container.envFrom).flatMap((entry) => {
    const source = record(entry);
    return source && present(source.secretRef) ? [`all keys of Secret "${text(dig(source, 'secretRef', 'name')) ?? '?'}"`] : [];
  });
  return [...vars, ...sources];
}

export const k8sWorkloadNoSecretEnv = workloadRule({
  id: 'k8s-workload-no-secret-env',
  title: 'Containers do not take Secrets as environment variables',
  severity: 'low',
  rationale:
    'Environment variables leak: they are inherited by every child process, printed by crash handlers and debug endpoints, captured in logs and core dumps, and visible in the container runtime\'s inspect output. Mounted secret files are not, and they update when the Secret rotates.',
  remediation: 'Mount the Secret as a volume (secret or projected) and have the application read the file; remove env[].valueFrom.secretKeyRef and envFrom[].secretRef.',
  controls: controls({
    'cis-kubernetes': ['5.4.1'],
    'nist-800-53': ['IA-5', 'SC-28'],
    'iso-27001': ['A.5.17'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const found = secretEnv(ref.container);
      return found.length > 0 ? [`${ref.label} (${found.join(', ')})`] : [];
    });
    reportContainers(workload, 'passes Secrets through environment variables', offenders, report);
  },
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'web:2.4.1', env: [{ name: 'LOG_LEVEL', value: 'info' }], volumeMounts: [{ name: 'db', mountPath: '/run/secrets/db', readOnly: true }] }],
        volumes: [{ name: 'db', secret: { secretName: 'db-credentials' } }],
      }),
    ],
    fail: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'web:2.4.1', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }] }],
      }),
      k8sJob('sync', { containers: [{ name: 'sync', image: 'sync:1.2.0', envFrom: [{ secretRef: { name: 'api-keys' } }] }] }),
    ],
  },
});
