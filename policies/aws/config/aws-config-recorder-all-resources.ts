/**
 * AWS Config recorders record every supported resource type (CIS AWS 3.3). A recorder limited to
 * a list of types, or excluding some, leaves changes to the others unrecorded. Whether global types
 * (IAM) are recorded is left to the account's design: AWS recommends recording them in one region.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, items, record } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsConfigRecorderAllResources = resourceRule({
  id: 'aws-config-recorder-all-resources',
  title: 'AWS Config recorders record all supported resource types',
  severity: 'medium',
  rationale:
    'AWS Config is the account\'s configuration history: what a resource looked like before an incident and who changed it. A recorder limited to some types leaves changes to every other type unrecorded and unevaluated by Config rules.',
  remediation: 'Set recordingGroup.allSupported to true and remove resourceTypes, exclusionByResourceTypes and recordingStrategies (applied in place).',
  controls: controls({
    'cis-aws': ['3.3'],
    'nist-800-53': ['CM-3', 'CM-8'],
    hitrust: ['09.b'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC7.1'],
  }),
  resource: aws.cfg.Recorder,
  validate(props, _args, report) {
    const group = record(props.recordingGroup);
    if (group === undefined || isSecret(group.allSupported)) return;
    const limited = flag(group.allSupported) === false || items(group.resourceTypes).length > 0 || items(group.exclusionByResourceTypes).length > 0;
    if (limited) report('AWS Config recorder records only some resource types: recordingGroup.allSupported is not true');
  },
  remediate(props) {
    const group: Record<string, unknown> = { ...(record(props.recordingGroup) ?? {}), allSupported: true };
    // These select types and conflict with allSupported.
    delete group.resourceTypes;
    delete group.exclusionByResourceTypes;
    delete group.recordingStrategies;
    return { ...props, recordingGroup: group };
  },
  examples: {
    pass: [
      { type: 'aws:cfg/recorder:Recorder', name: 'main', props: { roleArn: 'arn:aws:iam::111122223333:role/config', recordingGroup: { allSupported: true } } },
      { type: 'aws:cfg/recorder:Recorder', name: 'default', props: { roleArn: 'arn:aws:iam::111122223333:role/config' } },
    ],
    fail: [
      {
        type: 'aws:cfg/recorder:Recorder',
        name: 'main',
        props: {
          roleArn: 'arn:aws:iam::111122223333:role/config',
          recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'], recordingStrategies: [{ useOnly: 'INCLUSION_BY_RESOURCE_TYPES' }] },
        },
      },
    ],
  },
});
