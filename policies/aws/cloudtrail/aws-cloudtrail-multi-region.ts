/** CloudTrail trails record API activity in every region, not just the one they live in. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsCloudtrailMultiRegion = resourceRule({
  id: 'aws-cloudtrail-multi-region',
  title: 'CloudTrail trails are multi-region',
  severity: 'high',
  rationale:
    'Attackers favour regions nobody uses because nothing there is watched. A single-region trail leaves API activity in every other region, including resources created there, unrecorded.',
  remediation: 'Set isMultiRegionTrail to true on the trail (applied in place).',
  controls: controls({
    'cis-aws': ['3.1'],
    'nist-800-53': ['AU-2', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resource: aws.cloudtrail.Trail,
  validate(props, _args, report) {
    if (flag(props.isMultiRegionTrail) === true || isSecret(props.isMultiRegionTrail)) return;
    report(`CloudTrail trail records one region only: isMultiRegionTrail is ${shown(props.isMultiRegionTrail)}`);
  },
  remediate(props) {
    return { ...props, isMultiRegionTrail: true };
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudtrail/trail:Trail',
        name: 'org',
        props: { s3BucketName: 'acme-trail', isMultiRegionTrail: true, enableLogFileValidation: true },
      },
    ],
    fail: [{ type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail' } }],
  },
});
