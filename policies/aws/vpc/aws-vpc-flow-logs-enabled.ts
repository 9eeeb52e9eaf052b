/**
 * Every VPC records flow logs. A flow log is a separate aws.ec2.FlowLog whose `vpcId` names the
 * VPC, so this is a stack rule; the fix (a log destination, a role and the flow log) is a template.
 * Flow logs on individual subnets or interfaces do not cover the whole VPC and do not count.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { arnResource, indexReferences, referrersOf } from '../../lib/references.ts';
import { pulumiTypes } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const VPC_TYPES = pulumiTypes(aws.ec2.Vpc, aws.ec2.DefaultVpc);
const FLOW_LOG_TYPES = pulumiTypes(aws.ec2.FlowLog);

export const awsVpcFlowLogsEnabled = stackRule({
  id: 'aws-vpc-flow-logs-enabled',
  title: 'VPCs have flow logs enabled',
  severity: 'medium',
  rationale:
    'Flow logs are the record of which addresses talked to which, on which ports, and whether the traffic was allowed. Without them, data exfiltration, lateral movement and scanning inside the VPC leave no trace to investigate.',
  remediation:
    'Add an aws.ec2.FlowLog with vpcId set to the VPC, trafficType "ALL" (at least "REJECT"), and a destination: a CloudWatch log group with an IAM role, or an S3 bucket.',
  controls: controls({
    'cis-aws': ['3.7'],
    'nist-800-53': ['AU-2', 'AU-12', 'SI-4'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa', '09.ab'],
    'iso-27001': ['A.8.15', 'A.8.16'],
    soc2: ['CC7.2'],
  }),
  resourceTypes: [...VPC_TYPES, ...FLOW_LOG_TYPES],
  template: 'vpc-flow-log',
  validate(args, report) {
    const index = indexReferences(args.resources, FLOW_LOG_TYPES, 'vpcId', arnResource);
    for (const vpc of args.resources) {
      if (!VPC_TYPES.has(vpc.type) || referrersOf(vpc, index).length > 0) continue;
      report(`VPC "${vpc.name}" has no flow log: no aws.ec2.FlowLog references it`, vpc.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:ec2/vpc:Vpc', name: 'main', props: { cidrBlock: '10.0.0.0/16' } },
        {
          type: 'aws:ec2/flowLog:FlowLog',
          name: 'main-flow-log',
          props: { vpcId: 'main_id', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::acme-flow-logs' },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:ec2/vpc:Vpc', name: 'main', props: { cidrBlock: '10.0.0.0/16' } }],
      [
        { type: 'aws:ec2/vpc:Vpc', name: 'main', props: { cidrBlock: '10.0.0.0/16' } },
        { type: 'aws:ec2/flowLog:FlowLog', name: 'subnet-flow-log', props: { subnetId: 'subnet-123', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::acme-flow-logs' } },
      ],
    ],
  },
});
