/**
 * Lambda function URLs require IAM authentication. A URL with authorization type NONE lets anyone
 * on the internet invoke the function directly, bypassing API Gateway, WAF and throttling.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsLambdaFunctionUrlAuth = resourceRule({
  id: 'aws-lambda-function-url-auth',
  title: 'Lambda function URLs require IAM authentication',
  severity: 'high',
  rationale:
    'A function URL with authorizationType NONE is a public HTTPS endpoint: any caller can invoke the function, run up its cost and probe its code for flaws, with no identity recorded and no WAF or throttling in front of it.',
  remediation:
    'Set authorizationType to "AWS_IAM" and grant lambda:InvokeFunctionUrl to the callers that need it; put public endpoints behind API Gateway or CloudFront with WAF and authenticate requests there.',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.8.5'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resource: aws.lambda.FunctionUrl,
  validate(props, _args, report) {
    if (text(props.authorizationType)?.toUpperCase() === 'NONE') {
      report('Lambda function URL is public: authorizationType is "NONE", so anyone can invoke the function');
    }
  },
  remediate(props) {
    return { ...props, authorizationType: 'AWS_IAM' };
  },
  examples: {
    pass: [{ type: 'aws:lambda/functionUrl:FunctionUrl', name: 'api-url', props: { functionName: 'api', authorizationType: 'AWS_IAM' } }],
    fail: [{ type: 'aws:lambda/functionUrl:FunctionUrl', name: 'api-url', props: { functionName: 'api', authorizationType: 'NONE' } }],
  },
});
