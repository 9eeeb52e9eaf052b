/**
 * Application load balancers write access logs to S3. The fix needs a log bucket whose policy lets
 * the regional ELB log-delivery principal write, so it is a template (bucket + policy +
 * accessLogs), not a property edit. Network load balancers only log TLS listeners and gateway load
 * balancers have no access logs, so both are out of scope.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElbLoadBalancerAccessLogs = resourceRule({
  id: 'aws-elb-load-balancer-access-logs',
  title: 'Application load balancers write access logs',
  severity: 'medium',
  rationale:
    'Access logs record every request the load balancer received: client address, path, status and TLS details. They are often the only record of an attack on an application, and of which data an exploited endpoint returned.',
  remediation:
    'Create an S3 log bucket whose policy allows the ELB log-delivery service to write, then set accessLogs to { bucket, prefix, enabled: true } on the load balancer (applied in place).',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resource: aws.lb.LoadBalancer,
  template: 'elb-access-log-bucket',
  validate(props, _args, report) {
    const type = props.loadBalancerType;
    if (type !== undefined && text(type) !== 'application') return;
    const logs = record(props.accessLogs);
    const enabled = logs?.enabled;
    if ((flag(enabled) === true || isSecret(enabled)) && present(logs?.bucket)) return;
    report(
      logs === undefined
        ? 'Application load balancer writes no access logs: accessLogs is unset'
        : `Application load balancer writes no access logs: accessLogs.enabled is ${enabled === undefined ? 'unset (defaults to false)' : JSON.stringify(enabled)}`,
    );
  },
  examples: {
    pass: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'nlb', props: { loadBalancerType: 'network', subnets: ['subnet-a', 'subnet-b'] } },
      {
        type: 'aws:lb/loadBalancer:LoadBalancer',
        name: 'web',
        props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'], accessLogs: { bucket: 'acme-elb-logs', prefix: 'web', enabled: true } },
      },
    ],
    fail: [
      { type: 'aws:lb/loadBalancer:LoadBalancer', name: 'web', props: { loadBalancerType: 'application', subnets: ['subnet-a', 'subnet-b'] } },
      {
        type: 'aws:lb/loadBalancer:LoadBalancer',
        name: 'api',
        props: { subnets: ['subnet-a', 'subnet-b'], accessLogs: { bucket: 'acme-elb-logs' } },
      },
    ],
  },
});
