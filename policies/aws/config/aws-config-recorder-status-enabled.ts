/** AWS Config recorders are switched on: a recorder whose status is disabled records nothing. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsConfigRecorderStatusEnabled = resourceRule({
  id: 'aws-config-recorder-status-enabled',
  title: 'AWS Config recorders are enabled',
  severity: 'medium',
  rationale:
    'A stopped recorder keeps its configuration but records no changes, so the account loses its configuration history and Config rules stop evaluating, silently.',
  remediation: 'Set isEnabled to true on the aws.cfg.RecorderStatus (applied in place).',
  controls: controls({
    'cis-aws': ['3.3'],
    'nist-800-53': ['CM-3', 'CM-8'],
    hitrust: ['09.b'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC7.1'],
  }),
  resource: aws.cfg.RecorderStatus,
  validate(props, _args, report) {
    if (flag(props.isEnabled) === false) report('AWS Config recorder is stopped: isEnabled is false');
  },
  remediate(props) {
    return { ...props, isEnabled: true };
  },
  examples: {
    pass: [{ type: 'aws:cfg/recorderStatus:RecorderStatus', name: 'main', props: { name: 'default', isEnabled: true } }],
    fail: [{ type: 'aws:cfg/recorderStatus:RecorderStatus', name: 'main', props: { name: 'default', isEnabled: false } }],
  },
});
