/** Application load balancers block requests that could desynchronise them from their targets. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElbLoadBalancerDesyncMitigation = resourceRule({
  id: 'aws-elb-load-balancer-desync-mitigation',
  title: 'Application load balancers use defensive or strictest desync mitigation',
  severity: 'medium',
  rationale:
    'In "monitor" mode the load balancer forwards ambiguous requests that HTTP desync (request smuggling) attacks depend on, letting an attacker poison another user\'s request or bypass routing rules. "defensive" and "strictest" block them.',
  remediation: 'Set desyncMitigationMode to "defensive" (the default) or "strictest" (applied in place).',
  controls: controls({
    'nist-800-53': ['SI-10'],
    hitrust: ['09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resource: aws.lb.LoadBalancer,
  validate(props, _args, report) {
    if (text(props.desyncMitigationMode) === 'monitor') {
      report('Load balancer forwards requests that may desynchronise it from its targets: desyncMitigationMode is "monitor"');
    }
  },
  remediate(props) {
    return { ...props, desyncMitigationMode: 'defensive' };
  },
  examples: {
    pass: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'] } },
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'api', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'], desyncMitigationMode: 'strictest' } },
    ],
    fail: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'], desyncMitigationMode: 'monitor' } },
    ],
  },
});
