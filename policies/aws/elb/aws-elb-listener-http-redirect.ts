/**
 * Plain-HTTP listeners only redirect to HTTPS. The fix replaces the listener's default actions
 * with a permanent redirect to HTTPS on 443, which assumes the load balancer has (or gets) an
 * HTTPS listener there; aws-elb-listener-tls-policy checks that one.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { count, isSecret, items, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const HTTPS_REDIRECT = { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } };

/** HTTP listeners: protocol HTTP, or an unset protocol on port 80 (the ALB default is HTTP). */
function isHttp(props: { protocol?: unknown; port?: unknown }): boolean {
  const protocol = text(props.protocol)?.toUpperCase();
  return protocol === 'HTTP' || (props.protocol === undefined && count(props.port) === 80);
}

function redirectsToHttps(action: unknown): boolean {
  const entry = record(action);
  if (entry === undefined) return false;
  const protocol = record(entry.redirect)?.protocol;
  return text(entry.type) === 'redirect' && (protocol === 'HTTPS' || isSecret(protocol));
}

export const awsElbListenerHttpRedirect = resourceRule({
  id: 'aws-elb-listener-http-redirect',
  title: 'Load balancer HTTP listeners redirect to HTTPS',
  severity: 'medium',
  rationale:
    'An HTTP listener that forwards to targets serves the application in clear text: session cookies, credentials and personal data can be read and altered by anyone on the network path.',
  remediation: 'Make the HTTP listener\'s only default action a redirect to HTTPS (port 443, HTTP_301) and serve the application from an HTTPS listener.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.lb.Listener,
  validate(props, _args, report) {
    if (!isHttp(props)) return;
    const actions = items(props.defaultActions);
    if (actions.some(redirectsToHttps) || actions.some((action) => isSecret(record(action)?.type))) return;
    const kinds = actions.map((action) => text(record(action)?.type) ?? 'unknown');
    report(`HTTP listener does not redirect to HTTPS: its default action is ${kinds.length === 0 ? 'unset' : kinds.join(', ')}`);
  },
  remediate(props) {
    return { ...props, defaultActions: [HTTPS_REDIRECT] };
  },
  examples: {
    pass: [
      {
        type: 'aws:lb/listener:Listener',
        name: 'http',
        props: {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
          port: 80,
          protocol: 'HTTP',
          defaultActions: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
        },
      },
    ],
    fail: [
      {
        type: 'aws:lb/listener:Listener',
        name: 'http',
        props: {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
          port: 80,
          protocol: 'HTTP',
          defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1' }],
        },
      },
    ],
  },
});
