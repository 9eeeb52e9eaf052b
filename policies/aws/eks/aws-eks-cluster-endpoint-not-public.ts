/**
 * The EKS Kubernetes API is not open to the internet. A public endpoint limited to named CIDRs
 * passes; so does a private-only one. The fix turns the endpoint private, which keeps access from
 * inside the VPC (and peered networks, VPN, Direct Connect) and ends access from anywhere else.
 */
import * as aws from '@pulumi/aws';
import { isWorld } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, items, record } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEksClusterEndpointNotPublic = resourceRule({
  id: 'aws-eks-cluster-endpoint-not-public',
  title: 'EKS cluster API endpoints are not open to the internet',
  severity: 'high',
  rationale:
    'A public endpoint with the default 0.0.0.0/0 source list exposes the Kubernetes API server to every scanner on the internet: a leaked kubeconfig or token, or an API-server vulnerability, is then exploitable from anywhere.',
  remediation:
    'Set vpcConfig.endpointPrivateAccess to true and endpointPublicAccess to false, and reach the API from the VPC (VPN, bastion, CI runners in the VPC); if a public endpoint is required, set publicAccessCidrs to the networks that need it.',
  controls: controls({
    'nist-800-53': ['AC-17', 'SC-7'],
    hitrust: ['01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resource: aws.eks.Cluster,
  validate(props, _args, report) {
    const vpc = record(props.vpcConfig);
    const publicAccess = vpc?.endpointPublicAccess;
    if (flag(publicAccess) === false || isSecret(publicAccess)) return;
    const cidrs = items(vpc?.publicAccessCidrs);
    // EKS fills an unset list with 0.0.0.0/0; a masked entry we cannot judge.
    if (cidrs.length > 0 && !cidrs.some(isWorld)) return;
    const source = cidrs.length === 0 ? 'publicAccessCidrs is unset (EKS allows 0.0.0.0/0)' : `publicAccessCidrs includes ${cidrs.filter(isWorld).join(', ')}`;
    report(`EKS cluster API endpoint is open to the internet: endpointPublicAccess is ${publicAccess === undefined ? 'unset (defaults to true)' : 'true'} and ${source}`);
  },
  remediate(props) {
    return { ...props, vpcConfig: { ...(record(props.vpcConfig) ?? {}), endpointPrivateAccess: true, endpointPublicAccess: false } };
  },
  examples: {
    pass: [
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'prod',
        props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], endpointPrivateAccess: true, endpointPublicAccess: false } },
      },
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'dev',
        props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], publicAccessCidrs: ['203.0.113.0/24'] } },
      },
    ],
    fail: [
      { type: 'aws:eks/cluster:Cluster', name: 'prod', props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] } } },
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'dev',
        props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } },
      },
    ],
  },
});
