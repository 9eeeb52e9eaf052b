/** GuardDuty detectors are not suspended. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsGuarddutyDetectorEnabled = resourceRule({
  id: 'aws-guardduty-detector-enabled',
  title: 'GuardDuty detectors are enabled',
  severity: 'high',
  rationale:
    'GuardDuty watches CloudTrail, VPC flow and DNS activity for compromised credentials, crypto-mining and reconnaissance. A suspended detector produces no findings, so an intrusion goes unnoticed until its damage does not.',
  remediation: 'Set enable to true on the aws.guardduty.Detector (the default; applied in place).',
  controls: controls({
    'nist-800-53': ['SI-4'],
    'pci-dss': ['11.5.1'],
    hitrust: ['09.ab'],
    'iso-27001': ['A.8.16'],
    soc2: ['CC7.2'],
  }),
  resource: aws.guardduty.Detector,
  validate(props, _args, report) {
    if (flag(props.enable) === false) report('GuardDuty detector is suspended: enable is false');
  },
  remediate(props) {
    return { ...props, enable: true };
  },
  examples: {
    pass: [{ type: 'aws:guardduty/detector:Detector', name: 'main', props: { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' } }],
    fail: [{ type: 'aws:guardduty/detector:Detector', name: 'main', props: { enable: false } }],
  },
});
