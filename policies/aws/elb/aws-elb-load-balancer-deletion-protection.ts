/** Load balancers cannot be deleted without first turning deletion protection off. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElbLoadBalancerDeletionProtection = resourceRule({
  id: 'aws-elb-load-balancer-deletion-protection',
  title: 'Load balancers have deletion protection enabled',
  severity: 'low',
  rationale:
    'A deleted load balancer takes the service it fronts offline and its DNS name with it; clients and DNS records pointing at the old name do not come back with a re-created one. Deletion protection makes removal a deliberate two-step change.',
  remediation: 'Set enableDeletionProtection to true (applied in place).',
  controls: controls({
    'nist-800-53': ['CM-3', 'CP-10'],
    'iso-27001': ['A.8.14'],
    soc2: ['A1.2'],
  }),
  resource: aws.lb.LoadBalancer,
  validate(props, _args, report) {
    if (flag(props.enableDeletionProtection) === true || isSecret(props.enableDeletionProtection)) return;
    report(`Load balancer can be deleted without protection: enableDeletionProtection is ${shown(props.enableDeletionProtection)}`);
  },
  remediate(props) {
    return { ...props, enableDeletionProtection: true };
  },
  examples: {
    pass: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'], enableDeletionProtection: true } },
    ],
    fail: [{ type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'] } }],
  },
});
