/**
 * ECR repositories make image tags immutable, so a tag always names the image that was built,
 * scanned and approved. A repository with MUTABLE_WITH_EXCLUSION is reported without a property
 * fix: its filters list the tags that are immutable, and inverting that is a decision about which
 * tags a pipeline may move.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const IMMUTABLE = new Set(['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION']);

export const awsEcrRepositoryTagImmutability = resourceRule({
  id: 'aws-ecr-repository-tag-immutability',
  title: 'ECR repositories have immutable image tags',
  severity: 'medium',
  rationale:
    'With mutable tags, anyone who can push can replace the image behind a deployed tag, so a scanned and approved image can be swapped for an unreviewed or malicious one without any deployment change.',
  remediation:
    'Set imageTagMutability to "IMMUTABLE" (applied in place) and give each build a unique tag (a commit SHA or version); use IMMUTABLE_WITH_EXCLUSION for the few tags, like a moving "latest", that must stay mutable.',
  controls: controls({
    'nist-800-53': ['SI-7', 'CM-3'],
    hitrust: ['09.b'],
    'iso-27001': ['A.8.32'],
    soc2: ['CC8.1'],
  }),
  resource: aws.ecr.Repository,
  validate(props, _args, report) {
    const mutability = props.imageTagMutability;
    if (isSecret(mutability) || IMMUTABLE.has(text(mutability) ?? 'MUTABLE')) return;
    report(`ECR repository lets image tags be overwritten: imageTagMutability is ${mutability === undefined ? 'unset (defaults to "MUTABLE")' : shown(mutability)}`);
  },
  remediate(props) {
    if (text(props.imageTagMutability) === 'MUTABLE_WITH_EXCLUSION') return undefined;
    return { ...props, imageTagMutability: 'IMMUTABLE' };
  },
  examples: {
    pass: [
      { type: 'aws:ecr/repository:Repository', name: 'app', props: { name: 'app', imageTagMutability: 'IMMUTABLE' } },
      {
        type: 'aws:ecr/repository:Repository',
        name: 'base',
        props: { name: 'base', imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: [{ filter: 'latest', filterType: 'WILDCARD' }] },
      },
    ],
    fail: [
      { type: 'aws:ecr/repository:Repository', name: 'app', props: { name: 'app' } },
      { type: 'aws:ecr/repository:Repository', name: 'worker', props: { name: 'worker', imageTagMutability: 'MUTABLE' } },
    ],
  },
});
