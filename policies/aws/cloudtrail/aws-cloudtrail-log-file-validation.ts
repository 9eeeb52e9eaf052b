/** CloudTrail writes signed digest files, so tampering with delivered logs can be detected. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsCloudtrailLogFileValidation = resourceRule({
  id: 'aws-cloudtrail-log-file-validation',
  title: 'CloudTrail log file validation is enabled',
  severity: 'medium',
  rationale:
    'An intruder with write access to the log bucket can delete or edit the records of what they did. Digest files signed by CloudTrail make any such change provable with `aws cloudtrail validate-logs`.',
  remediation: 'Set enableLogFileValidation to true on the trail (applied in place).',
  controls: controls({
    'cis-aws': ['3.2'],
    'nist-800-53': ['AU-9', 'SI-7'],
    'pci-dss': ['10.3.4'],
    hitrust: ['09.ac'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resource: aws.cloudtrail.Trail,
  validate(props, _args, report) {
    if (flag(props.enableLogFileValidation) === true || isSecret(props.enableLogFileValidation)) return;
    report(`CloudTrail trail does not validate log files: enableLogFileValidation is ${shown(props.enableLogFileValidation)}`);
  },
  remediate(props) {
    return { ...props, enableLogFileValidation: true };
  },
  examples: {
    pass: [{ type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail', enableLogFileValidation: true } }],
    fail: [{ type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail', enableLogFileValidation: false } }],
  },
});
