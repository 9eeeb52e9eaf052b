/**
 * Project IAM grants do not use the basic Owner or Editor roles. No property fix: the grant is the
 * whole resource, and which predefined roles replace it depends on what the member does.
 */
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface ProjectIamMemberProps {
  project: string;
  role: string;
  member: string;
  condition: { title?: string; expression?: string };
}

const TYPE = 'gcp:projects/iAMMember:IAMMember';
const BASIC = new Set(['roles/owner', 'roles/editor']);

export const gcpProjectIamMemberNoPrimitiveRoles = tokenRule<ProjectIamMemberProps>({
  id: 'gcp-project-iam-member-no-primitive-roles',
  title: 'Project IAM members are not granted the basic Owner or Editor role',
  severity: 'high',
  rationale:
    'Owner and Editor cover thousands of permissions across every service in the project (Editor can read most data and change almost any resource; Owner can also grant roles). One compromised account or key with them is a project-wide breach.',
  remediation: 'Replace the grant with predefined or custom roles limited to the services and actions the member uses; keep Owner for a break-glass group.',
  controls: controls({
    'nist-800-53': ['AC-6', 'AC-2'],
    'pci-dss': ['7.2.1', '7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.5.15'],
    soc2: ['CC6.3'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    const role = text(props.role);
    if (role === undefined || !BASIC.has(role)) return;
    report(`Project "${text(props.project) ?? '?'}" grants the basic role ${role} to ${text(props.member) ?? 'a member'}`);
  },
  examples: {
    pass: [{ type: TYPE, name: 'deployer', props: { project: 'acme-prod', role: 'roles/run.developer', member: 'serviceAccount:deployer@acme-prod.iam.gserviceaccount.com' } }],
    fail: [
      { type: TYPE, name: 'alice-owner', props: { project: 'acme-prod', role: 'roles/owner', member: 'user:alice@example.com' } },
      { type: TYPE, name: 'ci-editor', props: { project: 'acme-prod', role: 'roles/editor', member: 'serviceAccount:ci@acme-prod.iam.gserviceaccount.com' } },
    ],
  },
});
