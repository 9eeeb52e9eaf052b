/**
 * No bucket IAM binding includes allUsers or allAuthenticatedUsers. The fix removes those members
 * and keeps the others; a binding with no other member gets no fix (deleting it is a decision).
 */
import { controls } from '../../lib/controls.ts';
import { isPublicPrincipal } from '../../lib/gcp-storage.ts';
import { items, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface BucketIamBindingProps {
  bucket: string;
  role: string;
  members: string[];
  condition: { title?: string; expression?: string };
}

const TYPE = 'gcp:storage/bucketIAMBinding:BucketIAMBinding';

export const gcpStorageBucketIamBindingNotPublic = tokenRule<BucketIamBindingProps>({
  id: 'gcp-storage-bucket-iam-binding-not-public',
  title: 'Bucket IAM bindings do not include allUsers or allAuthenticatedUsers',
  severity: 'critical',
  rationale:
    'allUsers is anyone on the internet; allAuthenticatedUsers is anyone with any Google account, which is the same thing. A binding that includes either publishes the bucket\'s objects to everyone the role allows.',
  remediation: 'Remove allUsers and allAuthenticatedUsers from the binding\'s members; serve public content through signed URLs or Cloud CDN.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4', '7.2.1'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    const open = items(props.members).filter(isPublicPrincipal);
    if (open.length === 0) return;
    report(`Bucket "${text(props.bucket) ?? '?'}" binds ${text(props.role) ?? 'a role'} to ${open.join(' and ')}`);
  },
  remediate(props) {
    const kept = items(props.members).filter((member) => !isPublicPrincipal(member));
    return kept.length > 0 && kept.length < items(props.members).length ? { ...props, members: kept } : undefined;
  },
  examples: {
    pass: [{ type: TYPE, name: 'readers', props: { bucket: 'acme-data', role: 'roles/storage.objectViewer', members: ['group:analysts@example.com'] } }],
    fail: [
      {
        type: TYPE,
        name: 'readers',
        props: { bucket: 'acme-assets', role: 'roles/storage.objectViewer', members: ['group:web@example.com', 'allUsers'] },
      },
      // Detected, but removing the public member would leave the binding empty: no property fix.
      { type: TYPE, name: 'public', props: { bucket: 'acme-assets', role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] } },
    ],
  },
});
