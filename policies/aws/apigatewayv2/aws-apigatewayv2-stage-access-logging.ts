/**
 * HTTP and WebSocket API stages write access logs. Like REST stages, the fix needs a log group
 * API Gateway may write to, so it is a template rather than a property edit.
 */
import * as aws from '@pulumi/aws';
import { stageAccessLoggingRule } from '../../lib/apigateway.ts';
import { controls } from '../../lib/controls.ts';

export const awsApigatewayv2StageAccessLogging = stageAccessLoggingRule({
  id: 'aws-apigatewayv2-stage-access-logging',
  title: 'API Gateway HTTP and WebSocket API stages write access logs',
  severity: 'medium',
  rationale:
    'Access logs record who called which route, from where, with which result. Without them an abused or leaking endpoint cannot be investigated and access to the data behind the API cannot be shown to be logged.',
  remediation:
    'Create a CloudWatch log group for the stage and set accessLogSettings { destinationArn: <log group ARN>, format: <JSON format with $context.requestId, identity and status> } (applied in place).',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-3', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resource: aws.apigatewayv2.Stage,
  template: 'apigateway-access-log-group',
  subject: 'API Gateway v2 stage',
  examples: {
    pass: [
      {
        type: 'aws:apigatewayv2/stage:Stage',
        name: 'default',
        props: {
          apiId: 'a1b2c3d4e5',
          name: '$default',
          autoDeploy: true,
          accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/apigw/http', format: '{"requestId":"$context.requestId"}' },
        },
      },
    ],
    fail: [{ type: 'aws:apigatewayv2/stage:Stage', name: 'default', props: { apiId: 'a1b2c3d4e5', name: '$default', autoDeploy: true } }],
  },
});
