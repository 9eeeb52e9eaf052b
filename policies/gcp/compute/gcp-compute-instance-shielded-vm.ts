/**
 * Instances run as Shielded VMs: Secure Boot, vTPM and integrity monitoring. vTPM and integrity
 * monitoring default to on; Secure Boot defaults to off. Secure Boot needs a UEFI-compatible
 * image (every current public image is), and changing it stops the instance for the update.
 */
import { controls } from '../../lib/controls.ts';
import { INSTANCE, type InstanceProps } from '../../lib/gcp-compute.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, record } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function gaps(props: Record<string, unknown>): string[] {
  const config = dig(props, 'shieldedInstanceConfig');
  if (isSecret(config)) return [];
  const missing: string[] = [];
  const secureBoot = dig(config, 'enableSecureBoot');
  if (!isSecret(secureBoot) && flag(secureBoot) !== true) missing.push('enableSecureBoot is not true');
  for (const key of ['enableVtpm', 'enableIntegrityMonitoring']) {
    if (flag(dig(config, key)) === false) missing.push(`${key} is false`);
  }
  return missing;
}

export const gcpComputeInstanceShieldedVm = tokenRule<InstanceProps>({
  id: 'gcp-compute-instance-shielded-vm',
  title: 'Compute Engine instances run as Shielded VMs',
  severity: 'medium',
  rationale:
    'Shielded VM verifies the boot chain (Secure Boot), measures it into a virtual TPM and alerts when it changes (integrity monitoring): boot-level malware and rootkits that survive reimaging of the OS cannot load unnoticed.',
  remediation: 'Set shieldedInstanceConfig to enableSecureBoot: true, enableVtpm: true and enableIntegrityMonitoring: true (allowStoppingForUpdate lets Pulumi apply it).',
  controls: controls({
    'nist-800-53': ['SI-7', 'CM-6'],
    hitrust: ['10.h'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.8'],
  }),
  resourceType: INSTANCE,
  validate(props, _args, report) {
    const missing = gaps(props);
    if (missing.length > 0) report(`Instance is not a fully Shielded VM: shieldedInstanceConfig.${missing.join(', ')}`);
  },
  remediate(props) {
    if (gaps(props).length === 0) return undefined;
    const config = record(props.shieldedInstanceConfig) ?? {};
    return { ...props, shieldedInstanceConfig: { ...config, enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true } };
  },
  examples: {
    pass: [
      {
        type: INSTANCE,
        name: 'web',
        props: { machineType: 'e2-medium', zone: 'europe-west1-b', shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true } },
      },
    ],
    fail: [
      { type: INSTANCE, name: 'web', props: { machineType: 'e2-medium', zone: 'europe-west1-b' } },
      { type: INSTANCE, name: 'batch', props: { machineType: 'e2-standard-4', zone: 'europe-west1-b', shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: false } } },
    ],
  },
});
