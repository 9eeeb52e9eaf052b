/**
 * EKS clusters send the security-relevant control-plane logs (API server, audit, authenticator)
 * to CloudWatch Logs. Without them there is no record of who did what through the Kubernetes API.
 */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { isSecret, items, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const DEFAULT_LOG_TYPES = ['api', 'audit', 'authenticator'];

function requiredTypes(args: ResourceValidationArgs): string[] {
  const configured = items(args.getConfig<{ requiredLogTypes?: unknown }>().requiredLogTypes).flatMap((type) => text(type) ?? []);
  return configured.length > 0 ? configured : DEFAULT_LOG_TYPES;
}

function enabledTypes(value: unknown): string[] {
  return items(value).flatMap((type) => text(type) ?? []);
}

export const awsEksClusterControlPlaneLogging = resourceRule({
  id: 'aws-eks-cluster-control-plane-logging',
  title: 'EKS clusters log API, audit and authenticator events',
  severity: 'medium',
  rationale:
    'The Kubernetes audit and authenticator logs are the only record of which identity read a secret, exec\'d into a pod or changed RBAC. EKS turns every control-plane log type off by default.',
  remediation: 'Add "api", "audit" and "authenticator" (and optionally "controllerManager" and "scheduler") to enabledClusterLogTypes (applied in place).',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-3', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: 'array',
        items: { type: 'string', enum: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] },
        default: DEFAULT_LOG_TYPES,
        description: 'Control-plane log types every cluster must enable.',
      },
    },
  },
  resource: aws.eks.Cluster,
  validate(props, args, report) {
    if (items(props.enabledClusterLogTypes).some(isSecret)) return;
    const enabled = new Set(enabledTypes(props.enabledClusterLogTypes));
    const missing = requiredTypes(args).filter((type) => !enabled.has(type));
    if (missing.length > 0) report(`EKS cluster does not log ${missing.join(', ')} control-plane events: enabledClusterLogTypes lacks them`);
  },
  remediate(props, args) {
    const enabled = enabledTypes(props.enabledClusterLogTypes);
    const missing = requiredTypes(args).filter((type) => !enabled.includes(type));
    return { ...props, enabledClusterLogTypes: [...enabled, ...missing] };
  },
  examples: {
    pass: [
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'prod',
        props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] }, enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'scheduler'] },
      },
    ],
    fail: [
      { type: 'aws:eks/cluster:Cluster', name: 'prod', props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] } } },
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'dev',
        props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] }, enabledClusterLogTypes: ['api'] },
      },
    ],
  },
});
