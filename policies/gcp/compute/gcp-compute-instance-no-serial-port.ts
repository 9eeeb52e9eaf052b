/** Instances do not enable interactive serial console access. */
import { controls } from '../../lib/controls.ts';
import { INSTANCE, metadataFlag, withMetadata, type InstanceProps } from '../../lib/gcp-compute.ts';
import { tokenRule } from '../../rule.ts';

const KEY = 'serial-port-enable';

export const gcpComputeInstanceNoSerialPort = tokenRule<InstanceProps>({
  id: 'gcp-compute-instance-no-serial-port',
  title: 'Compute Engine instances do not enable the interactive serial console',
  severity: 'medium',
  rationale:
    'The interactive serial console accepts connections from any IP address, bypassing VPC firewall rules; anyone holding a valid SSH key for the project can reach a login prompt on the instance.',
  remediation: 'Set metadata "serial-port-enable" to "false" (or remove it); use OS Login over IAP-protected SSH for break-glass access.',
  controls: controls({
    'nist-800-53': ['AC-17', 'CM-7'],
    'pci-dss': ['2.2.4'],
    hitrust: ['01.l'],
    'iso-27001': ['A.8.9', 'A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: INSTANCE,
  validate(props, _args, report) {
    if (metadataFlag(props, KEY) === true) report(`Instance accepts interactive serial console connections: metadata "${KEY}" is enabled`);
  },
  remediate(props) {
    return metadataFlag(props, KEY) === true ? withMetadata(props, KEY, 'false') : undefined;
  },
  examples: {
    pass: [{ type: INSTANCE, name: 'web', props: { machineType: 'e2-medium', zone: 'europe-west1-b', metadata: { 'enable-oslogin': 'TRUE' } } }],
    fail: [{ type: INSTANCE, name: 'web', props: { machineType: 'e2-medium', zone: 'europe-west1-b', metadata: { 'serial-port-enable': 'TRUE' } } }],
  },
});
