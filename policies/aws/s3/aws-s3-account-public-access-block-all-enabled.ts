/**
 * The account-level S3 public access block turns on all four settings. It guards every bucket in
 * the account, including ones created outside this code; each setting left off reopens one path
 * to public data.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { allSettingsOn, settingsOff } from '../../lib/s3-public-access-block.ts';
import { resourceRule } from '../../rule.ts';

export const awsS3AccountPublicAccessBlockAllEnabled = resourceRule({
  id: 'aws-s3-account-public-access-block-all-enabled',
  title: 'The account-level S3 public access block turns on all four settings',
  severity: 'high',
  rationale:
    'The account-level block is the one guard that covers buckets nobody declared: those made by hand, by other tools or by a future mistake. With any setting off, a single public ACL or policy can expose a bucket.',
  remediation: 'Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.AccountPublicAccessBlock.',
  controls: controls({
    'cis-aws': ['2.1.4'],
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resource: aws.s3.AccountPublicAccessBlock,
  validate(props, _args, report) {
    const off = settingsOff(props);
    if (off.length > 0) report(`Account-level S3 public access block leaves ${off.join(', ')} off`);
  },
  remediate(props) {
    return allSettingsOn(props);
  },
  examples: {
    pass: [
      {
        type: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock',
        name: 'account',
        props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      },
    ],
    fail: [{ type: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock', name: 'account', props: { blockPublicAcls: true, ignorePublicAcls: true } }],
  },
});
