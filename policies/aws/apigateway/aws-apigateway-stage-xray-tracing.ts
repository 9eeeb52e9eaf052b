/** REST API stages send X-Ray traces, so a request can be followed from the API to the backends it reached. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsApigatewayStageXrayTracing = resourceRule({
  id: 'aws-apigateway-stage-xray-tracing',
  title: 'API Gateway REST API stages have X-Ray tracing enabled',
  severity: 'low',
  rationale:
    'Traces tie an API request to the Lambda functions, queues and databases it touched, which is how unusual call patterns are spotted and how the reach of an abused endpoint is established during an incident.',
  remediation: 'Set xrayTracingEnabled to true on the stage (applied in place).',
  controls: controls({
    'nist-800-53': ['AU-12', 'SI-4'],
    hitrust: ['09.ab'],
    'iso-27001': ['A.8.16'],
    soc2: ['CC7.2'],
  }),
  resource: aws.apigateway.Stage,
  validate(props, _args, report) {
    if (flag(props.xrayTracingEnabled) === true || isSecret(props.xrayTracingEnabled)) return;
    report(`API Gateway stage does not trace requests: xrayTracingEnabled is ${shown(props.xrayTracingEnabled)}`);
  },
  remediate(props) {
    return { ...props, xrayTracingEnabled: true };
  },
  examples: {
    pass: [{ type: 'aws:apigateway/stage:Stage', name: 'prod', props: { restApi: 'a1b2c3d4e5', deployment: 'dep123', stageName: 'prod', xrayTracingEnabled: true } }],
    fail: [{ type: 'aws:apigateway/stage:Stage', name: 'prod', props: { restApi: 'a1b2c3d4e5', deployment: 'dep123', stageName: 'prod' } }],
  },
});
