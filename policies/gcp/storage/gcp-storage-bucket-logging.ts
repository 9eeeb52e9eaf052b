/**
 * Buckets write usage logs to a log bucket. No property fix: the target has to be a bucket that
 * exists and that the person chooses (template territory).
 */
import { controls } from '../../lib/controls.ts';
import { BUCKET, type BucketProps } from '../../lib/gcp-storage.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { present } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpStorageBucketLogging = tokenRule<BucketProps>({
  id: 'gcp-storage-bucket-logging',
  title: 'Cloud Storage buckets write usage logs',
  severity: 'low',
  rationale:
    'Usage logs record every request made to the bucket (who, from where, which object). Without them, investigating a leak or an unexpected bill has nothing to go on.',
  remediation: 'Set logging.logBucket to a dedicated log bucket (and enable Data Access audit logs for storage.googleapis.com where object-level read auditing is required).',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resourceType: BUCKET,
  validate(props, _args, report) {
    if (present(dig(props, 'logging', 'logBucket'))) return;
    report('Bucket writes no usage logs: logging.logBucket is unset');
  },
  examples: {
    pass: [{ type: BUCKET, name: 'data', props: { location: 'EU', logging: { logBucket: 'acme-access-logs', logObjectPrefix: 'data/' } } }],
    fail: [{ type: BUCKET, name: 'data', props: { location: 'EU' } }],
  },
});
