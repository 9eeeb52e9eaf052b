/** Buckets enforce public access prevention, whatever IAM or ACLs later say. */
import { controls } from '../../lib/controls.ts';
import { BUCKET, type BucketProps } from '../../lib/gcp-storage.ts';
import { isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpStorageBucketPublicAccessPrevention = tokenRule<BucketProps>({
  id: 'gcp-storage-bucket-public-access-prevention',
  title: 'Cloud Storage buckets enforce public access prevention',
  severity: 'high',
  rationale:
    'Public access prevention makes a bucket refuse allUsers and allAuthenticatedUsers grants outright. Without it ("inherited" only follows an organisation policy that may not exist), one mistaken IAM binding or object ACL publishes the data to the internet.',
  remediation: 'Set publicAccessPrevention to "enforced"; serve public content through Cloud CDN or signed URLs instead of public buckets.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: BUCKET,
  validate(props, _args, report) {
    if (isSecret(props.publicAccessPrevention) || text(props.publicAccessPrevention) === 'enforced') return;
    report(`Bucket can be made public: publicAccessPrevention is ${shown(props.publicAccessPrevention)} (not "enforced")`);
  },
  remediate(props) {
    if (isSecret(props.publicAccessPrevention) || text(props.publicAccessPrevention) === 'enforced') return undefined;
    return { ...props, publicAccessPrevention: 'enforced' };
  },
  examples: {
    pass: [{ type: BUCKET, name: 'data', props: { location: 'EU', publicAccessPrevention: 'enforced' } }],
    fail: [
      { type: BUCKET, name: 'data', props: { location: 'EU' } },
      { type: BUCKET, name: 'assets', props: { location: 'US', publicAccessPrevention: 'inherited' } },
    ],
  },
});
