/**
 * HTTPS and TLS listeners negotiate TLS 1.2 or later. The provider's default policy
 * (ELBSecurityPolicy-2016-08) still accepts TLS 1.0 and 1.1.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

/** The policy AWS recommends: TLS 1.3 and 1.2 with forward-secret ciphers. */
const RECOMMENDED_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Every predefined policy whose minimum is TLS 1.2 or 1.3 names it (`-TLS-1-2-`, `-FS-1-2-`, `-TLS13-1-2-`, `-TLS13-1-3-`). */
const MODERN = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

const ENCRYPTED_PROTOCOLS = new Set(['HTTPS', 'TLS']);

export const awsElbListenerTlsPolicy = resourceRule({
  id: 'aws-elb-listener-tls-policy',
  title: 'Load balancer HTTPS and TLS listeners require TLS 1.2 or later',
  severity: 'high',
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted as strong cryptography by PCI DSS or NIST; a listener that still negotiates them lets a downgraded client session be attacked.',
  remediation: `Set sslPolicy to a TLS 1.2+ policy, such as "${RECOMMENDED_POLICY}" (applied in place).`,
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.lb.Listener,
  validate(props, _args, report) {
    const protocol = text(props.protocol)?.toUpperCase();
    if (protocol === undefined || !ENCRYPTED_PROTOCOLS.has(protocol)) return;
    const policy = props.sslPolicy;
    if (isSecret(policy) || MODERN.test(text(policy) ?? '')) return;
    const actual = policy === undefined ? 'unset (defaults to "ELBSecurityPolicy-2016-08")' : JSON.stringify(policy);
    report(`${protocol} listener accepts TLS versions older than 1.2: sslPolicy is ${actual}`);
  },
  remediate(props) {
    return { ...props, sslPolicy: RECOMMENDED_POLICY };
  },
  examples: {
    pass: [
      {
        type: 'aws:lb/listener:Listener',
        name: 'https',
        props: {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
          port: 443,
          protocol: 'HTTPS',
          sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
          defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1' }],
        },
      },
      {
        type: 'aws:lb/listener:Listener',
        name: 'http',
        props: { loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188', port: 80, protocol: 'HTTP', defaultActions: [] },
      },
    ],
    fail: [
      {
        type: 'aws:lb/listener:Listener',
        name: 'https',
        props: {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188',
          port: 443,
          protocol: 'HTTPS',
          certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
          defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1' }],
        },
      },
      {
        type: 'aws:lb/listener:Listener',
        name: 'tls',
        props: {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/db/50dc6c495c0c9188',
          port: 5432,
          protocol: 'TLS',
          sslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01',
          certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
          defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/db/1' }],
        },
      },
    ],
  },
});
