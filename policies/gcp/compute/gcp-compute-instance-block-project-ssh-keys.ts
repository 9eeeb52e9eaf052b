/**
 * Instances block project-wide SSH keys. With OS Login on, metadata SSH keys are ignored anyway,
 * so such instances pass.
 */
import { controls } from '../../lib/controls.ts';
import { INSTANCE, metadataFlag, metadataMasked, withMetadata, type InstanceProps } from '../../lib/gcp-compute.ts';
import { tokenRule } from '../../rule.ts';

const KEY = 'block-project-ssh-keys';

function acceptsProjectKeys(props: Record<string, unknown>): boolean {
  if (metadataMasked(props, KEY) || metadataFlag(props, 'enable-oslogin') === true) return false;
  return metadataFlag(props, KEY) !== true;
}

export const gcpComputeInstanceBlockProjectSshKeys = tokenRule<InstanceProps>({
  id: 'gcp-compute-instance-block-project-ssh-keys',
  title: 'Compute Engine instances block project-wide SSH keys',
  severity: 'medium',
  rationale:
    'A project-wide SSH key opens every instance in the project: one leaked or forgotten key (a departed engineer\'s laptop) gives shell access everywhere, and per-instance access cannot be reviewed.',
  remediation: 'Set metadata "block-project-ssh-keys" to "true" (or enable OS Login with "enable-oslogin": "TRUE") and grant SSH per instance or through IAM.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-17'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.v'],
    'iso-27001': ['A.5.15', 'A.8.5'],
    soc2: ['CC6.1'],
  }),
  resourceType: INSTANCE,
  validate(props, _args, report) {
    if (acceptsProjectKeys(props)) report(`Instance accepts project-wide SSH keys: metadata "${KEY}" is not "true" and OS Login is off`);
  },
  remediate(props) {
    return acceptsProjectKeys(props) ? withMetadata(props, KEY, 'true') : undefined;
  },
  examples: {
    pass: [
      { type: INSTANCE, name: 'web', props: { machineType: 'e2-medium', zone: 'europe-west1-b', metadata: { 'block-project-ssh-keys': 'true' } } },
      { type: INSTANCE, name: 'api', props: { machineType: 'e2-medium', zone: 'europe-west1-b', metadata: { 'enable-oslogin': 'TRUE' } } },
    ],
    fail: [
      { type: INSTANCE, name: 'web', props: { machineType: 'e2-medium', zone: 'europe-west1-b' } },
      { type: INSTANCE, name: 'batch', props: { machineType: 'e2-medium', zone: 'europe-west1-b', metadata: { 'block-project-ssh-keys': 'false', startup: 'echo' } } },
    ],
  },
});
