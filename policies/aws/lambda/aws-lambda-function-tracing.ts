/** Lambda functions send X-Ray traces, so a request can be followed across the services it touched. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsLambdaFunctionTracing = resourceRule({
  id: 'aws-lambda-function-tracing',
  title: 'Lambda functions have active X-Ray tracing',
  severity: 'low',
  rationale:
    'Without traces, an incident responder sees a function\'s logs but not which caller invoked it or which downstream services it reached, which makes abuse of a function hard to scope and anomalies hard to spot.',
  remediation:
    'Set tracingConfig.mode to "Active" and make sure the execution role may write traces (the AWSXRayDaemonWriteAccess managed policy or xray:PutTraceSegments and xray:PutTelemetryRecords).',
  controls: controls({
    'nist-800-53': ['AU-12', 'SI-4'],
    hitrust: ['09.ab'],
    'iso-27001': ['A.8.16'],
    soc2: ['CC7.2'],
  }),
  resource: aws.lambda.Function,
  validate(props, _args, report) {
    const mode = record(props.tracingConfig)?.mode;
    if (mode === 'Active' || isSecret(mode)) return;
    report(`Lambda function does not trace requests actively: tracingConfig.mode is ${shown(mode)}`);
  },
  remediate(props) {
    return { ...props, tracingConfig: { ...(record(props.tracingConfig) ?? {}), mode: 'Active' } };
  },
  examples: {
    pass: [
      {
        type: 'aws:lambda/function:Function',
        name: 'api',
        props: { runtime: 'nodejs22.x', handler: 'index.handler', role: 'arn:aws:iam::111122223333:role/api', tracingConfig: { mode: 'Active' } },
      },
    ],
    fail: [
      { type: 'aws:lambda/function:Function', name: 'api', props: { runtime: 'nodejs22.x', handler: 'index.handler', role: 'arn:aws:iam::111122223333:role/api' } },
      {
        type: 'aws:lambda/function:Function',
        name: 'worker',
        props: { runtime: 'python3.13', handler: 'main.handler', role: 'arn:aws:iam::111122223333:role/worker', tracingConfig: { mode: 'PassThrough' } },
      },
    ],
  },
});
