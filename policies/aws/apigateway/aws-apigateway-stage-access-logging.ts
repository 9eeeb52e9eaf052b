/**
 * REST API stages write access logs. The destination is a log group (or Firehose stream) that
 * must exist and that API Gateway's account role may write to, so the fix is a template (log
 * group + accessLogSettings), not a property edit.
 */
import * as aws from '@pulumi/aws';
import { stageAccessLoggingRule } from '../../lib/apigateway.ts';
import { controls } from '../../lib/controls.ts';

export const awsApigatewayStageAccessLogging = stageAccessLoggingRule({
  id: 'aws-apigateway-stage-access-logging',
  title: 'API Gateway REST API stages write access logs',
  severity: 'medium',
  rationale:
    'Access logs record who called which API method, from where, with which result. Without them an abused or leaking endpoint cannot be investigated and access to the data behind the API cannot be shown to be logged.',
  remediation:
    'Create a CloudWatch log group for the stage and set accessLogSettings { destinationArn: <log group ARN>, format: <JSON format with $context.requestId, identity and status> } (applied in place).',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-3', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resource: aws.apigateway.Stage,
  template: 'apigateway-access-log-group',
  subject: 'API Gateway stage',
  examples: {
    pass: [
      {
        type: 'aws:apigateway/stage:Stage',
        name: 'prod',
        props: {
          restApi: 'a1b2c3d4e5',
          deployment: 'dep123',
          stageName: 'prod',
          accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/apigw/shop', format: '{"requestId":"$context.requestId"}' },
        },
      },
    ],
    fail: [{ type: 'aws:apigateway/stage:Stage', name: 'prod', props: { restApi: 'a1b2c3d4e5', deployment: 'dep123', stageName: 'prod' } }],
  },
});
