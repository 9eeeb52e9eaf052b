/**
 * No bucket IAM member grant goes to allUsers or allAuthenticatedUsers. No property fix: the
 * grant is the whole resource, so the fix is deleting it.
 */
import { controls } from '../../lib/controls.ts';
import { isPublicPrincipal } from '../../lib/gcp-storage.ts';
import { text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface BucketIamMemberProps {
  bucket: string;
  role: string;
  member: string;
  condition: { title?: string; expression?: string };
}

const TYPE = 'gcp:storage/bucketIAMMember:BucketIAMMember';

export const gcpStorageBucketIamMemberNotPublic = tokenRule<BucketIamMemberProps>({
  id: 'gcp-storage-bucket-iam-member-not-public',
  title: 'Bucket IAM members do not grant access to allUsers or allAuthenticatedUsers',
  severity: 'critical',
  rationale:
    'allUsers is anyone on the internet; allAuthenticatedUsers is anyone with any Google account, which is the same thing. A role granted to either publishes the bucket\'s objects (or, for write roles, lets anyone plant content).',
  remediation: 'Delete the grant; give access to specific users, groups or service accounts, and serve public content through signed URLs or Cloud CDN.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4', '7.2.1'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    if (!isPublicPrincipal(props.member)) return;
    report(`Bucket "${text(props.bucket) ?? '?'}" grants ${text(props.role) ?? 'a role'} to ${text(props.member)}`);
  },
  examples: {
    pass: [{ type: TYPE, name: 'reader', props: { bucket: 'acme-data', role: 'roles/storage.objectViewer', member: 'group:analysts@example.com' } }],
    fail: [
      { type: TYPE, name: 'public-read', props: { bucket: 'acme-assets', role: 'roles/storage.objectViewer', member: 'allUsers' } },
      { type: TYPE, name: 'any-google', props: { bucket: 'acme-data', role: 'roles/storage.objectAdmin', member: 'allAuthenticatedUsers' } },
    ],
  },
});
