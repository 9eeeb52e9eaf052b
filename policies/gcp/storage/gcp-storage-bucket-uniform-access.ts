/** Buckets use uniform bucket-level access: IAM only, no per-object ACLs. */
import { controls } from '../../lib/controls.ts';
import { BUCKET, type BucketProps } from '../../lib/gcp-storage.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpStorageBucketUniformAccess = tokenRule<BucketProps>({
  id: 'gcp-storage-bucket-uniform-access',
  title: 'Cloud Storage buckets enforce uniform bucket-level access',
  severity: 'medium',
  rationale:
    'With fine-grained access every object can carry its own ACL, so one upload with a public or overly broad ACL exposes data that bucket-level IAM review never sees. Uniform access makes bucket IAM the single place access is granted and audited.',
  remediation: 'Set uniformBucketLevelAccess to true (objects keep their data; their ACLs stop applying, so grant any needed access through bucket IAM first).',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.v'],
    'iso-27001': ['A.5.15', 'A.8.3'],
    soc2: ['CC6.1', 'CC6.3'],
  }),
  resourceType: BUCKET,
  validate(props, _args, report) {
    if (isSecret(props.uniformBucketLevelAccess) || flag(props.uniformBucketLevelAccess) === true) return;
    report(`Bucket allows per-object ACLs: uniformBucketLevelAccess is ${shown(props.uniformBucketLevelAccess)}`);
  },
  remediate(props) {
    if (isSecret(props.uniformBucketLevelAccess) || flag(props.uniformBucketLevelAccess) === true) return undefined;
    return { ...props, uniformBucketLevelAccess: true };
  },
  examples: {
    pass: [{ type: BUCKET, name: 'data', props: { location: 'EU', uniformBucketLevelAccess: true } }],
    fail: [
      { type: BUCKET, name: 'data', props: { location: 'EU' } },
      { type: BUCKET, name: 'legacy', props: { location: 'US', uniformBucketLevelAccess: false } },
    ],
  },
});
