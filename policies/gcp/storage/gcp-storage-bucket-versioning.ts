/** Buckets keep noncurrent object versions, so an overwrite or delete can be undone. */
import { controls } from '../../lib/controls.ts';
import { BUCKET, type BucketProps } from '../../lib/gcp-storage.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpStorageBucketVersioning = tokenRule<BucketProps>({
  id: 'gcp-storage-bucket-versioning',
  title: 'Cloud Storage buckets have object versioning enabled',
  severity: 'low',
  rationale:
    'Without versioning an overwritten or deleted object is gone: a buggy job, a mistaken `gsutil rm -r` or ransomware with write access destroys data with no way back.',
  remediation: 'Set versioning.enabled to true, with a lifecycle rule that deletes noncurrent versions after the retention period.',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resourceType: BUCKET,
  validate(props, _args, report) {
    const enabled = dig(props, 'versioning', 'enabled');
    if (isSecret(enabled) || flag(enabled) === true) return;
    report(`Bucket keeps no object versions: versioning.enabled is ${shown(enabled)}`);
  },
  remediate(props) {
    const enabled = dig(props, 'versioning', 'enabled');
    if (isSecret(enabled) || flag(enabled) === true) return undefined;
    return { ...props, versioning: { ...(record(props.versioning) ?? {}), enabled: true } };
  },
  examples: {
    pass: [{ type: BUCKET, name: 'data', props: { location: 'EU', versioning: { enabled: true } } }],
    fail: [
      { type: BUCKET, name: 'data', props: { location: 'EU' } },
      { type: BUCKET, name: 'exports', props: { location: 'EU', versioning: { enabled: false } } },
    ],
  },
});
