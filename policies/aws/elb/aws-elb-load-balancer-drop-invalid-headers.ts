/** Application load balancers drop HTTP headers with invalid names instead of passing them to targets. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElbLoadBalancerDropInvalidHeaders = resourceRule({
  id: 'aws-elb-load-balancer-drop-invalid-headers',
  title: 'Application load balancers drop invalid HTTP header fields',
  severity: 'medium',
  rationale:
    'Headers whose names are not valid HTTP tokens are a tool of request smuggling and header-injection attacks that rely on the load balancer and the application parsing a request differently. Dropping them at the edge removes that ambiguity.',
  remediation: 'Set dropInvalidHeaderFields to true on the application load balancer (applied in place).',
  controls: controls({
    'nist-800-53': ['SI-10'],
    hitrust: ['09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resource: aws.lb.LoadBalancer,
  validate(props, _args, report) {
    const type = props.loadBalancerType;
    if ((type !== undefined && text(type) !== 'application') || isSecret(props.dropInvalidHeaderFields)) return;
    if (flag(props.dropInvalidHeaderFields) === true) return;
    report(`Application load balancer passes invalid HTTP header fields to targets: dropInvalidHeaderFields is ${shown(props.dropInvalidHeaderFields)}`);
  },
  remediate(props) {
    return { ...props, dropInvalidHeaderFields: true };
  },
  examples: {
    pass: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'], dropInvalidHeaderFields: true } },
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'nlb', props: { loadBalancerType: 'network', subnets: ['subnet-a', 'subnet-b'] } },
    ],
    fail: [{ type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { subnets: ['subnet-a', 'subnet-b'] } }],
  },
});
