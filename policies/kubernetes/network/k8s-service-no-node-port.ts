/**
 * Services are not of type NodePort. The fix makes the Service ClusterIP and drops its nodePort
 * numbers: in-cluster clients keep working, and outside access goes through a reviewed Ingress or
 * LoadBalancer instead of a port open on every node.
 */
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { count, items, record, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface ServiceProps {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec: { type?: string; ports?: { port?: number; targetPort?: number | string; nodePort?: number }[]; loadBalancerSourceRanges?: string[] };
}

export const k8sServiceNoNodePort = tokenRule<ServiceProps>({
  id: 'k8s-service-no-node-port',
  title: 'Services are not exposed through NodePort',
  severity: 'medium',
  rationale:
    'A NodePort Service listens on the same port of every node, on every node address, bypassing load-balancer access controls and often reachable from wherever the nodes are: an exposure that rarely gets the review an Ingress or LoadBalancer does.',
  remediation: 'Change spec.type to ClusterIP (dropping nodePort) and publish the service through an Ingress, Gateway or a LoadBalancer with restricted source ranges.',
  controls: controls({
    'nist-800-53': ['CM-7', 'SC-7'],
    'pci-dss': ['1.3.1'],
    hitrust: ['01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: 'kubernetes:core/v1:Service',
  validate(props, args, report) {
    if (text(dig(props, 'spec', 'type')) !== 'NodePort') return;
    const ports = items(dig(props, 'spec', 'ports'))
      .map((port) => String(count(record(port)?.nodePort) ?? 'auto'))
      .join(', ');
    report(`Service "${text(dig(props, 'metadata', 'name')) ?? args.name}" is exposed on every node: type is NodePort (node ports ${ports || 'auto'})`);
  },
  remediate(props) {
    const spec = record(props.spec);
    if (!spec || text(spec.type) !== 'NodePort') return undefined;
    const ports = Array.isArray(spec.ports)
      ? spec.ports.map((entry: unknown) => {
          const port = record(entry);
          if (!port || !('nodePort' in port)) return entry;
          const { nodePort: _removed, ...rest } = port;
          return rest;
        })
      : spec.ports;
    return { ...props, spec: { ...spec, type: 'ClusterIP', ...(ports === undefined ? {} : { ports }) } };
  },
  examples: {
    pass: [
      { type: 'kubernetes:core/v1:Service', name: 'web', props: { metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } },
    ],
    fail: [
      {
        type: 'kubernetes:core/v1:Service',
        name: 'web',
        props: { metadata: { name: 'web', namespace: 'shop' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] } },
      },
    ],
  },
});
