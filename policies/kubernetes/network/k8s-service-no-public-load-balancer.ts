/**
 * LoadBalancer Services are internal or restricted to known source ranges. No property fix: who
 * should reach the service (and whether the load balancer should be internal) is the owner's call,
 * and switching an existing load balancer between internal and external replaces it.
 */
import { isWorld } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, items, record, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface ServiceProps {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec: { type?: string; loadBalancerSourceRanges?: string[] };
}

/** Annotations with which each cloud's controller provisions an internal load balancer. */
const INTERNAL: Readonly<Record<string, string>> = {
  'cloud.google.com/load-balancer-type': 'internal',
  'networking.gke.io/load-balancer-type': 'internal',
  'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
  'service.beta.kubernetes.io/oci-load-balancer-internal': 'true',
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': 'private',
};

function isInternal(annotations: Record<string, unknown> | undefined): boolean | undefined {
  if (!annotations) return false;
  for (const [key, expected] of Object.entries(INTERNAL)) {
    const value = annotations[key];
    if (isSecret(value)) return undefined;
    if (text(value)?.toLowerCase() === expected) return true;
  }
  return false;
}

export const k8sServiceNoPublicLoadBalancer = tokenRule<ServiceProps>({
  id: 'k8s-service-no-public-load-balancer',
  title: 'LoadBalancer Services are internal or limited to known source ranges',
  severity: 'high',
  rationale:
    'A LoadBalancer Service without an internal annotation or loadBalancerSourceRanges gets a public address open to the whole internet, publishing whatever the pods serve (admin consoles and metrics endpoints included) without any network-level review.',
  remediation: 'Mark the Service internal with your cloud\'s annotation, or set spec.loadBalancerSourceRanges to the client networks; publish internet-facing HTTP through a reviewed Ingress or Gateway with a WAF.',
  controls: controls({
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: 'kubernetes:core/v1:Service',
  validate(props, args, report) {
    if (text(dig(props, 'spec', 'type')) !== 'LoadBalancer') return;
    const internal = isInternal(record(dig(props, 'metadata', 'annotations')));
    if (internal !== false) return;
    const ranges = dig(props, 'spec', 'loadBalancerSourceRanges');
    if (isSecret(ranges) || items(ranges).some(isSecret)) return;
    const list = items(ranges);
    const name = `Service "${text(dig(props, 'metadata', 'name')) ?? args.name}"`;
    if (list.length === 0) report(`${name} gets a public load balancer open to any address: no internal annotation and no loadBalancerSourceRanges`);
    else if (list.some(isWorld)) report(`${name} gets a public load balancer open to any address: loadBalancerSourceRanges includes ${list.filter(isWorld).join(', ')}`);
  },
  examples: {
    pass: [
      {
        type: 'kubernetes:core/v1:Service',
        name: 'api',
        props: {
          metadata: { name: 'api', namespace: 'shop', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } },
          spec: { type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ port: 443 }] },
        },
      },
      {
        type: 'kubernetes:core/v1:Service',
        name: 'partner-api',
        props: {
          metadata: { name: 'partner-api', namespace: 'shop' },
          spec: { type: 'LoadBalancer', selector: { app: 'partner-api' }, ports: [{ port: 443 }], loadBalancerSourceRanges: ['203.0.113.0/24'] },
        },
      },
    ],
    fail: [
      {
        type: 'kubernetes:core/v1:Service',
        name: 'admin',
        props: { metadata: { name: 'admin', namespace: 'shop' }, spec: { type: 'LoadBalancer', selector: { app: 'admin' }, ports: [{ port: 8443 }] } },
      },
      {
        type: 'kubernetes:core/v1:Service',
        name: 'grafana',
        props: {
          metadata: { name: 'grafana', namespace: 'monitoring', annotations: { 'networking.gke.io/load-balancer-type': 'External' } },
          spec: { type: 'LoadBalancer', ports: [{ port: 80 }], loadBalancerSourceRanges: ['0.0.0.0/0'] },
        },
      },
    ],
  },
});
