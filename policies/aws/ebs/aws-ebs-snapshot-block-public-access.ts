/**
 * EBS "block public access for snapshots" blocks all public sharing in the region.
 * `block-new-sharing` is reported too: it stops new public shares but leaves snapshots that are
 * already public visible to every AWS account.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEbsSnapshotBlockPublicAccess = resourceRule({
  id: 'aws-ebs-snapshot-block-public-access',
  title: 'EBS snapshot public sharing is blocked',
  severity: 'high',
  rationale:
    'A public snapshot can be copied by any AWS account and mounted to read the whole disk: databases, keys, source code. Blocking all sharing makes that impossible even when someone shares a snapshot by mistake.',
  remediation: 'Set state to "block-all-sharing" on the aws.ebs.SnapshotBlockPublicAccess resource (applied in place; existing public shares stop being public).',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.8.12'],
    soc2: ['CC6.1', 'C1.1'],
  }),
  resource: aws.ebs.SnapshotBlockPublicAccess,
  validate(props, _args, report) {
    const state = text(props.state);
    if (state === 'unblocked' || state === 'block-new-sharing') {
      report(`EBS snapshots can be public: block public access state is "${state}"`);
    }
  },
  remediate(props) {
    return { ...props, state: 'block-all-sharing' };
  },
  examples: {
    pass: [{ type: 'aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess', name: 'block', props: { state: 'block-all-sharing' } }],
    fail: [
      { type: 'aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess', name: 'block', props: { state: 'unblocked' } },
      { type: 'aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess', name: 'new-only', props: { state: 'block-new-sharing' } },
    ],
  },
});
