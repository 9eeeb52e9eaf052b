/**
 * Lambda functions run on a runtime AWS still patches. The property fix moves a deprecated
 * runtime to the current one of the same language; where a runtime swap alone cannot work (.NET,
 * go1.x, Python 2) there is no fix and the function needs a person (see lib/lambda-runtimes.ts).
 */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { DEPRECATED_RUNTIMES, replacementRuntime } from '../../lib/lambda-runtimes.ts';
import { items, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

/** Deprecated runtimes: the built-in list plus the ones the `deprecatedRuntimes` setting adds. */
function deprecated(runtime: string, args: ResourceValidationArgs): boolean {
  if (DEPRECATED_RUNTIMES.has(runtime)) return true;
  return items(args.getConfig<{ deprecatedRuntimes?: unknown }>().deprecatedRuntimes).includes(runtime);
}

export const awsLambdaFunctionRuntimeSupported = resourceRule({
  id: 'aws-lambda-function-runtime-supported',
  title: 'Lambda functions do not use a deprecated runtime',
  severity: 'high',
  rationale:
    'A deprecated runtime no longer receives security patches for its language or operating system, so known vulnerabilities stay in production; AWS also blocks updates to such functions, which turns the next urgent fix into an unplanned migration.',
  remediation:
    'Move the function to a supported runtime of the same language (nodejs24.x, python3.13, ruby3.4, java21, provided.al2023), run its tests against the new version, and redeploy. .NET, go1.x and Python 2 functions need rebuilding or porting first.',
  controls: controls({
    'nist-800-53': ['SA-22', 'SI-2'],
    'pci-dss': ['6.3.3'],
    hitrust: ['10.m'],
    'iso-27001': ['A.8.8'],
    soc2: ['CC7.1'],
  }),
  configSchema: {
    properties: {
      deprecatedRuntimes: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Runtime identifiers to treat as deprecated in addition to the built-in list (for example "python3.10" once AWS deprecates it).',
      },
    },
  },
  resource: aws.lambda.Function,
  validate(props, args, report) {
    // Container-image functions carry their runtime inside the image.
    const runtime = text(props.runtime);
    if (runtime === undefined || !deprecated(runtime, args)) return;
    report(`Lambda function uses the deprecated runtime "${runtime}", which no longer receives security patches`);
  },
  remediate(props) {
    const runtime = text(props.runtime);
    const replacement = runtime === undefined ? undefined : replacementRuntime(runtime);
    return replacement === undefined ? undefined : { ...props, runtime: replacement };
  },
  examples: {
    pass: [
      { type: 'aws:lambda/function:Function', name: 'api', props: { runtime: 'nodejs22.x', handler: 'index.handler', role: 'arn:aws:iam::111122223333:role/api' } },
      { type: 'aws:lambda/function:Function', name: 'image', props: { packageType: 'Image', imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1', role: 'arn:aws:iam::111122223333:role/app' } },
    ],
    fail: [
      { type: 'aws:lambda/function:Function', name: 'api', props: { runtime: 'nodejs16.x', handler: 'index.handler', role: 'arn:aws:iam::111122223333:role/api' } },
      { type: 'aws:lambda/function:Function', name: 'etl', props: { runtime: 'python3.8', handler: 'main.handler', role: 'arn:aws:iam::111122223333:role/etl' } },
      // Detected, but a .NET function must be retargeted and rebuilt: no property fix.
      { type: 'aws:lambda/function:Function', name: 'billing', props: { runtime: 'dotnetcore3.1', handler: 'Billing::Handler', role: 'arn:aws:iam::111122223333:role/billing' } },
    ],
  },
});
